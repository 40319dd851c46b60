#include "drift/PortAudit.h"

#include "domain/SshDestination.h"
#include "domain/TextRules.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <bitset>

namespace portolan {

namespace {

constexpr int DnsPort = 53;

struct PortAuditText
{
    Q_DECLARE_TR_FUNCTIONS(PortAudit)
};

bool sameAddress(const QString &text, const QHostAddress &address)
{
    if (text.isEmpty())
        return false;
    const QHostAddress parsed(text);
    return !parsed.isNull() && parsed.isEqual(address, QHostAddress::ConvertV4MappedToIPv4);
}

// Whether a binding listens on `address`: no bind (every address), the wildcard of its
// family, or that address itself.
bool listensOn(const Binding &binding, const QHostAddress &address)
{
    if (binding.bind.isEmpty())
        return true;
    const QHostAddress bind(binding.bind);
    if (bind == QHostAddress(QHostAddress::AnyIPv4))
        return address.protocol() == QAbstractSocket::IPv4Protocol;
    if (bind == QHostAddress(QHostAddress::AnyIPv6))
        return true; // a dual-stack socket
    return bind.isEqual(address, QHostAddress::ConvertV4MappedToIPv4);
}

bool isDeviceAddress(const Device &device, const QHostAddress &source)
{
    return sameAddress(device.ip, source) || sameAddress(device.vpnIp, source);
}

// The firewall export's table: who may open a connection to a binding.
bool opensFor(const Registry &registry, int d, const Binding &binding, const QHostAddress &source)
{
    const QString &exception = binding.exception;
    if (exception == Exceptions::ReverseProxy || exception == Exceptions::NonHttp)
        return true;
    if (exception == Exceptions::Bootstrap || exception == Exceptions::Agent)
        return std::any_of(registry.devices.cbegin(), registry.devices.cend(),
                           [&](const Device &device) { return isDeviceAddress(device, source); });
    if (exception == Exceptions::ProxyBackend) {
        const int proxy = registry.proxyDeviceFor(d);
        return proxy >= 0 && isDeviceAddress(registry.devices[proxy], source);
    }
    return false;
}

QString audience(const Binding &binding)
{
    const QString &exception = binding.exception;
    if (exception == Exceptions::ReverseProxy || exception == Exceptions::NonHttp)
        return PortAuditText::tr("anywhere");
    if (exception == Exceptions::Bootstrap || exception == Exceptions::Agent)
        return PortAuditText::tr("the registry's devices");
    if (exception == Exceptions::ProxyBackend)
        return PortAuditText::tr("the proxy that serves its route");
    return PortAuditText::tr("nobody (no exception)");
}

struct PlannedHere
{
    int service = -1;
    int binding = -1;
    bool opensForSource = false;
};

// The bindings of the device that listen on address:port/protocol, the one open for the
// source first.
QVector<PlannedHere> plannedAt(const Registry &registry, int d, const QHostAddress &address,
                               int port, const QString &protocol, const QHostAddress &source)
{
    QVector<PlannedHere> planned;
    const Device &device = registry.devices[d];
    for (int s = 0; s < device.services.size(); ++s) {
        const QVector<Binding> &ports = device.services[s].ports;
        for (int b = 0; b < ports.size(); ++b) {
            const Binding &binding = ports[b];
            if (binding.effectiveProtocol() != protocol || !binding.host.contains(port) ||
                !listensOn(binding, address))
                continue;
            planned.append({s, b, opensFor(registry, d, binding, source)});
        }
    }
    std::stable_partition(planned.begin(), planned.end(),
                          [](const PlannedHere &p) { return p.opensForSource; });
    return planned;
}

// The host port a binding maps to the container's DNS port, or -1.
int dnsHostPort(const Binding &binding)
{
    if (binding.effectiveProtocol() != Protocols::Udp || !binding.container.contains(DnsPort))
        return -1;
    return binding.host.first + (DnsPort - binding.container.first);
}

} // namespace

QString AuditFinding::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Exposed:
        return QStringLiteral("exposed");
    case Kind::Closed:
        return QStringLiteral("closed");
    case Kind::Unknown:
        return QStringLiteral("unknown");
    }
    return {};
}

int DeviceAudit::count(AuditFinding::Kind kind) const
{
    return int(std::count_if(findings.cbegin(), findings.cend(),
                             [kind](const AuditFinding &f) { return f.kind == kind; }));
}

