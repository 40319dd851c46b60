#include "formats/compose/ComposeReader.h"

#include "formats/compose/ComposeVariables.h"
#include "formats/compose/TraefikRule.h"

#include "io/InputFile.h"

#include "domain/BlockLayout.h"
#include "domain/TextRules.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

namespace portolan {

namespace {

struct Failure
{
    YAML::Mark mark;
    QString message;
};

[[noreturn]] void fail(const YAML::Node &node, const QString &message)
{
    throw Failure{node.Mark(), message};
}

class Reader
{
public:
    explicit Reader(const QHash<QString, QString> &variables)
        : m_variables(variables)
    {}

    QString scalar(const YAML::Node &node, const char *what)
    {
        if (!node.IsScalar())
            fail(node, QStringLiteral("%1 must be a string or a number").arg(QLatin1String(what)));
        QString problem;
        const std::optional<QString> value = ComposeVariables::substitute(
            QString::fromStdString(node.Scalar()),
            [this](const QString &name) -> std::optional<QString> {
                const auto it = m_variables.constFind(name);
                return it == m_variables.constEnd() ? std::nullopt : std::optional<QString>(*it);
            },
            &problem);
        if (!value)
            fail(node, problem);
        return *value;
    }

    // A mapping with its `<<` merge keys folded in; explicit keys win over merged ones.
    QVector<std::pair<QString, YAML::Node>> entries(const YAML::Node &map, int depth = 0)
    {
        if (depth > 32)
            fail(map, QStringLiteral("merge keys nest too deep"));
        QVector<std::pair<QString, YAML::Node>> result;
        QVector<std::pair<QString, YAML::Node>> merged;
        for (const auto &entry : map) {
            const QString key = QString::fromStdString(entry.first.Scalar());
            if (key == QLatin1String("<<")) {
                const YAML::Node &source = entry.second;
                if (source.IsMap()) {
                    merged += entries(source, depth + 1);
                } else if (source.IsSequence()) {
                    for (const YAML::Node &item : source) {
                        if (!item.IsMap())
                            fail(item, QStringLiteral("a merge key takes mappings"));
                        merged += entries(item, depth + 1);
                    }
                } else {
                    fail(source,
                         QStringLiteral("a merge key takes a mapping or a list of mappings"));
                }
                continue;
            }
            result.append({key, entry.second});
        }
        for (const auto &entry : merged) {
            bool present = false;
            for (const auto &own : result)
                present |= own.first == entry.first;
            if (!present)
                result.append(entry);
        }
        return result;
    }

    PublishedPort longSyntax(const YAML::Node &node)
    {
        PublishedPort port;
        bool hasTarget = false;
        for (const auto &[key, value] : entries(node)) {
            Error error;
            if (key == QLatin1String("target")) {
                const auto range = PortSpec::parseRange(scalar(value, "target"), &error);
                if (!range)
                    fail(value, QStringLiteral("invalid target: %1").arg(error.toString()));
                port.container = *range;
                hasTarget = true;
            } else if (key == QLatin1String("published")) {
                const QString text = scalar(value, "published");
                if (!text.isEmpty()) {
                    const auto range = PortSpec::parseRange(text, &error);
                    if (!range)
                        fail(value,
                             QStringLiteral("invalid published port: %1").arg(error.toString()));
                    port.host = *range;
                }
            } else if (key == QLatin1String("host_ip")) {
                port.hostIp = scalar(value, "host_ip");
                if (!port.hostIp.isEmpty() && !PortSpec::isAddress(port.hostIp))
                    fail(value, QStringLiteral("invalid IP address: %1").arg(port.hostIp));
            } else if (key == QLatin1String("protocol")) {
                port.protocol = scalar(value, "protocol").toLower();
                if (port.protocol != QLatin1String("tcp") &&
                    port.protocol != QLatin1String("udp") && port.protocol != QLatin1String("sctp"))
                    fail(value, QStringLiteral("invalid protocol \"%1\"").arg(port.protocol));
            } else if (key == QLatin1String("mode")) {
                const QString mode = scalar(value, "mode");
                if (mode != QLatin1String("host") && mode != QLatin1String("ingress"))
                    fail(value, QStringLiteral("mode must be host or ingress"));
            } else if (key == QLatin1String("name") || key == QLatin1String("app_protocol")) {
                scalar(value, key == QLatin1String("name") ? "name" : "app_protocol");
            } else if (key.startsWith(QLatin1String("x-"))) {
                continue;
            } else {
                fail(value, QStringLiteral("unknown key \"%1\" in a port mapping").arg(key));
            }
        }
        if (!hasTarget)
            fail(node, QStringLiteral("a long-syntax port needs a target"));
        if (port.host && port.host->length() != port.container.length() &&
            port.container.length() != 1)
            fail(node, QStringLiteral("invalid ranges specified for container and host ports"));
        return port;
    }

