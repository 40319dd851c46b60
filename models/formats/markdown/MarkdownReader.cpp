#include "formats/markdown/MarkdownReader.h"

#include "domain/IpAddress.h"
#include "domain/TextRules.h"
#include "io/InputFile.h"

#include <QRegularExpression>

#include <algorithm>

namespace portolan {

using MarkdownCells::Column;
using MarkdownCells::Role;

// One table of the document, as found: its header, its rows' cells and where it stands.
struct MarkdownReader::Table
{
    int line = 0; // the header's
    QString heading;
    int headingLine = 0;
    int device = -1; // from a "### NAME (IP)" heading above it
    QString headingProtocol;
    QStringList headers;
    QVector<Column> columns;
    QVector<std::pair<int, QStringList>> rows; // line, cells
    QStringList rawLines;                      // for columns in messages

    int first(Role role) const
    {
        for (int c = 0; c < columns.size(); ++c) {
            if (columns[c].role == role)
                return c;
        }
        return -1;
    }
    QString where() const
    {
        return heading.isEmpty()
                   ? QStringLiteral("the table at line %1").arg(line)
                   : QStringLiteral("the table at line %1 (under \"%2\")").arg(line).arg(heading);
    }
};

namespace {

bool isSeparator(const QString &line)
{
    static const QRegularExpression pattern(
        QStringLiteral("^\\s*\\|?\\s*:?-{1,}:?\\s*(\\|\\s*:?-{1,}:?\\s*)*\\|?\\s*$"));
    return line.contains(u'|') || line.trimmed().startsWith(u':') ? pattern.match(line).hasMatch()
                                                                  : false;
}

// 1-based column of cell `index` in the raw line, for messages.
int columnOfCell(const QString &line, int index)
{
    const bool leading = line.trimmed().startsWith(u'|');
    int pipes = leading ? -1 : 0;
    if (!leading && index == 0)
        return int(line.indexOf(line.trimmed().left(1))) + 1;
    for (int c = 0; c < line.size(); ++c) {
        if (line[c] == u'|' && (c == 0 || line[c - 1] != u'\\') && ++pipes == index) {
            int at = c + 1; // where the cell's text starts, past its padding
            while (at < line.size() && line[at] == u' ')
                ++at;
            return at + 1;
        }
    }
    return 1;
}

// Heading text that names a device by form: "nas (192.168.1)" has an address-like part.
bool looksLikeAddress(const QString &text)
{
    static const QRegularExpression addressish(
        QStringLiteral("^\\[?[0-9A-Fa-f:.]*[.:][0-9A-Fa-f:.]*\\]?$"));
    return !text.isEmpty() && addressish.match(text).hasMatch();
}

bool mostlyPorts(const QVector<std::pair<int, QStringList>> &rows, int column)
{
    int ports = 0;
    int filled = 0;
    for (const auto &[line, cells] : rows) {
        const QString cell = cells.value(column);
        QString why;
        if (MarkdownCells::saysNoPort(cell, &why))
            continue;
        ++filled;
        QString note;
        QString error;
        if (MarkdownCells::parsePorts(cell, true, &note, &error))
            ++ports;
    }
    return filled > 0 && ports * 2 >= filled;
}

bool mostlyAddresses(const QVector<std::pair<int, QStringList>> &rows, int column)
{
    int addresses = 0;
    int filled = 0;
    for (const auto &[line, cells] : rows) {
        const QString cell = MarkdownCells::plainText(cells.value(column));
        if (cell.isEmpty() || cell == QLatin1String("-"))
            continue;
        ++filled;
        if (IpAddress::isValid(cell) || cell == QLatin1String("*") ||
            cell.compare(QLatin1String("all"), Qt::CaseInsensitive) == 0)
            ++addresses;
    }
    return filled == 0 || addresses * 2 >= filled;
}

// "Plex (UDP)": a protocol written in the name's parenthesis (kept among the notes).
QStringList protocolsNamed(const QStringList &notes)
{
    for (const QString &note : notes) {
        QString error;
        const std::optional<QStringList> named = MarkdownCells::parseProtocols(note, &error);
        if (named && !named->isEmpty() &&
            std::all_of(named->cbegin(), named->cend(), [&note](const QString &p) {
                return note.contains(p, Qt::CaseInsensitive);
            }))
            return *named;
    }
    return {};
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

// By name through an index: a scan of the devices so far made a document of 100,000 headings
// quadratic (43 s where 10,000 took 0.8 s).
int MarkdownReader::deviceNamed(const QString &name, const QString &ip, int line)
{
    const auto known = m_deviceIndex.constFind(name);
    if (known != m_deviceIndex.constEnd())
        return *known;
    m_devices.append({line, name, ip, {}, {}});
    const int index = int(m_devices.size()) - 1;
    m_deviceIndex.insert(name, index);
    return index;
}

// The device a row of `table` belongs to, -1 for none.
int MarkdownReader::deviceFor(const Table &table, const QString &deviceCell)
{
    if (table.device >= 0)
        return table.device;
    if (m_given.isEmpty())
        return -1;
    for (const GivenDevice &given : std::as_const(m_given)) {
        if (MarkdownCells::containsWord(table.heading, given.name))
            return deviceNamed(given.name, given.ip, table.line);
    }
    const QString cell = MarkdownCells::plainText(deviceCell);
    for (const GivenDevice &given : std::as_const(m_given)) {
        if (!cell.isEmpty() && (cell.compare(given.name, Qt::CaseInsensitive) == 0 ||
                                MarkdownCells::containsWord(cell, given.name) || cell == given.ip))
            return deviceNamed(given.name, given.ip, table.line);
    }
    return deviceNamed(m_given.first().name, m_given.first().ip, table.line);
}

// The rows of a table from line index `from` to its end (*end: the first line after it).
bool MarkdownReader::collectRows(const QList<QStringView> &lines, int from, Table *table, int *end)
{
    int j = from;
    for (; j < lines.size(); ++j) {
        QString row = lines[j].toString();
        if (row.endsWith(u'\r'))
            row.chop(1);
        if (!row.contains(u'|') || row.trimmed().isEmpty())
            break;
        if (const std::optional<qsizetype> at = TextRules::firstForbidden(row);
            at && row[*at] != u'\t') {
            m_error = {{m_displayName, j + 1, int(*at) + 1},
                       QStringLiteral("%1 in the text; a registry holds one line of plain text "
                                      "per cell")
                           .arg(TextRules::describeCharacter(row[*at]))};
            return false;
        }
        table->rows.append({j + 1, MarkdownCells::splitRow(row)});
        table->rawLines << row;
    }
    *end = j;
    return true;
}

void MarkdownReader::startReading(const QString &displayName)
{
    m_devices.clear();
    m_deviceIndex.clear();
    m_warnings.clear();
    m_emptyTables.clear();
    m_firstProblem = {};
    m_rowsRead = 0;
    m_firstTableLine = 0;
    m_displayName = displayName;
}

bool MarkdownReader::readText(const QString &text, const QString &displayName)
{
    startReading(displayName);
    // Lines as views into the text: a large document is not copied line by line.
    const QList<QStringView> lines = QStringView(text).split(u'\n');
    static const QRegularExpression deviceHeading(
        QStringLiteral("^(#{1,6})\\s+([A-Za-z0-9._-]+)\\s*\\(([^)]*)\\)\\s*#*\\s*$"));
    static const QRegularExpression anyHeading(QStringLiteral("^(#{1,6})\\s+(.*?)\\s*#*\\s*$"));
    auto fail = [&](int line, int column, const QString &message) {
        m_error = {{displayName, line, column}, message};
        return false;
    };
    if (!checkPlaceholders(lines, displayName))
        return false;

    int device = -1;
    int deviceLevel = 0;
    bool describing = false;
    QString heading;
    int headingLine = 0;
    QStringList otherTables; // tables with no port column, for the error when nothing is read
    int portTables = 0;
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
        const QString trimmed = line.trimmed();
        if (trimmed.startsWith(u'#')) {
            const QRegularExpressionMatch match = deviceHeading.match(trimmed);
            const int level = int(
                std::find_if(trimmed.cbegin(), trimmed.cend(), [](QChar c) { return c != u'#'; }) -
                trimmed.cbegin());
            if (match.hasMatch() && level >= 2) {
                const QString address = match.captured(3).trimmed();
                if (IpAddress::isValid(address)) {
                    device = deviceNamed(match.captured(2), address, lineNumber);
                    deviceLevel = level;
                    describing = true;
                    heading = trimmed;
                    headingLine = lineNumber;
                    continue;
                }
                if (looksLikeAddress(address))
                    return fail(lineNumber, int(line.indexOf(address)) + 1,
                                QStringLiteral("device %1: \"%2\" is not an IPv4 or IPv6 address")
                                    .arg(match.captured(2), address));
            }
            if (device >= 0 && level > 0 && level <= deviceLevel)
                device = -1;
            describing = false;
            const QRegularExpressionMatch plain = anyHeading.match(trimmed);
            heading = plain.hasMatch() ? MarkdownCells::plainText(plain.captured(2)) : trimmed;
            headingLine = lineNumber;
            continue;
        }
        const bool tableStart =
            line.contains(u'|') && i + 1 < lines.size() && isSeparator(lines[i + 1].toString());
        if (!tableStart) {
            if (describing && device >= 0 && !trimmed.isEmpty() &&
                m_devices[device].description.isEmpty())
                m_devices[device].description = trimmed;
            continue;
        }
        describing = false;
        Table table;
        table.line = lineNumber;
        table.heading = heading;
        table.headingLine = headingLine;
        table.device = device;
        table.headingProtocol = MarkdownCells::protocolOfHeading(heading);
        table.headers = MarkdownCells::splitRow(line);
        for (const QString &header : std::as_const(table.headers))
            table.columns << MarkdownCells::columnOf(header);
        int end = 0;
        if (!collectRows(lines, i + 2, &table, &end))
            return false;
        i = end - 1;
        const bool hasPorts =
            table.first(Role::Port) >= 0 || table.first(Role::HostPort) >= 0 ||
            table.first(Role::ContainerPort) >= 0 ||
            (table.first(Role::Device) >= 0 && mostlyPorts(table.rows, table.first(Role::Device)));
        if (table.first(Role::Block) >= 0)
            continue; // the range overview
        if (!hasPorts) {
            if (m_firstTableLine == 0)
                m_firstTableLine = table.line;
            otherTables << QStringLiteral("%1 has no port column (Port, Host Port, External…); "
                                          "its columns are %2")
                               .arg(table.where(), table.headers.join(QStringLiteral(", ")));
            continue;
        }
        ++portTables;
        if (m_firstTableLine == 0)
            m_firstTableLine = table.line;
        readTable(table);
    }
    if (m_rowsRead > 0)
        return true;
    if (portTables == 0 && otherTables.isEmpty())
        return true; // no table at all: nothing to import, said by the caller
    const QStringList why = m_emptyTables + otherTables;
    if (m_firstProblem.line == 0)
        m_firstProblem = {displayName, m_firstTableLine > 0 ? m_firstTableLine : 1, 1};
    m_error = {m_firstProblem, QStringLiteral("nothing could be read from %1: %2")
                                   .arg(displayName, why.join(QStringLiteral("; ")))};
    return false;
}

// The column that names the service (-1: none), once the roles of columns whose header could
// mean two things are settled on the table's values.
int MarkdownReader::settleColumns(Table &table)
{
    int name = -1;
    for (int c = 0; c < table.columns.size(); ++c) {
        if (table.columns[c].role == Role::Name &&
            (name < 0 || table.columns[c].rank < table.columns[name].rank))
            name = c;
    }
    for (int c = 0; c < table.columns.size(); ++c) {
        Column &column = table.columns[c];
        if (column.role == Role::Device && mostlyPorts(table.rows, c))
            column.role = Role::HostPort;
        else if (column.role == Role::Name && column.rank == 2 && mostlyPorts(table.rows, c))
            column.role = Role::ContainerPort;
        else if (column.role == Role::Bind && !mostlyAddresses(table.rows, c))
            column.role = Role::Url;
    }
    if (name >= 0 && table.columns[name].role != Role::Name)
        name = -1;
    for (int c = 0; c < table.columns.size() && name < 0; ++c) {
        if (table.columns[c].role == Role::Name)
            name = c;
    }
    return name;
}

// Which column is what, settled on the table's values where a header could mean two things
// ("Host" names a machine or holds ports; "Container" names a service or holds ports;
// "Address" holds an address or a URL); then every row.
void MarkdownReader::readTable(const Table &found)
{
    Table table = found;
    int name = settleColumns(table);
    auto give = [this, &table](int line, int column, const QString &why) {
        m_emptyTables << QStringLiteral("%1 %2").arg(table.where(), why);
        if (m_firstProblem.line == 0)
            m_firstProblem = {m_displayName, line, column};
    };
    if (table.first(Role::Port) < 0 && table.first(Role::HostPort) < 0) {
        give(table.line, 1,
             QStringLiteral("lists container ports only: no host port is published"));
        return;
    }
    // Without a name column, a Description names the service ("| 22 | SSH |").
    if (name < 0)
        name = table.first(Role::Notes);
    if (name < 0) {
        give(table.line, 1,
             QStringLiteral("has no column naming the service (Service, Name, App…); its "
                            "columns are %1")
                 .arg(table.headers.join(QStringLiteral(", "))));
        return;
    }
    table.columns[name] = Column{Role::Name, 0, {}};
    if (table.device < 0 && m_given.isEmpty()) {
        give(table.headingLine > 0 ? table.headingLine : table.line, 1,
             QStringLiteral("belongs to no device: write its heading as ### NAME (IP), or pass "
                            "--device NAME --ip IP"));
        return;
    }
    int read = 0;
    QString firstProblem;
    // "| ***pi-hole*** | | |" then "| | 53 | tcp |": a group row names the rows under it.
    auto onlyName = [name](const QStringList &cells) {
        for (int c = 0; c < cells.size(); ++c) {
            if (c != name && !cells[c].trimmed().isEmpty())
                return false;
        }
        return !cells.value(name).trimmed().isEmpty();
    };
    QString group;
    for (int r = 0; r < table.rows.size(); ++r) {
        auto [lineNumber, cells] = table.rows[r];
        if (std::all_of(cells.cbegin(), cells.cend(),
                        [](const QString &cell) { return cell.isEmpty(); }))
            continue;
        if (onlyName(cells) && r + 1 < table.rows.size() &&
            table.rows[r + 1].second.value(name).trimmed().isEmpty()) {
            group = cells.value(name);
            continue;
        }
        if (cells.value(name).trimmed().isEmpty() && !group.isEmpty()) {
            while (cells.size() <= name)
                cells << QString();
            cells[name] = group;
        }
        Row row;
        QString problem;
        int column = 0;
        const bool ok = readRow(table, cells, lineNumber, &row, &problem, &column);
        // FILE:LINE:COLUMN of a warning, made only for one.
        const auto where = [&] {
            return QStringLiteral("%1:%2:%3")
                .arg(m_displayName)
                .arg(lineNumber)
                .arg(columnOfCell(table.rawLines[r], column));
        };
        if (!ok) {
            m_warnings << QStringLiteral("%1: %2; row skipped").arg(where(), problem);
            if (firstProblem.isEmpty()) {
                firstProblem = QStringLiteral("line %1: %2").arg(lineNumber).arg(problem);
                if (m_firstProblem.line == 0 || m_rowsRead == 0)
                    m_firstProblem = {m_displayName, lineNumber,
                                      columnOfCell(table.rawLines[r], column)};
            }
            continue;
        }
        if (!problem.isEmpty())
            m_warnings << QStringLiteral("%1: %2").arg(where(), problem);
        const QString deviceCell =
            table.first(Role::Device) >= 0
                ? MarkdownCells::plainText(cells.value(table.first(Role::Device)))
                : QString();
        const int d = deviceFor(table, deviceCell);
        if (!deviceCell.isEmpty() && table.device < 0 &&
            deviceCell.compare(m_devices[d].name, Qt::CaseInsensitive) != 0 &&
            !MarkdownCells::containsWord(deviceCell, m_devices[d].name) &&
            deviceCell != m_devices[d].ip)
            m_warnings << QStringLiteral("%1: %2 names \"%3\", which is not a device given with "
                                         "--device; it goes to %4")
                              .arg(where(), row.service, deviceCell, m_devices[d].name);
        m_devices[d].rows.append(row);
        ++read;
        ++m_rowsRead;
    }
    if (read == 0)
        m_emptyTables << QStringLiteral("%1 gave no row (%2)")
                             .arg(table.where(), firstProblem.isEmpty()
                                                     ? QStringLiteral("it is empty")
                                                     : firstProblem);
}

// The cells that are not ports: notes, URL, protocol, bind address, exception, route.
bool MarkdownReader::readTextColumns(const Table &table, const QStringList &cells, Row *row,
                                     QStringList *notes, QStringList *columnProtocols,
                                     QString *bind, QString *problem, int *problemColumn)
{
    const int nameColumn = table.first(Role::Name);
    for (int c = 0; c < table.columns.size(); ++c) {
        const Role role = table.columns[c].role;
        // Port, name and device cells are read elsewhere: not made plain here for nothing.
        if (role != Role::Notes && role != Role::Url && role != Role::Protocol &&
            role != Role::Bind && role != Role::Exception && role != Role::Route)
            continue;
        const QString cell = cells.value(c);
        const QString text = MarkdownCells::plainText(cell);
        QString why;
        switch (role) {
        case Role::Notes:
            // Whatever the note says ("internal only" too), it is kept; only a bare dash is
            // an empty cell.
            if (c != nameColumn && !text.isEmpty() && text != QLatin1String("-"))
                notes->append(text);
            break;
        case Role::Url:
            if (!text.isEmpty() && text != QLatin1String("-"))
                row->url = text;
            break;
        case Role::Protocol: {
            QString error;
            const std::optional<QStringList> protocols =
                MarkdownCells::parseProtocols(cell, &error);
            if (!protocols && table.columns[c].rank > 0) {
                notes->append(text); // a "Type" that is not a protocol is a note
                break;
            }
            if (!protocols) {
                *problem = QStringLiteral("%1: protocol: %2").arg(row->service, error);
                *problemColumn = c;
                return false;
            }
            *columnProtocols = *protocols;
            break;
        }
        case Role::Bind:
            if (IpAddress::isValid(text) && text != QLatin1String("0.0.0.0") &&
                text != QLatin1String("::"))
                *bind = text;
            else if (!text.isEmpty() && text != QLatin1String("-") && text != QLatin1String("*") &&
                     text.compare(QLatin1String("all"), Qt::CaseInsensitive) != 0 &&
                     !IpAddress::isValid(text))
                notes->append(text);
            break;
        case Role::Exception:
            if (!MarkdownCells::saysNoPort(text, &why))
                row->exception = text;
            break;
        case Role::Route:
            if (!MarkdownCells::saysNoPort(text, &why)) {
                static const QRegularExpression arrow(QStringLiteral("\\s*(->|→)\\s*"));
                const QStringList parts = text.split(arrow);
                row->routeHost = parts.value(0).trimmed();
                bool ok = false;
                const int port = parts.value(1).toInt(&ok);
                if (ok)
                    row->routePort = port;
            }
            break;
        default:
            break;
        }
    }
    return true;
}

// One row, its cells read by the columns' roles. False: skipped, *problem says why and
// *problemColumn where. True with a problem: read, with something to report.
bool MarkdownReader::readRow(const Table &table, const QStringList &cells, int lineNumber, Row *row,
                             QString *problem, int *problemColumn)
{
    row->line = lineNumber;
    const int nameColumn = table.first(Role::Name);
    const QString written = MarkdownCells::plainText(cells.value(nameColumn));
    row->service = MarkdownCells::serviceName(written);
    *problemColumn = nameColumn;
    if (row->service.isEmpty()) {
        *problem = QStringLiteral("no service name in \"%1\"").arg(cells.value(nameColumn));
        return false;
    }
    QStringList notes;
    static const QRegularExpression parenthesis(QStringLiteral("\\(([^)]*)\\)"));
    if (written.contains(u'(')) {
        for (auto it = parenthesis.globalMatch(written); it.hasNext();)
            notes << it.next().captured(1).trimmed();
    }
    QStringList columnProtocols;
    QString bind;
    if (!readTextColumns(table, cells, row, &notes, &columnProtocols, &bind, problem,
                         problemColumn))
        return false;
    if (columnProtocols.isEmpty())
        columnProtocols = protocolsNamed(notes);
    row->protocol = columnProtocols.size() == 1 ? columnProtocols.first() : QString();

    // Container ports, when a column gives them.
    std::optional<QVector<MarkdownCells::CellPort>> containers;
    QString cellNote;
    QString error;
    const int containerColumn = table.first(Role::ContainerPort);
    QString why;
    if (containerColumn >= 0 && !MarkdownCells::saysNoPort(cells.value(containerColumn), &why)) {
        containers =
            MarkdownCells::parsePorts(cells.value(containerColumn), false, &cellNote, &error);
        if (!containers) {
            *problem = QStringLiteral("%1: container port: %2").arg(row->service, error);
            *problemColumn = containerColumn;
            return false;
        }
        row->container = containers->first().ports;
    }
    // Host ports: every Port and Host Port column (a "TCP Ports" and a "UDP Ports" add up).
    QString noPort;
    for (int c = 0; c < table.columns.size(); ++c) {
        const Column &column = table.columns[c];
        if (column.role != Role::Port && column.role != Role::HostPort)
            continue;
        if (MarkdownCells::saysNoPort(cells.value(c), &why)) {
            if (noPort.isEmpty())
                noPort = why;
            continue;
        }
        const std::optional<QVector<MarkdownCells::CellPort>> hosts =
            MarkdownCells::parsePorts(cells.value(c), true, &cellNote, &error);
        if (!hosts) {
            *problem = QStringLiteral("%1: %2: %3")
                           .arg(row->service, table.headers.value(c).toLower(), error);
            *problemColumn = c;
            return false;
        }
        if (containers && containers->size() != 1 && containers->size() != hosts->size()) {
            *problem = QStringLiteral("%1: %2 host ports but %3 container ports: give one "
                                      "container port, or one for each host port")
                           .arg(row->service)
                           .arg(hosts->size())
                           .arg(containers->size());
            *problemColumn = containerColumn;
            return false;
        }
        for (int h = 0; h < hosts->size(); ++h) {
            const MarkdownCells::CellPort &host = hosts->at(h);
            const MarkdownCells::CellPort *container =
                containers ? &containers->at(containers->size() == 1 ? 0 : h) : nullptr;
            // The nearest says the protocol: the cell, the container cell, the Protocol column,
            // the column's own name ("UDP Ports"), the section heading.
            QStringList protocols =
                !host.protocols.isEmpty()                      ? host.protocols
                : container && !container->protocols.isEmpty() ? container->protocols
                : !columnProtocols.isEmpty()                   ? columnProtocols
                : !column.protocol.isEmpty()                   ? QStringList{column.protocol}
                : !table.headingProtocol.isEmpty()             ? QStringList{table.headingProtocol}
                                                               : QStringList{QString()};
            const PortRange inside = host.container ? *host.container
                                     : container    ? container->ports
                                                    : host.ports;
            if (host.ports.length() != inside.length() && inside.length() != 1) {
                *problem = QStringLiteral("%1: host ports %2 and container ports %3 differ in "
                                          "length")
                               .arg(row->service, host.ports.toString(), inside.toString());
                *problemColumn = c;
                return false;
            }
            if (!row->container)
                row->container = inside;
            for (const QString &protocol : std::as_const(protocols))
                row->ports.append({host.hasIp ? host.ip : bind, host.ports, inside, protocol});
        }
    }
    // A "default" port stands for the host port too when no other is published.
    if (row->ports.isEmpty() && containers && table.columns[containerColumn].rank == 1) {
        for (const MarkdownCells::CellPort &port : *containers) {
            const QStringList protocols = !port.protocols.isEmpty()    ? port.protocols
                                          : !columnProtocols.isEmpty() ? columnProtocols
                                                                       : QStringList{QString()};
            for (const QString &protocol : protocols)
                row->ports.append({bind, port.ports, port.ports, protocol});
        }
    }
    if (!cellNote.isEmpty())
        notes.prepend(cellNote);
    row->notes = notes.join(QStringLiteral("; "));
    if (row->ports.isEmpty()) {
        *problemColumn = std::max(table.first(Role::Port), table.first(Role::HostPort));
        *problem = QStringLiteral("%1: no host port (%2); kept as a service without bindings")
                       .arg(row->service, noPort.isEmpty() ? QStringLiteral("empty") : noPort);
    }
    return true;
}

} // namespace portolan
