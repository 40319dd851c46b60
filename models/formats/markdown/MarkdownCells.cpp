#include "formats/markdown/MarkdownCells.h"

#include "domain/IpAddress.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QVarLengthArray>

#include <algorithm>
#include <cstdint>

namespace portolan::MarkdownCells {

namespace {

QString normalizedHeader(const QString &header)
{
    QString text = plainText(header).toLower();
    text.replace(QStringLiteral("(s)"), QString());
    text.replace(u'_', u' ');
    static const QRegularExpression spaces(QStringLiteral("\\s+"));
    text.replace(spaces, QStringLiteral(" "));
    while (!text.isEmpty() && (text.endsWith(u':') || text.endsWith(u'.') || text.endsWith(u'*')))
        text.chop(1);
    return text.trimmed();
}

const QHash<QString, Column> &knownHeaders()
{
    static const QHash<QString, Column> headers = [] {
        QHash<QString, Column> h;
        auto add = [&h](Role role, int rank, std::initializer_list<const char *> names,
                        const QString &protocol = {}) {
            for (const char *name : names)
                h.insert(QLatin1String(name), Column{role, rank, protocol});
        };
        add(Role::Name, 0,
            {"service", "services", "service name", "servicename", "svc", "servicio", "servicios",
             "dienst", "dienste", "nom du service"});
        add(Role::Name, 1,
            {"app", "apps", "application", "applications", "app name", "application name", "name",
             "program", "software", "tool", "stack", "component", "service/app", "app/service",
             "project", "nombre", "anwendung"});
        add(Role::Name, 2,
            {"container", "containers", "container name", "docker container", "contenedor",
             "contenedores", "conteneur"});
        add(Role::Port, 0,
            {"port",           "ports",       "port number",    "port numbers",  "port no",
             "port #",         "listen port", "listening port", "port range",    "web port",
             "ui port",        "web ui port", "portnumber",     "port/protocol", "port / protocol",
             "ports/protocol", "puerto",      "puertos",        "porta",         "portas"});
        add(Role::Port, 0, {"tcp port", "tcp ports", "tcp"}, QStringLiteral("tcp"));
        add(Role::Port, 0, {"udp port", "udp ports", "udp"}, QStringLiteral("udp"));
        add(Role::HostPort, 0, {"host port",    "host ports",     "hostport",        "host-port",
                                "external",     "external port",  "external ports",  "ext port",
                                "ext. port",    "public",         "public port",     "public ports",
                                "published",    "published port", "published ports", "exposed",
                                "exposed port", "exposed ports",  "port (host)",     "outside",
                                "outside port", "lan port",       "mapped port",     "local port",
                                "host side",    "host:port",      "port on host"});
        add(Role::ContainerPort, 0,
            {"container port", "container ports", "containerport", "internal", "internal port",
             "internal ports", "int port", "int. port", "target", "target port", "private port",
             "port (container)", "inside port", "docker port", "container side",
             "port in container"});
        // "default | alternative": the port the service uses, and the one published instead.
        add(Role::ContainerPort, 1, {"default", "default port(s)", "standard", "standard port"});
        add(Role::HostPort, 0, {"alternative", "alternative port", "alt port", "alt. port"});
        add(Role::Protocol, 0,
            {"protocol", "protocols", "proto", "transport", "tcp/udp", "l4 protocol", "protokoll",
             "protocolo", "protocole"});
        // "Type" may say the protocol, or something else ("Entrypoint-HTTP"): read leniently.
        add(Role::Protocol, 1, {"type", "kind"});
        add(Role::Bind, 0,
            {"bind", "bind address", "bind ip", "ip", "ip address", "address", "listen",
             "listen address", "listen on", "listens on", "interface", "host ip", "binding",
             "bound to"});
        add(Role::Device, 0,
            {"host", "hostname", "host name", "device", "server", "machine", "node", "vm", "lxc",
             "system", "box", "hosted on", "runs on"});
        add(Role::Notes, 0,
            {"notes",       "note",     "description", "desc",         "comment",
             "comments",    "purpose",  "details",     "remarks",      "remark",
             "info",        "usage",    "function",    "role",         "used by",
             "use",         "used for", "what for",    "beschreibung", "descripcion",
             "descripción", "notas",    "bemerkung",   "propósito",    "proposito"});
        add(Role::Url, 0,
            {"url", "urls", "link", "links", "web ui", "webui", "web", "access", "domain",
             "endpoint", "dashboard", "ui", "fqdn", "subdomain"});
        add(Role::Exception, 0, {"exception"});
        add(Role::Route, 0, {"route"});
        add(Role::Block, 0, {"block", "blocks", "range", "port block", "block range"});
        return h;
    }();
    return headers;
}

QString stripProtocolWords(QString cell, QStringList *protocols)
{
    // "51820 UDP", "TCP 443", "53 tcp+udp", "443 TCP/UDP": protocol words beside the ports.
    static const QRegularExpression words(
        QStringLiteral("(?<![A-Za-z/])(tcp|udp|sctp)((\\s*[/+&,]\\s*|\\s+and\\s+|\\s+or\\s+)"
                       "(tcp|udp|sctp))*(?![A-Za-z])"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression split(QStringLiteral("[^a-z]+"));
    for (auto it = words.globalMatch(cell); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        // "53/udp" belongs to its port; only a word standing apart counts here.
        if (m.capturedStart() > 0 && cell[m.capturedStart() - 1] == u'/')
            continue;
        for (const QString &p : m.captured().toLower().split(split, Qt::SkipEmptyParts)) {
            if (p != QLatin1String("and") && p != QLatin1String("or") && !protocols->contains(p))
                *protocols << p;
        }
    }
    if (protocols->isEmpty())
        return cell;
    QString rest;
    qsizetype from = 0;
    for (auto it = words.globalMatch(cell); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        if (m.capturedStart() > 0 && cell[m.capturedStart() - 1] == u'/')
            continue;
        rest += cell.mid(from, m.capturedStart() - from) + u' ';
        from = m.capturedEnd();
    }
    return rest + cell.mid(from);
}

std::optional<PortRange> parseRange(QString text)
{
    // Dashes and spaces looked for in one pass: most cells have none to change.
    if (std::any_of(text.cbegin(), text.cend(), [](QChar c) {
            return c == u' ' || c == QChar(0x2013) || c == QChar(0x2014);
        })) {
        text.replace(QChar(0x2013), u'-');
        text.replace(QChar(0x2014), u'-');
        text.remove(u' ');
    }
    const std::optional<PortRange> range = PortRange::parse(text);
    if (!range || range->first < 1 || range->last > 65535 || range->first > range->last)
        return std::nullopt;
    return range;
}

bool isNumber(const QString &text)
{
    static const QRegularExpression digits(QStringLiteral("^\\d+(-\\d+)?$"));
    return digits.match(text).hasMatch();
}

// Digits, or digits, '-' and digits: what isNumber matches, in ASCII.
bool isAsciiPortOrRange(const QString &text)
{
    const auto digit = [](QChar c) {
        return c >= u'0' && c <= u'9';
    };
    qsizetype i = 0;
    const auto digits = [&] {
        const qsizetype from = i;
        while (i < text.size() && digit(text[i]))
            ++i;
        return i > from;
    };
    if (!digits())
        return false;
    if (i < text.size() && text[i] == u'-') {
        ++i;
        if (!digits())
            return false;
    }
    return i == text.size();
}

const QString expectedPort = QStringLiteral(
    "expected a port such as 8080, a range such as 25100-25109, host:container such as "
    "8080:80, or ADDRESS:PORT");

// One item of a port cell: "8080", "53/udp", "8080:80", "127.0.0.1:8080:80", "[::1]:53",
// ":53", "0.0.0.0:8080->80/tcp".
std::optional<CellPort> parseItem(QString item, bool allowAddress, QString *error)
{
    CellPort port;
    static const QRegularExpression protocolSuffix(
        QStringLiteral("^(.*?)/((?:tcp|udp|sctp)(?:[/+](?:tcp|udp|sctp))*)$"),
        QRegularExpression::CaseInsensitiveOption);
    auto takeProtocol = [&](QString &text) {
        static const QRegularExpression separator(QStringLiteral("[/+]"));
        const QRegularExpressionMatch m = protocolSuffix.match(text.trimmed());
        if (!m.hasMatch())
            return;
        for (const QString &p : m.captured(2).toLower().split(separator))
            if (!port.protocols.contains(p))
                port.protocols << p;
        text = m.captured(1).trimmed();
    };
    takeProtocol(item);
    static const QRegularExpression arrow(QStringLiteral("\\s*(->|=>|\u2192)\\s*"));
    const QStringList sides = item.split(arrow);
    if (sides.size() == 2) {
        QString right = sides[1];
        takeProtocol(right);
        const std::optional<PortRange> container = parseRange(right);
        if (!container) {
            *error = QStringLiteral("\"%1\" is not a container port: %2").arg(right, expectedPort);
            return std::nullopt;
        }
        port.container = container;
        item = sides[0].trimmed();
    }
    QString address;
    QString rest = item;
    if (item.startsWith(u'[')) {
        const qsizetype close = item.indexOf(u']');
        address = item.mid(1, close - 1);
        rest = close >= 0 ? item.mid(close + 1) : QString();
        if (rest.startsWith(u':'))
            rest.remove(0, 1);
    } else if (item.startsWith(QLatin1String(":::"))) {
        address = QStringLiteral("::");
        rest = item.mid(3);
    } else if (item.count(u':') == 1 || (item.count(u':') == 2 && item.contains(u'.'))) {
        const QStringList parts = item.split(u':');
        if (parts.size() == 2 && isNumber(parts[0].trimmed()) && !port.container) {
            // 8080:80, as compose writes a mapping.
            rest = parts[0];
            port.container = parseRange(parts[1]);
            if (!port.container) {
                *error = QStringLiteral("\"%1\" is not a container port: %2")
                             .arg(parts[1].trimmed(), expectedPort);
                return std::nullopt;
            }
        } else {
            address = parts[0].trimmed();
            rest = parts[1];
            if (parts.size() == 3) {
                port.container = parseRange(parts[2]);
                if (!port.container) {
                    *error = QStringLiteral("\"%1\" is not a container port: %2")
                                 .arg(parts[2].trimmed(), expectedPort);
                    return std::nullopt;
                }
            }
            port.hasIp = true;
        }
    }
    if (!address.isEmpty() || port.hasIp) {
        port.hasIp = true;
        if (!allowAddress && !address.isEmpty()) {
            *error =
                QStringLiteral("\"%1\" holds an address; a container port is a port").arg(item);
            return std::nullopt;
        }
        if (!address.isEmpty() && !IpAddress::isValid(address)) {
            *error = QStringLiteral("\"%1\" is not an IPv4 or IPv6 address").arg(address);
            return std::nullopt;
        }
        port.ip = address;
    }
    const std::optional<PortRange> range = parseRange(rest);
    if (!range) {
        *error = QStringLiteral("\"%1\" is not a port: %2").arg(rest.trimmed(), expectedPort);
        return std::nullopt;
    }
    port.ports = *range;
    return port;
}

} // namespace

QString lowered(const QString &text)
{
    const QStringView view(text);
    const bool lower = std::all_of(view.utf16(), view.utf16() + view.size(),
                                   [](char16_t c) { return c < 128 && !(c >= u'A' && c <= u'Z'); });
    return lower ? text : text.toLower();
}

QStringList splitRow(QStringView line, RecentTexts *recent)
{
    QStringView body = line.trimmed();
    if (body.startsWith(u'|'))
        body = body.mid(1);
    if (body.endsWith(u'|') && !body.endsWith(QLatin1String("\\|")))
        body.chop(1);
    QStringList cells;
    // Without a backslash no pipe is escaped: cut at every pipe, in one pass, with room for
    // every cell made at once (a row of seven cells grew its list four times).
    const char16_t *units = body.utf16();
    QVarLengthArray<qsizetype, 16> pipes;
    bool backslash = false;
    for (qsizetype i = 0; i < body.size(); ++i) {
        if (units[i] == u'|')
            pipes.append(i);
        else if (units[i] == u'\\')
            backslash = true;
    }
    if (!backslash) {
        cells.reserve(pipes.size() + 1);
        qsizetype from = 0;
        for (qsizetype p = 0; p <= pipes.size(); ++p) {
            qsizetype end = p < pipes.size() ? pipes[p] : body.size();
            qsizetype start = from;
            while (start < end && QChar::isSpace(units[start]))
                ++start;
            while (end > start && QChar::isSpace(units[end - 1]))
                --end;
            const QStringView text = body.mid(start, end - start);
            cells.append(recent ? recent->text(std::size_t(p), text) : text.toString());
            if (p < pipes.size())
                from = pipes[p] + 1;
        }
        return cells;
    }
    QString cell;
    bool escaped = false;
    for (QChar c : body) {
        if (escaped) {
            cell += c;
            escaped = false;
        } else if (c == u'\\') {
            escaped = true;
        } else if (c == u'|') {
            cells << cell.trimmed();
            cell.clear();
        } else {
            cell += c;
        }
    }
    cells << cell.trimmed();
    return cells;
}

Column columnOf(const QString &header)
{
    const QString name = normalizedHeader(header);
    const auto it = knownHeaders().constFind(name);
    if (it != knownHeaders().constEnd())
        return *it;
    // Headers that say more than the list: "Ports (TCP)", "Host port(s) used".
    if (name.contains(QLatin1String("port"))) {
        if (name.contains(QLatin1String("container")) || name.contains(QLatin1String("internal")))
            return {Role::ContainerPort, 0, {}};
        if (name.contains(QLatin1String("host")) || name.contains(QLatin1String("external")) ||
            name.contains(QLatin1String("public")))
            return {Role::HostPort, 0, {}};
        const bool tcp = name.contains(QLatin1String("tcp"));
        const bool udp = name.contains(QLatin1String("udp"));
        return {Role::Port, 0,
                tcp == udp ? QString() : (tcp ? QStringLiteral("tcp") : QStringLiteral("udp"))};
    }
    if (name.startsWith(QLatin1String("service")) || name.endsWith(QLatin1String(" name")))
        return {Role::Name, 1, {}};
    return {};
}

QString plainText(QString cell)
{
    static const QRegularExpression lineBreak(QStringLiteral("<br\\s*/?>"),
                                              QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression image(QStringLiteral("!\\[([^\\]]*)\\]\\([^)]*\\)"));
    static const QRegularExpression link(QStringLiteral("\\[([^\\]]*)\\]\\([^)]*\\)"));
    static const QRegularExpression referenceLink(QStringLiteral("\\[([^\\]]*)\\]\\[[^\\]]*\\]"));
    static const QRegularExpression tag(QStringLiteral("<[^>]+>"));
    static const QRegularExpression underscores(
        QStringLiteral("(?<![A-Za-z0-9])_{1,2}(\\S(?:.*?\\S)?)_{1,2}(?![A-Za-z0-9])"));
    // Each pass only where its mark is: most cells are plain words and numbers, and six
    // regular expressions per cell were most of an import of 100,000 rows. A cell with no
    // mark at all is only trimmed.
    // The marks as bits of the ASCII table: one test per character.
    constexpr auto bit = [](char c) {
        return std::uint64_t(1) << (c & 63);
    };
    constexpr std::uint64_t low = bit('<') | bit('&') | bit('*');
    constexpr std::uint64_t high = bit('[') | bit('`') | bit('~') | bit('_');
    const QStringView view(cell);
    const bool marked = std::any_of(view.utf16(), view.utf16() + view.size(), [](char16_t c) {
        return c < 128 && (((c < 64 ? low : high) >> (c & 63)) & 1);
    });
    if (!marked) {
        // Cells come trimmed from splitRow: most need no call to trim them again.
        if (view.isEmpty() || (!view.front().isSpace() && !view.back().isSpace()))
            return cell;
        return std::move(cell).trimmed();
    }
    if (cell.contains(u'<')) {
        cell.replace(lineBreak, QStringLiteral("; "));
        cell.replace(tag, QString());
    }
    if (cell.contains(u'[')) {
        cell.replace(image, QStringLiteral("\\1"));
        cell.replace(link, QStringLiteral("\\1"));
        cell.replace(referenceLink, QStringLiteral("\\1"));
    }
    if (cell.contains(u'&')) {
        cell.replace(QStringLiteral("&lt;"), QStringLiteral("<"));
        cell.replace(QStringLiteral("&gt;"), QStringLiteral(">"));
        cell.replace(QStringLiteral("&nbsp;"), QStringLiteral(" "));
        cell.replace(QStringLiteral("&quot;"), QStringLiteral("\""));
        cell.replace(QStringLiteral("&amp;"), QStringLiteral("&"));
    }
    cell.remove(u'`');
    cell.remove(QStringLiteral("~~"));
    cell.remove(u'*');
    if (cell.contains(u'_'))
        cell.replace(underscores, QStringLiteral("\\1"));
    return cell.trimmed();
}

QString serviceName(const QString &text)
{
    static const QRegularExpression parenthesis(QStringLiteral("\\s*\\([^)]*\\)"));
    static const QRegularExpression outside(QStringLiteral("[^A-Za-z0-9._-]+"));
    static const QRegularExpression dashes(QStringLiteral("-{2,}"));
    QString name = plainText(text);
    // Already a name ("gitea", "svc0001"): nothing below would change it.
    const bool clean = !name.isEmpty() && std::all_of(name.cbegin(), name.cend(), [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') ||
               c == u'.' || c == u'_' || c == u'-';
    });
    if (clean && !name.contains(QLatin1String("--")) && !name.startsWith(u'-') &&
        !name.startsWith(u'.') && !name.endsWith(u'-') && !name.endsWith(u'.'))
        return name;
    name.remove(parenthesis);
    name.replace(outside, QStringLiteral("-"));
    name.replace(dashes, QStringLiteral("-"));
    while (!name.isEmpty() && (name.startsWith(u'-') || name.startsWith(u'.')))
        name.remove(0, 1);
    while (!name.isEmpty() && (name.endsWith(u'-') || name.endsWith(u'.')))
        name.chop(1);
    return name;
}

std::optional<QVector<CellPort>> parsePorts(QString cell, bool allowAddress, QString *note,
                                            QString *error)
{
    cell = plainText(cell);
    // "8080" or "25100-25109", most cells of a large table: one port or range, nothing else
    // to take apart (a range that is no port falls through, for the message).
    if (isAsciiPortOrRange(cell)) {
        if (const std::optional<PortRange> range = parseRange(cell)) {
            CellPort port;
            port.ports = *range;
            return QVector<CellPort>{port};
        }
    }
    static const QRegularExpression parenthesis(QStringLiteral("\\s*\\(([^)]*)\\)"));
    static const QRegularExpression protocolList(
        QStringLiteral("^(tcp|udp|sctp)(\\s*([/+&,]|and|or)\\s*(tcp|udp|sctp))*$"),
        QRegularExpression::CaseInsensitiveOption);
    QStringList shared;
    for (QRegularExpressionMatch m = parenthesis.match(cell); m.hasMatch();
         m = parenthesis.match(cell)) {
        const QString inside = m.captured(1).trimmed();
        if (protocolList.match(inside).hasMatch())
            stripProtocolWords(inside, &shared);
        else if (!inside.isEmpty())
            *note = note->isEmpty() ? inside : *note + QStringLiteral("; ") + inside;
        cell.remove(m.capturedStart(), m.capturedLength());
    }
    cell = stripProtocolWords(cell, &shared);
    // "25100 - 25109" is one range; "8080 -> 80" one mapping; "80 / 443" two ports.
    static const QRegularExpression spacedRange(
        QStringLiteral("(\\d)\\s+[-\u2013\u2014]\\s+(\\d)"));
    cell.replace(spacedRange, QStringLiteral("\\1-\\2"));
    static const QRegularExpression spacedArrow(QStringLiteral("\\s*(->|=>|\u2192)\\s*"));
    cell.replace(spacedArrow, QStringLiteral("->"));
    static const QRegularExpression portSlashPort(QStringLiteral("(\\d)\\s*/\\s*(?=\\d)"));
    cell.replace(portSlashPort, QStringLiteral("\\1 "));
    static const QRegularExpression separators(
        QStringLiteral("\\s*[,;&]\\s*|\\s+and\\s+|\\s+or\\s+|\\s+"));
    QVector<CellPort> result;
    QStringList words;
    for (const QString &raw : cell.split(separators, Qt::SkipEmptyParts)) {
        const QString item = raw.trimmed();
        if (item.isEmpty())
            continue;
        // Words beside the ports ("8080 web ui") are a note, not a port.
        if (std::none_of(item.cbegin(), item.cend(), [](QChar c) { return c.isDigit(); })) {
            words << item;
            continue;
        }
        const std::optional<CellPort> port = parseItem(item, allowAddress, error);
        if (!port)
            return std::nullopt;
        result.append(*port);
    }
    if (result.isEmpty()) {
        *error = QStringLiteral("no port in \"%1\": %2").arg(cell.trimmed(), expectedPort);
        return std::nullopt;
    }
    if (!words.isEmpty())
        *note =
            note->isEmpty() ? words.join(u' ') : *note + QStringLiteral("; ") + words.join(u' ');
    for (CellPort &port : result) {
        if (port.protocols.isEmpty())
            port.protocols = shared;
    }
    return result;
}

std::optional<QStringList> parseProtocols(const QString &cell, QString *error)
{
    const QString text = lowered(plainText(cell));
    // One protocol by its name, as most rows say it.
    // The lists are made once and shared: a Protocol column says this on every row.
    static const QStringList tcp{QStringLiteral("tcp")};
    static const QStringList udp{QStringLiteral("udp")};
    static const QStringList sctp{QStringLiteral("sctp")};
    if (text == QLatin1String("tcp"))
        return tcp;
    if (text == QLatin1String("udp"))
        return udp;
    if (text == QLatin1String("sctp"))
        return sctp;
    QString why;
    if (text.isEmpty() || saysNoPort(text, &why))
        return QStringList();
    static const QRegularExpression split(
        QStringLiteral("\\s*([/,&+|]|\\band\\b|\\bor\\b)\\s*|\\s+"));
    static const QStringList overTcp{
        QStringLiteral("http"),     QStringLiteral("https"), QStringLiteral("http(s)"),
        QStringLiteral("web"),      QStringLiteral("ws"),    QStringLiteral("wss"),
        QStringLiteral("grpc"),     QStringLiteral("ssh"),   QStringLiteral("smtp"),
        QStringLiteral("smtps"),    QStringLiteral("imap"),  QStringLiteral("imaps"),
        QStringLiteral("ldap"),     QStringLiteral("ldaps"), QStringLiteral("ftp"),
        QStringLiteral("sftp"),     QStringLiteral("rdp"),   QStringLiteral("vnc"),
        QStringLiteral("mqtt"),     QStringLiteral("tls"),   QStringLiteral("ssl"),
        QStringLiteral("smb"),      QStringLiteral("nfs"),   QStringLiteral("rtmp"),
        QStringLiteral("irc"),      QStringLiteral("xmpp"),  QStringLiteral("sql"),
        QStringLiteral("postgres"), QStringLiteral("mysql"), QStringLiteral("redis"),
        QStringLiteral("api"),      QStringLiteral("rest")};
    static const QStringList overUdp{
        QStringLiteral("quic"), QStringLiteral("wireguard"), QStringLiteral("wg"),
        QStringLiteral("dtls"), QStringLiteral("mdns"),      QStringLiteral("ssdp"),
        QStringLiteral("stun"), QStringLiteral("turn"),      QStringLiteral("rtp"),
        QStringLiteral("snmp"), QStringLiteral("ntp"),       QStringLiteral("tftp"),
        QStringLiteral("dhcp")};
    QStringList protocols;
    auto add = [&protocols](const QString &p) {
        if (!protocols.contains(p))
            protocols << p;
    };
    for (const QString &word : text.split(split, Qt::SkipEmptyParts)) {
        if (word == QLatin1String("tcp") || word == QLatin1String("udp") ||
            word == QLatin1String("sctp")) {
            add(word);
        } else if (word == QLatin1String("both")) {
            add(QStringLiteral("tcp"));
            add(QStringLiteral("udp"));
        } else if (word == QLatin1String("dns")) {
            add(QStringLiteral("tcp"));
            add(QStringLiteral("udp"));
        } else if (overTcp.contains(word)) {
            add(QStringLiteral("tcp"));
        } else if (overUdp.contains(word)) {
            add(QStringLiteral("udp"));
        } else {
            *error = QStringLiteral("\"%1\" is not a protocol: expected TCP, UDP, SCTP or "
                                    "TCP/UDP (HTTP and other protocols over TCP count as TCP)")
                         .arg(plainText(cell));
            return std::nullopt;
        }
    }
    return protocols;
}

bool saysNoPort(const QString &cell, QString *why)
{
    // A cell that starts with a digit starts so as plain text too, and no word below does.
    const QStringView start = QStringView(cell).trimmed();
    if (!start.isEmpty() && start.front() >= u'0' && start.front() <= u'9')
        return false;
    const QString plain = plainText(cell);
    static const QSet<QString> none{QStringLiteral("-"),
                                    QStringLiteral("\u2013"),
                                    QStringLiteral("\u2014"),
                                    QStringLiteral("--"),
                                    QStringLiteral("n/a"),
                                    QStringLiteral("na"),
                                    QStringLiteral("n.a."),
                                    QStringLiteral("none"),
                                    QStringLiteral("no"),
                                    QStringLiteral("null"),
                                    QStringLiteral("x"),
                                    QStringLiteral("?"),
                                    QStringLiteral("tbd"),
                                    QStringLiteral("todo"),
                                    QStringLiteral("no port"),
                                    QStringLiteral("not exposed"),
                                    QStringLiteral("unexposed"),
                                    QStringLiteral("not published"),
                                    QStringLiteral("internal"),
                                    QStringLiteral("internal only"),
                                    QStringLiteral("container only"),
                                    QStringLiteral("docker network"),
                                    QStringLiteral("proxy only"),
                                    QStringLiteral("via proxy"),
                                    QStringLiteral("via traefik"),
                                    QStringLiteral("traefik"),
                                    QStringLiteral("reverse proxy")};
    static const QSet<QString> hostNetwork{QStringLiteral("host"),
                                           QStringLiteral("host network"),
                                           QStringLiteral("host networking"),
                                           QStringLiteral("host mode"),
                                           QStringLiteral("network_mode: host"),
                                           QStringLiteral("network: host"),
                                           QStringLiteral("net=host"),
                                           QStringLiteral("(host)")};
    if (plain.isEmpty()) {
        *why = QStringLiteral("empty");
        return true;
    }
    // Longer than any of the words: a name, a route, a note (most cells that get here).
    static const qsizetype longest = [] {
        qsizetype most = 0;
        for (const QString &word : none + hostNetwork)
            most = std::max(most, word.size());
        return most;
    }();
    if (plain.size() > longest)
        return false;
    const QString text = lowered(plain);
    if (none.contains(text)) {
        *why = QStringLiteral("\"%1\"").arg(plain);
        return true;
    }
    if (hostNetwork.contains(text)) {
        *why = QStringLiteral("host network (\"%1\")").arg(plain);
        return true;
    }
    return false;
}

QString protocolOfHeading(const QString &heading)
{
    static const QRegularExpression tcp(QStringLiteral("\\btcp\\b"),
                                        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression udp(QStringLiteral("\\budp\\b"),
                                        QRegularExpression::CaseInsensitiveOption);
    // Searched first as letters: most headings name neither (a device's, one per table), and
    // no character but these ASCII letters folds to them.
    const auto holds = [&heading](const char *letters) {
        const QChar *text = heading.constData();
        for (qsizetype i = 0; i + 3 <= heading.size(); ++i) {
            if ((text[i].unicode() | 0x20) == letters[0] &&
                (text[i + 1].unicode() | 0x20) == letters[1] &&
                (text[i + 2].unicode() | 0x20) == letters[2])
                return true;
        }
        return false;
    };
    const bool hasTcp = holds("tcp") && tcp.match(heading).hasMatch();
    const bool hasUdp = holds("udp") && udp.match(heading).hasMatch();
    if (hasTcp == hasUdp)
        return {};
    return hasUdp ? QStringLiteral("udp") : QStringLiteral("tcp");
}

// `word` in `text` as a whole word (not inside another name), without case: found by search,
// not a regular expression made anew for every row.
bool containsWord(const QString &text, const QString &word)
{
    if (word.isEmpty())
        return false;
    const auto isNamePart = [](QChar c) {
        return c.isLetterOrNumber() || c == u'_' || c == u'-';
    };
    for (qsizetype at = text.indexOf(word, 0, Qt::CaseInsensitive); at >= 0;
         at = text.indexOf(word, at + 1, Qt::CaseInsensitive)) {
        const qsizetype end = at + word.size();
        if ((at == 0 || !isNamePart(text[at - 1])) &&
            (end == text.size() || !isNamePart(text[end])))
            return true;
    }
    return false;
}

} // namespace portolan::MarkdownCells