    // Labels in the order they are written (map or KEY=VALUE list), appended to `labels`.
    void labels(const YAML::Node &node, QVector<std::pair<QString, QString>> &labels)
    {
        if (node.IsMap()) {
            for (const auto &[key, value] : entries(node))
                labels.append({key, value.IsNull() ? QString() : scalar(value, "a label")});
        } else if (node.IsSequence()) {
            for (const YAML::Node &item : node) {
                const QString entry = scalar(item, "a label");
                const qsizetype equals = entry.indexOf(u'=');
                labels.append({equals < 0 ? entry : entry.left(equals),
                               equals < 0 ? QString() : entry.mid(equals + 1)});
            }
        } else if (!node.IsNull()) {
            fail(node, QStringLiteral("labels must be a mapping or a list"));
        }
    }

    // Every service's node, for `extends` within the file.
    QHash<QString, YAML::Node> nodes;

    ComposeService service(const QString &name, const YAML::Node &node, int depth = 0)
    {
        if (depth > 16)
            fail(node, QStringLiteral("service %1: extends nests too deep (a cycle?)").arg(name));
        ComposeService service;
        service.name = name;
        // Text that ends up in the registry is one line, as the registry's own rules say.
        if (const QString problem =
                TextRules::oneLineProblem(QStringLiteral("the service name"), name);
            !problem.isEmpty())
            fail(node, problem);
        if (node.IsNull())
            return service;
        if (!node.IsMap())
            fail(node, QStringLiteral("service %1 must be a mapping").arg(name));
        QVector<std::pair<QString, QString>> allLabels;
        YAML::Node labelsAt;
        const QVector<std::pair<QString, YAML::Node>> keys = entries(node);
        for (const auto &[key, value] : keys) {
            if (key != QLatin1String("extends"))
                continue;
            // Compose's merge: the base service first, this one's ports appended, its labels
            // and image winning.
            QString baseName;
            if (value.IsScalar()) {
                baseName = scalar(value, "extends");
            } else if (value.IsMap()) {
                for (const auto &[field, fieldValue] : entries(value)) {
                    if (field == QLatin1String("service"))
                        baseName = scalar(fieldValue, "extends.service");
                    else if (field == QLatin1String("file"))
                        service.warnings << QStringLiteral("%1: extends a service of %2, which "
                                                           "is not read; its ports and labels are "
                                                           "not imported")
                                                .arg(name, scalar(fieldValue, "extends.file"));
                }
            }
            if (!service.warnings.isEmpty() || baseName.isEmpty())
                continue;
            if (!nodes.contains(baseName))
                fail(value, QStringLiteral("service %1 extends %2, which is not a service of this "
                                           "file")
                                .arg(name, baseName));
            const ComposeService base = this->service(baseName, nodes.value(baseName), depth + 1);
            service.image = base.image;
            service.ports = base.ports;
            service.expose = base.expose;
            allLabels = base.labels;
        }
        for (const auto &[key, value] : keys) {
            if (key == QLatin1String("profiles")) {
                if (!value.IsSequence())
                    fail(value, QStringLiteral("profiles must be a list"));
                for (const YAML::Node &item : value)
                    service.profiles << scalar(item, "a profile");
            } else if (key == QLatin1String("ports")) {
                if (!value.IsSequence())
                    fail(value, QStringLiteral("ports must be a list"));
                for (const YAML::Node &item : value) {
                    if (item.IsMap()) {
                        service.ports.append(longSyntax(item));
                        continue;
                    }
                    Error error;
                    const auto port = PortSpec::parse(scalar(item, "a port"), &error);
                    if (!port)
                        fail(item, error.toString());
                    service.ports.append(*port);
                }
            } else if (key == QLatin1String("expose")) {
                if (!value.IsSequence())
                    fail(value, QStringLiteral("expose must be a list"));
                for (const YAML::Node &item : value) {
                    QString text = scalar(item, "an exposed port");
                    text = text.section(u'/', 0, 0);
                    Error error;
                    const auto range = PortSpec::parseRange(text, &error);
                    if (!range)
                        fail(item,
                             QStringLiteral("invalid exposed port: %1").arg(error.toString()));
                    service.expose.append(*range);
                }
            } else if (key == QLatin1String("labels")) {
                labels(value, allLabels);
                labelsAt = value;
            } else if (key == QLatin1String("deploy") && value.IsMap()) {
                for (const auto &[deployKey, deployValue] : entries(value)) {
                    if (deployKey == QLatin1String("labels")) {
                        labels(deployValue, allLabels);
                        if (!labelsAt)
                            labelsAt = deployValue;
                    }
                }
            } else if (key == QLatin1String("image")) {
                service.image = scalar(value, "image").trimmed();
            }
        }
        // Labels are a mapping: a later key replaces an earlier one in its place.
        QVector<std::pair<QString, QString>> unique;
        for (const auto &label : allLabels) {
            auto same = std::find_if(unique.begin(), unique.end(),
                                     [&](const auto &seen) { return seen.first == label.first; });
            if (same != unique.end())
                same->second = label.second;
            else
                unique.append(label);
        }
        service.labels = unique;
        service.readProxyLabels(unique);
        if (const QString problem =
                TextRules::oneLineProblem(QStringLiteral("the route's host"), service.routeHost);
            !problem.isEmpty())
            fail(labelsAt ? labelsAt : node, problem);
        return service;
    }

private:
    const QHash<QString, QString> &m_variables;
};

} // namespace

bool ComposeReader::readEnvFile(const QString &path, QHash<QString, QString> *variables,
                                Error *error)
{
    QByteArray data;
    if (!InputFile::readAll(path, MaxFileBytes, QStringLiteral("an env file"), &data, error))
        return false;
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    return ComposeVariables::parseEnvFile(
        data, InputFile::displayName(path),
        [&environment](const QString &name) -> std::optional<QString> {
            return environment.contains(name) ? std::optional<QString>(environment.value(name))
                                              : std::nullopt;
        },
        variables, error);
}

bool ComposeReader::readFile(const QString &path, const QString &envFile)
{
    QByteArray data;
    if (!InputFile::readAll(path, MaxFileBytes, QStringLiteral("a compose file"), &data, &m_error))
        return false;
    QHash<QString, QString> variables;
    // Without --env-file, Compose reads the project's `.env`, beside the compose file.
    QString envPath = envFile;
    if (envPath.isEmpty() && path != QLatin1String("-")) {
        const QString beside = QFileInfo(path).absoluteDir().filePath(QStringLiteral(".env"));
        if (QFileInfo(beside).isFile())
            envPath = beside;
    }
    if (!envPath.isEmpty() && !readEnvFile(envPath, &variables, &m_error))
        return false;
    // The shell's environment wins over the env file, as with docker compose.
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &key : environment.keys())
        variables.insert(key, environment.value(key));
    return readData(data, InputFile::displayName(path), variables);
}

