#include "formats/docker/DockerReader.h"

#include "io/InputFile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

namespace portolan {

namespace {

// 1-based line and column of a byte offset, for messages.
SourceLocation locate(const QByteArray &data, qsizetype offset, const QString &displayName)
{
    offset = std::clamp<qsizetype>(offset, 0, data.size());
    const qsizetype lineStart = data.lastIndexOf('\n', offset - 1) + 1;
    return {displayName, int(data.left(offset).count('\n')) + 1, int(offset - lineStart) + 1};
}

// "a=1,traefik.http.routers.x.rule=Host(`a`, `b`),b=2": docker ps joins labels with commas,
// and a value may hold commas of its own; a new label starts where a key and `=` follow.
QVector<std::pair<QString, QString>> splitLabels(const QString &text)
{
    static const QRegularExpression start(QStringLiteral(",(?=[A-Za-z0-9._/-]+=)"));
    QVector<std::pair<QString, QString>> labels;
    for (const QString &entry : text.split(start, Qt::SkipEmptyParts)) {
        const qsizetype equals = entry.indexOf(u'=');
        labels.append({equals < 0 ? entry : entry.left(equals),
                       equals < 0 ? QString() : entry.mid(equals + 1)});
    }
    return labels;
}

QString serviceOf(const QVector<std::pair<QString, QString>> &labels, const QString &name)
{
    for (const auto &[key, value] : labels) {
        if (key == QLatin1String("com.docker.compose.service") && !value.isEmpty())
            return value;
    }
    return name;
}

bool isAnyAddress(const QString &ip)
{
    return ip.isEmpty() || ip == QLatin1String("0.0.0.0") || ip == QLatin1String("::");
}

} // namespace

bool DockerReader::readFile(const QString &path)
{
    QByteArray data;
    if (!InputFile::readAll(path, MaxFileBytes, QStringLiteral("saved docker output"), &data,
                            &m_error))
        return false;
    return readData(data, InputFile::displayName(path));
}

bool DockerReader::readData(const QByteArray &data, const QString &displayName)
{
    m_containers.clear();
    const QByteArray trimmed = data.trimmed();
    if (trimmed.isEmpty()) {
        m_error = {{displayName, 0, 0},
                   QStringLiteral("no containers: expected docker ps --format '{{json .}}' lines "
                                  "or docker inspect output")};
        return false;
    }
    if (trimmed.startsWith('[')) {
        QJsonParseError parseError;
        const QJsonDocument json = QJsonDocument::fromJson(data, &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            m_error = {locate(data, parseError.offset, displayName),
                       QStringLiteral("not docker inspect JSON: %1").arg(parseError.errorString())};
            return false;
        }
        for (const QJsonValue &item : json.array()) {
            if (!readInspect(item.toObject(), displayName))
                return false;
        }
        return true;
    }
    int lineNumber = 0;
    for (const QByteArray &rawLine : data.split('\n')) {
        ++lineNumber;
        const QByteArray line = rawLine.trimmed();
        if (line.isEmpty())
            continue;
        QJsonParseError parseError;
        const QJsonDocument json = QJsonDocument::fromJson(line, &parseError);
        if (!json.isObject()) {
            m_error = {{displayName, lineNumber, int(parseError.offset) + 1},
                       QStringLiteral("not docker ps JSON (one object per line): %1")
                           .arg(json.isNull() ? parseError.errorString()
                                              : QStringLiteral("expected an object"))};
            return false;
        }
        if (!readPsLine(json.object(), lineNumber, displayName))
            return false;
    }
    return true;
}

bool DockerReader::readPsLine(const QJsonObject &object, int line, const QString &displayName)
{
    Container container;
    container.name = object.value(QStringLiteral("Names")).toString().section(u',', 0, 0);
    if (container.name.isEmpty())
        container.name = object.value(QStringLiteral("Name")).toString();
    container.image = object.value(QStringLiteral("Image")).toString();
    container.labels = splitLabels(object.value(QStringLiteral("Labels")).toString());
    container.service = object.value(QStringLiteral("Service")).toString();
    if (container.service.isEmpty())
        container.service = serviceOf(container.labels, container.name);
    if (container.service.isEmpty()) {
        m_error = {{displayName, line, 1}, QStringLiteral("a container without a name")};
        return false;
    }

    const QJsonValue publishers = object.value(QStringLiteral("Publishers"));
    if (publishers.isArray()) {
        // docker compose ps --format json
        for (const QJsonValue &entry : publishers.toArray()) {
            const QJsonObject publisher = entry.toObject();
            const int target = publisher.value(QStringLiteral("TargetPort")).toInt();
            const int published = publisher.value(QStringLiteral("PublishedPort")).toInt();
            if (target < 1 || target > 65535)
                continue;
            if (published < 1 || published > 65535) {
                container.exposed.append(PortRange::single(target));
                continue;
            }
            PublishedPort port;
            port.hostIp = publisher.value(QStringLiteral("URL")).toString();
            port.host = PortRange::single(published);
            port.container = PortRange::single(target);
            port.protocol = publisher.value(QStringLiteral("Protocol"))
                                .toString(QStringLiteral("tcp"))
                                .toLower();
            container.published.append(port);
        }
        m_containers.append(container);
        return true;
    }

    // "0.0.0.0:8080->80/tcp, :::8080->80/tcp, [::1]:53->53/udp, 9000/tcp"
    static const QRegularExpression published(
        QStringLiteral("^(.*):(\\d+(?:-\\d+)?)->(\\d+(?:-\\d+)?)/(tcp|udp|sctp)\\z"));
    static const QRegularExpression exposed(QStringLiteral("^(\\d+(?:-\\d+)?)/(tcp|udp|sctp)\\z"));
    for (const QString &rawEntry :
         object.value(QStringLiteral("Ports")).toString().split(u',', Qt::SkipEmptyParts)) {
        const QString entry = rawEntry.trimmed();
        Error error;
        if (const QRegularExpressionMatch match = published.match(entry); match.hasMatch()) {
            QString ip = match.captured(1);
            if (ip.startsWith(u'[') && ip.endsWith(u']'))
                ip = ip.mid(1, ip.size() - 2);
            const auto host = PortSpec::parseRange(match.captured(2), &error);
            const auto target = PortSpec::parseRange(match.captured(3), &error);
            if (!host || !target) {
                m_error = {{displayName, line, 1},
                           QStringLiteral("port \"%1\": %2").arg(entry, error.message)};
                return false;
            }
            PublishedPort port;
            port.hostIp = ip;
            port.host = *host;
            port.container = *target;
            port.protocol = match.captured(4);
            container.published.append(port);
        } else if (const QRegularExpressionMatch only = exposed.match(entry); only.hasMatch()) {
            if (const auto range = PortSpec::parseRange(only.captured(1), &error))
                container.exposed.append(*range);
        } else {
            m_error = {{displayName, line, 1},
                       QStringLiteral("port \"%1\" is not in docker's form "
                                      "IP:HOST->CONTAINER/PROTOCOL or CONTAINER/PROTOCOL")
                           .arg(entry)};
            return false;
        }
    }
    m_containers.append(container);
    return true;
}

bool DockerReader::readInspect(const QJsonObject &object, const QString &displayName)
{
    const QJsonObject config = object.value(QStringLiteral("Config")).toObject();
    if (config.isEmpty() || !object.contains(QStringLiteral("Name"))) {
        m_error = {{displayName, 0, 0},
                   QStringLiteral("docker inspect output holds something that is not a container "
                                  "(no Name and Config)")};
        return false;
    }
    Container container;
    container.name = object.value(QStringLiteral("Name")).toString();
    if (container.name.startsWith(u'/'))
        container.name.remove(0, 1);
    container.image = config.value(QStringLiteral("Image")).toString();
    const QJsonObject labels = config.value(QStringLiteral("Labels")).toObject();
    // JSON objects come back sorted by key: the order Docker itself stores them in.
    for (auto it = labels.constBegin(); it != labels.constEnd(); ++it)
        container.labels.append({it.key(), it.value().toString()});
    container.service = serviceOf(container.labels, container.name);

    auto readPorts = [&](const QJsonObject &ports) -> bool {
        for (auto it = ports.constBegin(); it != ports.constEnd(); ++it) {
            Error error;
            const QString key = it.key(); // "80/tcp"
            const auto target = PortSpec::parseRange(key.section(u'/', 0, 0), &error);
            const QString protocol = key.section(u'/', 1, 1).toLower();
            if (!target) {
                m_error = {{displayName, 0, 0},
                           QStringLiteral("container %1: port \"%2\": %3")
                               .arg(container.name, key, error.message)};
                return false;
            }
            const QJsonArray bindings = it.value().toArray();
            if (bindings.isEmpty()) {
                container.exposed.append(*target);
                continue;
            }
            for (const QJsonValue &value : bindings) {
                const QJsonObject binding = value.toObject();
                const QString hostPort = binding.value(QStringLiteral("HostPort")).toString();
                PublishedPort port;
                port.hostIp = binding.value(QStringLiteral("HostIp")).toString();
                port.container = *target;
                port.protocol = protocol.isEmpty() ? QStringLiteral("tcp") : protocol;
                if (!hostPort.isEmpty()) {
                    const auto host = PortSpec::parseRange(hostPort, &error);
                    if (!host) {
                        m_error = {{displayName, 0, 0},
                                   QStringLiteral("container %1: host port \"%2\": %3")
                                       .arg(container.name, hostPort, error.message)};
                        return false;
                    }
                    port.host = *host;
                }
                container.published.append(port);
            }
        }
        return true;
    };
    // What is published now; a stopped container has only what it asks for.
    const QJsonObject live = object.value(QStringLiteral("NetworkSettings"))
                                 .toObject()
                                 .value(QStringLiteral("Ports"))
                                 .toObject();
    const QJsonObject configured = object.value(QStringLiteral("HostConfig"))
                                       .toObject()
                                       .value(QStringLiteral("PortBindings"))
                                       .toObject();
    if (!readPorts(live.isEmpty() ? configured : live))
        return false;
    const QJsonObject exposedPorts = config.value(QStringLiteral("ExposedPorts")).toObject();
    for (auto it = exposedPorts.constBegin(); it != exposedPorts.constEnd(); ++it) {
        Error error;
        if (const auto range = PortSpec::parseRange(it.key().section(u'/', 0, 0), &error);
            range && !container.exposed.contains(*range))
            container.exposed.append(*range);
    }
    m_containers.append(container);
    return true;
}

QVector<ComposeService> DockerReader::services() const
{
    QVector<ComposeService> result;
    QHash<QString, int> byName;
    for (const Container &container : m_containers) {
        int index = byName.value(container.service, -1);
        if (index < 0) {
            index = int(result.size());
            byName.insert(container.service, index);
            ComposeService service;
            service.name = container.service;
            service.image = container.image;
            result.append(service);
        }
        ComposeService &service = result[index];
        // One binding per port: the same port on 0.0.0.0 and :: (or on either alone) is on
        // every address, as the compose file that started it said.
        QSet<QString> seen;
        for (const PublishedPort &port : service.ports)
            seen.insert(port.toShortSyntax());
        for (PublishedPort port : container.published) {
            if (isAnyAddress(port.hostIp))
                port.hostIp.clear();
            const QString key = port.toShortSyntax();
            if (seen.contains(key))
                continue;
            seen.insert(key);
            service.ports.append(port);
        }
        for (const PortRange &range : container.exposed) {
            if (!service.expose.contains(range))
                service.expose.append(range);
        }
        if (service.routeHost.isEmpty()) {
            ComposeService labelled = service;
            labelled.readProxyLabels(container.labels);
            service.routeHost = labelled.routeHost;
            service.routePort = labelled.routePort;
            service.warnings += labelled.warnings;
        }
    }
    return result;
}

} // namespace portolan
