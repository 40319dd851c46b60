#include "formats/compose/PortSpec.h"

#include "domain/IpAddress.h"

#include <QHostAddress>
#include <QRegularExpression>
#include <QStringList>

namespace portolan {

QString PublishedPort::toShortSyntax() const
{
    QString spec;
    if (!hostIp.isEmpty())
        spec = (hostIp.contains(u':') ? u'[' + hostIp + u']' : hostIp) + u':';
    if (host)
        spec += host->toString() + u':';
    else if (!hostIp.isEmpty())
        spec += u':';
    spec += container.toString() + u'/' + protocol;
    return spec;
}

namespace {

// strconv.ParseUint(text, 10, 16): decimal digits only, no sign, no blanks, at most 65535.
std::optional<int> parseUint16(const QString &text)
{
    if (text.isEmpty() || text.size() > 16)
        return std::nullopt;
    int value = 0;
    for (QChar c : text) {
        if (c < u'0' || c > u'9')
            return std::nullopt;
        value = value * 10 + (c.unicode() - u'0');
        if (value > 65535)
            return std::nullopt;
    }
    return value;
}

} // namespace

bool PortSpec::isAddress(const QString &text)
{
    return IpAddress::isValid(text);
}

std::optional<PortRange> PortSpec::parseRange(const QString &text, Error *error)
{
    // Docker's ParsePortRange, blanks and all: "8080 " is not a port.
    if (text.isEmpty()) {
        *error = Error::fromText(QStringLiteral("empty string specified for ports"));
        return std::nullopt;
    }
    std::optional<int> first;
    std::optional<int> last;
    if (!text.contains(u'-')) {
        first = last = parseUint16(text);
    } else {
        const QStringList parts = text.split(u'-');
        first = parseUint16(parts[0]);
        last = parseUint16(parts[1]);
    }
    if (!first || !last) {
        *error = Error::fromText(QStringLiteral("invalid port \"%1\"").arg(text));
        return std::nullopt;
    }
    if (*last < *first) {
        *error = Error::fromText(QStringLiteral("invalid range specified for port: %1").arg(text));
        return std::nullopt;
    }
    if (*first < 1) {
        *error = Error::fromText(QStringLiteral("port %1 is not in 1-65535").arg(text));
        return std::nullopt;
    }
    // A one-port range written "A-A" is the port A, as Docker treats it.
    return *first == *last ? PortRange::single(*first) : PortRange::span(*first, *last);
}

std::optional<PublishedPort> PortSpec::parse(const QString &input, Error *error)
{
    // Docker's ParsePortSpec: split on colons from the right (the last part is the container
    // port, the one before it the host port, anything before that the address), then the
    // protocol off the container part. Nothing is trimmed: Docker refuses "8080 : 80".
    if (input.isEmpty()) {
        *error = Error::fromText(QStringLiteral("empty port specification"));
        return std::nullopt;
    }
    const QStringList parts = input.split(u':');
    const qsizetype n = parts.size();
    QString ip;
    QString host;
    QString container = parts[n - 1];
    if (n == 2) {
        host = parts[0];
    } else if (n == 3) {
        ip = parts[0];
        host = parts[1];
    } else if (n > 3) {
        ip = parts.mid(0, n - 2).join(u':');
        host = parts[n - 2];
    }

    PublishedPort port;
    // SplitProtoPort: "80/" is tcp, "80/udp/x" is 80/udp.
    const QStringList protoParts = container.split(u'/');
    if (protoParts.size() > 1 && !protoParts[0].isEmpty()) {
        container = protoParts[0];
        if (!protoParts[1].isEmpty())
            port.protocol = protoParts[1].toLower();
    }
    if (!ip.isEmpty() && ip.startsWith(u'[')) {
        if (!ip.endsWith(u']') || ip.indexOf(u']') != ip.size() - 1) {
            *error = Error::fromText(QStringLiteral("invalid IP address %1").arg(ip));
            return std::nullopt;
        }
        ip = ip.mid(1, ip.size() - 2);
    }
    if (!ip.isEmpty()) {
        if (!isAddress(ip)) {
            *error = Error::fromText(QStringLiteral("invalid IP address: %1").arg(ip));
            return std::nullopt;
        }
        port.hostIp = ip;
    }
    if (container.isEmpty()) {
        *error = Error::fromText(QStringLiteral("no port specified: %1<empty>").arg(input));
        return std::nullopt;
    }
    Error rangeError;
    const auto containerRange = parseRange(container, &rangeError);
    if (!containerRange) {
        *error = Error::fromText(QStringLiteral("invalid containerPort: %1").arg(container));
        return std::nullopt;
    }
    port.container = *containerRange;
    if (!host.isEmpty()) {
        const auto hostRange = parseRange(host, &rangeError);
        if (!hostRange) {
            *error = Error::fromText(QStringLiteral("invalid hostPort: %1").arg(host));
            return std::nullopt;
        }
        // A host range may serve one container port (Docker picks one host port from it); two
        // ranges must be the same length.
        if (hostRange->length() != containerRange->length() && containerRange->length() != 1) {
            *error = Error::fromText(
                QStringLiteral("invalid ranges specified for container and host Ports: %1 and %2")
                    .arg(container, host));
            return std::nullopt;
        }
        port.host = *hostRange;
    }
    if (port.protocol != QLatin1String("tcp") && port.protocol != QLatin1String("udp") &&
        port.protocol != QLatin1String("sctp")) {
        *error = Error::fromText(QStringLiteral("invalid proto: %1").arg(port.protocol));
        return std::nullopt;
    }
    return port;
}

} // namespace portolan
