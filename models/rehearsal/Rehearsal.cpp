#include "rehearsal/Rehearsal.h"

#include "domain/IpAddress.h"
#include "domain/RouteTable.h"
#include "domain/SshDestination.h"
#include "formats/FormatRegistry.h"
#include "rehearsal/NetworkNamespaces.h"
#include "rehearsal/StandIns.h"

#include <QDir>
#include <QFile>
#include <QSet>
#include <QThread>

#include <unistd.h>

namespace portolan {

namespace {

// The clients and the resolver, on addresses set aside for documentation and shared address
// space, so none is a device's (checked before anything is built).
const QStringList internetAddresses{QStringLiteral("203.0.113.10"),
                                    QStringLiteral("2001:db8:ffff:1::10")};
const QStringList lanClientAddresses{QStringLiteral("198.51.100.10"),
                                     QStringLiteral("2001:db8:ffff:2::10")};
const QStringList vpnClientAddresses{QStringLiteral("100.64.255.10"),
                                     QStringLiteral("fd00:ffff::10")};
const QStringList dnsLanAddresses{QStringLiteral("198.51.100.53"),
                                  QStringLiteral("2001:db8:ffff:2::53")};
const QStringList dnsVpnAddresses{QStringLiteral("100.64.255.53"), QStringLiteral("fd00:ffff::53")};
// The simulated Docker network of every device, and its rogue container's address.
const QString dockerGateway4 = QStringLiteral("172.17.0.1");
const QString dockerGateway6 = QStringLiteral("fd17::1");
const QString rogueContainer4 = QStringLiteral("172.17.255.250");
const QString rogueContainer6 = QStringLiteral("fd17::fffa");
constexpr int RoguePort = 9;

bool isV6(const QString &address)
{
    return address.contains(u':');
}

QString hostRoute(const QString &address)
{
    return address + (isV6(address) ? QStringLiteral("/128") : QStringLiteral("/32"));
}

// Free ports of the range on a device: none of its bindings there, not its ssh port.
int freePort(const Device &device, const PortRange &range, int ssh, int after)
{
    for (int port = std::max(range.first, after + 1); port <= range.last; ++port) {
        bool used = port == ssh;
        for (const Service &service : device.services) {
            for (const Binding &binding : service.ports)
                used |= binding.host.contains(port);
        }
        if (!used)
            return port;
    }
    return 0;
}

} // namespace

QString RehearsalFinding::kindName(Kind kind)
{
    switch (kind) {
    case Kind::RouteFails:
        return QStringLiteral("route-fails");
    case Kind::DnsWrong:
        return QStringLiteral("dns-wrong");
    case Kind::Exposed:
        return QStringLiteral("exposed");
    case Kind::Closed:
        return QStringLiteral("closed");
    }
    return {};
}

Rehearsal::Rehearsal(const Registry &registry, QString sourceName, QObject *parent)
    : QObject(parent)
    , m_registry(registry)
    , m_sourceName(std::move(sourceName))
{
    const RouteTable routes(m_registry);
    for (const RouteTable::Entry &entry : routes.entries())
        m_hasRoutes |= entry.isServed() && entry.port.has_value() && !entry.unreachable;
    m_dnsProgram = NetworkNamespaces::findProgram(QStringLiteral("unbound")).isEmpty()
                       ? QStringLiteral("dnsmasq")
                       : QStringLiteral("unbound");
}

Rehearsal::~Rehearsal()
{
    m_standIns.reset();
    m_namespaces.reset();
}

QStringList Rehearsal::missing() const
{
    QStringList lacks;
#ifndef Q_OS_LINUX
    lacks << tr("rehearse builds network namespaces, which only Linux has");
    return lacks;
#endif
    if (::geteuid() != 0)
        lacks << tr("not root: run it as root, or inside `unshare --user --map-root-user --net "
                    "--mount` with a tmpfs on /run");
    if (!QFile::exists(QStringLiteral("/proc/self/ns/net")))
        lacks << tr("no network namespaces in this kernel (/proc/self/ns/net)");
    QStringList tools{QStringLiteral("ip"), QStringLiteral("nft"), QStringLiteral("nsenter"),
                      QStringLiteral("sysctl")};
    if (m_hasRoutes)
        tools << QStringLiteral("caddy") << QStringLiteral("curl") << QStringLiteral("dig");
    for (const QString &tool : std::as_const(tools)) {
        if (NetworkNamespaces::findProgram(tool).isEmpty())
            lacks << tr("%1 is not installed").arg(tool);
    }
    if (m_hasRoutes && NetworkNamespaces::findProgram(QStringLiteral("unbound")).isEmpty() &&
        NetworkNamespaces::findProgram(QStringLiteral("dnsmasq")).isEmpty())
        lacks << tr("neither unbound nor dnsmasq is installed (the DNS export is served by one)");
    QSet<QString> reserved;
    for (const QStringList *list : {&internetAddresses, &lanClientAddresses, &vpnClientAddresses,
                                    &dnsLanAddresses, &dnsVpnAddresses})
        reserved += QSet<QString>(list->cbegin(), list->cend());
    for (const Device &device : m_registry.devices) {
        for (const QString &address : {device.ip, device.vpnIp}) {
            const QHostAddress parsed(address);
            if (!address.isEmpty() && (parsed.isLoopback() || parsed.isLinkLocal()))
                lacks << tr("%1 uses %2, a loopback or link-local address: a rehearsal puts "
                            "each device on a LAN, where no such address is reached")
                             .arg(device.name, address);
            if (reserved.contains(address))
                lacks << tr("%1 uses %2, which the rehearsal keeps for its clients")
                             .arg(device.name, address);
        }
    }
    return lacks;
}

bool Rehearsal::step(const QString &what)
{
    if (m_interrupted)
        return fail(tr("interrupted"));
    emit stage(what);
    return true;
}

bool Rehearsal::fail(const QString &what)
{
    if (m_error.isEmpty())
        m_error = what;
    return false;
}

void Rehearsal::interrupt()
{
    m_interrupted = true;
    if (m_prober)
        m_prober->cancel();
}

bool Rehearsal::run()
{
    if (!m_work.isValid())
        return fail(tr("cannot make a temporary folder: %1").arg(m_work.errorString()));
    m_namespaces = std::make_unique<NetworkNamespaces>();
    m_standIns = std::make_unique<StandIns>();
    const bool built = build();
    if (built && step(tr("checking routes")))
        checkRoutes();
    if (built && step(tr("probing ports")))
        checkPorts();
    emit stage(tr("removing namespaces %1*").arg(m_namespaces->prefix()));
    m_standIns.reset();
    m_namespaces->removeAll();
    if (m_interrupted)
        return fail(tr("interrupted"));
    return built;
}

bool Rehearsal::build()
{
    for (int d = 0; d < m_registry.devices.size(); ++d) {
        const Device &device = m_registry.devices[d];
        DevicePlan plan;
        plan.role = QStringLiteral("d%1").arg(d);
        plan.container = QStringLiteral("c%1").arg(d);
        plan.lan << device.ip;
        if (!device.vpnIp.isEmpty() && device.vpnIp != device.ip)
            plan.vpn << device.vpnIp;
        plan.ssh = SshDestination::effectivePort(device.ssh);
        plan.rogueHost = freePort(device, m_registry.policy.range, plan.ssh, 0);
        plan.roguePublished =
            plan.rogueHost ? freePort(device, m_registry.policy.range, plan.ssh, plan.rogueHost)
                           : 0;
        m_plans.append(plan);
    }
    const RouteTable routes(m_registry);
    for (const RouteTable::Entry &entry : routes.entries()) {
        if (!entry.isServed() || !entry.port || entry.unreachable)
            continue;
        m_plans[entry.proxyDevice].servesRoutes = true;
        m_plans[entry.proxyDevice].servesHttps |= entry.scope == Scopes::Internal;
    }
    if (!step(tr("building the network (%1 devices)").arg(m_registry.devices.size())) ||
        !buildNetwork())
        return false;
    for (int d = 0; d < m_plans.size(); ++d) {
        if (!step(tr("%1: containers, Docker's DNAT, stand-ins").arg(m_registry.devices[d].name)) ||
            !buildDocker(d) || !startStandIns(d))
            return false;
    }
    if (m_hasRoutes &&
        (!step(tr("starting %1 and Caddy").arg(m_dnsProgram)) || !startDns() || !startProxies()))
        return false;
    return step(tr("loading the firewalls")) && loadFirewalls();
}

bool Rehearsal::attach(const QString &role, const QString &interface, const QString &bridge,
                       const QStringList &addresses)
{
    static int counter = 0;
    const QString peer = QStringLiteral("v%1").arg(++counter);
    QString error;
    const QString target = m_namespaces->name(role);
    QStringList commands{
        QStringLiteral("link add %1 type veth peer name %2 netns %3").arg(peer, interface, target),
        QStringLiteral("link set %1 master %2").arg(peer, bridge),
        QStringLiteral("link set %1 up").arg(peer)};
    if (!m_namespaces->batch(QStringLiteral("net"), commands, &error))
        return fail(error);
    commands.clear();
    for (const QString &address : addresses) {
        commands << (isV6(address) ? QStringLiteral("addr add %1 dev %2 nodad")
                                   : QStringLiteral("addr add %1 dev %2"))
                        .arg(hostRoute(address), interface);
    }
    commands << QStringLiteral("link set %1 up").arg(interface);
    return m_namespaces->batch(role, commands, &error) || fail(error);
}

// One segment holds the LAN and the VPN, as a VPN gateway joins them: a VPN address reaches the
// LAN and back. Which client is meant to reach which address is the checks' business.
bool Rehearsal::buildNetwork()
{
    QString error;
    QStringList roles{QStringLiteral("net"), QStringLiteral("dns"), QStringLiteral("inet"),
                      QStringLiteral("lanc"), QStringLiteral("vpnc")};
    for (const DevicePlan &plan : std::as_const(m_plans))
        roles << plan.role << plan.container;
    for (const QString &role : std::as_const(roles)) {
        if (!m_namespaces->create(role, &error))
            return fail(error);
    }
    if (!m_namespaces->batch(QStringLiteral("net"),
                             {QStringLiteral("link add br-lan type bridge mcast_snooping 0"),
                              QStringLiteral("link set br-lan up")},
                             &error))
        return fail(error);
    QVector<std::pair<QString, QStringList>> hosts{
        {QStringLiteral("inet"), internetAddresses},
        {QStringLiteral("lanc"), lanClientAddresses},
        {QStringLiteral("vpnc"), vpnClientAddresses},
        {QStringLiteral("dns"), dnsLanAddresses + dnsVpnAddresses}};
    for (const DevicePlan &plan : std::as_const(m_plans))
        hosts.append({plan.role, plan.lan + plan.vpn});
    for (const auto &[role, addresses] : std::as_const(hosts)) {
        // Inside `ip -batch` no line takes -6: the family shows in the prefix.
        if (!attach(role, QStringLiteral("eth0"), QStringLiteral("br-lan"), addresses) ||
            !m_namespaces->batch(role,
                                 {QStringLiteral("route add 0.0.0.0/0 dev eth0"),
                                  QStringLiteral("route add ::/0 dev eth0")},
                                 &error))
            return fail(error);
    }
    return true;
}

QStringList Rehearsal::clientAddresses(QStringView role)
{
    if (role == u"inet")
        return internetAddresses;
    if (role == u"lanc")
        return lanClientAddresses;
    return vpnClientAddresses;
}

QString Rehearsal::containerAddress(int service, bool v6) const
{
    if (v6)
        return QStringLiteral("fd17::%1").arg(service + 2, 0, 16);
    return QStringLiteral("172.17.%1.%2").arg(1 + service / 250).arg(2 + service % 250);
}

// The device's containers behind docker0, and every published port DNAT'd to them in a table
// of the device's own, as Docker does (prerouting for others, output for the device itself).
bool Rehearsal::buildDocker(int d)
{
    const Device &device = m_registry.devices[d];
    const DevicePlan &plan = m_plans[d];
    QString error;
    QStringList host{QStringLiteral("link add docker0 type veth peer name eth0 netns %1")
                         .arg(m_namespaces->name(plan.container)),
                     QStringLiteral("addr add %1/16 dev docker0").arg(dockerGateway4),
                     QStringLiteral("addr add %1/64 dev docker0 nodad").arg(dockerGateway6),
                     QStringLiteral("link set docker0 up")};
    QStringList container;
    for (int s = 0; s < device.services.size(); ++s) {
        container << QStringLiteral("addr add %1/16 dev eth0").arg(containerAddress(s, false))
                  << QStringLiteral("addr add %1/64 dev eth0 nodad").arg(containerAddress(s, true));
    }
    container << QStringLiteral("addr add %1/16 dev eth0").arg(rogueContainer4)
              << QStringLiteral("addr add %1/64 dev eth0 nodad").arg(rogueContainer6)
              << QStringLiteral("link set eth0 up")
              << QStringLiteral("route add 0.0.0.0/0 via %1").arg(dockerGateway4)
              << QStringLiteral("route add ::/0 via %1").arg(dockerGateway6);
    if (!m_namespaces->batch(plan.role, host, &error) ||
        !m_namespaces->batch(plan.container, container, &error) ||
        !m_namespaces->run(plan.role, QStringLiteral("sysctl"),
                           {QStringLiteral("-qw"), QStringLiteral("net.ipv4.ip_forward=1"),
                            QStringLiteral("net.ipv6.conf.all.forwarding=1")},
                           &error))
        return fail(error);

    QStringList rules4, rules6;
    auto publish = [&](const QString &bind, const QString &protocol, int hostPort,
                       const QString &to4, const QString &to6, int containerPort) {
        const bool any6 = bind.isEmpty() || bind == QLatin1String("::");
        const bool any4 = bind.isEmpty() || bind == QLatin1String("0.0.0.0") || any6;
        const QString match =
            QStringLiteral("meta l4proto %1 th dport %2").arg(protocol).arg(hostPort);
        if (any4 || (!isV6(bind) && !bind.isEmpty()))
            rules4 << QStringLiteral("%1%2 dnat to %3:%4")
                          .arg(any4 ? QString() : QStringLiteral("ip daddr %1 ").arg(bind), match,
                               to4)
                          .arg(containerPort);
        if (any6 || isV6(bind))
            rules6 << QStringLiteral("%1%2 dnat to [%3]:%4")
                          .arg(any6 ? QString() : QStringLiteral("ip6 daddr %1 ").arg(bind), match,
                               to6)
                          .arg(containerPort);
    };
    for (int s = 0; s < device.services.size(); ++s) {
        for (const Binding &binding : device.services[s].ports) {
            // The proxy itself answers 80 and 443 where it serves routes: Caddy, on the host.
            if (plan.servesRoutes && binding.exception == Exceptions::ReverseProxy &&
                (binding.host == PortRange::single(80) || binding.host == PortRange::single(443)))
                continue;
            for (int port = binding.host.first; port <= binding.host.last; ++port)
                publish(binding.bind, binding.effectiveProtocol(), port, containerAddress(s, false),
                        containerAddress(s, true),
                        binding.container.first + (port - binding.host.first));
        }
    }
    if (plan.roguePublished)
        publish({}, Protocols::Tcp, plan.roguePublished, rogueContainer4, rogueContainer6,
                RoguePort);
    auto table = [](const QString &family, const QStringList &rules) {
        QString text = QStringLiteral("table %1 dockersim {\n").arg(family);
        for (const char *hook : {"prerouting", "output"}) {
            text += QStringLiteral("  chain %1 {\n    type nat hook %1 priority -100; "
                                   "policy accept;\n")
                        .arg(QLatin1String(hook));
            for (const QString &rule : rules)
                text += QStringLiteral("    fib daddr type local %1\n").arg(rule);
            text += QStringLiteral("  }\n");
        }
        return text + QStringLiteral("}\n");
    };
    const QString file = m_work.filePath(plan.role + QStringLiteral("-docker.nft"));
    if (!NetworkNamespaces::writeFile(
            file,
            (table(QStringLiteral("ip"), rules4) + table(QStringLiteral("ip6"), rules6)).toUtf8()))
        return fail(tr("cannot write %1").arg(file));
    return m_namespaces->run(plan.role, QStringLiteral("nft"), {QStringLiteral("-f"), file},
                             &error) ||
           fail(tr("%1: Docker's DNAT: %2").arg(device.name, error));
}

bool Rehearsal::startStandIns(int d)
{
    const Device &device = m_registry.devices[d];
    const DevicePlan &plan = m_plans[d];
    QString error;
    QSet<QString> started;
    auto listen = [&](const QString &role, const QHostAddress &address, int port,
                      const QString &protocol, const QByteArray &identity) {
        const QString key =
            QStringLiteral("%1 %2 %3 %4").arg(role, address.toString()).arg(port).arg(protocol);
        if (started.contains(key))
            return true;
        started.insert(key);
        const QString ns = m_namespaces->name(role);
        if (protocol == Protocols::Udp)
            return m_standIns->listenUdp(ns, address, port, port == 53, &error);
        return m_standIns->listenTcp(ns, address, port, identity, &error);
    };
    for (int s = 0; s < device.services.size(); ++s) {
        const Service &service = device.services[s];
        const QByteArray identity = (device.name + u'/' + service.name).toUtf8();
        for (const bool v6 : {false, true}) {
            const QHostAddress address(containerAddress(s, v6));
            for (const Binding &binding : service.ports) {
                const QString protocol = binding.effectiveProtocol();
                if (protocol == Protocols::Sctp)
                    continue; // no stand-in can hold one; the audit reports it unknown
                for (int port = binding.container.first; port <= binding.container.last; ++port) {
                    if (!listen(plan.container, address, port, protocol, identity))
                        return fail(error);
                }
            }
            if (service.route && service.route->port &&
                !listen(plan.container, address, *service.route->port, Protocols::Tcp, identity))
                return fail(error);
        }
    }
    const QByteArray rogue = (device.name + QStringLiteral("/rogue")).toUtf8();
    const QHostAddress any(QHostAddress::Any); // both families
    if (!listen(plan.container, QHostAddress(rogueContainer4), RoguePort, Protocols::Tcp, rogue) ||
        !listen(plan.container, QHostAddress(rogueContainer6), RoguePort, Protocols::Tcp, rogue) ||
        !listen(plan.role, any, plan.ssh, Protocols::Tcp,
                (device.name + QStringLiteral("/ssh")).toUtf8()) ||
        (plan.rogueHost && !listen(plan.role, any, plan.rogueHost, Protocols::Tcp, rogue)))
        return fail(error);
    // A proxy with no https route to serve does not open 443; the plan may still.
    bool plans443 = false;
    for (const Service &service : device.services) {
        for (const Binding &binding : service.ports)
            plans443 |= binding.exception == Exceptions::ReverseProxy &&
                        binding.host == PortRange::single(443);
    }
    if (plan.servesRoutes && !plan.servesHttps && plans443 &&
        !listen(plan.role, any, 443, Protocols::Tcp,
                (device.name + QStringLiteral("/proxy")).toUtf8()))
        return fail(error);
    return true;
}

} // namespace portolan
