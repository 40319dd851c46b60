#include "drift/SocketTable.h"

#include "io/InputFile.h"

#include "formats/docker/DockerReader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace portolan {

namespace {
constexpr int TcpListen = 0x0A;
}

QHostAddress SocketTable::decodeAddress(const QByteArray &hex, bool *ok)
{
    *ok = false;
    const QByteArray bytes = QByteArray::fromHex(hex);
    if (bytes.size() * 2 != hex.size())
        return {};
    if (bytes.size() == 4) {
        // One little-endian 32-bit word.
        const quint32 value = quint32(quint8(bytes[0])) | quint32(quint8(bytes[1])) << 8 |
                              quint32(quint8(bytes[2])) << 16 | quint32(quint8(bytes[3])) << 24;
        *ok = true;
        return QHostAddress(value);
    }
    if (bytes.size() == 16) {
        Q_IPV6ADDR address;
        // Four little-endian words, each in network order once reversed.
        for (int word = 0; word < 4; ++word) {
            for (int i = 0; i < 4; ++i)
                address[word * 4 + i] = quint8(bytes[word * 4 + 3 - i]);
        }
        QHostAddress decoded(address);
        bool isV4 = false;
        const quint32 v4 = decoded.toIPv4Address(&isV4);
        *ok = true;
        // v4-mapped (::ffff:a.b.c.d) is that IPv4 address; "::" stays the IPv6 wildcard.
        if (isV4 && !decoded.isNull() && decoded != QHostAddress(QHostAddress::AnyIPv6))
            return QHostAddress(v4);
        return decoded;
    }
    return {};
}

bool SocketTable::parseProcNet(const QByteArray &text, const QString &protocol, const QString &name)
{
    const QList<QByteArray> lines = text.split('\n');
    if (lines.isEmpty() || !lines.first().contains("local_address")) {
        m_error =
            QStringLiteral("%1: not a /proc/net socket table (no local_address header)").arg(name);
        return false;
    }
    static const QRegularExpression spaces(QStringLiteral("\\s+"));
    for (int i = 1; i < lines.size(); ++i) {
        const QString line = QString::fromLatin1(lines[i]).trimmed();
        if (line.isEmpty())
            continue;
        const QStringList fields = line.split(spaces);
        if (fields.size() < 4) {
            m_error = QStringLiteral("%1:%2: expected sl, local_address, rem_address and st")
                          .arg(name)
                          .arg(i + 1);
            return false;
        }
        const QStringList local = fields[1].split(u':');
        const QStringList remote = fields[2].split(u':');
        bool okState = false;
        const int state = fields[3].toInt(&okState, 16);
        bool okPort = false;
        const int port = local.value(1).toInt(&okPort, 16);
        bool okAddress = false;
        const QHostAddress address = decodeAddress(local.value(0).toLatin1(), &okAddress);
        if (local.size() != 2 || remote.size() != 2 || !okState || !okPort || !okAddress) {
            m_error = QStringLiteral("%1:%2: unreadable socket line").arg(name).arg(i + 1);
            return false;
        }
        const bool listening =
            protocol == QLatin1String("tcp")
                ? state == TcpListen
                : remote.value(1).toInt(nullptr, 16) == 0; // bound, not connected
        if (!listening || port == 0)
            continue;
        m_sockets.append({protocol, address, port, QStringLiteral("proc")});
    }
    return true;
}

bool SocketTable::readProcFolder(const QString &folder)
{
    const QDir dir(folder);
    bool any = false;
    qint64 budget = MaxTableBytes; // the four tables together, as over ssh
    for (const char *file : {"tcp", "tcp6", "udp", "udp6"}) {
        const QString path = dir.filePath(QLatin1String(file));
        if (!QFileInfo::exists(path))
            continue;
        // At most MaxTableBytes each: a --proc folder whose "tcp" is /dev/zero, or a FIFO fed
        // without end, must not fill the memory.
        QByteArray text;
        Error readError;
        if (!InputFile::readAll(path, budget, QStringLiteral("the socket tables"), &text,
                                &readError)) {
            m_error = readError.toString();
            return false;
        }
        any = true;
        budget -= text.size();
        const QString protocol = QLatin1String(file).startsWith(QLatin1String("tcp"))
                                     ? QStringLiteral("tcp")
                                     : QStringLiteral("udp");
        if (!parseProcNet(text, protocol, path))
            return false;
    }
    if (!any) {
        m_error = QStringLiteral("%1: holds none of tcp, tcp6, udp, udp6").arg(folder);
        return false;
    }
    return true;
}

bool SocketTable::readDockerPs(const QString &path)
{
    // The same reader as `import docker`: docker ps lines, compose ps or docker inspect.
    DockerReader reader;
    if (!reader.readFile(path)) {
        m_error = reader.error().toString();
        return false;
    }
    return addContainers(reader);
}

bool SocketTable::readDockerData(const QByteArray &data, const QString &name)
{
    DockerReader reader;
    if (data.trimmed().isEmpty())
        return true; // docker runs no container
    if (!reader.readData(data, name)) {
        m_error = reader.error().toString();
        return false;
    }
    return addContainers(reader);
}

bool SocketTable::addContainers(const DockerReader &reader)
{
    for (const DockerReader::Container &container : reader.containers()) {
        for (const PublishedPort &port : container.published) {
            if (!port.host)
                continue;
            const QString ip = port.hostIp.isEmpty() ? QStringLiteral("::") : port.hostIp;
            // A published range stays one entry, whatever its size.
            m_sockets.append({port.protocol, QHostAddress(ip), port.host->first, container.name,
                              port.host->last});
        }
    }
    return true;
}

} // namespace portolan
