#pragma once

#include "domain/Error.h"

#include <QByteArrayView>
#include <QHostAddress>
#include <QString>
#include <QVector>

namespace portolan {

// What is really listening: TCP sockets in LISTEN and bound, unconnected UDP sockets, from
// /proc/net/{tcp,tcp6,udp,udp6} (this machine's, or copies in a folder), and the published
// ports of containers from `docker ps --format '{{json .}}'` output.
struct ListeningSocket
{
    QString protocol; // tcp or udp
    QHostAddress address;
    int port = 0;     // the first port
    QString source;   // "proc" or the container's name
    int lastPort = 0; // a published range's last port; 0: one port
    int last() const { return lastPort > port ? lastPort : port; }
};

class SocketTable
{
public:
    // A host's four tables with 100,000 sockets come to about 15 MB: this is for all four.
    static constexpr qint64 MaxTableBytes = 64 * 1024 * 1024;
    // Reads the four files from a folder ("/proc/net" for this machine). Missing files are
    // skipped (a host without IPv6); a file that is not a socket table is an error.
    bool readProcFolder(const QString &folder);
    // Parses one file's text; protocol "tcp" or "udp".
    bool parseProcNet(QByteArrayView text, const QString &protocol, const QString &name);
    bool readDockerPs(const QString &path);
    // The same from bytes already read (over ssh).
    bool readDockerData(const QByteArray &data, const QString &name);

    const QVector<ListeningSocket> &sockets() const { return m_sockets; }
    Error error() const { return Error::fromText(m_error); }

    // /proc/net's hex: IPv4 as one little-endian word, IPv6 as four; v4-mapped becomes IPv4.
    static QHostAddress decodeAddress(const QByteArray &hex, bool *ok);

private:
    bool addContainers(const class DockerReader &reader);

    QVector<ListeningSocket> m_sockets;
    QString m_error;
};

} // namespace portolan
