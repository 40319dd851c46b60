#include "formats/FormatRegistry.h"

#include "domain/IpAddress.h"
#include "domain/SshDestination.h"
#include "domain/TextRules.h"

#include <QCoreApplication>
#include <QHostAddress>

namespace portolan {

namespace {

// `export firewall --device NAME`: closed by default, enforced. An nftables ruleset in a table
// of its own (inet portolan, replaced whole on each load, never touching Docker's tables) that
// lets through exactly what the plan opens on the device, for sockets of the host (input) and
// for ports Docker publishes (forward, matched on the port before Docker's DNAT), IPv4 and IPv6.
class FirewallExporter final : public Exporter
{
    Q_DECLARE_TR_FUNCTIONS(FirewallExporter)

public:
    FirewallExporter()
        : Exporter({QStringLiteral("firewall"), tr("Firewall Rules"),
                    tr("an nftables ruleset that lets through exactly what the plan opens on a "
                       "device, for its own sockets and for the ports Docker publishes"),
                    tr("nftables rulesets (*.nft);;All files (*)"), QStringLiteral("text"),
                    QStringLiteral("portolan-{device}.nft")})
    {}

    QList<FormatOption> options() const override
    {
        return {FormatOption::device(tr("The device the rules are for.")),
                FormatOption::choice(QStringLiteral("format"), {QStringLiteral("nftables")},
                                     tr("The firewall the rules are for."))};
    }

