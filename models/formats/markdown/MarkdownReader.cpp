#include "formats/markdown/MarkdownReader.h"

#include "domain/IpAddress.h"
#include "domain/TextRules.h"
#include "io/InputFile.h"

#include <QRegularExpression>

#include <algorithm>
#include <utility>

namespace portolan {

using MarkdownCells::Column;
using MarkdownCells::Role;

namespace {

bool isSeparator(const QString &line)
{
    static const QRegularExpression pattern(
        QStringLiteral("^\\s*\\|?\\s*:?-{1,}:?\\s*(\\|\\s*:?-{1,}:?\\s*)*\\|?\\s*$"));
    return line.contains(u'|') || line.trimmed().startsWith(u':') ? pattern.match(line).hasMatch()
                                                                  : false;
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
    // The bytes go before the text is read: a large document is not held twice meanwhile.
    const QString text = QString::fromUtf8(std::exchange(data, QByteArray()));
    return readText(text, InputFile::displayName(path));
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
int MarkdownReader::deviceFor(const MarkdownTable &table, const QString &deviceCell)
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

// The rows of a table from line index `from` to its end (*end: the first line after it), as
// written: they are split into cells when the table is read.
bool MarkdownReader::collectRows(const QList<QStringView> &lines, int from, MarkdownTable *table,
                                 int *end)
{
    int j = from;
    for (; j < lines.size(); ++j) {
        QStringView row = lines[j];
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

// A table found: the range overview is left alone, a table with no port column kept for the
// error when nothing is read, a port table queued to be read.
void MarkdownReader::queueTable(MarkdownTable table, QVector<MarkdownTable> &pending,
                                QStringList &otherTables, int &portTables)
{
    const auto devicePorts = [&table] {
        table.splitRows();
        return table.mostlyPorts(table.first(Role::Device));
    };
    const bool hasPorts = table.first(Role::Port) >= 0 || table.first(Role::HostPort) >= 0 ||
                          table.first(Role::ContainerPort) >= 0 ||
                          (table.first(Role::Device) >= 0 && devicePorts());
    if (table.first(Role::Block) >= 0)
        return; // the range overview
    if (!hasPorts) {
        if (m_firstTableLine == 0)
            m_firstTableLine = table.line;
        otherTables << QStringLiteral("%1 has no port column (Port, Host Port, External…); "
                                      "its columns are %2")
                           .arg(table.where(), table.headers.join(QStringLiteral(", ")));
        return;
    }
    ++portTables;
    if (m_firstTableLine == 0)
        m_firstTableLine = table.line;
    // Read later, many at once, unless a row may add a device named on the command line:
    // devices are made in the order the document names them.
    const bool addsNoDevice = table.device >= 0 || m_given.isEmpty();
    if (!addsNoDevice)
        addPending(pending);
    pending.append(std::move(table));
    // In batches, each enough for two threads: a document of 500 device tables held every
    // table's cells and read rows at once (200 MB at 100,000 rows), where a batch's memory,
    // freed, is what the next one reuses.
    if (!addsNoDevice || pending.size() >= TablesReadAtOnce)
        addPending(pending);
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
    QVector<MarkdownTable> pending; // port tables found, not read yet
    struct HeaderLine
    {
        QStringList headers;
        QVector<MarkdownCells::Column> columns;
    };
    // The header lines met so far; a document with more different ones than this starts over.
    constexpr int MostHeaderLines = 256;
    QHash<QString, HeaderLine> headerLines;
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
        MarkdownTable table;
        table.line = lineNumber;
        table.firstRowLine = lineNumber + 2;
        table.heading = heading;
        table.headingLine = headingLine;
        table.device = device;
        table.headingProtocol = MarkdownCells::protocolOfHeading(heading);
        // A document repeats its header line table after table (one per device): each
        // different line is split and its columns named once (the regular expressions that
        // name a column were 8 % of reading 100,000 device tables).
        auto known = headerLines.constFind(line);
        if (known == headerLines.constEnd()) {
            HeaderLine header;
            header.headers = MarkdownCells::splitRow(line);
            for (const QString &cell : std::as_const(header.headers))
                header.columns << MarkdownCells::columnOf(cell);
            if (headerLines.size() >= MostHeaderLines)
                headerLines.clear();
            known = headerLines.insert(line, header);
        }
        table.headers = known->headers;
        table.columns = known->columns;
        int end = 0;
        if (!collectRows(lines, i + 2, &table, &end))
            return false;
        i = end - 1;
        queueTable(std::move(table), pending, otherTables, portTables);
    }
    addPending(pending);
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

// A table's rows, read, added to their devices; what could not be read, reported.
void MarkdownReader::addTable(const MarkdownTable &table, MarkdownTableReader::Result read)
{
    if (!read.unusable.isEmpty()) {
        m_emptyTables << QStringLiteral("%1 %2").arg(table.where(), read.unusable);
        if (m_firstProblem.line == 0)
            m_firstProblem = {m_displayName, read.unusableLine, 1};
        return;
    }
    int added = 0;
    QString firstProblem;
    const int deviceColumn = table.first(Role::Device);
    for (const MarkdownTableReader::ReadRow &readRow : std::as_const(read.rows)) {
        const int r = readRow.index;
        const int lineNumber = table.rows[r].first;
        const QString &problem = readRow.problem;
        // FILE:LINE:COLUMN of a warning, made only for one.
        const auto where = [&] {
            return QStringLiteral("%1:%2:%3")
                .arg(m_displayName)
                .arg(lineNumber)
                .arg(table.columnOfCell(r, readRow.column));
        };
        if (!readRow.ok) {
            m_warnings << QStringLiteral("%1: %2; row skipped").arg(where(), problem);
            if (firstProblem.isEmpty()) {
                firstProblem = QStringLiteral("line %1: %2").arg(lineNumber).arg(problem);
                if (m_firstProblem.line == 0 || m_rowsRead == 0)
                    m_firstProblem = {m_displayName, lineNumber,
                                      table.columnOfCell(r, readRow.column)};
            }
            continue;
        }
        if (!problem.isEmpty())
            m_warnings << QStringLiteral("%1: %2").arg(where(), problem);
        ++m_rowsRead;
        // The rows read are exactly those marked ok, in order (MarkdownTableReader::read).
        Q_ASSERT(added < read.read.size());
        Row &row = read.read[added++];
        if (table.device >= 0)
            continue; // the whole table goes to its device below
        const QString deviceCell =
            deviceColumn >= 0 ? MarkdownCells::plainText(table.rows[r].second.value(deviceColumn))
                              : QString();
        const int d = deviceFor(table, deviceCell);
        if (!deviceCell.isEmpty() &&
            deviceCell.compare(m_devices[d].name, Qt::CaseInsensitive) != 0 &&
            !MarkdownCells::containsWord(deviceCell, m_devices[d].name) &&
            deviceCell != m_devices[d].ip)
            m_warnings << QStringLiteral("%1: %2 names \"%3\", which is not a device given with "
                                         "--device; it goes to %4")
                              .arg(where(), row.service, deviceCell, m_devices[d].name);
        // Room for the rest of the table at once: grown by doubling, a device's rows kept a
        // third of their room unused (33 MB at 100,000 rows).
        QVector<Row> &rows = m_devices[d].rows;
        if (rows.size() == rows.capacity())
            rows.reserve(rows.size() + read.read.size());
        rows.append(std::move(row));
    }
    if (table.device >= 0 && added > 0) {
        QVector<Row> &rows = m_devices[table.device].rows;
        if (rows.isEmpty())
            rows = std::move(read.read); // a device's first table, most often its only one
        else
            rows.append(std::move(read.read));
    }
    if (added == 0)
        m_emptyTables << QStringLiteral("%1 gave no row (%2)")
                             .arg(table.where(), firstProblem.isEmpty()
                                                     ? QStringLiteral("it is empty")
                                                     : firstProblem);
}

// The tables found so far, read (on several threads when there are many), then added in the
// document's order.
void MarkdownReader::addPending(QVector<MarkdownTable> &pending)
{
    QVector<MarkdownTableReader::Result> read =
        MarkdownTableReader::readAll(pending, !m_given.isEmpty());
    for (int t = 0; t < pending.size(); ++t)
        addTable(pending[t], std::move(read[t]));
    pending.clear();
}

} // namespace portolan
