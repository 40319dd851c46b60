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
    // findings() of a fresh index, but for duplicate-ip: what a network export refuses. The
    // index of every route name costs more than a large export's whole text, so each name and
    // route name is hashed first; only when two hashes meet is the index built.
    static Findings namingFindings(const Registry &registry);
    // findings() of a fresh index, built the same way only when two keys' hashes meet: most
    // registries repeat no name, address or route, and their index is most of the check.
    static Findings freshFindings(const Registry &registry);

private:
    using ServiceRef = QPair<int, int>;
    struct Keys
    {
        QString name;
        QString ip;                          // normalised; empty when not an address
        QVector<QPair<QString, int>> routes; // fqdn, service
    };
    static Keys keysOf(const Registry &registry, int deviceIndex);
    // False when no two device names and no two route names (nor, with `ips`, two device
    // addresses) can be the same.
    static bool mayRepeatKeys(const Registry &registry, bool ips);
    // proxy-device-without-proxy and unknown-proxy-device; `named` is the first device with
    // the name of policy.proxy_device, or -1.
    static void appendProxyFindings(Findings &out, const Registry &registry, int named);
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