QString DeviceAudit::bindingName(const Device &device, const AuditFinding &finding)
{
    if (finding.service < 0 || finding.service >= device.services.size())
        return {};
    const Service &service = device.services[finding.service];
    if (finding.binding < 0 || finding.binding >= service.ports.size())
        return {};
    const Binding &binding = service.ports[finding.binding];
    return QStringLiteral("%1/%2/%3")
        .arg(service.name, binding.host.toString(), binding.effectiveProtocol());
}

PortAudit::PortAudit(const Registry &registry, QVector<int> devices, PortProber::Limits limits,
                     QObject *parent)
    : QObject(parent)
    , m_registry(registry)
    , m_limits(limits)
{
    for (int d : devices)
        m_results.append(DeviceAudit{d, {}, {}});
}

PortAudit::~PortAudit() = default;

bool PortAudit::wasCancelled() const
{
    return (m_prober && m_prober->wasCancelled()) || (m_secondLook && m_secondLook->wasCancelled());
}

QVector<int> PortAudit::silentWhereClosed(const QVector<PortProbe> &probes,
                                          const QVector<ProbeOutcome> &outcomes,
                                          const QVector<AuditFinding> &judged)
{
    QVector<int> doubted;
    for (int i = 0; i < probes.size() && i < outcomes.size(); ++i) {
        if (outcomes[i] != ProbeOutcome::Silent)
            continue;
        const QString protocol =
            probes[i].kind == PortProbe::Kind::DnsQuery ? Protocols::Udp : Protocols::Tcp;
        if (std::any_of(judged.cbegin(), judged.cend(), [&](const AuditFinding &finding) {
                return finding.kind == AuditFinding::Kind::Closed &&
                       finding.port == probes[i].port && finding.protocol == protocol;
            }))
            doubted << i;
    }
    return doubted;
}

QVector<PortProbe> PortAudit::probesFor(const Registry &registry, int d,
                                        const QHostAddress &address, bool sweep,
                                        const QVector<int> &extraTcp, int sshPort)
{
    const Device &device = registry.devices[d];
    // Planned ports and ssh first: their answers teach the prober how fast this host is
    // before it reaches the ports a firewall drops.
    std::bitset<65536> queued;
    QVector<PortProbe> probes;
    auto tcp = [&](int port) {
        if (port < 1 || port > 65535 || queued[size_t(port)])
            return;
        queued[size_t(port)] = true;
        probes.append({address, port, PortProbe::Kind::TcpConnect});
    };
    tcp(sshPort > 0 ? sshPort : SshDestination::effectivePort(device.ssh));
    QVector<int> dns{DnsPort};
    for (const Service &service : device.services) {
        for (const Binding &binding : service.ports) {
            if (binding.effectiveProtocol() == Protocols::Tcp) {
                for (int port = binding.host.first; port <= binding.host.last; ++port)
                    tcp(port);
            }
            const int dnsPort = dnsHostPort(binding);
            if (dnsPort > 0 && dnsPort < 65536 && !dns.contains(dnsPort))
                dns << dnsPort;
        }
    }
    for (int port : extraTcp)
        tcp(port);
    if (sweep) {
        for (int port = 1; port <= 1023; ++port)
            tcp(port);
        const PortRange range = registry.policy.range;
        for (int port = range.first; port <= range.last; ++port)
            tcp(port);
    }
    for (int port : std::as_const(dns))
        probes.append({address, port, PortProbe::Kind::DnsQuery});
    return probes;
}

