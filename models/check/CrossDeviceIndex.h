#pragma once

#include <QCoreApplication>

#include "domain/Finding.h"
#include "domain/Registry.h"

#include <QHash>
#include <QSet>
#include <QVarLengthArray>
#include <QVector>

namespace portolan {

// The names that must be unique across devices: device names, IP addresses and route FQDNs,
// indexed so that an edit of one device re-checks only that device's keys instead of every
// device and service. Findings are those of the contract: duplicate-device, duplicate-ip,
// duplicate-route, reported on every occurrence after the first; and unknown-proxy-device,
// which names a device.
class CrossDeviceIndex
{
    Q_DECLARE_TR_FUNCTIONS(CrossDeviceIndex)

public:
    void rebuild(const Registry &registry);
    // Device `deviceIndex` changed; the number and order of devices did not.
    void updateDevice(const Registry &registry, int deviceIndex);
    Findings findings(const Registry &registry) const;

private:
    using ServiceRef = QPair<int, int>;
    struct Keys
    {
        QString name;
        QString ip;                          // normalised; empty when not an address
        QVector<QPair<QString, int>> routes; // fqdn, service
    };
    static Keys keysOf(const Registry &registry, int deviceIndex);
    void add(int deviceIndex, const Keys &keys);
    void remove(int deviceIndex, const Keys &keys);

    QVector<Keys> m_keys;
    // Nearly every key is used once: one element lives in the hash node, no allocation.
    template <typename T>
    using Users = QVarLengthArray<T, 1>;
    QHash<QString, Users<int>> m_names;
    QHash<QString, Users<int>> m_ips;
    QHash<QString, Users<ServiceRef>> m_routes;
    QSet<QString> m_duplicateNames;
    QSet<QString> m_duplicateIps;
    QSet<QString> m_duplicateRoutes;
};

} // namespace portolan
