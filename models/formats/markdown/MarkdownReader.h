#pragma once

#include "domain/Error.h"
#include "domain/Registry.h"
#include "formats/markdown/MarkdownCells.h"
#include "formats/markdown/MarkdownTable.h"

#include <QHash>
#include <QVector>

namespace portolan {

// Reads the port tables of a Markdown document as people keep them: the form `export markdown`
// writes ("### NAME (IP)" headings, Service, Host Port, Container Port...), and hand-kept lists
// with or without such headings. Columns are known by the names people give them (Service,
// App, Name, Port, Host Port, External, Internal, Protocol, Proto, Bind, IP, Host, Notes,
// Description, URL..., in any case, with emphasis); one Port column means host = container;
// several tables of one device add up; a protocol comes from the cell, the column, a Protocol
// column ("TCP/UDP" gives two bindings) or the section heading ("## UDP"). Cells as people
// write them: "53/udp", "80/443", "8080:80", ":53", "127.0.0.1:8080", "25100–25109",
// "20022 (ssh)", "53 (tcp/udp)", "51820 UDP".
//
// Which device a table is for: its "### NAME (IP)" heading; else a heading naming one of the
// devices given on the command line (--device NAME --ip IP); else, row by row, a Host/Device
// column naming one of them; else the first given. A row that publishes no host port ("-",
// "n/a", "host network") keeps its service without bindings and is reported; a row whose cell
// cannot be read is skipped and reported with its line and column and what was expected. A
// document whose port tables give nothing fails, naming each table and why.
class MarkdownReader
{
public:
    using RowPort = MarkdownRowPort;
    using Row = MarkdownRow;
    struct DeviceTable
    {
        int line = 0;
        QString name;
        QString ip;
        QString description;
        QVector<Row> rows;
    };
    // A device named on the command line, for documents without "### NAME (IP)" headings.
    struct GivenDevice
    {
        QString name;
        QString ip;
    };

    void setDevices(const QVector<GivenDevice> &devices) { m_given = devices; }

    // A file, "-" or a FIFO, at most MaxFileBytes (a hand-kept registry of 100,000 rows is
    // about 8 MB; reading holds a few times the document in memory).
    bool readFile(const QString &path);
    static constexpr qint64 MaxFileBytes = 32 * 1024 * 1024;
    // How many port tables are read at once (twice what makes ParallelSections start a second
    // thread): a batch's memory, freed, is what the next batch reuses.
    static constexpr int TablesReadAtOnce = 128;
    bool readText(const QString &text, const QString &displayName);

    const Error &error() const { return m_error; }
    const QVector<DeviceTable> &devices() const { return m_devices; }
    // What was skipped and why, "LINE:COLUMN: ..." each: rows without a host port, cells that
    // could not be read, tables that gave nothing.
    const QStringList &warnings() const { return m_warnings; }
    // The document's name in messages (FILE of FILE:LINE:COLUMN).
    const QString &displayName() const { return m_displayName; }

private:
    bool checkPlaceholders(const QList<QStringView> &lines, const QString &displayName);
    bool collectRows(const QList<QStringView> &lines, int from, MarkdownTable *table, int *end);
    void queueTable(MarkdownTable table, QVector<MarkdownTable> &pending, QStringList &otherTables,
                    int &portTables);
    void addPending(QVector<MarkdownTable> &pending);
    void addTable(const MarkdownTable &table, MarkdownTableReader::Result read);
    int deviceFor(const MarkdownTable &table, const QString &deviceCell);
    int deviceNamed(const QString &name, const QString &ip, int line);
    void startReading(const QString &displayName);

    Error m_error;
    QVector<GivenDevice> m_given;
    QVector<DeviceTable> m_devices;
    QHash<QString, int> m_deviceIndex; // m_devices by name
    QStringList m_warnings;
    QString m_displayName;
    // Port tables that gave nothing, with why: the error when none gave anything.
    QStringList m_emptyTables;
    SourceLocation m_firstProblem;
    int m_rowsRead = 0;
    int m_firstTableLine = 0;
};

} // namespace portolan

Q_DECLARE_TYPEINFO(portolan::MarkdownReader::DeviceTable, Q_RELOCATABLE_TYPE);
