#include "ComposeReader.h"

#include "store/InputFile.h"

#include "domain/BlockLayout.h"
#include "domain/TextRules.h"

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

// Compose's interpolation: $$ is a dollar, $VAR and ${VAR} a variable, with :- and - defaults
// and :? and ? errors.
QString interpolate(const QString &input, const QHash<QString, QString> &variables,
                    const YAML::Node &node)
{
    QString out;
    for (qsizetype i = 0; i < input.size(); ++i) {
        const QChar c = input[i];
        if (c != u'$') {
            out += c;
            continue;
        }
        if (i + 1 < input.size() && input[i + 1] == u'$') {
            out += u'$';
            ++i;
            continue;
        }
        QString name;
        QString modifier;
        QString argument;
        if (i + 1 < input.size() && input[i + 1] == u'{') {
            const qsizetype close = input.indexOf(u'}', i + 2);
            if (close < 0)
                fail(node, QStringLiteral("invalid interpolation format for \"%1\": no closing }")
                               .arg(input));
            const QString body = input.mid(i + 2, close - i - 2);
            static const QRegularExpression pattern(
                QStringLiteral("^([A-Za-z_][A-Za-z0-9_]*)(?:(:-|-|:\\?|\\?)(.*))?$"),
                QRegularExpression::DotMatchesEverythingOption);
            const QRegularExpressionMatch match = pattern.match(body);
            if (!match.hasMatch())
                fail(node, QStringLiteral("invalid interpolation format for \"%1\"").arg(input));
            name = match.captured(1);
            modifier = match.captured(2);
            argument = match.captured(3);
            i = close;
        } else {
            qsizetype j = i + 1;
            while (j < input.size() && (input[j].isLetterOrNumber() || input[j] == u'_'))
                ++j;
            if (j == i + 1) {
                out += u'$';
                continue;
            }
            name = input.mid(i + 1, j - i - 1);
            i = j - 1;
        }
        const bool isSet = variables.contains(name);
        const QString value = variables.value(name);
        if (modifier == QLatin1String(":-"))
            out += isSet && !value.isEmpty() ? value : argument;
        else if (modifier == QLatin1String("-"))
            out += isSet ? value : argument;
        else if (modifier == QLatin1String(":?") || modifier == QLatin1String("?")) {
            if (!isSet || (modifier == QLatin1String(":?") && value.isEmpty()))
                fail(node, QStringLiteral("required variable %1 is missing a value: %2")
                               .arg(name, argument));
            out += value;
        } else {
            out += value;
        }
    }
    return out;
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
        return interpolate(QString::fromStdString(node.Scalar()), m_variables, node);
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

    void labels(const YAML::Node &node, ComposeService &service)
    {
        QHash<QString, QString> labels;
        if (node.IsMap()) {
            for (const auto &[key, value] : entries(node))
                labels.insert(key, value.IsNull() ? QString() : scalar(value, "a label"));
        } else if (node.IsSequence()) {
            for (const YAML::Node &item : node) {
                const QString entry = scalar(item, "a label");
                const qsizetype equals = entry.indexOf(u'=');
                labels.insert(equals < 0 ? entry : entry.left(equals),
                              equals < 0 ? QString() : entry.mid(equals + 1));
            }
        } else if (!node.IsNull()) {
            fail(node, QStringLiteral("labels must be a mapping or a list"));
        }
        static const QRegularExpression hostRule(QStringLiteral("Host\\(\\s*`([^`]+)`"));
        for (auto it = labels.constBegin(); it != labels.constEnd(); ++it) {
            const QString &key = it.key();
            if (key.startsWith(QLatin1String("traefik.http.routers.")) &&
                key.endsWith(QLatin1String(".rule"))) {
                const QRegularExpressionMatch match = hostRule.match(it.value());
                if (match.hasMatch())
                    service.routeHost = match.captured(1);
            } else if (key.startsWith(QLatin1String("traefik.http.services.")) &&
                       key.endsWith(QLatin1String(".loadbalancer.server.port"))) {
                bool ok = false;
                const int port = it.value().toInt(&ok);
                if (ok)
                    service.routePort = port;
            } else if (key == QLatin1String("caddy")) {
                // "git.example.org", "http://git.example.org", or several separated by spaces or
                // commas
                QString host =
                    it.value()
                        .split(QRegularExpression(QStringLiteral("[ ,]+")), Qt::SkipEmptyParts)
                        .value(0);
                host.remove(QRegularExpression(QStringLiteral("^https?://")));
                host.remove(QRegularExpression(QStringLiteral(":\\d+$")));
                service.routeHost = host;
            } else if (key == QLatin1String("caddy.reverse_proxy")) {
                static const QRegularExpression upstreams(
                    QStringLiteral("\\{\\{\\s*upstreams\\s+(?:https?\\s+)?(\\d+)\\s*\\}\\}"));
                const QRegularExpressionMatch match = upstreams.match(it.value());
                if (match.hasMatch())
                    service.routePort = match.captured(1).toInt();
            }
        }
    }

    ComposeService service(const QString &name, const YAML::Node &node)
    {
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
        for (const auto &[key, value] : entries(node)) {
            if (key == QLatin1String("ports")) {
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
                labels(value, service);
                if (const QString problem = TextRules::oneLineProblem(
                        QStringLiteral("the route's host"), service.routeHost);
                    !problem.isEmpty())
                    fail(value, problem);
            }
        }
        if (!service.routeHost.isEmpty() && !service.routePort && service.expose.size() == 1 &&
            service.expose.first().length() == 1)
            service.routePort = service.expose.first().first;
        return service;
    }

private:
    const QHash<QString, QString> &m_variables;
};

} // namespace

bool ComposeReader::readEnvFile(const QString &path, QHash<QString, QString> *variables,
                                Error *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        *error = {{path, 0, 0},
                  QStringLiteral("cannot read the env file: %1").arg(file.errorString())};
        return false;
    }
    int lineNumber = 0;
    while (!file.atEnd()) {
        ++lineNumber;
        QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        if (line.startsWith(QLatin1String("export ")))
            line = line.mid(7).trimmed();
        const qsizetype equals = line.indexOf(u'=');
        if (equals <= 0) {
            *error = {{path, lineNumber, 1}, QStringLiteral("expected VARIABLE=value")};
            return false;
        }
        QString value = line.mid(equals + 1).trimmed();
        if (value.size() >= 2 && (value.startsWith(u'"') || value.startsWith(u'\'')) &&
            value.endsWith(value[0]))
            value = value.mid(1, value.size() - 2);
        variables->insert(line.left(equals).trimmed(), value);
    }
    return true;
}

bool ComposeReader::readFile(const QString &path, const QString &envFile)
{
    QByteArray data;
    if (!InputFile::readAll(path, MaxFileBytes, QStringLiteral("a compose file"), &data, &m_error))
        return false;
    QHash<QString, QString> variables;
    if (!envFile.isEmpty() && !readEnvFile(envFile, &variables, &m_error))
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
        for (const auto &[name, node] : reader.entries(services)) {
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
        ImportPlan::Item item;
        item.existing = device.findService(composed.name);
        Service service = item.existing >= 0 ? device.services[item.existing] : Service();
        service.name = composed.name;

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
                        "service %1 has no host port in a block: pass --category PURPOSE")
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
