#include "drift/SocketTable.h"

#include "io/InputFile.h"

#include "formats/docker/DockerReader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <array>

namespace portolan {

namespace {
constexpr int TcpListen = 0x0A;

// Blanks between fields: the kernel writes spaces; a copy may hold tabs or a CR.
bool isBlank(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

// Around a line, also Latin-1's NEL and no-break space, as a trimmed line always took them.
QByteArrayView trimmedLine(QByteArrayView line)
{
    const auto blank = [](char c) {
        return isBlank(c) || c == '\x85' || c == '\xa0';
    };
    while (!line.isEmpty() && blank(line.front()))
        line = line.sliced(1);
    while (!line.isEmpty() && blank(line.back()))
        line.chop(1);
    return line;
}

bool isHexDigits(QByteArrayView hex)
{
    return std::all_of(hex.begin(), hex.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
    });
}

// An address as /proc/net writes it: 8 hex digits (IPv4) or 32 (IPv6).
bool isAddressHex(QByteArrayView hex)
{
    return (hex.size() == 8 || hex.size() == 32) && isHexDigits(hex);
}

// A port or a state as /proc/net writes them: 1 to 4 hex digits, no sign or "0x" (which
// toInt() would take, and "-50" would be port -80).
int shortHex(QByteArrayView hex, bool *ok)
{
    *ok = !hex.isEmpty() && hex.size() <= 4 && isHexDigits(hex);
    return *ok ? hex.toInt(nullptr, 16) : 0;
}
} // namespace

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

bool SocketTable::parseProcNet(QByteArrayView text, const QString &protocol, const QString &name)
{
    // Byte by byte, no line or field copied: a busy proxy's tables hold tens of thousands of
    // connections, and drift --all reads one set per device. Every line is still checked.
    const bool tcp = protocol == QLatin1String("tcp");
    qsizetype lineStart = 0;
    for (int lineNumber = 1; lineStart <= text.size(); ++lineNumber) {
        qsizetype lineEnd = text.indexOf('\n', lineStart);
        if (lineEnd < 0)
            lineEnd = text.size();
        const QByteArrayView line = trimmedLine(text.sliced(lineStart, lineEnd - lineStart));
        lineStart = lineEnd + 1;
        if (lineNumber == 1) {
            if (!line.contains(QByteArrayView("local_address"))) {
                m_error = QStringLiteral("%1: not a /proc/net socket table (no local_address "
                                         "header)")
                              .arg(name);
                return false;
            }
            continue;
        }
        // sl, local_address, rem_address and st; the rest is not needed.
        std::array<QByteArrayView, 4> fields;
        int count = 0;
        qsizetype at = 0;
        while (count < int(fields.size())) {
            while (at < line.size() && isBlank(line[at]))
                ++at;
            if (at == line.size())
                break;
            const qsizetype start = at;
            while (at < line.size() && !isBlank(line[at]))
                ++at;
            fields[count++] = line.sliced(start, at - start);
        }
        if (count == 0)
            continue;
        if (count < 4) {
            m_error = QStringLiteral("%1:%2: expected sl, local_address, rem_address and st")
                          .arg(name)
                          .arg(lineNumber);
            return false;
        }
        const qsizetype localColon = fields[1].indexOf(':');
        const qsizetype remoteColon = fields[2].indexOf(':');
        bool okState = false;
        const int state = shortHex(fields[3], &okState);
        bool okPort = false;
        const int port = localColon < 0 ? 0 : shortHex(fields[1].sliced(localColon + 1), &okPort);
        const QByteArrayView addressHex = fields[1].first(localColon < 0 ? 0 : localColon);
        if (localColon < 0 || fields[1].lastIndexOf(':') != localColon || remoteColon < 0 ||
            fields[2].lastIndexOf(':') != remoteColon || !okState || !okPort ||
            !isAddressHex(addressHex)) {
            m_error = QStringLiteral("%1:%2: unreadable socket line").arg(name).arg(lineNumber);
            return false;
        }
        const bool listening =
            tcp ? state == TcpListen
                : fields[2].sliced(remoteColon + 1).toInt(nullptr, 16) == 0; // bound, not connected
        if (!listening || port == 0)
            continue;
        bool okAddress = false;
        const QHostAddress address = decodeAddress(addressHex.toByteArray(), &okAddress);
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
