#pragma once

#include <QMap>
#include <QString>
#include <QStringList>
#include <QVector>

#include <vector>

namespace portolan {

// Port -> registered service names, from services files. Used for the well-known-port
// finding and, in the dialogs, as a hint ("53/udp: domain").
class WellKnownPorts
{
public:
    // /etc/services format: "name port/proto [aliases...] [# comment]". Unreadable files are
    // skipped: names are a hint, never a requirement.
    bool loadServicesFile(const QString &path);
    void addEntry(int port, const QString &protocol, const QStringList &names);

    // The system's table: /etc/services, or the file PORTOLAN_SERVICES_FILE names.
    static const WellKnownPorts &system();

    bool isEmpty() const { return m_names.isEmpty(); }
    QStringList names(int port, const QString &protocol) const;
    bool isRegistered(int port, const QString &protocol) const;
    // The registered ports from first to last, in order: a lookup per registered port, not per
    // port of the range (a binding of 1-65535 asked 65,535 times).
    QVector<int> registeredIn(int first, int last, const QString &protocol) const;

private:
    static quint32 key(int port, const QString &protocol);
    bool anyRegisteredIn(int first, int last, bool udp) const;
    QMap<quint32, QStringList> m_names; // ordered by port, then protocol
    // One bit per port and protocol (TCP's 65,536, then UDP's): most bindings of a registry
    // hold no registered port, which a few words tell without walking the map.
    std::vector<quint64> m_registered = std::vector<quint64>(2 * 65536 / 64);
};

} // namespace portolan
