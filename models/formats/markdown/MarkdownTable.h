#pragma once

#include "domain/Registry.h"
#include "formats/markdown/MarkdownCells.h"

#include <QStringList>
#include <QVector>

#include <optional>
#include <utility>

namespace portolan {

// A host binding one row of a document's port table gives.
struct MarkdownRowPort
{
    QString hostIp;
    PortRange host;
    PortRange container;
    QString protocol; // empty: none written
};

// One row of a port table, read.
struct MarkdownRow
{
    int line = 0;
    QString service;
    QVector<MarkdownRowPort> ports;     // host bindings, one per port in the cells
    std::optional<PortRange> container; // the first container port, also without a host
    QString protocol;
    QString exception;
    QString routeHost; // the full name, e.g. git.example.org
    std::optional<int> routePort;
    QString url; // a URL column: a route when it is under the domain, else a note
    QString notes;
};

// One table of a document, as found: its header, its rows and where it stands.
struct MarkdownTable
{
    int line = 0; // the header's
    QString heading;
    int headingLine = 0;
    int device = -1; // from a "### NAME (IP)" heading above it
    QString headingProtocol;
    QStringList headers;
    QVector<MarkdownCells::Column> columns;
    // The rows as written, from line firstRowLine on: views into the document's text, which
    // outlives the table (tables are read while the document is).
    QList<QStringView> rawLines;
    int firstRowLine = 0;
    // Each row's line and cells, once split (splitRows).
    QVector<std::pair<int, QStringList>> rows;

    int first(MarkdownCells::Role role) const;
    // "the table at line 12 (under "nas")", for messages.
    QString where() const;
    // Splits the raw lines into cells, those not split yet.
    void splitRows();
    // The 1-based column where cell `index` of row `row` starts, for messages.
    int columnOfCell(int row, int index) const;
    // Whether most filled cells of `column` hold ports (rows split).
    bool mostlyPorts(int column) const;
};

// Reads a port table's rows by what its columns hold. It reads the table alone and changes
// nothing else, so the tables of a large document are read on several threads at once; the
// document's reader then adds the rows to their devices in the document's order.
class MarkdownTableReader
{
public:
    // What became of one row of the table.
    struct ReadRow
    {
        int index = 0;   // in MarkdownTable::rows
        bool ok = false; // read: its row is the next of Result::read
        // ok: what to report about a row read; else why it was skipped. Where: its column.
        QString problem;
        int column = 0;
    };
    struct Result
    {
        int name = -1; // the column that names the service
        // Why the table gives nothing at all, and the line to point at; empty when it is read.
        QString unusable;
        int unusableLine = 0;
        QVector<ReadRow> rows; // the rows read or skipped, group and blank rows left out
        // The rows read, in order: apart from what became of each, so that a table's rows
        // go to its device as they are, not moved one by one.
        QVector<MarkdownRow> read;
    };

    // Settles which column is what where a header could mean two things ("Host" names a
    // machine or holds ports; "Container" names a service or holds ports; "Address" holds an
    // address or a URL), by the table's values; then reads every row. devicesGiven: devices
    // came from the command line, so a table under no device heading still has one.
    static Result read(MarkdownTable &table, bool devicesGiven);
    // read() of each table; many tables on several threads.
    static QVector<Result> readAll(QVector<MarkdownTable> &tables, bool devicesGiven);

private:
    static int settleColumns(MarkdownTable &table);
    static bool readRow(const MarkdownTable &table, const QStringList &cells, int lineNumber,
                        MarkdownRow *row, QString *problem, int *problemColumn);
    static bool readTextColumns(const MarkdownTable &table, const QStringList &cells,
                                MarkdownRow *row, QStringList *notes, QStringList *columnProtocols,
                                QString *bind, QString *problem, int *problemColumn);
};

} // namespace portolan

// Strings, Qt containers and plain values (see domain/Registry.h): a document of 100,000
// tables grows its lists by moving bytes.
Q_DECLARE_TYPEINFO(portolan::MarkdownRowPort, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(portolan::MarkdownRow, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(portolan::MarkdownTable, Q_RELOCATABLE_TYPE);
