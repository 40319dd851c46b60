#pragma once

#include "domain/Error.h"
#include "domain/Registry.h"

#include <QVector>

namespace portolan {

// Reads the allocation tables of a Markdown registry: "### NAME (IP)" headings, each followed
// by a table with Service, Host Port and Container Port columns (the hand-kept form), or the
// richer form `export markdown` writes (Protocol, Exception, Route, Notes too). Alignment
// colons, padding, escaped pipes and <br> are understood, and port cells as people write them:
// "53/udp", "80, 443", ":53", "127.0.0.1:8080", "25100–25109", "20022 (ssh)", "53 (tcp/udp)";
// a cell with two ports gives two bindings. An unfilled template ({DEVICE_1}, {HOST_PORT}) is
// an error naming every line that has one; a heading that looks like a device but does not
// parse ("### nas (192.168.1)"), or an allocation table under a heading without an address, is
// an error with its line, never skipped.
class MarkdownReader
{
public:
    struct RowPort
    {
        QString hostIp;
        PortRange host;
        PortRange container;
        QString protocol; // empty: none written
    };
    struct Row
    {
        int line = 0;
        QString service;
        QVector<RowPort> ports;             // host bindings, one per port in the cells
        std::optional<PortRange> container; // the first container port, also without a host
        QString protocol;
        QString exception;
        QString routeHost; // the full name, e.g. git.example.org
        std::optional<int> routePort;
        QString notes;
    };
    struct DeviceTable
    {
        int line = 0;
        QString name;
        QString ip;
        QString description;
        QVector<Row> rows;
    };

    // A file, "-" or a FIFO, at most MaxFileBytes (a hand-kept registry of 100,000 rows is
    // about 8 MB; reading holds a few times the document in memory).
    bool readFile(const QString &path);
    static constexpr qint64 MaxFileBytes = 32 * 1024 * 1024;
    bool readText(const QString &text, const QString &displayName);

    const Error &error() const { return m_error; }
    const QVector<DeviceTable> &devices() const { return m_devices; }

private:
    bool checkPlaceholders(const QList<QStringView> &lines, const QString &displayName);
    bool readRow(const QString &line, int lineNumber, const QStringList &columns,
                 const QString &displayName, Row *row);

    Error m_error;
    QVector<DeviceTable> m_devices;
};

} // namespace portolan
