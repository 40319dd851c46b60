// The programs a rehearsal loads Portolan's exports into, and the checks it runs through them.
#include "rehearsal/Rehearsal.h"

#include "domain/RouteTable.h"
#include "formats/FormatRegistry.h"
#include "rehearsal/NetworkNamespaces.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QThread>

namespace portolan {

namespace {

const QString dnsLan4 = QStringLiteral("198.51.100.53");
const QString dnsVpn4 = QStringLiteral("100.64.255.53");
// Where the resolver listens (as Rehearsal.cpp gives its namespace).
const QStringList dnsAddresses{dnsLan4, QStringLiteral("2001:db8:ffff:2::53"), dnsVpn4,
                               QStringLiteral("fd00:ffff::53")};

QString bracketed(const QString &address)
{
    return address.contains(u':') ? u'[' + address + u']' : address;
}

} // namespace

QByteArray Rehearsal::exported(const QString &format, const FormatValues &values, bool *ok)
{
    QByteArray out;
    Error error;
    const Exporter *exporter = FormatRegistry::exporter(format);
    FormatValues withSource = values;
    withSource.set(Exporter::SourceValue, {m_sourceName});
    *ok = exporter && exporter->write(m_registry, withSource, &out, &error);
    if (!*ok)
        fail(tr("export %1: %2").arg(format, error.toString()));
    return out;
}

bool Rehearsal::waitUntil(const QString &role, const QStringList &command, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    QString ignored;
    while (clock.elapsed() < timeoutMs && !m_interrupted) {
        if (m_namespaces->run(role, command.first(), command.mid(1), &ignored, nullptr, 5000))
            return true;
        QThread::msleep(100);
    }
    return false;
}

bool Rehearsal::startDns()
{
    FormatValues values;
    values.set(QStringLiteral("format"), {m_dnsProgram});
    values.set(QStringLiteral("scope"), {QStringLiteral("all")});
    bool ok = false;
    const QByteArray records = exported(QStringLiteral("dns"), values, &ok);
    if (!ok)
        return false;
    const QString planned = m_work.filePath(QStringLiteral("planned-dns.conf"));
    const QString conf = m_work.filePath(QStringLiteral("resolver.conf"));
    QByteArray config;
    QStringList arguments;
    if (m_dnsProgram == QLatin1String("unbound")) {
        // Each address by name: bound to a wildcard, unbound would answer from whichever
        // address the kernel picks, and the client would drop the answer.
        QString interfaces = QStringLiteral("  interface: 127.0.0.1\n");
        for (const QString &address : dnsAddresses)
            interfaces += QStringLiteral("  interface: %1\n").arg(address);
        config = QStringLiteral("server:\n%3  port: 53\n"
                                "  do-daemonize: no\n  username: \"\"\n  chroot: \"\"\n"
                                "  directory: \"%1\"\n  pidfile: \"\"\n  use-syslog: no\n"
                                "  module-config: \"iterator\"\n  do-not-query-localhost: no\n"
                                "  access-control: 0.0.0.0/0 allow\n  access-control: ::/0 allow\n"
                                "include: \"%2\"\n")
                     .arg(m_work.path(), planned, interfaces)
                     .toUtf8();
        arguments = {QStringLiteral("-d"), QStringLiteral("-c"), conf};
    } else {
        config = QStringLiteral("port=53\nbind-interfaces\nlisten-address=127.0.0.1,%2\nno-resolv\n"
                                "no-hosts\nconf-file=%1\n")
                     .arg(planned, dnsAddresses.join(u','))
                     .toUtf8();
        arguments = {QStringLiteral("--keep-in-foreground"), QStringLiteral("--conf-file=") + conf};
    }
    if (!NetworkNamespaces::writeFile(planned, records) ||
        !NetworkNamespaces::writeFile(conf, config))
        return fail(tr("cannot write the resolver's configuration in %1").arg(m_work.path()));
    m_namespaces->start(QStringLiteral("dns"), m_dnsProgram, arguments);
    // Ready when it answers a name of the plan.
    const RouteTable routes(m_registry);
    QString name;
    for (const RouteTable::Entry &entry : routes.entries()) {
        if (entry.isServed())
            name = entry.fqdn;
    }
    if (!waitUntil(QStringLiteral("dns"),
                   {QStringLiteral("sh"), QStringLiteral("-c"),
                    QStringLiteral("dig +short +time=1 +tries=1 @127.0.0.1 \"$0\" A \"$0\" AAAA "
                                   "| grep -q .")
                        .replace(QStringLiteral("$0"), name)},
                   15000))
        return fail(tr("%1 did not answer for %2 within 15 s").arg(m_dnsProgram, name));
    return true;
}

bool Rehearsal::startProxies()
{
    const RouteTable routes(m_registry);
    for (int p = 0; p < m_plans.size(); ++p) {
        const DevicePlan &plan = m_plans[p];
        if (!plan.servesRoutes)
            continue;
        QByteArray config = "{\n\tadmin localhost:2019\n\tskip_install_trust\n}\n\n";
        // Routes of other devices: what `export traefik --proxy caddy` writes for this proxy.
        if (m_registry.proxyDeviceFor(-1) == p) {
            FormatValues values;
            values.set(QStringLiteral("proxy"), {QStringLiteral("caddy")});
            bool ok = false;
            config += exported(QStringLiteral("traefik"), values, &ok);
            if (!ok)
                return false;
        }
        // Its own services' routes reach their containers as Docker's labels tell the proxy.
        for (const RouteTable::Entry &entry : routes.entries()) {
            if (entry.proxyDevice != p || entry.device != p || !entry.port)
                continue;
            const bool internal = entry.scope == Scopes::Internal;
            config += QStringLiteral("\n%1%2 {\n%3\treverse_proxy http://%4:%5\n}\n")
                          .arg(internal ? QString() : QStringLiteral("http://"), entry.fqdn,
                               internal ? QStringLiteral("\ttls internal\n") : QString(),
                               containerAddress(entry.service, false))
                          .arg(*entry.port)
                          .toUtf8();
        }
        const QString folder = m_work.filePath(plan.role + QStringLiteral("-caddy"));
        const QString file = folder + QStringLiteral("/Caddyfile");
        if (!QDir().mkpath(folder) || !NetworkNamespaces::writeFile(file, config))
            return fail(tr("cannot write %1").arg(file));
        m_namespaces->start(
            plan.role, QStringLiteral("caddy"),
            {QStringLiteral("run"), QStringLiteral("--config"), file, QStringLiteral("--adapter"),
             QStringLiteral("caddyfile")},
            {QStringLiteral("HOME=") + folder,
             QStringLiteral("XDG_DATA_HOME=") + folder + QStringLiteral("/data"),
             QStringLiteral("XDG_CONFIG_HOME=") + folder + QStringLiteral("/config")});
        if (!waitUntil(plan.role,
                       {QStringLiteral("curl"), QStringLiteral("-sf"), QStringLiteral("-o"),
                        QStringLiteral("/dev/null"),
                        QStringLiteral("http://127.0.0.1:2019/config/")},
                       20000))
            return fail(tr("%1: Caddy did not start within 20 s").arg(m_registry.devices[p].name));
    }
    return true;
}

bool Rehearsal::loadFirewalls()
{
    for (int d = 0; d < m_plans.size(); ++d) {
        const QString name = m_registry.devices[d].name;
        FormatValues values;
        values.set(QStringLiteral("device"), {name});
        values.set(QStringLiteral("format"), {QStringLiteral("nftables")});
        bool ok = false;
        const QByteArray rules = exported(QStringLiteral("firewall"), values, &ok);
        const QString file = m_work.filePath(m_plans[d].role + QStringLiteral("-firewall.nft"));
        QString error;
        if (!ok)
            return false;
        if (!NetworkNamespaces::writeFile(file, rules))
            return fail(tr("cannot write %1").arg(file));
        if (!m_namespaces->run(m_plans[d].role, QStringLiteral("nft"), {QStringLiteral("-f"), file},
                               &error))
            return fail(tr("%1: nft refused the firewall export: %2").arg(name, error));
    }
    return true;
}

QStringList Rehearsal::resolve(const QString &role, const QString &server, const QString &name,
                               bool v6)
{
    QByteArray out;
    QString error;
    m_namespaces->run(role, QStringLiteral("dig"),
                      {QStringLiteral("+short"), QStringLiteral("+time=2"),
                       QStringLiteral("+tries=2"), u'@' + server, name,
                       v6 ? QStringLiteral("AAAA") : QStringLiteral("A")},
                      &error, &out, 10000);
    QStringList addresses;
    for (const QByteArray &line : out.split('\n')) {
        const QHostAddress address(QString::fromUtf8(line.trimmed()));
        if (!address.isNull())
            addresses << address.toString();
    }
    return addresses;
}

QString Rehearsal::fetch(const QString &role, const QString &name, const QString &address,
                         bool https)
{
    const int port = https ? 443 : 80;
    QByteArray out;
    QString error;
    const bool ok = m_namespaces->run(
        role, QStringLiteral("curl"),
        {QStringLiteral("-sk"), QStringLiteral("--max-time"), QStringLiteral("4"),
         QStringLiteral("--resolve"),
         QStringLiteral("%1:%2:%3").arg(name).arg(port).arg(bracketed(address)),
         QStringLiteral("-w"), QStringLiteral("\\n%{http_code}"),
         QStringLiteral("%1://%2/")
             .arg(https ? QStringLiteral("https") : QStringLiteral("http"), name)},
        &error, &out, 15000);
    if (!ok && out.isEmpty())
        return tr("no answer (%1)").arg(error.section(u':', -1).trimmed());
    const QString text = QString::fromUtf8(out).trimmed();
    const QString code = text.section(u'\n', -1);
    const QString body = text.section(u'\n', 0, -2).trimmed();
    if (code == QLatin1String("000"))
        return tr("no connection to %1:%2").arg(bracketed(address)).arg(port);
    return code == QLatin1String("200") ? body
                                        : tr("HTTP %1 %2").arg(code, body.left(80)).trimmed();
}

void Rehearsal::checkRoutes()
{
    const RouteTable routes(m_registry);
    struct Client
    {
        QString role;
        QString label;
        QString dns; // empty: the public DNS, outside the rehearsal (the plan's address is used)
    };
    for (const RouteTable::Entry &entry : routes.entries()) {
        if (m_interrupted)
            return;
        if (!entry.isServed() || !entry.port || entry.unreachable)
            continue;
        const Device &owner = m_registry.devices[entry.device];
        const QString expected = owner.name + u'/' + owner.services[entry.service].name;
        const bool internal = entry.scope == Scopes::Internal;
        const QVector<Client> clients =
            internal ? QVector<Client>{{QStringLiteral("vpnc"), tr("vpn client"), dnsVpn4}}
                     : QVector<Client>{{QStringLiteral("inet"), tr("internet client"), {}},
                                       {QStringLiteral("lanc"), tr("lan client"), dnsLan4}};
        const QString planned = (internal ? entry.address : entry.lanAddress).toString();
        for (const Client &client : clients) {
            ++m_routesChecked;
            RehearsalFinding finding;
            finding.vantage = client.label;
            finding.device = owner.name;
            finding.route = entry.fqdn;
            finding.address = planned;
            finding.port = internal ? 443 : 80;
            finding.protocol = Protocols::Tcp;
            QString address = planned;
            if (!client.dns.isEmpty()) {
                const QStringList answers =
                    resolve(client.role, client.dns, entry.fqdn, planned.contains(u':'));
                if (!answers.contains(planned)) {
                    finding.kind = RehearsalFinding::Kind::DnsWrong;
                    finding.detail =
                        tr("resolves to %1, the plan says %2")
                            .arg(answers.isEmpty() ? tr("nothing")
                                                   : answers.join(QStringLiteral(", ")),
                                 planned);
                    m_findings.append(finding);
                    continue;
                }
            }
            QString got;
            for (int attempt = 0; attempt < 2; ++attempt) {
                got = fetch(client.role, entry.fqdn, address, internal);
                if (got == expected)
                    break;
                QThread::msleep(300);
            }
            if (got != expected) {
                finding.kind = RehearsalFinding::Kind::RouteFails;
                finding.detail = tr("expected %1, got %2")
                                     .arg(expected, got.isEmpty() ? tr("an empty answer") : got);
                m_findings.append(finding);
            }
        }
    }
}

void Rehearsal::checkPorts()
{
    probeFrom(tr("internet client"), QStringLiteral("inet"), -1, clientAddresses(u"inet"));
    probeFrom(tr("lan client"), QStringLiteral("lanc"), -1, clientAddresses(u"lanc"));
    probeFrom(tr("vpn client"), QStringLiteral("vpnc"), -1, clientAddresses(u"vpnc"));
    for (int d = 0; d < m_plans.size() && !m_interrupted; ++d)
        probeFrom(m_registry.devices[d].name, m_plans[d].role, d, m_plans[d].lan + m_plans[d].vpn);
}

std::optional<QVector<ProbeOutcome>> Rehearsal::probeAll(const QVector<PortProbe> &probes,
                                                         PortProber::Limits limits)
{
    if (m_interrupted)
        return std::nullopt;
    PortProber prober(probes, limits);
    QEventLoop loop;
    connect(&prober, &PortProber::finished, &loop, &QEventLoop::quit);
    m_prober = &prober;
    prober.start();
    if (!prober.isFinished())
        loop.exec();
    m_prober = nullptr;
    if (prober.wasCancelled())
        return std::nullopt;
    return prober.outcomes();
}

// Every other device's planned and rogue ports, from one vantage point, judged for the source
// address it sends from there.
void Rehearsal::probeFrom(const QString &vantage, const QString &role, int ownDevice,
                          const QStringList &own)
{
    if (m_interrupted)
        return;
    NamespaceScope scope(m_namespaces->name(role));
    if (!scope.ok()) {
        fail(scope.error());
        return;
    }
    struct Slice
    {
        int device;
        QHostAddress address;
        QHostAddress source;
        int first;
        int count;
    };
    QVector<Slice> slices;
    QVector<PortProbe> probes;
    for (int d = 0; d < m_plans.size(); ++d) {
        if (d == ownDevice)
            continue;
        QVector<int> rogues;
        for (int port : {m_plans[d].rogueHost, m_plans[d].roguePublished}) {
            if (port > 0)
                rogues << port;
        }
        // VPN addresses are on the VPN only: reached from the VPN client and devices on it.
        const bool onVpn =
            role == QLatin1String("vpnc") || (ownDevice >= 0 && !m_plans[ownDevice].vpn.isEmpty());
        for (const QString &text : m_plans[d].lan + (onVpn ? m_plans[d].vpn : QStringList())) {
            const QHostAddress address(text);
            const QHostAddress source = PortProber::sourceFor(address);
            // Not reachable from there: no address of that family on the segment (a device's
            // docker0 or a link-local address is no way there).
            if (!std::any_of(own.cbegin(), own.cend(), [&](const QString &mine) {
                    return QHostAddress(mine).isEqual(source);
                }))
                continue;
            const QVector<PortProbe> mine =
                PortAudit::probesFor(m_registry, d, address, false, rogues, m_plans[d].ssh);
            slices.append({d, address, source, int(probes.size()), int(mine.size())});
            probes += mine;
        }
    }
    std::optional<QVector<ProbeOutcome>> outcomes = probeAll(probes, {256, 0, 1000});
    if (!outcomes)
        return;
    // A second look, with the whole second each, at the silent ports the plan opens (those the
    // judge calls closed): the first look waits a few times the slowest answer it has seen, and
    // a stand-in kept from the processor that long (two cores, other tests beside) read as a
    // port closed against the plan. Ports closed as planned are not looked at again: a
    // rehearsal as planned costs nothing more, a closed port found costs that second once.
    QVector<PortProbe> doubted;
    QVector<int> doubtedAt;
    for (const Slice &slice : std::as_const(slices)) {
        const QVector<AuditFinding> judged =
            PortAudit::judge(m_registry, slice.device, slice.address, slice.source,
                             probes.mid(slice.first, slice.count),
                             outcomes->mid(slice.first, slice.count), m_plans[slice.device].ssh);
        const QVector<int> silent = PortAudit::silentWhereClosed(
            probes.mid(slice.first, slice.count), outcomes->mid(slice.first, slice.count), judged);
        for (const int i : silent) {
            doubted << probes[slice.first + i];
            doubtedAt << slice.first + i;
        }
    }
    if (!doubted.isEmpty()) {
        const std::optional<QVector<ProbeOutcome>> again = probeAll(doubted, {256, 0, 1000, false});
        if (!again)
            return;
        for (int i = 0; i < doubtedAt.size(); ++i)
            (*outcomes)[doubtedAt[i]] = again->at(i);
    }
    m_portsProbed += int(probes.size());
    for (const Slice &slice : std::as_const(slices)) {
        const Device &device = m_registry.devices[slice.device];
        const QVector<AuditFinding> judged =
            PortAudit::judge(m_registry, slice.device, slice.address, slice.source,
                             probes.mid(slice.first, slice.count),
                             outcomes->mid(slice.first, slice.count), m_plans[slice.device].ssh);
        for (const AuditFinding &finding : judged) {
            if (finding.kind == AuditFinding::Kind::Unknown)
                continue;
            RehearsalFinding found;
            found.kind = finding.kind == AuditFinding::Kind::Exposed
                             ? RehearsalFinding::Kind::Exposed
                             : RehearsalFinding::Kind::Closed;
            found.vantage = vantage;
            found.device = device.name;
            found.address = finding.address;
            found.port = finding.port;
            found.protocol = finding.protocol;
            found.binding = DeviceAudit::bindingName(device, finding);
            const bool rogue = finding.port == m_plans[slice.device].rogueHost ||
                               finding.port == m_plans[slice.device].roguePublished;
            found.detail = rogue ? tr("a listener the plan does not know answers %1 (%2)")
                                       .arg(slice.source.toString(),
                                            finding.port == m_plans[slice.device].rogueHost
                                                ? tr("a host socket")
                                                : tr("a port Docker publishes"))
                                 : finding.reason;
            m_findings.append(found);
        }
    }
}

QString Rehearsal::toText() const
{
    QString text = tr("rehearsal of %1: %2 devices, %3 route fetches, %4 ports probed\n")
                       .arg(m_sourceName)
                       .arg(m_registry.devices.size())
                       .arg(m_routesChecked)
                       .arg(m_portsProbed);
    for (const RehearsalFinding &f : m_findings) {
        if (f.kind == RehearsalFinding::Kind::RouteFails ||
            f.kind == RehearsalFinding::Kind::DnsWrong)
            text += tr("  %1  %2 from the %3: %4\n")
                        .arg(RehearsalFinding::kindName(f.kind), -11)
                        .arg(f.route, f.vantage, f.detail);
        else
            text +=
                tr("  %1  %2 %3:%4/%5%6 from %7: %8\n")
                    .arg(RehearsalFinding::kindName(f.kind), -11)
                    .arg(f.device, bracketed(f.address))
                    .arg(f.port)
                    .arg(f.protocol,
                         f.binding.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(f.binding),
                         f.vantage, f.detail);
    }
    if (m_findings.isEmpty())
        text += tr("  every route answered with its own service, and every port as planned\n");
    return text;
}

QJsonObject Rehearsal::toJson() const
{
    QJsonArray findings;
    for (const RehearsalFinding &f : m_findings) {
        findings.append(QJsonObject{
            {QStringLiteral("kind"), RehearsalFinding::kindName(f.kind)},
            {QStringLiteral("vantage"), f.vantage},
            {QStringLiteral("device"), f.device},
            {QStringLiteral("address"), f.address},
            {QStringLiteral("port"), f.port},
            {QStringLiteral("protocol"), f.protocol},
            {QStringLiteral("binding"), f.binding.isEmpty() ? QJsonValue() : QJsonValue(f.binding)},
            {QStringLiteral("route"), f.route.isEmpty() ? QJsonValue() : QJsonValue(f.route)},
            {QStringLiteral("detail"), f.detail}});
    }
    return QJsonObject{{QStringLiteral("source"), m_sourceName},
                       {QStringLiteral("devices"), int(m_registry.devices.size())},
                       {QStringLiteral("route_fetches"), m_routesChecked},
                       {QStringLiteral("ports_probed"), m_portsProbed},
                       {QStringLiteral("ok"), m_findings.isEmpty()},
                       {QStringLiteral("findings"), findings}};
}

} // namespace portolan