    bool write(const Registry &registry, const FormatValues &values, QByteArray *out,
               Error *error) const override;

private:
    // Who may open a connection to a binding.
    enum class Sources
    {
        Anywhere,
        Devices, // the registry's devices (ip, vpn_ip)
        Proxy,   // the proxy device that serves the route
    };
    struct Opening
    {
        const Service *service;
        const Binding *binding;
        Sources sources;
    };
    static QString portMatch(const Binding &binding);
    static QString sourceText(Sources sources);
    // The ruleset's opening comment: how to load it and what it opens, in words.
    static QString plannedOpenings(int sshPort, const QList<Opening> &openings,
                                   const QStringList &closed);
    static QStringList rulesFor(const Opening &opening, bool forward);
};

QString FirewallExporter::portMatch(const Binding &binding)
{
    const QString protocol = binding.effectiveProtocol();
    return QStringLiteral("%1 dport %2").arg(protocol, binding.host.toString());
}

QString FirewallExporter::sourceText(Sources sources)
{
    switch (sources) {
    case Sources::Anywhere:
        return QStringLiteral("from anywhere");
    case Sources::Devices:
        return QStringLiteral("from the registry's devices");
    case Sources::Proxy:
        return QStringLiteral("from the proxy that serves its route");
    }
    return {};
}

QString FirewallExporter::plannedOpenings(int sshPort, const QList<Opening> &openings,
                                          const QStringList &closed)
{
    QString text =
        QStringLiteral(
            "# Load with `nft -f FILE`: it replaces table inet portolan and nothing else\n"
            "# (Docker's own tables stay). Only new connections are judged.\n"
            "# Always open: loopback, established and related traffic, ICMP and ICMPv6,\n"
            "# DHCP client replies, and ssh on %1/tcp.\n"
            "# Open, by the plan:\n")
            .arg(sshPort);
    for (const Opening &opening : std::as_const(openings)) {
        const Binding &binding = *opening.binding;
        // "24121/tcp  komodo-periphery (agent), from the registry's devices"
        text += QStringLiteral("#   %1/%2  %3 (%4), %5%6\n")
                    .arg(binding.host.toString(), binding.effectiveProtocol(),
                         opening.service->name, binding.exception, sourceText(opening.sources),
                         binding.bind.isEmpty() ? QString()
                                                : QStringLiteral(", to %1 only").arg(binding.bind));
    }
    if (openings.isEmpty())
        text += QStringLiteral("#   nothing\n");
    if (!closed.isEmpty())
        text += QStringLiteral("# Not opened (no exception the contract knows): %1\n")
                    .arg(TextRules::forTerminal(closed.join(QStringLiteral(", "))));
    text += QStringLiteral(
        "# Everything else new, to this host or to a port Docker publishes, is dropped.\n");
    return text;
}

// The accept rules of one binding: one per address family its sources and bind allow.
QStringList FirewallExporter::rulesFor(const Opening &opening, bool forward)
{
    const Binding &binding = *opening.binding;
    QHostAddress bind;
    const bool narrowed = !binding.bind.isEmpty() && bind.setAddress(binding.bind) &&
                          bind != QHostAddress(QHostAddress::AnyIPv4) &&
                          bind != QHostAddress(QHostAddress::AnyIPv6);
    const bool bindV6 = narrowed && bind.protocol() == QAbstractSocket::IPv6Protocol;
    QStringList families;
    if (!narrowed || !bindV6)
        families << QStringLiteral("ip");
    if (!narrowed || bindV6)
        families << QStringLiteral("ip6");
    // In forward, the port and address are the ones the client asked for, before Docker's DNAT.
    const QString protocol = binding.effectiveProtocol();
    const QString port = forward ? QStringLiteral("meta l4proto %1 ct original proto-dst %2")
                                       .arg(protocol, binding.host.toString())
                                 : portMatch(binding);
    QStringList rules;
    for (const QString &family : families) {
        QString rule = forward ? QStringLiteral("ct status dnat ") : QString();
        if (narrowed)
            rule += forward ? QStringLiteral("ct original %1 daddr %2 ").arg(family, binding.bind)
                            : QStringLiteral("%1 daddr %2 ").arg(family, binding.bind);
        const QString set =
            family == QLatin1String("ip") ? QStringLiteral("4") : QStringLiteral("6");
        switch (opening.sources) {
        case Sources::Anywhere:
            if (!narrowed && family == QLatin1String("ip6"))
                continue; // without an address, one rule for both families
            break;
        case Sources::Devices:
            rule += QStringLiteral("%1 saddr @devices%2 ").arg(family, set);
            break;
        case Sources::Proxy:
            rule += QStringLiteral("%1 saddr @proxy%2 ").arg(family, set);
            break;
        }
        rules << rule + port + QStringLiteral(" accept");
    }
    if (opening.sources == Sources::Devices && !forward) {
        // The device's own containers count as the device.
        for (const char *bridge : {"docker0", "br-*"})
            rules << QStringLiteral("iifname \"%1\" %2 accept")
                         .arg(QLatin1String(bridge), portMatch(binding));
    }
    return rules;
}

bool FirewallExporter::write(const Registry &registry, const FormatValues &values, QByteArray *out,
                             Error *error) const
{
    const int d = registry.findDevice(values.value(QStringLiteral("device")));
    if (d < 0) {
        *error = Error::fromText(
            tr("no device named \"%1\"")
                .arg(TextRules::forTerminal(values.value(QStringLiteral("device")))));
        return false;
    }
    if (!acceptable(registry, ExportCheck::Scope{-1, {}, true}, error))
        return false;
    const Device &device = registry.devices[d];

    // Who the source sets hold.
    QStringList devices4, devices6, proxy4, proxy6;
    auto add = [](QStringList &v4, QStringList &v6, const QString &address) {
        if (address.isEmpty() || !IpAddress::isValid(address))
            return;
        QStringList &list = address.contains(u':') ? v6 : v4;
        if (!list.contains(address))
            list << address;
    };
    for (const Device &other : registry.devices) {
        add(devices4, devices6, other.ip);
        add(devices4, devices6, other.vpnIp);
    }
    const int proxy = registry.proxyDeviceFor(d);
    if (proxy >= 0 && proxy != d) {
        add(proxy4, proxy6, registry.devices[proxy].ip);
        add(proxy4, proxy6, registry.devices[proxy].vpnIp);
    }

    QVector<Opening> openings;
    QStringList closed;
    for (const Service &service : device.services) {
        for (const Binding &binding : service.ports) {
            const QString &exception = binding.exception;
            if (exception == Exceptions::ReverseProxy || exception == Exceptions::NonHttp)
                openings.append({&service, &binding, Sources::Anywhere});
            else if (exception == Exceptions::Bootstrap || exception == Exceptions::Agent)
                openings.append({&service, &binding, Sources::Devices});
            else if (exception == Exceptions::ProxyBackend)
                openings.append({&service, &binding, Sources::Proxy});
            else
                closed << QStringLiteral("%1 %2").arg(service.name, binding.hostLabel());
        }
    }

    const int ssh = SshDestination::effectivePort(device.ssh);
    QString text = QStringLiteral("# nftables rules for %1: %2\n")
                       .arg(device.name, provenance(registry, values));
    text += plannedOpenings(ssh, openings, closed);

    auto set = [](const QString &name, const QString &type, const QStringList &elements) {
        QString s = QStringLiteral("    set %1 {\n        type %2\n").arg(name, type);
        if (!elements.isEmpty())
            s += QStringLiteral("        elements = { %1 }\n")
                     .arg(elements.join(QStringLiteral(", ")));
        return s + QStringLiteral("    }\n");
    };
    text += QStringLiteral("table inet portolan\ndelete table inet portolan\n"
                           "table inet portolan {\n");
    text += set(QStringLiteral("devices4"), QStringLiteral("ipv4_addr"), devices4);
    text += set(QStringLiteral("devices6"), QStringLiteral("ipv6_addr"), devices6);
    text += set(QStringLiteral("proxy4"), QStringLiteral("ipv4_addr"), proxy4);
    text += set(QStringLiteral("proxy6"), QStringLiteral("ipv6_addr"), proxy6);

    text += QStringLiteral("\n    chain input {\n"
                           "        type filter hook input priority filter - 10; policy accept;\n"
                           "        ct state established,related accept\n"
                           "        ct state invalid drop\n"
                           "        iif \"lo\" accept\n"
                           "        meta l4proto { icmp, ipv6-icmp } accept\n"
                           "        udp sport 67 udp dport 68 accept\n"
                           "        udp sport 547 udp dport 546 accept\n"
                           "        tcp dport %1 accept\n")
                .arg(ssh);
    for (const Opening &opening : std::as_const(openings)) {
        for (const QString &rule : rulesFor(opening, false))
            text += QStringLiteral("        %1\n").arg(rule);
    }
    text += QStringLiteral("        ct state new drop\n    }\n");

    text += QStringLiteral("\n    chain forward {\n"
                           "        type filter hook forward priority filter - 10; policy accept;\n"
                           "        ct state established,related accept\n");
    for (const Opening &opening : std::as_const(openings)) {
        for (const QString &rule : rulesFor(opening, true))
            text += QStringLiteral("        %1\n").arg(rule);
    }
    text += QStringLiteral(
        "        # a port Docker publishes that the plan does not open\n"
        "        ct state new ct status dnat drop\n"
        "        # straight to a container's address from outside the device\n"
        "        ct state new iifname != \"docker0\" iifname != \"br-*\" oifname \"docker0\" drop\n"
        "        ct state new iifname != \"docker0\" iifname != \"br-*\" oifname \"br-*\" drop\n"
        "    }\n}\n");
    *out = text.toUtf8();
    return true;
}

} // namespace

const Exporter &firewallExporter()
{
    static const FirewallExporter format;
    return format;
}

} // namespace portolan
