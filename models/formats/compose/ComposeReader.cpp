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
#include <QSet>

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

    static constexpr qint64 MaxEntriesRead = 250000;
    // Variables the file used that nothing set, in the order first used.
    QStringList unsetVariables;

    QString scalar(const YAML::Node &node, const char *what)
    {
        if (!node.IsScalar())
            fail(node, QStringLiteral("%1 must be a string or a number").arg(QLatin1String(what)));
        QString problem;
        const std::optional<QString> value = ComposeVariables::substitute(
            QString::fromStdString(node.Scalar()),
            [this](const QString &name) -> std::optional<QString> {
                const auto it = m_variables.constFind(name);
                if (it != m_variables.constEnd())
                    return *it;
                if (!unsetVariables.contains(name))
                    unsetVariables.append(name);
                return std::nullopt;
            },
            &problem);
        if (!value)
            fail(node, problem);
        return *value;
    }

    // A mapping with its `<<` merge keys folded in; explicit keys win over merged ones.
    // The work is bounded, not only the depth: `<<: [*a, *a]` nested 24 times doubles at each
    // level (16 million entries from a 1 KB file).
    QVector<std::pair<QString, YAML::Node>> entries(const YAML::Node &map, int depth = 0)
    {
        if (depth > 32)
            fail(map, QStringLiteral("merge keys nest too deep"));
        QVector<std::pair<QString, YAML::Node>> result;
        QVector<std::pair<QString, YAML::Node>> merged;
        for (const auto &entry : map) {
            if (++m_entriesRead > MaxEntriesRead)
                fail(map, QStringLiteral("merge keys expand to more than %1 entries; a compose "
                                         "file this large is not one to import")
                              .arg(MaxEntriesRead));
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
        QSet<QString> present;
        for (const auto &own : std::as_const(result))
            present.insert(own.first);
        for (const auto &entry : std::as_const(merged)) {
            if (!present.contains(entry.first)) {
                present.insert(entry.first);
                result.append(entry);
            }
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
    qint64 m_entriesRead = 0;
};

} // namespace

bool ComposeReader::readEnvFile(const QString &path, QHash<QString, QString> *variables,
                                Error *error, const QStringList &fromEnvironment)
{
    QByteArray data;
    if (!InputFile::readAll(path, MaxFileBytes, QStringLiteral("an env file"), &data, error))
        return false;
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    return ComposeVariables::parseEnvFile(
        data, InputFile::displayName(path),
        [&](const QString &name) -> std::optional<QString> {
            return fromEnvironment.contains(name) && environment.contains(name)
                       ? std::optional<QString>(environment.value(name))
                       : std::nullopt;
        },
        variables, error);
}

bool ComposeReader::readFile(const QString &path, const QString &envFile,
                             const QStringList &fromEnvironment)
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
    if (!envPath.isEmpty() && !readEnvFile(envPath, &variables, &m_error, fromEnvironment))
        return false;
    // Of the environment only the names asked for, and those win over the env file, as the
    // shell does with docker compose.
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &name : fromEnvironment) {
        if (environment.contains(name))
            variables.insert(name, environment.value(name));
    }
    if (!readData(data, InputFile::displayName(path), variables))
        return false;
    // A compose setting, not a value the file substitutes: read as docker compose reads it.
    const QString profiles = environment.contains(QStringLiteral("COMPOSE_PROFILES"))
                                 ? environment.value(QStringLiteral("COMPOSE_PROFILES"))
                                 : variables.value(QStringLiteral("COMPOSE_PROFILES"));
    for (const QString &profile : profiles.split(u',', Qt::SkipEmptyParts))
        m_composeProfiles << profile.trimmed();
    for (const QString &name : std::as_const(m_unsetVariables)) {
        m_warnings << (environment.contains(name)
                           ? QStringLiteral("variable %1 is set in the environment but not "
                                            "passed: read as unset (--env %1 takes it)")
                                 .arg(name)
                           : QStringLiteral("variable %1 is not set: read as unset").arg(name));
    }
    return true;
}

bool ComposeReader::readData(const QByteArray &data, const QString &displayName,
                             const QHash<QString, QString> &variables)
{
    m_services.clear();
    m_warnings.clear();
    m_unsetVariables.clear();
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
        m_unsetVariables = reader.unsetVariables;
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

} // namespace portolan