QVector<AuditFinding> PortAudit::judge(const Registry &registry, int d, const QHostAddress &address,
                                       const QHostAddress &source, const QVector<PortProbe> &probes,
                                       const QVector<ProbeOutcome> &outcomes, int sshPort)
{
    const Device &device = registry.devices[d];
    const int ssh = sshPort > 0 ? sshPort : SshDestination::effectivePort(device.ssh);
    const QString where = address.toString();
    QVector<AuditFinding> findings;
    for (int i = 0; i < probes.size(); ++i) {
        const PortProbe &probe = probes[i];
        const bool udp = probe.kind == PortProbe::Kind::DnsQuery;
        const QString protocol = udp ? Protocols::Udp : Protocols::Tcp;
        const QVector<PlannedHere> planned =
            plannedAt(registry, d, address, probe.port, protocol, source);
        const bool open = !planned.isEmpty() && planned.first().opensForSource;
        const ProbeOutcome outcome = outcomes.value(i, ProbeOutcome::Pending);
        AuditFinding finding;
        finding.address = where;
        finding.port = probe.port;
        finding.protocol = protocol;
        if (!planned.isEmpty()) {
            finding.service = planned.first().service;
            finding.binding = planned.first().binding;
        }
        if (outcome == ProbeOutcome::Answered && !open && !(probe.port == ssh && !udp)) {
            finding.kind = AuditFinding::Kind::Exposed;
            if (planned.isEmpty()) {
                finding.reason = PortAuditText::tr("answers, and the plan opens nothing here");
            } else {
                const Binding &binding = device.services[finding.service].ports[finding.binding];
                finding.reason =
                    binding.exception.isEmpty()
                        ? PortAuditText::tr("answers %1, but the binding names no exception, so "
                                            "the plan opens it for nobody")
                              .arg(source.toString())
                        : PortAuditText::tr("answers %1, but %2 opens it for %3 only")
                              .arg(source.toString(), binding.exception, audience(binding));
            }
            findings.append(finding);
        } else if (outcome != ProbeOutcome::Answered && open) {
            finding.kind = AuditFinding::Kind::Closed;
            const Binding &binding = device.services[finding.service].ports[finding.binding];
            finding.reason =
                (outcome == ProbeOutcome::Refused
                     ? PortAuditText::tr("planned (%1, from %2), but nothing listens (refused)")
                     : PortAuditText::tr("planned (%1, from %2), but no answer (dropped, or "
                                         "nothing there)"))
                    .arg(binding.exception, audience(binding));
            findings.append(finding);
        }
    }
    // What no probe can tell: planned for this source, but udp without a known protocol, sctp.
    for (int s = 0; s < device.services.size(); ++s) {
        const QVector<Binding> &ports = device.services[s].ports;
        for (int b = 0; b < ports.size(); ++b) {
            const Binding &binding = ports[b];
            const QString protocol = binding.effectiveProtocol();
            if (protocol == Protocols::Tcp || dnsHostPort(binding) > 0 ||
                !listensOn(binding, address) || !opensFor(registry, d, binding, source))
                continue;
            AuditFinding finding;
            finding.kind = AuditFinding::Kind::Unknown;
            finding.address = where;
            finding.port = binding.host.first;
            finding.protocol = protocol;
            finding.service = s;
            finding.binding = b;
            finding.reason =
                protocol == Protocols::Udp
                    ? PortAuditText::tr("no probe can tell: udp answers only a "
                                        "protocol it speaks, and this one is not DNS")
                    : PortAuditText::tr("no probe can tell: %1 is not probed").arg(protocol);
            findings.append(finding);
        }
    }
    std::stable_sort(findings.begin(), findings.end(),
                     [](const AuditFinding &a, const AuditFinding &b) {
                         return std::tie(a.port, a.protocol) < std::tie(b.port, b.protocol);
                     });
    return findings;
}

void PortAudit::start()
{
    for (int r = 0; r < m_results.size(); ++r) {
        const Device &device = m_registry.devices[m_results[r].device];
        QStringList addresses{device.ip};
        if (!device.vpnIp.isEmpty() && !sameAddress(device.vpnIp, QHostAddress(device.ip)))
            addresses << device.vpnIp;
        for (const QString &text : std::as_const(addresses)) {
            AuditedAddress audited;
            audited.address = text;
            const QHostAddress address(text);
            if (address.isNull()) {
                audited.error = PortAuditText::tr("\"%1\" is not an IP address (invalid-value "
                                                  "in validate): not probed")
                                    .arg(TextRules::forTerminal(text));
            } else {
                const QHostAddress source = PortProber::sourceFor(address);
                if (source.isNull()) {
                    audited.error =
                        PortAuditText::tr("no route from this machine to %1: not probed").arg(text);
                } else {
                    audited.source = source.toString();
                    const QVector<PortProbe> probes =
                        probesFor(m_registry, m_results[r].device, address);
                    audited.probed = int(probes.size());
                    m_slices.append({r, int(m_results[r].addresses.size()), int(m_probes.size()),
                                     int(probes.size())});
                    m_probes += probes;
                }
            }
            m_results[r].addresses.append(audited);
        }
    }
    m_prober = std::make_unique<PortProber>(m_probes, m_limits);
    connect(m_prober.get(), &PortProber::progress, this, &PortAudit::progress);
    connect(m_prober.get(), &PortProber::finished, this, &PortAudit::complete);
    m_prober->start();
}

