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
    // lastIndexOf(..., -1) would search from the end: the first line starts at 0.
    const qsizetype lineStart = offset == 0 ? 0 : data.lastIndexOf('\n', offset - 1) + 1;
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

// Where the JSON value starting at `from` ends (one past its last byte), strings and escapes
// honoured; -1 when it does not.
qsizetype endOfJsonValue(const QByteArray &data, qsizetype from)
{
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (qsizetype i = from; i < data.size(); ++i) {
        const char c = data[i];
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"')
            inString = true;
        else if (c == '{' || c == '[')
            ++depth;
        else if (c == '}' || c == ']') {
            if (--depth == 0)
                return i + 1;
        }
    }
    return -1;
}

// A host port in the kernel's ephemeral range, not the container's own: Docker chose it.
void markChosenByDocker(PublishedPort &port)
{
    if (port.host && port.host->first >= 32768 && port.host->last <= 60999 &&
        port.host->first != port.container.first)
        port.chosenByDocker = true;
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
    // Any of the forms: one document (an array, or one object), or objects one after another,
    // one a line or pretty-printed over many.
    qsizetype offset = data.indexOf(trimmed.front());
    while (offset < data.size()) {
        if (data[offset] != '{' && data[offset] != '[') {
            m_error = {locate(data, offset, displayName),
                       QStringLiteral("not docker or podman JSON output: expected an object or "
                                      "an array (docker ps --format json, docker compose ps "
                                      "--format json, docker inspect)")};
            return false;
        }
        const qsizetype end = endOfJsonValue(data, offset);
        if (end < 0) {
            m_error = {locate(data, offset, displayName),
                       QStringLiteral("not docker or podman JSON output: the value that starts "
                                      "here is cut off before its end")};
            return false;
        }
        QJsonParseError parseError;
        const QJsonDocument json =
            QJsonDocument::fromJson(data.mid(offset, end - offset), &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            m_error = {locate(data, offset + parseError.offset, displayName),
                       QStringLiteral("not docker or podman JSON output: %1")
                           .arg(parseError.errorString())};
            return false;
        }
        const int line = locate(data, offset, displayName).line;
        const QJsonArray items = json.isArray() ? json.array() : QJsonArray{json.object()};
        for (const QJsonValue &item : items) {
            if (!item.isObject()) {
                m_error = {locate(data, offset, displayName),
                           QStringLiteral("expected an object for each container")};
                return false;
            }
            if (!readObject(item.toObject(), line, displayName))
                return false;
        }
        offset = end;
        while (offset < data.size() && QChar::fromLatin1(data[offset]).isSpace())
            ++offset;
    }
    return true;
}

// One container, whichever command wrote it: docker inspect and podman inspect (Config),
// docker ps and docker compose ps (a Ports string or Publishers), podman ps (Ports objects).
bool DockerReader::readObject(const QJsonObject &object, int line, const QString &displayName)
{
    const bool listed = object.contains(QStringLiteral("Names")) ||
                        object.contains(QStringLiteral("Ports")) ||
                        object.contains(QStringLiteral("Publishers"));
    if (object.contains(QStringLiteral("Config")) ||
        object.contains(QStringLiteral("HostConfig")) ||
        (object.contains(QStringLiteral("Id")) && !listed))
        return readInspect(object, displayName);
    const QJsonValue ports = object.value(QStringLiteral("Ports"));
    if (ports.isArray() || object.value(QStringLiteral("Names")).isArray())
        return readPodmanPs(object, line, displayName);
    return readPsLine(object, line, displayName);
}

// podman ps --format json: Names is a list, Labels an object, Ports a list of objects
// {host_ip, container_port, host_port, range, protocol} (or null).
bool DockerReader::readPodmanPs(const QJsonObject &object, int line, const QString &displayName)
{
    Container container;
    const QJsonValue names = object.value(QStringLiteral("Names"));
    container.name = names.isArray() ? names.toArray().first().toString() : names.toString();
    container.image = object.value(QStringLiteral("Image")).toString();
    const QJsonObject labels = object.value(QStringLiteral("Labels")).toObject();
    for (auto it = labels.constBegin(); it != labels.constEnd(); ++it)
        container.labels.append({it.key(), it.value().toString()});
    container.service = serviceOf(container.labels, container.name);
    if (container.service.isEmpty()) {
        m_error = {{displayName, line, 1}, QStringLiteral("a container without a name")};
        return false;
    }
    for (const QJsonValue &value : object.value(QStringLiteral("Ports")).toArray()) {
        const QJsonObject entry = value.toObject();
        const int target = entry.value(QStringLiteral("container_port")).toInt();
        const int host = entry.value(QStringLiteral("host_port")).toInt();
        const int range = std::max(1, entry.value(QStringLiteral("range")).toInt(1));
        if (target < 1 || target + range - 1 > 65535)
            continue;
        if (host < 1 || host + range - 1 > 65535) {
            container.exposed.append(PortRange::span(target, target + range - 1));
            continue;
        }
        PublishedPort port;
        port.hostIp = entry.value(QStringLiteral("host_ip")).toString();
        port.host = range == 1 ? PortRange::single(host) : PortRange::span(host, host + range - 1);
        port.container =
            range == 1 ? PortRange::single(target) : PortRange::span(target, target + range - 1);
        port.protocol =
            entry.value(QStringLiteral("protocol")).toString(QStringLiteral("tcp")).toLower();
        markChosenByDocker(port);
        container.published.append(port);
    }
    m_containers.append(container);
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
            markChosenByDocker(port);
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
            markChosenByDocker(port);
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

    // What the container asked for: a port published without a host port ("" or "0") was
    // given one by Docker.
    const QJsonObject asked = object.value(QStringLiteral("HostConfig"))
                                  .toObject()
                                  .value(QStringLiteral("PortBindings"))
                                  .toObject();
    auto askedForAny = [&asked](const QString &key) {
        const QJsonArray bindings = asked.value(key).toArray();
        for (const QJsonValue &value : bindings) {
            const QString port = value.toObject().value(QStringLiteral("HostPort")).toString();
            if (port.isEmpty() || port == QLatin1String("0"))
                return true;
        }
        return false;
    };
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
                    port.chosenByDocker = askedForAny(key);
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
            if (port.chosenByDocker && port.host)
                service.warnings << QStringLiteral("%1: host port %2 (for %3/%4) was chosen at "
                                                   "random by the container engine and changes "
                                                   "when the container is recreated; publish a "
                                                   "fixed port and plan that")
                                        .arg(service.name, port.host->toString(),
                                             port.container.toString(), port.protocol);
            service.ports.append(port);
        }
        for (const PortRange &range : container.exposed) {
            if (!service.expose.contains(range))
                service.expose.append(range);
        }
        if (service.routeHost.isEmpty()) {
            ComposeService labelled = service;
            labelled.warnings.clear();
            labelled.readProxyLabels(container.labels);
            service.routeHost = labelled.routeHost;
            service.routePort = labelled.routePort;
            service.warnings += labelled.warnings;
        }
    }
    return result;
}

} // namespace portolan
