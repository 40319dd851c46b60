#include "domain/SshDestination.h"

#include "domain/IpAddress.h"

#include <QProcess>

namespace portolan {

namespace {

bool isNameChar(QChar c, bool first)
{
    const char16_t u = c.unicode();
    const bool alnum =
        (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9');
    return alnum || u == u'_' || (!first && (u == u'.' || u == u'-'));
}

// A user name or a host name: letters, digits, '_' and, after the first, '.' and '-'. Never a
// leading '-', which ssh would read as an option.
bool isToken(const QString &text, bool userName)
{
    if (text.isEmpty() || text.size() > 253)
        return false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const bool first = i == 0;
        if (!isNameChar(text[i], first) && !(userName && first && text[i] == u'.'))
            return false;
    }
    return true;
}

} // namespace

SshDestination SshDestination::parse(const QString &text)
{
    SshDestination result;
    if (text.isEmpty() || text.size() > 255)
        return result;
    QString rest = text;
    const bool url = rest.startsWith(QLatin1String("ssh://"));
    if (url)
        rest = rest.mid(6);
    const qsizetype at = rest.lastIndexOf(u'@');
    if (at >= 0) {
        result.user = rest.left(at);
        rest = rest.mid(at + 1);
        if (!isToken(result.user, true))
            return result;
    }
    if (url) {
        // ssh://[user@]host[:port], IPv6 in brackets.
        QString port;
        if (rest.startsWith(u'[')) {
            const qsizetype close = rest.indexOf(u']');
            if (close < 0)
                return result;
            result.host = rest.mid(1, close - 1);
            const QString after = rest.mid(close + 1);
            if (!after.isEmpty() && !after.startsWith(u':'))
                return result;
            port = after.mid(1);
            if (!IpAddress::isValid(result.host) || !result.host.contains(u':'))
                return result;
        } else {
            const qsizetype colon = rest.indexOf(u':');
            result.host = colon < 0 ? rest : rest.left(colon);
            port = colon < 0 ? QString() : rest.mid(colon + 1);
            if (!isToken(result.host, false))
                return result;
        }
        if (!port.isEmpty() || rest.endsWith(u':')) {
            bool ok = false;
            result.port = port.toInt(&ok);
            if (!ok || port.size() > 5 || result.port < 1 || result.port > 65535)
                return result;
        }
        result.valid = true;
        return result;
    }
    // [user@]host: a name, an IPv4 address or a bare IPv6 address; no brackets, no port.
    result.host = rest;
    result.valid = rest.contains(u':') ? IpAddress::isValid(rest) && !rest.contains(u'[')
                                       : isToken(rest, false);
    return result;
}

bool SshDestination::hostIsAddress() const
{
    return IpAddress::isValid(host);
}

int SshDestination::effectivePort(const QString &destination)
{
    const SshDestination ssh = parse(destination);
    if (!ssh.valid)
        return 22;
    if (ssh.port > 0)
        return ssh.port;
    if (ssh.hostIsAddress())
        return 22;
    QProcess resolve;
    resolve.start(QStringLiteral("ssh"), {QStringLiteral("-G"), QStringLiteral("--"), ssh.host});
    if (!resolve.waitForFinished(3000) || resolve.exitCode() != 0)
        return 22;
    for (const QByteArray &line : resolve.readAllStandardOutput().split('\n')) {
        if (line.startsWith("port ")) {
            bool ok = false;
            const int port = line.mid(5).trimmed().toInt(&ok);
            if (ok && port > 0 && port < 65536)
                return port;
        }
    }
    return 22;
}

} // namespace portolan
