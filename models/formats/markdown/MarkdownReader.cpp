#include "formats/markdown/MarkdownReader.h"

#include "domain/IpAddress.h"
#include "domain/TextRules.h"
#include "io/InputFile.h"

#include <QFile>
#include <QRegularExpression>

namespace portolan {

namespace {

// Splits "| a | b \| c |" into cells, honouring escaped pipes and backslashes.
QStringList splitRow(const QString &line)
{
    QString body = line.trimmed();
    if (body.startsWith(u'|'))
        body.remove(0, 1);
    QStringList cells;
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
    if (!cell.trimmed().isEmpty())
        cells << cell.trimmed();
    for (QString &value : cells) {
        // Free text in the registry is one line: a line break kept by hand becomes "; ".
        value.replace(QStringLiteral("<br>"), QStringLiteral("; "));
        value.replace(QStringLiteral("<br/>"), QStringLiteral("; "));
        value.replace(QStringLiteral("<br />"), QStringLiteral("; "));
        // The export escapes what HTML would take as markup.
        value.replace(QStringLiteral("&lt;"), QStringLiteral("<"));
        value.replace(QStringLiteral("&gt;"), QStringLiteral(">"));
        value.replace(QStringLiteral("&amp;"), QStringLiteral("&"));
        // Backticks and emphasis are presentation, not data.
        if (value.size() >= 2 && value.startsWith(u'`') && value.endsWith(u'`'))
            value = value.mid(1, value.size() - 2);
    }
    return cells;
}

bool isSeparator(const QString &line)
{
    static const QRegularExpression pattern(
        QStringLiteral("^\\s*\\|?\\s*:?-{1,}:?\\s*(\\|\\s*:?-{1,}:?\\s*)*\\|?\\s*$"));
    return pattern.match(line).hasMatch();
}

bool isEmptyCell(const QString &cell)
{
    return cell.isEmpty() || cell == QLatin1String("-") || cell == QString(QChar(0x2014)) ||
           cell == QString(QChar(0x2013)) || cell == QLatin1String("n/a") ||
           cell == QLatin1String("none");
}

struct CellPort
{
    QString ip;
    bool hasIp = false;
    PortRange ports;
    QStringList protocols; // empty: none written
};

// "53/udp", "80, 443", ":53", "[::1]:53", "25100–25109", "20022 (ssh)", "53 (tcp/udp)": the
// ports of one cell, or an error saying what was expected. `note` takes a parenthesis that is
// not a protocol.
std::optional<QVector<CellPort>> parsePortCell(QString cell, bool allowAddress, QString *note,
                                               QString *error)
{
    static const QRegularExpression parenthesis(QStringLiteral("\\s*\\(([^)]*)\\)"));
    static const QRegularExpression protocolList(
        QStringLiteral("^(tcp|udp|sctp)(\\s*[/+&,]\\s*(tcp|udp|sctp))*$"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression protocolSplit(QStringLiteral("\\s*[/+&,]\\s*"));
    QStringList sharedProtocols;
    QRegularExpressionMatch match = parenthesis.match(cell);
    while (match.hasMatch()) {
        const QString inside = match.captured(1).trimmed();
        if (protocolList.match(inside).hasMatch())
            sharedProtocols = inside.toLower().split(protocolSplit, Qt::SkipEmptyParts);
        else if (!inside.isEmpty())
            *note = note->isEmpty() ? inside : *note + QStringLiteral("; ") + inside;
        cell.remove(match.capturedStart(), match.capturedLength());
        match = parenthesis.match(cell);
    }
    QVector<CellPort> result;
    // Compiled once: built per cell, the pattern was most of an import's time.
    static const QRegularExpression separators(QStringLiteral("\\s*[,;]\\s*|\\s+and\\s+"));
    for (QString item : cell.split(separators, Qt::SkipEmptyParts)) {
        item = item.trimmed();
        if (item.isEmpty())
            continue;
        CellPort port;
        const qsizetype slash = item.indexOf(u'/');
        if (slash >= 0) {
            const QString protocols = item.mid(slash + 1).trimmed();
            if (!protocolList.match(protocols).hasMatch()) {
                *error =
                    QStringLiteral("\"%1\" is not a protocol (tcp, udp or sctp)").arg(protocols);
                return std::nullopt;
            }
            port.protocols = protocols.toLower().split(protocolSplit, Qt::SkipEmptyParts);
            item = item.left(slash).trimmed();
        }
        const qsizetype colon = item.lastIndexOf(u':');
        if (colon >= 0) {
            QString ip = item.left(colon).trimmed();
            if (ip.startsWith(u'[') && ip.endsWith(u']'))
                ip = ip.mid(1, ip.size() - 2);
            if (!allowAddress && !ip.isEmpty()) {
                *error =
                    QStringLiteral("\"%1\" holds an address; a container port is a port").arg(item);
                return std::nullopt;
            }
            if (!ip.isEmpty()) {
                if (!IpAddress::isValid(ip)) {
                    *error = QStringLiteral("\"%1\" is not an IPv4 or IPv6 address").arg(ip);
                    return std::nullopt;
                }
            }
            port.ip = ip;
            port.hasIp = true;
            item = item.mid(colon + 1).trimmed();
        }
        // Ranges as typed: 25100-25109, 25100–25109 (en dash), 25100 - 25109.
        item.replace(QChar(0x2013), u'-');
        item.replace(QChar(0x2014), u'-');
        item.remove(u' ');
        const std::optional<PortRange> range = PortRange::parse(item);
        if (!range || range->first < 1 || range->last > 65535 || range->first > range->last) {
            *error =
                QStringLiteral("\"%1\" is not a port or a range such as 25100-25109").arg(item);
            return std::nullopt;
        }
        port.ports = *range;
        if (port.protocols.isEmpty())
            port.protocols = sharedProtocols;
        result.append(port);
    }
    if (result.isEmpty()) {
        *error = QStringLiteral("no port in \"%1\"").arg(cell.trimmed());
        return std::nullopt;
    }
    return result;
}

// Heading text that names a device by form: "nas (192.168.1)" has an address-like part.
bool looksLikeAddress(const QString &text)
{
    static const QRegularExpression addressish(
        QStringLiteral("^\\[?[0-9A-Fa-f:.]*[.:][0-9A-Fa-f:.]*\\]?$"));
    return !text.isEmpty() && addressish.match(text).hasMatch();
}

} // namespace

bool MarkdownReader::readFile(const QString &path)
{
    QByteArray data;
    if (!InputFile::readAll(path, MaxFileBytes, QStringLiteral("a Markdown registry"), &data,
                            &m_error))
        return false;
    return readText(QString::fromUtf8(data), InputFile::displayName(path));
}

// An unfilled template: every heading or table line with a {PLACEHOLDER}, all at once, so
// one pass of editing fixes the document.
bool MarkdownReader::checkPlaceholders(const QList<QStringView> &lines, const QString &displayName)
{
    static const QRegularExpression placeholder(QStringLiteral("\\{[A-Z][A-Z0-9_]*\\}"));
    QStringList offending;
    SourceLocation first;
    for (int i = 0; i < lines.size(); ++i) {
        const QStringView line = lines[i].trimmed();
        if (!line.contains(u'{') || !(line.startsWith(u'#') || line.startsWith(u'|')))
            continue;
        QStringList names;
        for (auto it = placeholder.globalMatch(line.toString()); it.hasNext();) {
            const QRegularExpressionMatch p = it.next();
            if (names.isEmpty() && first.line == 0)
                first = {displayName, i + 1, int(lines[i].indexOf(p.captured()) + 1)};
            names << p.captured();
        }
        if (!names.isEmpty())
            offending
                << QStringLiteral("line %1 %2").arg(i + 1).arg(names.join(QStringLiteral(" ")));
    }
    if (!offending.isEmpty()) {
        m_error = {first, QStringLiteral("unfilled template placeholders (%1): fill them in "
                                         "or remove those lines")
                              .arg(offending.join(QStringLiteral("; ")))};
        return false;
    }
    return true;
}

// One row of a device's table, its cells read by the column names.
bool MarkdownReader::readRow(const QString &line, int lineNumber, const QStringList &columns,
                             const QString &displayName, Row *row)
{
    auto fail = [&](int lineAt, int column, const QString &message) {
        m_error = {{displayName, lineAt, column}, message};
        return false;
    };
    const QStringList cells = splitRow(line);
    row->line = lineNumber;
    auto cellOf = [&](const char *name) {
        const int index = columns.indexOf(QLatin1String(name));
        return index >= 0 ? cells.value(index) : QString();
    };
    auto columnOf = [&](const char *name) {
        // 1-based column of a cell in the raw line, for messages.
        const int index = columns.indexOf(QLatin1String(name));
        int pipes = 0;
        for (int c = 0; c < line.size(); ++c) {
            if (line[c] == u'|' && (c == 0 || line[c - 1] != u'\\') && pipes++ == index)
                return c + 2;
        }
        return 1;
    };
    row->service = cellOf("service");
    if (row->service.isEmpty())
        return fail(lineNumber, columnOf("service"), QStringLiteral("a row needs a service name"));
    row->notes = cellOf("notes");
    QString cellNote;
    QString problem;
    const QString hostCell = cellOf("host port");
    const QString containerCell = cellOf("container port");
    std::optional<QVector<CellPort>> hosts;
    std::optional<QVector<CellPort>> containers;
    if (!isEmptyCell(hostCell)) {
        hosts = parsePortCell(hostCell, true, &cellNote, &problem);
        if (!hosts)
            return fail(lineNumber, columnOf("host port"),
                        QStringLiteral("host port: %1").arg(problem));
    }
    if (!isEmptyCell(containerCell)) {
        containers = parsePortCell(containerCell, false, &cellNote, &problem);
        if (!containers)
            return fail(lineNumber, columnOf("container port"),
                        QStringLiteral("container port: %1").arg(problem));
        row->container = containers->first().ports;
    }
    row->protocol = cellOf("protocol").toLower();
    if (isEmptyCell(row->protocol))
        row->protocol.clear();
    if (hosts) {
        if (!containers)
            return fail(lineNumber, columnOf("container port"),
                        QStringLiteral("a host port needs its container port"));
        if (containers->size() != 1 && containers->size() != hosts->size())
            return fail(lineNumber, columnOf("container port"),
                        QStringLiteral("%1 host ports but %2 container ports: give one "
                                       "container port, or one for each host port")
                            .arg(hosts->size())
                            .arg(containers->size()));
        for (int h = 0; h < hosts->size(); ++h) {
            const CellPort &host = hosts->at(h);
            const CellPort &container = containers->at(containers->size() == 1 ? 0 : h);
            // The protocol written in a port cell wins over the Protocol column.
            QStringList protocols = !host.protocols.isEmpty()        ? host.protocols
                                    : !container.protocols.isEmpty() ? container.protocols
                                    : row->protocol.isEmpty()        ? QStringList{QString()}
                                                                     : QStringList{row->protocol};
            for (const QString &protocol : protocols) {
                RowPort port{host.ip, host.ports, container.ports, protocol};
                if (port.host.length() != port.container.length() && port.container.length() != 1)
                    return fail(lineNumber, columnOf("container port"),
                                QStringLiteral("host ports %1 and container ports %2 differ "
                                               "in length")
                                    .arg(port.host.toString(), port.container.toString()));
                row->ports.append(port);
            }
        }
    }
    if (!cellNote.isEmpty())
        row->notes = row->notes.isEmpty() ? cellNote : cellNote + QStringLiteral("; ") + row->notes;
    if (!isEmptyCell(cellOf("exception")))
        row->exception = cellOf("exception");
    const QString routeCell = cellOf("route");
    if (!isEmptyCell(routeCell)) {
        static const QRegularExpression routeArrow(QStringLiteral("\\s*(->|→)\\s*"));
        const QStringList parts = routeCell.split(routeArrow);
        row->routeHost = parts.value(0).trimmed();
        bool ok = false;
        const int port = parts.value(1).toInt(&ok);
        if (ok)
            row->routePort = port;
    }
    return true;
}

bool MarkdownReader::readText(const QString &text, const QString &displayName)
{
    m_devices.clear();
    // Lines as views into the text: a large document is not copied line by line.
    const QList<QStringView> lines = QStringView(text).split(u'\n');
    static const QRegularExpression heading(
        QStringLiteral("^#{2,4}\\s+([A-Za-z0-9._-]+)\\s*\\(([^)]*)\\)\\s*$"));
    auto fail = [&](int line, int column, const QString &message) {
        m_error = {{displayName, line, column}, message};
        return false;
    };

    if (!checkPlaceholders(lines, displayName))
        return false;

    DeviceTable *device = nullptr;
    QStringList columns;
    // A heading that is not a device, with its line: an allocation table under it is an error.
    QString otherHeading;
    int otherHeadingLine = 0;
    for (int i = 0; i < lines.size(); ++i) {
        QString line = lines[i].toString();
        const int lineNumber = i + 1;
        if (line.endsWith(u'\r')) // CRLF documents
            line.chop(1);
        if (const std::optional<qsizetype> at = TextRules::firstForbidden(line);
            at && line[*at] != u'\t')
            return fail(
                lineNumber, int(*at) + 1,
                QStringLiteral("%1 in the text; a registry holds one line of plain text per cell")
                    .arg(TextRules::describeCharacter(line[*at])));
        const QRegularExpressionMatch match = heading.match(line.trimmed());
        if (match.hasMatch()) {
            const QString address = match.captured(2).trimmed();
            if (!IpAddress::isValid(address)) {
                if (looksLikeAddress(address))
                    return fail(lineNumber, int(line.indexOf(address)) + 1,
                                QStringLiteral("device %1: \"%2\" is not an IPv4 or IPv6 address")
                                    .arg(match.captured(1), address));
                device = nullptr;
                columns.clear();
                otherHeading = line.trimmed();
                otherHeadingLine = lineNumber;
                continue;
            }
            m_devices.append({lineNumber, match.captured(1), address, {}, {}});
            device = &m_devices.last();
            columns.clear();
            otherHeading.clear();
            continue;
        }
        if (line.trimmed().startsWith(u'#')) {
            device = nullptr;
            columns.clear();
            otherHeading = line.trimmed();
            otherHeadingLine = lineNumber;
            continue;
        }
        if (!device && !otherHeading.isEmpty() && columns.isEmpty() &&
            line.trimmed().startsWith(u'|')) {
            QStringList header = splitRow(line);
            for (QString &column : header)
                column = column.toLower();
            if (header.contains(QStringLiteral("service")) &&
                header.contains(QStringLiteral("host port")))
                return fail(otherHeadingLine, 1,
                            QStringLiteral("the allocation table under \"%1\" belongs to no "
                                           "device: write the heading as ### NAME (IP)")
                                .arg(otherHeading));
            columns = header; // another table: skipped to its end
            continue;
        }
        if (!device) {
            if (line.trimmed().isEmpty())
                columns.clear();
            continue;
        }
        if (!line.trimmed().startsWith(u'|')) {
            if (columns.isEmpty() && !line.trimmed().isEmpty() && device->description.isEmpty())
                device->description = line.trimmed();
            if (!columns.isEmpty() && line.trimmed().isEmpty())
                columns.clear();
            continue;
        }
        if (columns.isEmpty()) {
            columns = splitRow(line);
            for (QString &column : columns)
                column = column.toLower();
            if (!columns.contains(QStringLiteral("service")))
                return fail(lineNumber, 1,
                            QStringLiteral("table of %1 has no Service column").arg(device->name));
            continue;
        }
        if (isSeparator(line))
            continue;
        Row row;
        if (!readRow(line, lineNumber, columns, displayName, &row))
            return false;
        device->rows.append(row);
    }
    return true;
}

} // namespace portolan
