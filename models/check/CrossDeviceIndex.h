#pragma once

#include <QCoreApplication>

#include "check/SeenHashes.h"
#include "domain/Finding.h"
#include "domain/Registry.h"

#include <QHash>
#include <QSet>
#include <QVarLengthArray>
#include <QVector>

#include <atomic>

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

    // The hashes of every device's keys (its name, its route names and, if asked, its
    // address), taken device by device: a check that visits each device anyway, on two
    // threads, takes them while the device is at hand, instead of a walk of its own through
    // every route afterwards (which, on one thread, was the longest part of an export's check).
    class KeyHashes
    {
    public:
        KeyHashes(const Registry &registry, bool ips);
        // Device d's keys. Each device once; devices may be taken on two threads at once.
        void take(int d);
        // Every device's, in turn.
        void takeEvery();
        // False when no two device names, no two route names (and, if asked, no two device
        // addresses) can be the same. Once every device is taken, and the threads are done.
        bool mayRepeat() const;

    private:
        static std::size_t routesAtMost(const Registry &registry);

        const Registry &m_registry;
        const bool m_ips;
        // What is hashed after the host of an external [0] and an internal [1] route: the
        // name's end that all route names share is left out (see the constructor).
        QString m_routeSuffix[2];
        // Seen as the devices are taken: a repeat is known as soon as its second one is.
        SeenHashes m_names;
        SeenHashes m_addresses;
        SeenHashes m_routes;
        std::atomic<bool> m_repeat{false};
        // A device not taken would hide its repeats: mayRepeat() asserts that none is missing.
        std::atomic<int> m_taken{0};
    };
    // namingFindings() with the hashes already taken for every device.
    static Findings namingFindings(const Registry &registry, const KeyHashes &hashes);

private:
    using ServiceRef = QPair<int, int>;
    struct Keys
    {
        QString name;
        QString ip;                          // normalised; empty when not an address
        QVector<QPair<QString, int>> routes; // fqdn, service
    };
    static Keys keysOf(const Registry &registry, int deviceIndex);
    // KeyHashes of every device, taken here.
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
