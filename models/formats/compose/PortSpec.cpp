#include "PortSpec.h"

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

std::optional<PortRange> PortSpec::parseRange(const QString &text, Error *error)
{
    const QString trimmed = text.trimmed();
    const auto range = PortRange::parse(trimmed);
    if (!range || trimmed.isEmpty()) {
        *error = Error::fromText(QStringLiteral("invalid port \"%1\"").arg(text));
        return std::nullopt;
    }
    if (range->first < 1 || range->last > 65535 || range->first > 65535 || range->last < 1) {
        *error = Error::fromText(QStringLiteral("port %1 is not in 1-65535").arg(text));
        return std::nullopt;
    }
    if (range->first > range->last) {
        *error = Error::fromText(QStringLiteral("invalid range \"%1\": start after end").arg(text));
        return std::nullopt;
    }
    // A one-port range written "A-A" is the port A, as Docker treats it.
    return range->first == range->last ? PortRange::single(range->first) : *range;
}

std::optional<PublishedPort> PortSpec::parse(const QString &input, Error *error)
{
    QString spec = input.trimmed();
    if (spec.isEmpty()) {
        *error = Error::fromText(QStringLiteral("empty port specification"));
        return std::nullopt;
    }
    PublishedPort port;
    const qsizetype slash = spec.lastIndexOf(u'/');
    if (slash >= 0) {
        port.protocol = spec.mid(slash + 1).toLower();
        spec.truncate(slash);
        if (port.protocol != QLatin1String("tcp") && port.protocol != QLatin1String("udp") &&
            port.protocol != QLatin1String("sctp")) {
            *error = Error::fromText(QStringLiteral("invalid protocol \"%1\" (tcp, udp or sctp)")
                                         .arg(input.mid(slash + 1)));
            return std::nullopt;
        }
    }

    // Docker splits on colons from the right: the last part is the container port, the one
    // before it the host port, anything before that the address (IPv6 may be bracketed).
    QString ip;
    QString host;
    QString container;
    if (spec.startsWith(u'[')) {
        const qsizetype close = spec.indexOf(u']');
        if (close < 0 || close + 1 >= spec.size() || spec[close + 1] != u':') {
            *error = Error::fromText(QStringLiteral("invalid IPv6 address in \"%1\"").arg(input));
            return std::nullopt;
        }
        ip = spec.mid(1, close - 1);
        const QStringList rest = spec.mid(close + 2).split(u':');
        if (rest.size() != 2) {
            *error =
                Error::fromText(QStringLiteral("invalid port specification \"%1\"").arg(input));
            return std::nullopt;
        }
        host = rest[0];
        container = rest[1];
    } else {
        const QStringList parts = spec.split(u':');
        const int n = parts.size();
        container = parts[n - 1];
        if (n == 2) {
            host = parts[0];
        } else if (n == 3) {
            ip = parts[0];
            host = parts[1];
        } else if (n > 3) {
            ip = parts.mid(0, n - 2).join(u':');
            host = parts[n - 2];
        }
    }
    if (!ip.isEmpty()) {
        // Only what an address can hold: QHostAddress alone accepts some trailing garbage
        // (found by fuzzing: "1\0" "8[::]0"), and Docker's net.ParseIP does not.
        static const QRegularExpression addressCharacters(QStringLiteral("^[0-9A-Fa-f:.]+$"));
        QHostAddress address;
        if (!addressCharacters.match(ip).hasMatch() || !address.setAddress(ip)) {
            *error = Error::fromText(QStringLiteral("invalid IP address \"%1\"").arg(ip));
            return std::nullopt;
        }
        port.hostIp = ip;
    }
    if (container.isEmpty()) {
        *error = Error::fromText(QStringLiteral("no container port in \"%1\"").arg(input));
        return std::nullopt;
    }
    Error rangeError;
    const auto containerRange = parseRange(container, &rangeError);
    if (!containerRange) {
        *error =
            Error::fromText(QStringLiteral("invalid containerPort: %1").arg(rangeError.toString()));
        return std::nullopt;
    }
    port.container = *containerRange;
    if (!host.isEmpty()) {
        const auto hostRange = parseRange(host, &rangeError);
        if (!hostRange) {
            *error =
                Error::fromText(QStringLiteral("invalid hostPort: %1").arg(rangeError.toString()));
            return std::nullopt;
        }
        // A host range may serve one container port; two ranges must be the same length.
        if (hostRange->length() != containerRange->length() && containerRange->length() != 1) {
            *error = Error::fromText(
                QStringLiteral("invalid ranges specified for container and host ports: %1 and %2")
                    .arg(host, container));
            return std::nullopt;
        }
        port.host = *hostRange;
    }
    return port;
}

} // namespace portolan
