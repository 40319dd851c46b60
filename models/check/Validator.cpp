#include "check/Validator.h"

#include "domain/ParallelSections.h"

#include "check/CrossDeviceIndex.h"
#include "domain/BlockLayout.h"
#include "domain/IpAddress.h"
#include "domain/SshDestination.h"
#include "domain/TextRules.h"
#include "domain/WellKnownPorts.h"

#include <QHash>
#include <QHostAddress>
#include <QRegularExpression>

#include <algorithm>

#include <atomic>
#include <future>
#include <utility>

namespace portolan {

namespace {

constexpr int EphemeralFirst = 32768;
constexpr int EphemeralLast = 60999;

Finding makeFinding(Severity severity, const QString &code, const QString &message)
{
    Finding finding;
    finding.severity = severity;
    finding.code = code;
    finding.message = message;
    return finding;
}

Finding deviceFinding(Severity severity, const QString &code, const Registry &registry,
                      int deviceIndex, const QString &message, const QString &field = QString())
{
    Finding finding = makeFinding(severity, code, message);
    finding.field = field;
    finding.device = registry.devices[deviceIndex].name;
    finding.where.device = deviceIndex;
    return finding;
}

Finding serviceFinding(Severity severity, const QString &code, const Registry &registry,
                       int deviceIndex, int serviceIndex, const QString &message,
                       const QString &field = QString())
{
    Finding finding = deviceFinding(severity, code, registry, deviceIndex, message, field);
    finding.service = registry.devices[deviceIndex].services[serviceIndex].name;
    finding.where.service = serviceIndex;
    return finding;
}

// A finding on one binding: its port and (when valid) protocol named.
Finding bindingFinding(Severity severity, const QString &code, const Registry &registry,
                       int deviceIndex, int serviceIndex, int bindingIndex, const QString &message,
                       const QString &field)
{
    Finding finding =
        serviceFinding(severity, code, registry, deviceIndex, serviceIndex, message, field);
    const Binding &binding =
        registry.devices[deviceIndex].services[serviceIndex].ports[bindingIndex];
    const QString protocol = binding.effectiveProtocol();
    finding.where.binding = bindingIndex;
    finding.port = binding.host;
    finding.protocol = Protocols::isKnown(protocol) ? protocol : QString();
    return finding;
}

bool isValidPort(int port)
{
    return port >= 1 && port <= 65535;
}

} // namespace

Validator::Validator(const WellKnownPorts *wellKnown)
    : m_wellKnown(wellKnown)
{}

// These run once per device, service and route on every full check (500,000 times on the
// 100k-binding benchmark), so they test characters directly instead of running a regular
// expression; tst_validator holds the accepted and refused spellings.
namespace {

bool isAsciiAlnum(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9');
}

// [A-Za-z0-9._-]+
bool isNameToken(const QString &text)
{
    if (text.isEmpty())
        return false;
    return std::all_of(text.cbegin(), text.cend(), [](QChar c) {
        return isAsciiAlnum(c) || c == u'.' || c == u'_' || c == u'-';
    });
}

} // namespace

bool Validator::isValidDeviceName(const QString &name)
{
    return isNameToken(name);
}

bool Validator::isValidServiceName(const QString &name)
{
    // Compose's own rule for service names (compose-spec.json): ^[a-zA-Z0-9._-]+$
    return isNameToken(name);
}

bool Validator::isValidHostName(const QString &host)
{
    // One or more DNS labels: letters, digits, inner dashes, at most 63 characters each. Read
    // as UTF-16 units, each tested once (every route's host is, twice).
    if (host.isEmpty() || host.size() > 253)
        return false;
    const auto *unit = reinterpret_cast<const char16_t *>(host.constData());
    const char16_t *const end = unit + host.size();
    const char16_t *labelStart = unit;
    for (;; ++unit) {
        if (unit != end && *unit != u'.') {
            if (!isAsciiAlnum(*unit) && *unit != u'-')
                return false;
            continue;
        }
        const auto length = unit - labelStart;
        if (length < 1 || length > 63 || *labelStart == u'-' || unit[-1] == u'-')
            return false;
        if (unit == end)
            return true;
        labelStart = unit + 1;
    }
}

bool Validator::isValidPurpose(const QString &purpose)
{
    // ^[a-z][a-z0-9_-]*$
    if (purpose.isEmpty() || purpose[0] < u'a' || purpose[0] > u'z')
        return false;
    return std::all_of(purpose.cbegin(), purpose.cend(), [](QChar c) {
        const char16_t u = c.unicode();
        return (u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9') || u == u'_' || u == u'-';
    });
}

bool Validator::isValidImage(const QString &image)
{
    // The grammar of github.com/distribution/reference, which docker applies.
    static const QRegularExpression reference(QStringLiteral(
        "^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
        ")*"
        "(?::[0-9]+)?/)?"
        "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
        "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?"
        "(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,})?\\z"));
    return image.size() <= 255 && reference.match(image).hasMatch();
}

bool Validator::isValidSshDestination(const QString &destination)
{
    return SshDestination::parse(destination).valid;
}

Findings Validator::validate(const Registry &registry) const
{
    // A large registry is checked on two threads: one starts with the checks across devices,
    // and both take devices, a few at a time, until none is left (the across-device checks are
    // too long to pair with a fixed half). The findings are the same, in the same order, as one
    // thread's.
    const int devices = int(registry.devices.size());
    if (devices < 64) {
        Findings findings = checkPolicy(registry);
        for (int d = 0; d < devices; ++d)
            findings += checkDevice(registry, d);
        findings += checkAcrossDevices(registry);
        sortFindings(findings);
        return findings;
    }
    Findings acrossDevices;
    std::vector<Findings> perDevice = inParallel(
        devices, [&](int d) { return checkDevice(registry, d); },
        [&] { acrossDevices = checkAcrossDevices(registry); });
    Findings findings = checkPolicy(registry);
    // Joined in one allocation, each list moved: 100,000 devices with a finding each spent
    // longer joining their findings (copied, in steps of growth) than checking them.
    qsizetype total = findings.size() + acrossDevices.size();
    for (const Findings &found : perDevice)
        total += found.size();
    findings.reserve(total);
    for (Findings &found : perDevice)
        findings.append(std::move(found));
    findings.append(std::move(acrossDevices));
    sortFindings(findings);
    return findings;
}

std::vector<Findings> Validator::inParallel(int devices,
                                            const std::function<Findings(int)> &checkOne,
                                            const std::function<void()> &besides)
{
    std::vector<Findings> perDevice(static_cast<std::size_t>(devices));
    ParallelSections::forEach(
        devices, [&](int d) { perDevice[std::size_t(d)] = checkOne(d); }, besides);
    return perDevice;
}

Findings Validator::validateDevices(const Registry &registry, const QVector<int> &devices) const
{
    Findings findings = checkPolicy(registry);
    for (const int d : devices)
        findings += checkDevice(registry, d);
    findings += checkAcrossDevices(registry);
    sortFindings(findings);
    return findings;
}

void Validator::sortFindings(Findings &findings)
{
    std::stable_sort(findings.begin(), findings.end(),
                     [](const Finding &a, const Finding &b) { return a.where < b.where; });
}

Findings Validator::checkPolicy(const Registry &registry) const
{
    Findings out;
    const Policy &policy = registry.policy;
    auto policyError = [&out](const QString &field, const QString &message) {
        Finding finding = makeFinding(Severity::Error, FindingCode::InvalidValue, message);
        finding.field = field;
        out.append(finding);
    };

    if (!isValidHostName(policy.domain))
        policyError(
            QStringLiteral("domain"),
            tr("domain \"%1\" is not a valid DNS name").arg(TextRules::forTerminal(policy.domain)));
    if (!isValidHostName(policy.internalSubdomain))
        policyError(QStringLiteral("internal_subdomain"),
                    tr("internal_subdomain \"%1\" is not a valid DNS name")
                        .arg(TextRules::forTerminal(policy.internalSubdomain)));
    else if (isValidHostName(policy.domain) && policy.internalDomain().size() > 253)
        // Each label within 63 characters, the whole name too long: unbound refuses to start.
        policyError(QStringLiteral("internal_subdomain"),
                    tr("the internal zone %1 is %2 characters; a DNS name holds at most 253")
                        .arg(policy.internalDomain())
                        .arg(policy.internalDomain().size()));

    const PortRange &range = policy.range;
    const bool rangeValid =
        isValidPort(range.first) && isValidPort(range.last) && range.first <= range.last;
    if (!isValidPort(range.first) || !isValidPort(range.last))
        policyError(QStringLiteral("range"),
                    tr("range %1-%2 is not within ports 1-65535").arg(range.first).arg(range.last));
    else if (range.first > range.last)
        policyError(QStringLiteral("range"),
                    tr("range start %1 is after its end %2").arg(range.first).arg(range.last));

    const int blockSize = policy.effectiveBlockSize();
    if (blockSize < 1)
        policyError(QStringLiteral("block_size"),
                    tr("block_size %1 must be at least 1").arg(blockSize));

    for (int b = 0; b < policy.blocks.size(); ++b) {
        if (!isValidPurpose(policy.blocks[b].purpose))
            policyError(QStringLiteral("blocks"),
                        tr("block %1 purpose \"%2\" is not a lowercase word")
                            .arg(b + 1)
                            .arg(TextRules::forTerminal(policy.blocks[b].purpose)));
        const QString labelProblem =
            TextRules::oneLineProblem(tr("block %1 label").arg(b + 1), policy.blocks[b].label);
        if (!labelProblem.isEmpty())
            policyError(QStringLiteral("blocks"), labelProblem);
    }
    // Written into compose labels and Traefik files as they are: names, nothing else.
    const std::pair<const char *, const QString *> proxyNames[] = {
        {"proxy_network", &policy.proxyNetwork},
        {"external_entrypoint", &policy.externalEntrypoint},
        {"internal_entrypoint", &policy.internalEntrypoint}};
    for (const auto &[key, value] : proxyNames) {
        if (!value->isEmpty() && !isNameToken(*value))
            policyError(QLatin1String(key),
                        tr("%1 \"%2\" may only hold letters, digits, '.', '_' and '-'")
                            .arg(QLatin1String(key), TextRules::forTerminal(*value)));
    }
    if (!policy.proxyDevice.isEmpty() && !isValidDeviceName(policy.proxyDevice))
        policyError(QStringLiteral("proxy_device"),
                    tr("proxy_device \"%1\" may only hold letters, digits, '.', '_' and '-'")
                        .arg(TextRules::forTerminal(policy.proxyDevice)));

    if (rangeValid && blockSize >= 1) {
        const BlockLayout layout(policy);
        if (policy.blocks.size() > layout.capacity()) {
            Finding finding =
                makeFinding(Severity::Error, FindingCode::BlocksExceedRange,
                            tr("%1 blocks of %2 ports need %3 ports; range %4 holds %5 (%6 blocks)")
                                .arg(policy.blocks.size())
                                .arg(blockSize)
                                .arg(qint64(policy.blocks.size()) * blockSize)
                                .arg(range.toString())
                                .arg(range.length())
                                .arg(layout.capacity()));
            finding.field = QStringLiteral("blocks");
            out.append(finding);
        }
    }

    if (rangeValid && range.first <= EphemeralLast && range.last >= EphemeralFirst) {
        Finding finding =
            makeFinding(Severity::Warning, FindingCode::EphemeralOverlap,
                        tr("range %1-%2 overlaps the kernel's ephemeral ports %3-%4: outgoing "
                           "connections may take a planned port")
                            .arg(range.first)
                            .arg(range.last)
                            .arg(EphemeralFirst)
                            .arg(EphemeralLast));
        finding.port = PortRange::span(std::max(range.first, EphemeralFirst),
                                       std::min(range.last, EphemeralLast));
        finding.field = QStringLiteral("range");
        out.append(finding);
    }
    return out;
}

// A service's route: its name, scope and port, and who serves it.
void Validator::checkRoute(const Registry &registry, int deviceIndex, int serviceIndex,
                           bool runsProxy, Findings &out) const
{
    const Device &device = registry.devices[deviceIndex];
    const Route &route = *device.services[serviceIndex].route;
    // Its own device's proxy serves it, else the policy's proxy_device (checked
    // against the device names elsewhere: unknown-proxy-device).
    if (registry.policy.proxyDevice.isEmpty() && !runsProxy) {
        Finding finding = serviceFinding(
            Severity::Warning, FindingCode::RouteWithoutProxy, registry, deviceIndex, serviceIndex,
            tr("route %1: %2 runs no reverse proxy and the policy names no proxy_device "
               "to serve it")
                .arg(registry.routeFqdn(route), TextRules::forTerminal(device.name)),
            QStringLiteral("route.host"));
        if (route.port)
            finding.port = PortRange::single(*route.port);
        out.append(finding);
    }
    // Served by the proxy on another device: that proxy reaches it only through a port opened
    // for it. Decided from this device and the policy alone, so an edit re-checks one device
    // (whether proxy_device names a device is unknown-proxy-device's to say).
    const QString &proxyDevice = registry.policy.proxyDevice;
    const Service &service = device.services[serviceIndex];
    if (route.port && !proxyDevice.isEmpty() && proxyDevice != device.name && !runsProxy &&
        service.proxyBackend() < 0) {
        Finding finding = serviceFinding(
            Severity::Error, FindingCode::RouteUnreachable, registry, deviceIndex, serviceIndex,
            tr("route %1 is served by the proxy on %2, which cannot reach it: no binding with "
               "exception proxy-backend publishes container port %3/tcp on %4")
                .arg(registry.routeFqdn(route), TextRules::forTerminal(proxyDevice))
                .arg(*route.port)
                .arg(TextRules::forTerminal(device.name)),
            QStringLiteral("route.port"));
        finding.port = PortRange::single(*route.port);
        out.append(finding);
    }
    // Lower case can lengthen a name at most threefold: a short one is never built to be measured.
    const qsizetype longestFqdn = 3 * (route.host.size() + 1 + registry.policy.domain.size() +
                                       registry.policy.internalSubdomain.size() + 1);
    if (isValidHostName(route.host) && longestFqdn > 253 &&
        registry.routeFqdn(route).size() > 253) {
        out.append(serviceFinding(Severity::Error, FindingCode::InvalidValue, registry, deviceIndex,
                                  serviceIndex,
                                  tr("route name %1 is %2 characters; a DNS name holds at most "
                                     "253")
                                      .arg(registry.routeFqdn(route))
                                      .arg(registry.routeFqdn(route).size()),
                                  QStringLiteral("route.host")));
    }
    if (route.host == ApexHost && route.scope == Scopes::Internal)
        out.append(serviceFinding(
            Severity::Error, FindingCode::InvalidValue, registry, deviceIndex, serviceIndex,
            tr("route host \"@\" is the domain itself, which is external: an internal route "
               "names a host under %1")
                .arg(registry.policy.internalDomain()),
            QStringLiteral("route.host")));
    else if (route.host != ApexHost && !isValidHostName(route.host))
        out.append(serviceFinding(
            Severity::Error, FindingCode::InvalidValue, registry, deviceIndex, serviceIndex,
            tr("route host \"%1\" is not a valid DNS name").arg(TextRules::forTerminal(route.host)),
            QStringLiteral("route.host")));
    if (route.scope != Scopes::External && route.scope != Scopes::Internal)
        out.append(serviceFinding(Severity::Error, FindingCode::InvalidValue, registry, deviceIndex,
                                  serviceIndex,
                                  tr("route scope \"%1\" must be external or internal")
                                      .arg(TextRules::forTerminal(route.scope)),
                                  QStringLiteral("route.scope")));
    if (!route.port) {
        out.append(serviceFinding(Severity::Error, FindingCode::RouteWithoutPort, registry,
                                  deviceIndex, serviceIndex,
                                  tr("route %1 names no container port for the proxy to forward to")
                                      .arg(registry.routeFqdn(route)),
                                  QStringLiteral("route.port")));
    } else if (!isValidPort(*route.port)) {
        Finding finding = serviceFinding(
            Severity::Error, FindingCode::InvalidValue, registry, deviceIndex, serviceIndex,
            tr("route port %1 is not in 1-65535").arg(*route.port), QStringLiteral("route.port"));
        finding.port = PortRange::single(*route.port);
        out.append(finding);
    }
}

Findings Validator::checkDevice(const Registry &registry, int deviceIndex) const
{
    Findings out;
    const Device &device = registry.devices[deviceIndex];
    // Once per device, not per route: it walks every binding.
    const bool runsProxy = device.runsReverseProxy();

    if (!isValidDeviceName(device.name))
        out.append(
            deviceFinding(Severity::Error, FindingCode::InvalidValue, registry, deviceIndex,
                          tr("device name \"%1\" may only hold letters, digits, '.', '_' and '-'")
                              .arg(TextRules::forTerminal(device.name)),
                          QStringLiteral("name")));
    if (!IpAddress::isValid(device.ip))
        out.append(deviceFinding(
            Severity::Error, FindingCode::InvalidValue, registry, deviceIndex,
            tr("ip \"%1\" is not an IPv4 or IPv6 address").arg(TextRules::forTerminal(device.ip)),
            QStringLiteral("ip")));
    if (!device.vpnIp.isEmpty() && !IpAddress::isValid(device.vpnIp))
        out.append(deviceFinding(Severity::Error, FindingCode::InvalidValue, registry, deviceIndex,
                                 tr("vpn_ip \"%1\" is not an IPv4 or IPv6 address")
                                     .arg(TextRules::forTerminal(device.vpnIp)),
                                 QStringLiteral("vpn_ip")));
    if (!device.ssh.isEmpty() && !isValidSshDestination(device.ssh))
        out.append(
            deviceFinding(Severity::Error, FindingCode::InvalidValue, registry, deviceIndex,
                          tr("ssh \"%1\" is not an ssh destination ([user@]host, user@IPv6, "
                             "ssh://[user@]host[:port], ssh://[user@][IPv6]:port or a Host alias)")
                              .arg(TextRules::forTerminal(device.ssh)),
                          QStringLiteral("ssh")));

    if (const QString problem =
            TextRules::oneLineProblem(QStringLiteral("description"), device.description);
        !problem.isEmpty())
        out.append(deviceFinding(Severity::Error, FindingCode::InvalidValue, registry, deviceIndex,
                                 problem, QStringLiteral("description")));

    QSet<QString> purposes;
    for (const Block &block : registry.policy.blocks)
        purposes.insert(block.purpose);

    QHash<QString, int> serviceNames;
    if (!m_valuesOnly)
        serviceNames.reserve(device.services.size());
    for (int s = 0; s < device.services.size(); ++s) {
        const Service &service = device.services[s];
        if (!isValidServiceName(service.name))
            out.append(serviceFinding(
                Severity::Error, FindingCode::InvalidValue, registry, deviceIndex, s,
                tr("service name \"%1\" may only hold letters, digits, '.', '_' and '-'")
                    .arg(TextRules::forTerminal(service.name)),
                QStringLiteral("name")));
        const auto seen =
            m_valuesOnly ? serviceNames.constEnd() : serviceNames.constFind(service.name);
        if (seen != serviceNames.constEnd()) {
            Finding finding = serviceFinding(
                Severity::Error, FindingCode::DuplicateService, registry, deviceIndex, s,
                tr("service \"%1\" is already defined on %2 (service %3)")
                    .arg(TextRules::forTerminal(service.name), TextRules::forTerminal(device.name))
                    .arg(*seen + 1),
                QStringLiteral("name"));
            finding.related = {deviceIndex, *seen, -1};
            out.append(finding);
        } else if (!m_valuesOnly) {
            serviceNames.insert(service.name, s);
        }
        if (const QString problem =
                TextRules::oneLineProblem(QStringLiteral("notes"), service.notes);
            !problem.isEmpty())
            out.append(serviceFinding(Severity::Error, FindingCode::InvalidValue, registry,
                                      deviceIndex, s, problem, QStringLiteral("notes")));
        if (!service.image.isEmpty() && !isValidImage(service.image))
            out.append(serviceFinding(Severity::Error, FindingCode::InvalidValue, registry,
                                      deviceIndex, s,
                                      tr("image \"%1\" is not an image reference "
                                         "([registry/]name[:tag][@digest])")
                                          .arg(TextRules::forTerminal(service.image)),
                                      QStringLiteral("image")));
        if (!m_valuesOnly && !purposes.contains(service.category))
            out.append(serviceFinding(Severity::Error, FindingCode::UnknownCategory, registry,
                                      deviceIndex, s,
                                      tr("category \"%1\" is not the purpose of any block")
                                          .arg(TextRules::forTerminal(service.category)),
                                      QStringLiteral("category")));

        if (service.route)
            checkRoute(registry, deviceIndex, s, runsProxy, out);

        for (int b = 0; b < service.ports.size(); ++b)
            checkBinding(registry, deviceIndex, s, b, out);
    }

    if (!m_valuesOnly)
        checkConflicts(registry, deviceIndex, out);
    return out;
}

void Validator::checkBinding(const Registry &registry, int deviceIndex, int serviceIndex,
                             int bindingIndex, Findings &out) const
{
    const Service &service = registry.devices[deviceIndex].services[serviceIndex];
    const Binding &binding = service.ports[bindingIndex];
    const QString protocol = binding.effectiveProtocol();
    const bool protocolValid = Protocols::isKnown(protocol);

    auto add = [&](Severity severity, const QString &code, const QString &field,
                   const QString &message) {
        out.append(bindingFinding(severity, code, registry, deviceIndex, serviceIndex, bindingIndex,
                                  message, field));
        return &out.last();
    };

    auto checkPortValues = [&](const PortRange &ports, const QString &which) {
        if (!isValidPort(ports.first) || !isValidPort(ports.last)) {
            add(Severity::Error, FindingCode::InvalidValue, which,
                tr("%1 port %2 is not in 1-65535").arg(which, ports.toString()));
            return false;
        }
        if (ports.first > ports.last) {
            add(Severity::Error, FindingCode::InvalidValue, which,
                tr("%1 range %2 starts after it ends").arg(which, ports.toString()));
            return false;
        }
        return true;
    };
    const bool hostValid = checkPortValues(binding.host, QStringLiteral("host"));
    const bool containerValid = checkPortValues(binding.container, QStringLiteral("container"));
    if (hostValid && containerValid && binding.host.length() != binding.container.length())
        add(Severity::Error, FindingCode::InvalidValue, QStringLiteral("container"),
            tr("host %1 spans %2 ports but container %3 spans %4")
                .arg(binding.host.toString())
                .arg(binding.host.length())
                .arg(binding.container.toString())
                .arg(binding.container.length()));
    if (!protocolValid)
        add(Severity::Error, FindingCode::InvalidValue, QStringLiteral("protocol"),
            tr("protocol \"%1\" must be tcp, udp or sctp")
                .arg(TextRules::forTerminal(binding.protocol)));
    if (binding.exception == Exceptions::ProxyBackend && binding.bind.isEmpty())
        add(Severity::Warning, FindingCode::BackendOpen, QStringLiteral("bind"),
            tr("proxy-backend binding %1 listens on every address: bind it to the address the "
               "proxy reaches (the device's LAN or VPN address)")
                .arg(binding.hostLabel()));
    if (!binding.bind.isEmpty()) {
        if (!IpAddress::isValid(binding.bind))
            add(Severity::Error, FindingCode::InvalidValue, QStringLiteral("bind"),
                tr("bind \"%1\" is not an IPv4 or IPv6 address")
                    .arg(TextRules::forTerminal(binding.bind)));
    }

    if (const QString problem = TextRules::oneLineProblem(QStringLiteral("notes"), binding.notes);
        !problem.isEmpty())
        add(Severity::Error, FindingCode::InvalidValue, QStringLiteral("notes"), problem);
    if (m_valuesOnly)
        return;

    if (binding.exception.isEmpty())
        add(Severity::Error, FindingCode::BindingWithoutException, QStringLiteral("exception"),
            tr("host binding %1 names no exception; host ports are closed by default "
               "(one of: %2)")
                .arg(binding.hostLabel(), Exceptions::all().join(QStringLiteral(", "))));
    else if (!Exceptions::isKnown(binding.exception))
        add(Severity::Error, FindingCode::UnknownException, QStringLiteral("exception"),
            tr("exception \"%1\" is not one of %2")
                .arg(TextRules::forTerminal(binding.exception),
                     Exceptions::all().join(QStringLiteral(", "))));

    if (!hostValid)
        return;

    const Policy &policy = registry.policy;
    const PortRange &range = policy.range;
    const bool insideRange = binding.host.first >= range.first && binding.host.last <= range.last;
    if (!insideRange && binding.exception.isEmpty())
        add(Severity::Error, FindingCode::OutOfRange, QStringLiteral("host"),
            tr("host port %1 is outside the range %2-%3 and names no exception")
                .arg(binding.host.toString())
                .arg(range.first)
                .arg(range.last));

    if (policy.effectiveBlockSize() < 1)
        return;
    const BlockLayout layout(policy);
    const auto [firstBlock, lastBlock] = layout.blocksTouched(binding.host);
    bool reportedReserved = false;
    bool reportedWrong = false;
    for (int b = firstBlock; b >= 0 && b <= lastBlock; ++b) {
        const Block &block = policy.blocks[b];
        const PortRange blockPorts = layout.blockRange(b);
        if (block.isReserved() && !reportedReserved) {
            reportedReserved = true;
            add(Severity::Error, FindingCode::ReservedBlock, QStringLiteral("host"),
                tr("host port %1 is in reserved block %2 (%3)")
                    .arg(binding.host.toString())
                    .arg(b + 1)
                    .arg(blockPorts.toString()));
        } else if (!block.isReserved() && block.purpose != service.category && !reportedWrong) {
            reportedWrong = true;
            add(Severity::Warning, FindingCode::WrongBlock, QStringLiteral("host"),
                tr("host port %1 is in the %2 block (%3), but the service's category "
                   "is %4")
                    .arg(binding.host.toString(), block.displayName(), blockPorts.toString(),
                         service.category));
        }
    }

    if (protocolValid)
        checkWellKnownPorts(registry, deviceIndex, serviceIndex, bindingIndex, out);
}

// A host port inside the range that the services files register to another service name.
void Validator::checkWellKnownPorts(const Registry &registry, int deviceIndex, int serviceIndex,
                                    int bindingIndex, Findings &out) const
{
    const Service &service = registry.devices[deviceIndex].services[serviceIndex];
    const Binding &binding = service.ports[bindingIndex];
    const QString protocol = binding.effectiveProtocol();
    const PortRange &range = registry.policy.range;
    if (!m_wellKnown || m_wellKnown->isEmpty())
        return;
    // One finding per binding, however wide: a range over many registered ports lists a few.
    QStringList others;
    int firstPort = 0;
    int count = 0;
    for (int port : m_wellKnown->registeredIn(std::max(binding.host.first, range.first),
                                              std::min(binding.host.last, range.last), protocol)) {
        const QStringList names = m_wellKnown->names(port, protocol);
        if (names.contains(service.name, Qt::CaseInsensitive))
            continue;
        if (count++ == 0)
            firstPort = port;
        if (others.size() < 5)
            others << QStringLiteral("%1 (%2)").arg(port).arg(names.first());
    }
    if (count == 0)
        return;
    Finding finding = bindingFinding(
        Severity::Info, FindingCode::WellKnownPort, registry, deviceIndex, serviceIndex,
        bindingIndex,
        count == 1 ? tr("%1/%2 is registered to %3, not %4")
                         .arg(QString::number(firstPort), protocol,
                              m_wellKnown->names(firstPort, protocol).first(), service.name)
                   : tr("%1/%2 holds %3 ports registered to other services: %4%5")
                         .arg(binding.host.toString(), protocol)
                         .arg(count)
                         .arg(others.join(QStringLiteral(", ")),
                              count > others.size() ? tr(" and %1 more").arg(count - others.size())
                                                    : QString()),
        QStringLiteral("host"));
    finding.port = count == 1 ? PortRange::single(firstPort) : binding.host;
    out.append(finding);
}

Findings Validator::checkAcrossDevices(const Registry &registry) const
{
    return CrossDeviceIndex::freshFindings(registry);
}

} // namespace portolan
