#include "formats/markdown/MarkdownTable.h"

#include "domain/IpAddress.h"
#include "domain/ParallelSections.h"

#include <QRegularExpression>

#include <algorithm>

namespace portolan {

using MarkdownCells::Column;
using MarkdownCells::Role;

int MarkdownTable::first(Role role) const
{
    for (int c = 0; c < columns.size(); ++c) {
        if (columns[c].role == role)
            return c;
    }
    return -1;
}

QString MarkdownTable::where() const
{
    return heading.isEmpty()
               ? QStringLiteral("the table at line %1").arg(line)
               : QStringLiteral("the table at line %1 (under \"%2\")").arg(line).arg(heading);
}

void MarkdownTable::splitRows()
{
    rows.reserve(rawLines.size());
    RecentTexts recent;
    for (qsizetype r = rows.size(); r < rawLines.size(); ++r)
        rows.append({firstRowLine + int(r), MarkdownCells::splitRow(rawLines[r], &recent)});
}

int MarkdownTable::columnOfCell(int row, int index) const
{
    const QStringView rawLine = rawLines[row];
    const bool leading = rawLine.trimmed().startsWith(u'|');
    int pipes = leading ? -1 : 0;
    if (!leading && index == 0)
        return int(rawLine.indexOf(rawLine.trimmed().left(1))) + 1;
    for (int c = 0; c < rawLine.size(); ++c) {
        if (rawLine[c] == u'|' && (c == 0 || rawLine[c - 1] != u'\\') && ++pipes == index) {
            int at = c + 1; // where the cell's text starts, past its padding
            while (at < rawLine.size() && rawLine[at] == u' ')
                ++at;
            return at + 1;
        }
    }
    return 1;
}

bool MarkdownTable::mostlyPorts(int column) const
{
    int ports = 0;
    int filled = 0;
    for (const auto &[lineNumber, cells] : rows) {
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

namespace {

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

// Cell `column` of a row, empty when the row is short: by reference, as each cell is looked at
// several times per row.
const QString &cellAt(const QStringList &cells, int column)
{
    static const QString none;
    return column >= 0 && column < cells.size() ? cells[column] : none;
}

// Without the ASCII white space around it (what \s is to a regular expression), as the port of
// a route was always read: "-> 80" gives 80, an arrow then a no-break space gives no port.
QStringView asciiTrimmed(QStringView text)
{
    const auto space = [](QChar c) {
        return c == u' ' || (c >= u'\t' && c <= u'\r');
    };
    while (!text.isEmpty() && space(text.front()))
        text = text.mid(1);
    while (!text.isEmpty() && space(text.back()))
        text.chop(1);
    return text;
}

// Where the first "->" or "→" of `text` is, and its length; -1 for none.
std::pair<qsizetype, qsizetype> firstArrow(QStringView text)
{
    const qsizetype ascii = text.indexOf(u"->");
    const qsizetype unicode = text.indexOf(QChar(0x2192));
    if (unicode >= 0 && (ascii < 0 || unicode < ascii))
        return {unicode, 1};
    return {ascii, 2};
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

// "Plex (media server)": what a name says in parentheses is kept among the notes.
QStringList notesInParentheses(const QString &name)
{
    static const QRegularExpression parenthesis(QStringLiteral("\\(([^)]*)\\)"));
    QStringList notes;
    if (name.contains(u'(')) {
        for (auto it = parenthesis.globalMatch(name); it.hasNext();)
            notes << it.next().captured(1).trimmed();
    }
    return notes;
}

} // namespace

QVector<MarkdownTableReader::Result> MarkdownTableReader::readAll(QVector<MarkdownTable> &tables,
                                                                  bool devicesGiven)
{
    QVector<Result> results(tables.size());
    ParallelSections::forEach(int(tables.size()),
                              [&](int t) { results[t] = read(tables[t], devicesGiven); });
    return results;
}

MarkdownTableReader::Result MarkdownTableReader::read(MarkdownTable &table, bool devicesGiven)
{
    table.splitRows();
    Result result;
    const int name = settleColumns(table);
    auto give = [&result](int line, const QString &why) {
        result.unusable = why;
        result.unusableLine = line;
        return result;
    };
    if (table.first(Role::Port) < 0 && table.first(Role::HostPort) < 0)
        return give(table.line,
                    QStringLiteral("lists container ports only: no host port is published"));
    // Without a name column, a Description names the service ("| 22 | SSH |").
    result.name = name >= 0 ? name : table.first(Role::Notes);
    if (result.name < 0)
        return give(table.line,
                    QStringLiteral("has no column naming the service (Service, Name, App…); its "
                                   "columns are %1")
                        .arg(table.headers.join(QStringLiteral(", "))));
    table.columns[result.name] = Column{Role::Name, 0, {}};
    if (table.device < 0 && !devicesGiven)
        return give(table.headingLine > 0 ? table.headingLine : table.line,
                    QStringLiteral("belongs to no device: write its heading as ### NAME (IP), or "
                                   "pass --device NAME --ip IP"));
    // "| ***pi-hole*** | | |" then "| | 53 | tcp |": a group row names the rows under it.
    // (Cells come trimmed from splitRow: empty is blank.)
    const int nameColumn = result.name;
    auto onlyName = [nameColumn](const QStringList &cells) {
        for (int c = 0; c < cells.size(); ++c) {
            if (c != nameColumn && !cells[c].isEmpty())
                return false;
        }
        return !cellAt(cells, nameColumn).isEmpty();
    };
    QString group;
    result.rows.reserve(table.rows.size());
    result.read.reserve(table.rows.size());
    for (int r = 0; r < table.rows.size(); ++r) {
        auto [lineNumber, cells] = table.rows[r];
        if (std::all_of(cells.cbegin(), cells.cend(),
                        [](const QString &cell) { return cell.isEmpty(); }))
            continue;
        if (onlyName(cells) && r + 1 < table.rows.size() &&
            cellAt(table.rows[r + 1].second, nameColumn).isEmpty()) {
            group = cells.value(nameColumn);
            continue;
        }
        if (cellAt(cells, nameColumn).isEmpty() && !group.isEmpty()) {
            while (cells.size() <= nameColumn)
                cells << QString();
            cells[nameColumn] = group;
        }
        ReadRow &read = result.rows.emplace_back();
        read.index = r;
        MarkdownRow &row = result.read.emplace_back();
        read.ok = readRow(table, cells, lineNumber, &row, &read.problem, &read.column);
        if (!read.ok)
            result.read.removeLast();
    }
    return result;
}

// The column that names the service (-1: none), once the roles of columns whose header could
// mean two things are settled on the table's values.
int MarkdownTableReader::settleColumns(MarkdownTable &table)
{
    int name = -1;
    for (int c = 0; c < table.columns.size(); ++c) {
        if (table.columns[c].role == Role::Name &&
            (name < 0 || table.columns[c].rank < table.columns[name].rank))
            name = c;
    }
    for (int c = 0; c < table.columns.size(); ++c) {
        Column &column = table.columns[c];
        if (column.role == Role::Device && table.mostlyPorts(c))
            column.role = Role::HostPort;
        else if (column.role == Role::Name && column.rank == 2 && table.mostlyPorts(c))
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

// The cells that are not ports: notes, URL, protocol, bind address, exception, route.
bool MarkdownTableReader::readTextColumns(const MarkdownTable &table, const QStringList &cells,
                                          MarkdownRow *row, QStringList *notes,
                                          QStringList *columnProtocols, QString *bind,
                                          QString *problem, int *problemColumn)
{
    const int nameColumn = table.first(Role::Name);
    for (int c = 0; c < table.columns.size(); ++c) {
        const Role role = table.columns[c].role;
        // Port, name and device cells are read elsewhere: not made plain here for nothing.
        if (role != Role::Notes && role != Role::Url && role != Role::Protocol &&
            role != Role::Bind && role != Role::Exception && role != Role::Route)
            continue;
        const QString &cell = cellAt(cells, c);
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
                // "NAME -> PORT" or "NAME → PORT": found by search, as half the rows of a
                // large table have one and a regular expression split was a tenth of reading.
                const auto [arrow, arrowLength] = firstArrow(text);
                if (arrow < 0) {
                    row->routeHost = text;
                    break;
                }
                row->routeHost = QStringView(text).left(arrow).trimmed().toString();
                const QStringView after = QStringView(text).mid(arrow + arrowLength);
                bool ok = false;
                const int port = asciiTrimmed(after.left(firstArrow(after).first)).toInt(&ok);
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
bool MarkdownTableReader::readRow(const MarkdownTable &table, const QStringList &cells,
                                  int lineNumber, MarkdownRow *row, QString *problem,
                                  int *problemColumn)
{
    row->line = lineNumber;
    const int nameColumn = table.first(Role::Name);
    const QString written = MarkdownCells::plainText(cellAt(cells, nameColumn));
    row->service = MarkdownCells::serviceName(written);
    *problemColumn = nameColumn;
    if (row->service.isEmpty()) {
        *problem = QStringLiteral("no service name in \"%1\"").arg(cells.value(nameColumn));
        return false;
    }
    QStringList notes = notesInParentheses(written);
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
    if (containerColumn >= 0 && !MarkdownCells::saysNoPort(cellAt(cells, containerColumn), &why)) {
        containers =
            MarkdownCells::parsePorts(cellAt(cells, containerColumn), false, &cellNote, &error);
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
        if (MarkdownCells::saysNoPort(cellAt(cells, c), &why)) {
            if (noPort.isEmpty())
                noPort = why;
            continue;
        }
        const std::optional<QVector<MarkdownCells::CellPort>> hosts =
            MarkdownCells::parsePorts(cellAt(cells, c), true, &cellNote, &error);
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
    // One note, as most rows have, is kept as it is rather than joined into a new text.
    row->notes = notes.size() == 1 ? notes.first() : notes.join(QStringLiteral("; "));
    if (row->ports.isEmpty()) {
        *problemColumn = std::max(table.first(Role::Port), table.first(Role::HostPort));
        *problem = QStringLiteral("%1: no host port (%2); kept as a service without bindings")
                       .arg(row->service, noPort.isEmpty() ? QStringLiteral("empty") : noPort);
    }
    return true;
}

} // namespace portolan
