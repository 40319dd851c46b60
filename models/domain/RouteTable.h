#pragma once

#include "domain/Registry.h"

#include <QCoreApplication>
#include <QVector>

namespace portolan {

// Where every route's name leads, as the contract says: the proxy that serves it (its own
// device when that runs a reverse proxy, else policy.proxy_device), the address its name
// resolves to (that proxy's vpn_ip, else its ip; its ip for LAN clients) and, for a route on
// another device than its proxy, the upstream the proxy forwards to: the service's
// proxy-backend binding, http://BIND:HOST (the device's ip without a bind). A forwarded route
// without such a binding is unreachable (route-unreachable). The DNS, Traefik, Caddy and
// Homepage exports, and the service dialog, read routes from here.
class RouteTable
{
    Q_DECLARE_TR_FUNCTIONS(RouteTable)

public:
    struct Entry
    {
        int device = -1;
        int service = -1;
        QString fqdn;
        // Views of the registry's own strings (the table lives no longer than the registry):
        // a copy of each would touch the shared string's count from both threads, per route.
        QStringView scope;
        std::optional<int> port;
        int proxyDevice = -1;     // -1: no proxy serves it
        QStringView address;      // where the name resolves; empty without a proxy
        QStringView lanAddress;   // the proxy's ip: where LAN clients reach it
        QString upstream;         // http://BIND:HOST when the proxy is elsewhere, else empty
        int backend = -1;         // that proxy-backend binding of the service
        bool unreachable = false; // the proxy is elsewhere and no binding opens the port

        bool isServed() const { return proxyDevice >= 0; }
        bool isForwarded() const { return !upstream.isEmpty(); }
    };

    // Which routes the table holds: every one, or only those no proxy on their own device
    // serves (forwarded to another device's proxy, or served by none), which is all a proxy's
    // file of routes across devices reads. At 50,000 routes that each serve themselves, the
    // full table is megabytes of names that file never writes.
    enum class Routes
    {
        All,
        NotServedOnTheirDevice
    };

    // Which proxy serves each device's routes, without a table of them: for a writer that goes
    // through the devices once and needs no more than that and each route's name (a table of
    // 50,000 routes and their names was megabytes of fresh memory, more than an export wrote).
    class Proxies
    {
    public:
        explicit Proxies(const Registry &registry, const QString &proxyDeviceOverride = QString());
        // The device whose reverse proxy serves device `device`'s routes: itself when it runs
        // one, else the shared proxy device; -1: none.
        int of(int device) const;

    private:
        const Registry &m_registry;
        int m_shared;
    };

    // proxyDeviceOverride: a device name that serves routes of devices without a proxy, in
    // place of policy.proxy_device (export traefik --proxy-device).
    explicit RouteTable(const Registry &registry, const QString &proxyDeviceOverride = QString(),
                        Routes routes = Routes::All);

    const QVector<Entry> &entries() const { return m_entries; }
    // "gitea.example.org on atlas/gitea": how messages name a route.
    QString describe(const Entry &entry) const;
    static QString describe(const Registry &registry, int device, int service, QStringView fqdn);

    // Where a route of device `deviceIndex` leads, in a sentence for the service dialog: the
    // address its name resolves to, which proxy serves it and where it forwards, or why no
    // proxy does.
    static QString explain(const Registry &registry, int deviceIndex, const Route &route);

    // An address in a URL: IPv6 in brackets.
    static QString urlHost(const QString &address);
    // http://BIND:HOST of a service's proxy-backend binding (the device's ip without a bind);
    // empty without one.
    static QString upstreamOf(const Device &device, const Service &service);

private:
    const Registry &m_registry;
    QVector<Entry> m_entries;
};

} // namespace portolan
