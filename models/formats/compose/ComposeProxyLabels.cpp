#include "formats/compose/ComposeReader.h"
#include "formats/compose/TraefikRule.h"

#include <QRegularExpression>

#include <optional>

// ComposeService::readProxyLabels: the route a service's Traefik or caddy-docker-proxy labels
// describe, read as those proxies read them.

namespace portolan {

namespace {

struct ProxyRouter
{
    QString name;
    QString rule;
    QString service; // explicit `.service`, as written
    bool hasRule = false;
    std::optional<int> port;
    QString host;
    QStringList otherHosts;
    QStringList otherParts;
};

// What a service's labels say, before any router is judged.
struct LabelScan
{
    QVector<ProxyRouter> routers;
    QVector<std::pair<QString, int>> servicePorts; // lower-case name, port; label order
    QStringList otherRouters;                      // tcp and udp routers
    bool traefikEnabled = true;
    QVector<std::pair<QString, QString>> caddySites; // label key, hosts
    QHash<QString, int> caddyPorts;                  // "caddy_1" -> port

    ProxyRouter &routerNamed(const QString &name)
    {
        for (ProxyRouter &router : routers) {
            if (router.name.compare(name, Qt::CaseInsensitive) == 0)
                return router;
        }
        routers.append(ProxyRouter{name, {}, {}, false, {}, {}, {}, {}});
        return routers.last();
    }
};

// Traefik's own services (api@internal, noop@internal...) and other providers forward to no
// container port.
bool isContainerService(const QString &service)
{
    const qsizetype at = service.indexOf(u'@');
    return at < 0 ||
           service.mid(at + 1).compare(QLatin1String("docker"), Qt::CaseInsensitive) == 0 ||
           service.mid(at + 1).compare(QLatin1String("swarm"), Qt::CaseInsensitive) == 0;
}

QString withoutProvider(const QString &service)
{
    const qsizetype at = service.indexOf(u'@');
    return (at < 0 ? service : service.left(at)).toLower();
}

void readRouterLabel(LabelScan &scan, const QString &rest, const QString &value)
{
    const qsizetype dot = rest.indexOf(u'.');
    if (dot <= 0)
        return;
    ProxyRouter &router = scan.routerNamed(rest.left(dot));
    const QString property = rest.mid(dot + 1).toLower();
    if (property == QLatin1String("rule")) {
        router.rule = value;
        router.hasRule = true;
    } else if (property == QLatin1String("service")) {
        router.service = value.trimmed();
    }
}

void readCaddyProxyLabel(LabelScan &scan, const QString &suffix, const QString &value)
{
    static const QRegularExpression upstreams(
        QStringLiteral("\\{\\{\\s*upstreams(?:\\s+(?:https?|h2c))?(?:\\s+(\\d+))?\\s*\\}\\}"));
    const QRegularExpressionMatch port = upstreams.match(value);
    if (port.hasMatch()) // no port: Caddy forwards to :80
        scan.caddyPorts.insert(QStringLiteral("caddy") + suffix,
                               port.captured(1).isEmpty() ? 80 : port.captured(1).toInt());
}

LabelScan scanLabels(const QVector<std::pair<QString, QString>> &labels, const QString &name,
                     QStringList &warnings)
{
    static const QLatin1String routersPrefix("traefik.http.routers.");
    static const QLatin1String servicesPrefix("traefik.http.services.");
    static const QLatin1String portSuffix(".loadbalancer.server.port");
    static const QRegularExpression caddyKey(QStringLiteral("^caddy(_\\d+)?$"));
    static const QRegularExpression caddyProxyKey(
        QStringLiteral("^caddy(_\\d+)?\\.reverse_proxy$"));

    LabelScan scan;
    for (const auto &[key, value] : labels) {
        // Traefik reads its label keys without regard to case.
        const QString lower = key.toLower();
        if (lower == QLatin1String("traefik.enable")) {
            scan.traefikEnabled =
                value.trimmed().compare(QLatin1String("false"), Qt::CaseInsensitive) != 0;
        } else if (lower.startsWith(routersPrefix)) {
            readRouterLabel(scan, key.mid(routersPrefix.size()), value);
        } else if (lower.startsWith(servicesPrefix) && lower.endsWith(portSuffix)) {
            const QString service = lower.mid(
                servicesPrefix.size(), lower.size() - servicesPrefix.size() - portSuffix.size());
            bool ok = false;
            const int port = value.trimmed().toInt(&ok);
            if (!ok || port < 1 || port > 65535) {
                warnings << QStringLiteral("%1: label %2=%3 is not a port; left out")
                                .arg(name, key, value);
                continue;
            }
            scan.servicePorts.append({service, port});
        } else if (lower.startsWith(QLatin1String("traefik.tcp.routers.")) ||
                   lower.startsWith(QLatin1String("traefik.udp.routers."))) {
            const QString router = key.section(u'.', 3, 3);
            const QString kind = lower.section(u'.', 1, 1).toUpper();
            const QString label = QStringLiteral("%1 router %2").arg(kind, router);
            if (!scan.otherRouters.contains(label))
                scan.otherRouters << label;
        } else if (caddyKey.match(key).hasMatch()) {
            scan.caddySites.append({key, value});
        } else if (const QRegularExpressionMatch match = caddyProxyKey.match(key);
                   match.hasMatch()) {
            readCaddyProxyLabel(scan, match.captured(1), value);
        }
    }
    for (const QString &router : scan.otherRouters)
        warnings << QStringLiteral("%1: %2 forwards TCP or UDP, not a route by name; left out")
                        .arg(name, router);
    return scan;
}

// The port a router forwards to, as Traefik picks it: the named service's port, the only
// service's port, else the lowest port the container exposes.
void choosePort(ProxyRouter &router, const LabelScan &scan, std::optional<int> lowestExposed)
{
    if (!router.service.isEmpty()) {
        const QString wanted = withoutProvider(router.service);
        for (const auto &[service, port] : scan.servicePorts) {
            if (service == wanted)
                router.port = port;
        }
        if (!router.port && scan.servicePorts.isEmpty())
            router.port = lowestExposed;
    } else if (scan.servicePorts.size() == 1) {
        router.port = scan.servicePorts.first().second;
    } else if (scan.servicePorts.isEmpty()) {
        router.port = lowestExposed;
    }
}

// The Traefik routers that could be the service's route, each with its host and port; the
// others are named in a warning.
QVector<ProxyRouter> traefikCandidates(LabelScan &scan, std::optional<int> lowestExposed,
                                       const QString &name, QStringList &warnings)
{
    QVector<ProxyRouter> candidates;
    if (!scan.traefikEnabled && !scan.routers.isEmpty()) {
        warnings << QStringLiteral("%1: traefik.enable=false; its routers are left out").arg(name);
        return candidates;
    }
    for (ProxyRouter &router : scan.routers) {
        if (!router.hasRule) {
            warnings
                << QStringLiteral("%1: router %2 has no rule; left out").arg(name, router.name);
            continue;
        }
        Error ruleError;
        const std::optional<TraefikRule> rule = TraefikRule::parse(router.rule, &ruleError);
        if (!rule) {
            warnings << QStringLiteral("%1: router %2: the rule cannot be read (%3); left out")
                            .arg(name, router.name, ruleError.toString());
            continue;
        }
        const QStringList hosts = rule->hosts();
        if (hosts.isEmpty()) {
            warnings << QStringLiteral("%1: router %2: the rule %3 names no Host(); left out")
                            .arg(name, router.name, router.rule);
            continue;
        }
        router.host = hosts.first();
        router.otherHosts = hosts.mid(1);
        router.otherParts = rule->otherParts();
        if (!router.service.isEmpty() && !isContainerService(router.service)) {
            warnings << QStringLiteral("%1: router %2 goes to %3, not to a container port; left "
                                       "out")
                            .arg(name, router.name, router.service);
            continue;
        }
        choosePort(router, scan, lowestExposed);
        candidates.append(router);
    }
    return candidates;
}

void appendCaddySites(const LabelScan &scan, QVector<ProxyRouter> &candidates)
{
    for (const auto &[key, value] : scan.caddySites) {
        QStringList hosts;
        for (QString host :
             value.split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts)) {
            host.remove(QRegularExpression(QStringLiteral("^https?://")));
            host.remove(QRegularExpression(QStringLiteral(":\\d+$")));
            if (!host.isEmpty())
                hosts << host;
        }
        if (hosts.isEmpty())
            continue;
        ProxyRouter site;
        site.name = key;
        site.host = hosts.first();
        site.otherHosts = hosts.mid(1);
        if (scan.caddyPorts.contains(key))
            site.port = scan.caddyPorts.value(key);
        candidates.append(site);
    }
}

} // namespace

