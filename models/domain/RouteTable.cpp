#include "domain/RouteTable.h"

#include "domain/ParallelSections.h"
#include "domain/TextRules.h"

#include <vector>

namespace portolan {

RouteTable::RouteTable(const Registry &registry, const QString &proxyDeviceOverride, Routes which)
    : m_registry(registry)
{
    const Proxies proxies(registry, proxyDeviceOverride);
    const RouteNames names(registry.policy);
    // Tens of thousands of routes in a large registry: each device's are counted first, so
    // that every device's entries have their place in the table from the start, and two
    // threads fill devices in turn where they belong (entries written in parts and then
    // appended were written twice: megabytes of memory the system had to clear).
    const int devices = int(registry.devices.size());
    std::vector<int> proxyOf(size_t(devices), -1);
    std::vector<qsizetype> firstEntry(size_t(devices) + 1, 0);
    for (int d = 0; d < devices; ++d) {
        const Device &device = registry.devices[d];
        const int proxy = proxies.of(d);
        qsizetype routes = 0;
        if (which == Routes::All || proxy != d) {
            proxyOf[size_t(d)] = proxy;
            for (const Service &service : device.services)
                routes += service.route ? 1 : 0;
        }
        firstEntry[size_t(d) + 1] = firstEntry[size_t(d)] + routes;
    }
    m_entries.resize(firstEntry.back());
    Entry *const entries = m_entries.data();
    ParallelSections::forEach(devices, [&](int d) {
        Entry *entry = entries + firstEntry[size_t(d)];
        if (entry == entries + firstEntry[size_t(d) + 1])
            return;
        const Device &device = registry.devices[d];
        const int proxy = proxyOf[size_t(d)];
        const Device *proxyDevice = proxy >= 0 ? &registry.devices[proxy] : nullptr;
        for (int s = 0; s < device.services.size(); ++s) {
            const Service &service = device.services[s];
            if (!service.route)
                continue;
            entry->device = d;
            entry->service = s;
            entry->fqdn = names.fqdn(*service.route);
            entry->scope = service.route->scope;
            entry->port = service.route->port;
            entry->proxyDevice = proxy;
            if (proxyDevice) {
                entry->address =
                    proxyDevice->vpnIp.isEmpty() ? proxyDevice->ip : proxyDevice->vpnIp;
                entry->lanAddress = proxyDevice->ip;
                if (proxy != d && entry->port) {
                    entry->backend = service.proxyBackend();
                    entry->upstream = upstreamOf(device, service);
                    entry->unreachable = entry->upstream.isEmpty();
                }
            }
            ++entry;
        }
    });
}

RouteTable::Proxies::Proxies(const Registry &registry, const QString &proxyDeviceOverride)
    : m_registry(registry)
    , m_shared(registry.findDevice(proxyDeviceOverride.isEmpty() ? registry.policy.proxyDevice
                                                                 : proxyDeviceOverride))
{}

int RouteTable::Proxies::of(int device) const
{
    return m_registry.devices[device].runsReverseProxy() ? device : m_shared;
}

QString RouteTable::describe(const Entry &entry) const
{
    return describe(m_registry, entry.device, entry.service, entry.fqdn);
}

QString RouteTable::describe(const Registry &registry, int deviceIndex, int service,
                             QStringView fqdn)
{
    const Device &device = registry.devices[deviceIndex];
    return tr("route %1 of %2/%3")
        .arg(TextRules::forTerminal(fqdn.toString()), TextRules::forTerminal(device.name),
             TextRules::forTerminal(device.services[service].name));
}

QString RouteTable::explain(const Registry &registry, int deviceIndex, const Route &route)
{
    const Device &device = registry.devices[deviceIndex];
    const int proxy = registry.proxyDeviceFor(deviceIndex);
    if (proxy < 0) {
        if (!registry.policy.proxyDevice.isEmpty())
            return tr("No proxy serves it: %1 runs no reverse proxy and proxy_device \"%2\" "
                      "names no device.")
                .arg(device.name, registry.policy.proxyDevice);
        return tr("No proxy serves it: %1 runs no reverse proxy and the policy names no "
                  "proxy_device.")
            .arg(device.name);
    }
    const Device &proxyDevice = registry.devices[proxy];
    const QString address = proxyDevice.effectiveVpnIp();
    const QString where = proxyDevice.vpnIp.isEmpty()
                              ? tr("%1's address").arg(proxyDevice.name)
                              : tr("%1's VPN address").arg(proxyDevice.name);
    // LAN clients reach the proxy at its own address, not at its VPN one.
    const QString resolves =
        route.scope == Scopes::Internal
            ? tr("Resolves to %1 (%2) by split DNS.").arg(address, where)
            : tr("Published by the tunnel; LAN clients resolve %1 (%2's address).")
                  .arg(proxyDevice.ip, proxyDevice.name);
    if (proxy == deviceIndex)
        return resolves + u' ' + tr("Served by the proxy on %1 itself.").arg(device.name);
    if (!route.port)
        return resolves + u' ' +
               tr("The proxy on %1 forwards it to a port still to be named.").arg(proxyDevice.name);
    // The service as it will be (the dialog passes the route being edited).
    Service probe;
    probe.route = route;
    for (const Service &service : device.services) {
        if (service.route && service.route->host == route.host &&
            service.route->scope == route.scope)
            probe.ports = service.ports;
    }
    const QString upstream = upstreamOf(device, probe);
    if (upstream.isEmpty())
        return resolves + u' ' +
               tr("The proxy on %1 cannot reach it: publish container port %2 on %3 with "
                  "exception proxy-backend (bound to %3's address).")
                   .arg(proxyDevice.name)
                   .arg(*route.port)
                   .arg(device.name);
    return resolves + u' ' +
           tr("The proxy on %1 forwards it to %2 (the proxy-backend binding).")
               .arg(proxyDevice.name, upstream);
}

QString RouteTable::upstreamOf(const Device &device, const Service &service)
{
    const int backend = service.proxyBackend();
    if (backend < 0)
        return QString();
    const Binding &binding = service.ports[backend];
    const QString address = binding.bind.isEmpty() ? device.ip : binding.bind;
    return QStringLiteral("http://%1:%2").arg(urlHost(address)).arg(binding.host.first);
}

QString RouteTable::urlHost(const QString &address)
{
    return address.contains(u':') ? u'[' + address + u']' : address;
}

} // namespace portolan