bool ComposeReader::readData(const QByteArray &data, const QString &displayName,
                             const QHash<QString, QString> &variables)
{
    m_services.clear();
    auto locate = [&](const YAML::Mark &mark) {
        return SourceLocation{displayName, std::max(mark.line, 0) + 1,
                              std::max(mark.column, 0) + 1};
    };
    try {
        const YAML::Node root = YAML::Load(data.toStdString());
        if (!root.IsMap())
            throw Failure{root.Mark(),
                          QStringLiteral("expected a compose file: a mapping with services")};
        Reader reader(variables);
        const YAML::Node services = root["services"];
        if (!services || services.IsNull())
            throw Failure{root.Mark(), QStringLiteral("no services in this compose file")};
        if (!services.IsMap())
            throw Failure{services.Mark(), QStringLiteral("services must be a mapping")};
        const auto all = reader.entries(services);
        for (const auto &[name, node] : all)
            reader.nodes.insert(name, node);
        for (const auto &[name, node] : all) {
            if (name.startsWith(QLatin1String("x-")))
                continue;
            m_services.append(reader.service(name, node));
        }
    } catch (const Failure &failure) {
        m_error = {locate(failure.mark), failure.message};
        return false;
    } catch (const YAML::Exception &e) {
        m_error = {locate(e.mark),
                   QStringLiteral("not valid YAML: %1").arg(QString::fromStdString(e.msg))};
        return false;
    }
    return true;
}