void ComposeService::readProxyLabels(const QVector<std::pair<QString, QString>> &labels)
{
    LabelScan scan = scanLabels(labels, name, warnings);
    std::optional<int> lowestExposed;
    for (const PortRange &range : expose)
        lowestExposed = std::min(lowestExposed.value_or(range.first), range.first);
    for (const PublishedPort &port : ports)
        lowestExposed =
            std::min(lowestExposed.value_or(port.container.first), port.container.first);

    QVector<ProxyRouter> candidates = traefikCandidates(scan, lowestExposed, name, warnings);
    appendCaddySites(scan, candidates);
    if (candidates.isEmpty())
        return;

    // One route per service: the first router that forwards to a container port, else the
    // first; every other one is named.
    int kept = 0;
    for (int i = 0; i < candidates.size(); ++i) {
        if (candidates[i].port) {
            kept = i;
            break;
        }
    }
    const ProxyRouter &chosen = candidates[kept];
    routeHost = chosen.host;
    routePort = chosen.port;
    for (const QString &host : chosen.otherHosts)
        warnings << QStringLiteral(
                        "%1: router %2 also answers %3; a route holds one name (kept %4)")
                        .arg(name, chosen.name, host, chosen.host);
    for (const QString &part : chosen.otherParts)
        warnings << QStringLiteral("%1: router %2: %3 cannot be held by a route; the route "
                                   "answers all of %4")
                        .arg(name, chosen.name, part, chosen.host);
    for (int i = 0; i < candidates.size(); ++i) {
        if (i == kept)
            continue;
        warnings << QStringLiteral("%1: router %2 (%3) left out: the registry keeps one route per "
                                   "service (kept router %4)")
                        .arg(name, candidates[i].name, candidates[i].host, chosen.name);
    }
}

} // namespace portolan
