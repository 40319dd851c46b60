#include "domain/WellKnownPorts.h"

#include <algorithm>

#include <QFile>
#include <QRegularExpression>

namespace portolan {

quint32 WellKnownPorts::key(int port, const QString &protocol)
{
    return (quint32(port) << 2) | (protocol == QLatin1String("udp") ? 1u : 0u);
}

void WellKnownPorts::addEntry(int port, const QString &protocol, const QStringList &names)
{
    if (port < 1 || port > 65535 || names.isEmpty())
        return;
    const bool udp = protocol == QLatin1String("udp");
    m_registered[(udp ? 1024 : 0) + std::size_t(port) / 64] |= quint64(1) << (port % 64);
    QStringList &known = m_names[key(port, protocol)];
    for (const QString &name : names) {
        if (!known.contains(name))
            known.append(name);
    }
}

bool WellKnownPorts::loadServicesFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return false;
    static const QRegularExpression whitespace(QStringLiteral("\\s+"));
    while (!file.atEnd()) {
        QString line = QString::fromUtf8(file.readLine());
        const qsizetype hash = line.indexOf(u'#');
        if (hash >= 0)
            line.truncate(hash);
        const QStringList fields = line.split(whitespace, Qt::SkipEmptyParts);
        if (fields.size() < 2)
            continue;
        const qsizetype slash = fields[1].indexOf(u'/');
        if (slash < 0)
            continue;
        bool ok = false;
        const int port = fields[1].left(slash).toInt(&ok);
        if (!ok)
            continue;
        // /etc/services: "53/udp"; Wireshark's IANA copy: "53/tcp,udp,sctp".
        QStringList names{fields[0]};
        names += fields.mid(2);
        for (const QString &protocol : fields[1].mid(slash + 1).toLower().split(u',')) {
            if (protocol == QLatin1String("tcp") || protocol == QLatin1String("udp"))
                addEntry(port, protocol, names);
        }
    }
    return true;
}

const WellKnownPorts &WellKnownPorts::system()
{
    static const WellKnownPorts table = [] {
        WellKnownPorts ports;
        const QByteArray overridePath = qgetenv("PORTOLAN_SERVICES_FILE");
        if (!overridePath.isEmpty()) {
            ports.loadServicesFile(QString::fromLocal8Bit(overridePath));
        } else {
            ports.loadServicesFile(QStringLiteral("/etc/services"));
            // The IANA registry as Wireshark ships it, when installed: many more names.
            ports.loadServicesFile(QStringLiteral("/usr/share/wireshark/services"));
        }
        return ports;
    }();
    return table;
}

QStringList WellKnownPorts::names(int port, const QString &protocol) const
{
    return m_names.value(key(port, protocol));
}

bool WellKnownPorts::isRegistered(int port, const QString &protocol) const
{
    return m_names.contains(key(port, protocol));
}

bool WellKnownPorts::anyRegisteredIn(int first, int last, bool udp) const
{
    first = std::max(first, 0);
    last = std::min(last, 65535);
    const quint64 *words = m_registered.data() + (udp ? 1024 : 0);
    for (int word = first / 64; word <= last / 64; ++word) {
        quint64 bits = words[word];
        if (word == first / 64)
            bits &= ~quint64(0) << (first % 64);
        if (word == last / 64 && last % 64 != 63)
            bits &= (quint64(1) << (last % 64 + 1)) - 1;
        if (bits)
            return true;
    }
    return false;
}

QVector<int> WellKnownPorts::registeredIn(int first, int last, const QString &protocol) const
{
    QVector<int> ports;
    if (first > last || !anyRegisteredIn(first, last, protocol == QLatin1String("udp")))
        return ports;
    const quint32 kind = key(0, protocol);
    const quint32 end = key(last, protocol);
    for (auto it = m_names.lowerBound(key(first, protocol));
         it != m_names.cend() && it.key() <= end; ++it) {
        if ((it.key() & 3u) == kind)
            ports << int(it.key() >> 2);
    }
    return ports;
}

} // namespace portolan