// --- reverse proxy labels -------------------------------------------------------------------

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

} // namespace

void ComposeService::readProxyLabels(const QVector<std::pair<QString, QString>> &labels)
{
    static const QLatin1String routersPrefix("traefik.http.routers.");
    static const QLatin1String servicesPrefix("traefik.http.services.");
    static const QLatin1String portSuffix(".loadbalancer.server.port");
    static const QRegularExpression caddyKey(QStringLiteral("^caddy(_\\d+)?$"));
    static const QRegularExpression caddyProxyKey(
        QStringLiteral("^caddy(_\\d+)?\\.reverse_proxy$"));

    QVector<ProxyRouter> routers;
    QVector<std::pair<QString, int>> servicePorts; // lower-case name, port; label order
    QStringList otherRouters;                      // tcp and udp routers
    bool traefikEnabled = true;
    QVector<std::pair<QString, QString>> caddySites; // label key, hosts
    QHash<QString, int> caddyPorts;                  // "caddy_1" -> port
    auto routerNamed = [&routers](const QString &name) -> ProxyRouter & {
        for (ProxyRouter &router : routers) {
            if (router.name.compare(name, Qt::CaseInsensitive) == 0)
                return router;
        }
        routers.append(ProxyRouter{name, {}, {}, false, {}, {}, {}, {}});
        return routers.last();
    };

    for (const auto &[key, value] : labels) {
        // Traefik reads its label keys without regard to case.
        const QString lower = key.toLower();
        if (lower == QLatin1String("traefik.enable")) {
            traefikEnabled =
                value.trimmed().compare(QLatin1String("false"), Qt::CaseInsensitive) != 0;
        } else if (lower.startsWith(routersPrefix)) {
            const QString rest = key.mid(routersPrefix.size());
            const qsizetype dot = rest.indexOf(u'.');
            if (dot <= 0)
                continue;
            ProxyRouter &router = routerNamed(rest.left(dot));
            const QString property = rest.mid(dot + 1).toLower();
            if (property == QLatin1String("rule")) {
                router.rule = value;
                router.hasRule = true;
            } else if (property == QLatin1String("service")) {
                router.service = value.trimmed();
            }
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
            servicePorts.append({service, port});
        } else if (lower.startsWith(QLatin1String("traefik.tcp.routers.")) ||
                   lower.startsWith(QLatin1String("traefik.udp.routers."))) {
            const QString router = key.section(u'.', 3, 3);
            const QString kind = lower.section(u'.', 1, 1).toUpper();
            const QString label = QStringLiteral("%1 router %2").arg(kind, router);
            if (!otherRouters.contains(label))
                otherRouters << label;
        } else if (caddyKey.match(key).hasMatch()) {
            caddySites.append({key, value});
        } else if (const QRegularExpressionMatch match = caddyProxyKey.match(key);
                   match.hasMatch()) {
            static const QRegularExpression upstreams(QStringLiteral(
                "\\{\\{\\s*upstreams(?:\\s+(?:https?|h2c))?(?:\\s+(\\d+))?\\s*\\}\\}"));
            const QRegularExpressionMatch port = upstreams.match(value);
            if (port.hasMatch()) // no port: Caddy forwards to :80
                caddyPorts.insert(QStringLiteral("caddy") + match.captured(1),
                                  port.captured(1).isEmpty() ? 80 : port.captured(1).toInt());
        }
    }
    for (const QString &router : otherRouters)
        warnings << QStringLiteral("%1: %2 forwards TCP or UDP, not a route by name; left out")
                        .arg(name, router);

    // Traefik's port detection: the only service's port, else the lowest port the container
    // exposes.
    std::optional<int> lowestExposed;
    for (const PortRange &range : expose)
        lowestExposed = std::min(lowestExposed.value_or(range.first), range.first);
    for (const PublishedPort &port : ports)
        lowestExposed =
            std::min(lowestExposed.value_or(port.container.first), port.container.first);

    QVector<ProxyRouter> candidates;
    if (!traefikEnabled && !routers.isEmpty()) {
        warnings << QStringLiteral("%1: traefik.enable=false; its routers are left out").arg(name);
        routers.clear();
    }
    for (ProxyRouter &router : routers) {
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
        if (!router.service.isEmpty()) {
            const QString wanted = withoutProvider(router.service);
            for (const auto &[service, port] : servicePorts) {
                if (service == wanted)
                    router.port = port;
            }
            if (!router.port && servicePorts.isEmpty())
                router.port = lowestExposed;
        } else if (servicePorts.size() == 1) {
            router.port = servicePorts.first().second;
        } else if (servicePorts.isEmpty()) {
            router.port = lowestExposed;
        }
        candidates.append(router);
    }
    for (const auto &[key, value] : caddySites) {
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
        if (caddyPorts.contains(key))
            site.port = caddyPorts.value(key);
        candidates.append(site);
    }
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

// --- planning --------------------------------------------------------------------------------

bool ImportPlan::isEmpty() const
{
    return items.isEmpty();
}

void ImportPlan::applyTo(Registry &registry, int deviceIndex) const
{
    QVector<Service> &services = registry.devices[deviceIndex].services;
    for (const Item &item : items) {
        if (item.existing >= 0)
            services[item.existing] = item.service;
        else
            services.append(item.service);
    }
}

QString ImportPlan::describe() const
{
    QString text;
    for (const Item &item : items) {
        text += (item.existing >= 0 ? QStringLiteral("update ") : QStringLiteral("add ")) +
                item.service.name;
        if (!item.changes.isEmpty())
            text += QStringLiteral(": ") + item.changes.join(QStringLiteral("; "));
        text += u'\n';
    }
    for (const QString &warning : warnings)
        text += QStringLiteral("warning: ") + warning + u'\n';
    return text;
}

QVector<Binding> mergeBindings(const QVector<Binding> &existing, const QVector<Binding> &imported)
{
    // One hash of what exists, so a service with many bindings merges in linear time.
    auto identity = [](const Binding &binding) {
        return QStringLiteral("%1-%2:%3-%4/%5@%6")
            .arg(binding.host.first)
            .arg(binding.host.last)
            .arg(binding.container.first)
            .arg(binding.container.last)
            .arg(binding.effectiveProtocol(), binding.bind);
    };
    QHash<QString, const Binding *> byIdentity;
    byIdentity.reserve(existing.size());
    for (const Binding &old : existing) {
        const QString key = identity(old);
        if (!byIdentity.contains(key)) // the first of equal ones wins, as before
            byIdentity.insert(key, &old);
    }
    QVector<Binding> result;
    result.reserve(imported.size());
    for (Binding binding : imported) {
        if (const Binding *old = byIdentity.value(identity(binding))) {
            binding.key = old->key;
            binding.exception = old->exception;
            binding.notes = old->notes;
            binding.protocol = old->protocol;
            binding.host = old->host;
            binding.container = old->container;
        }
        result.append(binding);
    }
    return result;
}

bool planComposeImport(const Registry &registry, int deviceIndex,
                       const QVector<ComposeService> &services, const QString &category,
                       ImportPlan *plan, Error *error)
{
    const Device &device = registry.devices[deviceIndex];
    const BlockLayout layout(registry.policy);
    const QString internalSuffix = u'.' + registry.policy.internalDomain().toLower();
    const QString externalSuffix = u'.' + registry.policy.domain.toLower();
    for (const ComposeService &composed : services) {
        if (!composed.profiles.isEmpty()) {
            plan->warnings << QStringLiteral("%1: runs only with profile %2 (docker compose "
                                             "--profile); left out")
                                  .arg(composed.name, composed.profiles.join(QStringLiteral(", ")));
            continue;
        }
        ImportPlan::Item item;
        item.existing = device.findService(composed.name);
        Service service = item.existing >= 0 ? device.services[item.existing] : Service();
        service.name = composed.name;
        plan->warnings += composed.warnings;
        if (!composed.image.isEmpty() && composed.image != service.image) {
            service.image = composed.image;
            item.changes << QStringLiteral("image %1").arg(composed.image);
        }

        QVector<Binding> bindings;
        for (const PublishedPort &port : composed.ports) {
            if (!port.host) {
                plan->warnings << QStringLiteral(
                                      "%1: container port %2 is published on a random host port; "
                                      "plan a host port for it")
                                      .arg(composed.name, port.container.toString());
                continue;
            }
            Binding binding;
            binding.host = *port.host;
            binding.container = port.container;
            if (port.host->length() != port.container.length()) {
                // "8000-8010:80": Docker picks one free host port from the range at start. A
                // plan names its port: the first, with the range kept in the notes.
                binding.host = PortRange::single(port.host->first);
                binding.notes = QStringLiteral("compose publishes %1 from %2; Docker picks one")
                                    .arg(port.container.toString(), port.host->toString());
                plan->warnings << QStringLiteral("%1: %2:%3 lets Docker pick a host port from %2; "
                                                 "planned %4")
                                      .arg(composed.name, port.host->toString(),
                                           port.container.toString())
                                      .arg(port.host->first);
            }
            binding.protocol = port.protocol == QLatin1String("tcp") ? QString() : port.protocol;
            binding.bind = port.hostIp;
            bindings.append(binding);
        }
        const QVector<Binding> merged = mergeBindings(service.ports, bindings);
        if (merged != service.ports) {
            QStringList ports;
            for (const Binding &binding : merged)
                ports << binding.hostLabel();
            item.changes
                << (ports.isEmpty()
                        ? QStringLiteral("no host bindings")
                        : QStringLiteral("bindings %1").arg(ports.join(QStringLiteral(", "))));
        }
        service.ports = merged;

        if (!composed.routeHost.isEmpty()) {
            const QString host = composed.routeHost.toLower();
            Route route;
            if (host.endsWith(internalSuffix)) {
                route.host = composed.routeHost.left(host.size() - internalSuffix.size());
                route.scope = Scopes::Internal;
            } else if (host.endsWith(externalSuffix)) {
                route.host = composed.routeHost.left(host.size() - externalSuffix.size());
                route.scope = Scopes::External;
            }
            route.port = composed.routePort;
            if (route.host.isEmpty()) {
                plan->warnings << QStringLiteral("%1: route %2 is not under %3; left out")
                                      .arg(composed.name, composed.routeHost,
                                           registry.policy.domain);
            } else if (!service.route || *service.route != route) {
                service.route = route;
                item.changes << QStringLiteral("route %1").arg(registry.routeFqdn(route));
            }
        }

        if (item.existing < 0) {
            QString purpose = layout.purposeOf(service.ports);
            if (purpose.isEmpty())
                purpose = category;
            if (purpose.isEmpty()) {
                *error = Error::fromText(
                    QStringLiteral(
                        "service %1 has no host port in a block to take its category "
                        "from: name one (--category PURPOSE; in the app, Category, where no "
                        "port block gives one)")
                        .arg(composed.name));
                return false;
            }
            service.category = purpose;
            item.changes.prepend(QStringLiteral("category %1").arg(purpose));
        }
        item.service = service;
        if (item.existing < 0 || !item.changes.isEmpty())
            plan->items.append(item);
    }
    return true;
}

} // namespace portolan