void PortAudit::cancel()
{
    if (m_prober)
        m_prober->cancel();
    if (m_secondLook)
        m_secondLook->cancel();
}

// A gateway, a transparent proxy or a captive portal between here and the device may complete
// every handshake itself: then each answer says nothing about the device, and judging them would
// call every unplanned port exposed. Hundreds of ports, all answering, is no real host.
QString PortAudit::everyPortAnswered(const QVector<PortProbe> &probes,
                                     const QVector<ProbeOutcome> &outcomes)
{
    int tcp = 0;
    int answered = 0;
    for (int i = 0; i < probes.size() && i < outcomes.size(); ++i) {
        if (probes[i].kind != PortProbe::Kind::TcpConnect)
            continue;
        ++tcp;
        answered += outcomes[i] == ProbeOutcome::Answered;
    }
    if (tcp < 200 || answered < tcp)
        return {};
    return PortAuditText::tr("every one of the %1 tcp ports probed answered: something between "
                             "here and the device (a gateway, a transparent proxy) accepts every "
                             "connection, so the answers do not tell what the device listens on; "
                             "not judged. Audit from a machine on the device's own network.")
        .arg(tcp);
}

void PortAudit::complete()
{
    if (m_finished)
        return;
    if (!wasCancelled()) {
        if (!m_secondLook) {
            m_outcomes = m_prober->outcomes();
            if (lookAgain())
                return; // complete() again once the second look is done
        } else {
            const QVector<ProbeOutcome> &again = m_secondLook->outcomes();
            for (int i = 0; i < m_lookedAgainAt.size() && i < again.size(); ++i)
                m_outcomes[m_lookedAgainAt[i]] = again[i];
        }
        judgeAll();
    }
    m_finished = true;
    emit finished();
}

// Each address judged from its first look, and the probes it would call closed looked at once
// more, all in one prober.
bool PortAudit::lookAgain()
{
    QVector<PortProbe> doubted;
    for (const Slice &slice : std::as_const(m_slices)) {
        const QVector<PortProbe> probes = m_probes.mid(slice.first, slice.count);
        const QVector<ProbeOutcome> outcomes = m_outcomes.mid(slice.first, slice.count);
        if (!everyPortAnswered(probes, outcomes).isEmpty())
            continue;
        const DeviceAudit &result = m_results[slice.result];
        const AuditedAddress &audited = result.addresses[slice.address];
        const QVector<AuditFinding> judged =
            judge(m_registry, result.device, QHostAddress(audited.address),
                  QHostAddress(audited.source), probes, outcomes);
        for (const int i : silentWhereClosed(probes, outcomes, judged)) {
            doubted << probes[i];
            m_lookedAgainAt << slice.first + i;
        }
    }
    if (doubted.isEmpty())
        return false;
    PortProber::Limits limits = m_limits;
    limits.adaptive = false;
    // A prober of its own: the first one is still emitting its finished() here.
    m_secondLook = std::make_unique<PortProber>(doubted, limits);
    connect(m_secondLook.get(), &PortProber::progress, this, &PortAudit::progress);
    connect(m_secondLook.get(), &PortProber::finished, this, &PortAudit::complete);
    emit lookingAgain(int(doubted.size()), limits.timeoutMs);
    m_secondLook->start();
    return true;
}

void PortAudit::judgeAll()
{
    for (const Slice &slice : std::as_const(m_slices)) {
        DeviceAudit &result = m_results[slice.result];
        AuditedAddress &audited = result.addresses[slice.address];
        const QString middlebox = everyPortAnswered(m_probes.mid(slice.first, slice.count),
                                                    m_outcomes.mid(slice.first, slice.count));
        if (!middlebox.isEmpty()) {
            audited.error = middlebox;
            continue;
        }
        result.findings += judge(
            m_registry, result.device, QHostAddress(audited.address), QHostAddress(audited.source),
            m_probes.mid(slice.first, slice.count), m_outcomes.mid(slice.first, slice.count));
    }
}

