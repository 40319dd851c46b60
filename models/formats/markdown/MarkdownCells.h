#pragma once

#include "domain/PortRange.h"
#include "domain/RecentTexts.h"

#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace portolan {

// Cells and column headers of port tables as people write them by hand: what a header means
// ("Port", "Host Port", "External", "Proto", "Bind"...), a cell's text without its Markdown
// marks, the ports a cell lists ("80/443", "8080:80", "53 (tcp/udp)", "51820 UDP"), the
// protocols a Protocol cell names ("TCP/UDP", "HTTP"), and the cells that say "no host port"
// ("-", "n/a", "host network").
namespace MarkdownCells {

enum class Role
{
    None,
    Name,          // Service, Name, App, Container...
    Port,          // one port column: host = container
    HostPort,      // Host Port, External, Published...
    ContainerPort, // Container Port, Internal, Target...
    Protocol,
    Bind,   // Bind, IP, Address (as an address)
    Device, // Host, Server, Device, Machine...
    Notes,  // Notes, Description, Purpose...
    Url,
    Exception,
    Route,
    Block, // Block, Range: the range overview, not services
};

struct Column
{
    Role role = Role::None;
    // For a name column, how sure: "Service" beats "Name" beats "Container"; lower wins.
    int rank = 0;
    // "TCP Ports", "UDP Port": the protocol the column's ports have.
    QString protocol;
};

// What a header means; Role::None for a column the import does not read.
Column columnOf(const QString &header);

// Splits "| a | b \| c |" (or "a | b" without outer pipes) into cells, honouring escaped
// pipes.
// With `recent`, cells that repeat down a column share one text (a table's rows).
QStringList splitRow(QStringView line, RecentTexts *recent = nullptr);

// `text` in lower case: itself, not a copy, when it is ASCII without an upper-case letter (most
// cells and names), else QString::toLower().
QString lowered(const QString &text);

// A cell as text: emphasis, strike-through, code marks, links ([text](url) -> text), HTML tags
// and entities removed, <br> as "; ".
QString plainText(QString cell);

// A service name the registry can hold (compose's rule: letters, digits, '.', '_', '-'):
// runs of anything else become one '-'. Empty when nothing is left.
QString serviceName(const QString &text);

struct CellPort
{
    QString ip;
    bool hasIp = false;
    PortRange ports;
    std::optional<PortRange> container; // "8080:80", "8080->80": the cell maps it
    QStringList protocols;              // empty: none written
};

// The ports of one cell, or std::nullopt with *error saying what was expected. A parenthesis
// that is not a protocol goes to *note.
std::optional<QVector<CellPort>> parsePorts(QString cell, bool allowAddress, QString *note,
                                            QString *error);

// The protocols a Protocol cell names: "TCP", "udp", "TCP/UDP", "Both", "HTTP(S)" (tcp).
std::optional<QStringList> parseProtocols(const QString &cell, QString *error);

// A cell that says the service publishes no host port: "-", "n/a", "none", "host network",
// "internal only"...; *why says which.
bool saysNoPort(const QString &cell, QString *why);

// The protocol a section heading gives its tables: "## UDP ports" -> udp. Empty: none.
QString protocolOfHeading(const QString &heading);

// `word` in `text` as a whole word (not inside another name), without case.
bool containsWord(const QString &text, const QString &word);

} // namespace MarkdownCells

} // namespace portolan

// A role and a string: grows by moving bytes (see domain/Registry.h).
Q_DECLARE_TYPEINFO(portolan::MarkdownCells::Column, Q_RELOCATABLE_TYPE);
