#include "RouteTable.h"

#include "TextRules.h"

namespace portolan {

RouteTable::RouteTable(const Registry &registry, const QString &proxyDeviceOverride)
    : m_registry(registry)
{
    const int sharedProxy =
        registry.findDevice(proxyDeviceOverride.isEmpty() ? registry.policy.proxyDevice
                                                          : proxyDeviceOverride);
    for (int d = 0; d < registry.devices.size(); ++d) {
        const Device &device = registry.devices[d];
        const int proxy = device.runsReverseProxy() ? d : sharedProxy;
        for (int s = 0; s < device.services.size(); ++s) {
            const Service &service = device.services[s];
            if (!service.route)
                continue;
            Entry entry;
            entry.device = d;
            entry.service = s;
            entry.fqdn = registry.routeFqdn(*service.route);
            entry.scope = service.route->scope;
            entry.port = service.route->port;
            entry.proxyDevice = proxy;
            if (proxy >= 0) {
                entry.address = registry.devices[proxy].effectiveVpnIp();
                if (proxy != d && entry.port)
                    entry.upstream = QStringLiteral("http://%1:%2")
                                         .arg(urlHost(device.ip))
                                         .arg(*entry.port);
            }
            m_entries.append(entry);
        }
    }
}

const RouteTable::Entry *RouteTable::find(int device, int service) const
{
    for (const Entry &entry : m_entries) {
        if (entry.device == device && entry.service == service)
            return &entry;
    }
    return nullptr;
}

QString RouteTable::describe(const Entry &entry) const
{
    const Device &device = m_registry.devices[entry.device];
    return tr("route %1 of %2/%3")
        .arg(TextRules::forTerminal(entry.fqdn), TextRules::forTerminal(device.name),
             TextRules::forTerminal(device.services[entry.service].name));
}

QString RouteTable::urlHost(const QString &address)
{
    return address.contains(u':') ? u'[' + address + u']' : address;
}

} // namespace portolan