bool PortAudit::hasFindings(const QVector<DeviceAudit> &results)
{
    return std::any_of(results.cbegin(), results.cend(), [](const DeviceAudit &r) {
        return r.count(AuditFinding::Kind::Exposed) + r.count(AuditFinding::Kind::Closed) > 0;
    });
}

bool PortAudit::hasErrors(const QVector<DeviceAudit> &results)
{
    return std::any_of(results.cbegin(), results.cend(), [](const DeviceAudit &r) {
        return std::any_of(r.addresses.cbegin(), r.addresses.cend(),
                           [](const AuditedAddress &a) { return !a.error.isEmpty(); });
    });
}

QString PortAudit::toText(const Registry &registry, const QVector<DeviceAudit> &results)
{
    QString text;
    for (const DeviceAudit &result : results) {
        const Device &device = registry.devices[result.device];
        for (const AuditedAddress &audited : result.addresses) {
            if (!audited.error.isEmpty()) {
                text += PortAuditText::tr("%1 %2: %3\n")
                            .arg(TextRules::forTerminal(device.name),
                                 TextRules::forTerminal(audited.address), audited.error);
                continue;
            }
            const auto here = [&](AuditFinding::Kind kind) {
                return std::count_if(result.findings.cbegin(), result.findings.cend(),
                                     [&](const AuditFinding &f) {
                                         return f.kind == kind && f.address == audited.address;
                                     });
            };
            text += PortAuditText::tr("%1 %2, probed from %3: %4 ports, %5 exposed, %6 closed, "
                                      "%7 unknown\n")
                        .arg(TextRules::forTerminal(device.name), audited.address, audited.source)
                        .arg(audited.probed)
                        .arg(here(AuditFinding::Kind::Exposed))
                        .arg(here(AuditFinding::Kind::Closed))
                        .arg(here(AuditFinding::Kind::Unknown));
            for (const AuditFinding &finding : result.findings) {
                if (finding.address != audited.address)
                    continue;
                const QString binding = DeviceAudit::bindingName(device, finding);
                text +=
                    QStringLiteral("  %1  %2  %3%4\n")
                        .arg(AuditFinding::kindName(finding.kind), -7)
                        .arg(QStringLiteral("%1/%2").arg(finding.port).arg(finding.protocol), -10)
                        .arg(binding.isEmpty()
                                 ? QString()
                                 : TextRules::forTerminal(binding) + QStringLiteral(": "),
                             finding.reason);
            }
        }
    }
    return text;
}

QJsonObject PortAudit::toJson(const Registry &registry, const QVector<DeviceAudit> &results)
{
    QJsonArray devices;
    for (const DeviceAudit &result : results) {
        const Device &device = registry.devices[result.device];
        QJsonArray addresses;
        QJsonValue source = QJsonValue::Null;
        for (const AuditedAddress &audited : result.addresses) {
            if (source.isNull() && !audited.source.isEmpty())
                source = audited.source;
            addresses.append(
                QJsonObject{{QStringLiteral("address"), audited.address},
                            {QStringLiteral("source"),
                             audited.source.isEmpty() ? QJsonValue() : QJsonValue(audited.source)},
                            {QStringLiteral("probed"), audited.probed},
                            {QStringLiteral("error"),
                             audited.error.isEmpty() ? QJsonValue() : QJsonValue(audited.error)}});
        }
        QJsonArray findings;
        for (const AuditFinding &finding : result.findings) {
            const QString binding = DeviceAudit::bindingName(device, finding);
            findings.append(QJsonObject{
                {QStringLiteral("kind"), AuditFinding::kindName(finding.kind)},
                {QStringLiteral("address"), finding.address},
                {QStringLiteral("port"), finding.port},
                {QStringLiteral("protocol"), finding.protocol},
                {QStringLiteral("binding"), binding.isEmpty() ? QJsonValue() : QJsonValue(binding)},
                {QStringLiteral("reason"), finding.reason}});
        }
        devices.append(QJsonObject{{QStringLiteral("device"), device.name},
                                   {QStringLiteral("source"), source},
                                   {QStringLiteral("addresses"), addresses},
                                   {QStringLiteral("findings"), findings}});
    }
    return QJsonObject{{QStringLiteral("devices"), devices}};
}

} // namespace portolan
