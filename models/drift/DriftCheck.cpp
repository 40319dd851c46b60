#include "drift/DriftCheck.h"

#include "domain/WellKnownPorts.h"

#include <QSet>

#include <map>

namespace portolan {

QString driftStatusName(DriftEntry::Status status)
{
    switch (status) {
    case DriftEntry::Status::Listening:
        return QStringLiteral("listening");
    case DriftEntry::Status::Missing:
        return QStringLiteral("missing");
    case DriftEntry::Status::OtherAddress:
        return QStringLiteral("other-address");
    case DriftEntry::Status::Unplanned:
        return QStringLiteral("unplanned");
    }
    return {};
}

namespace {

bool isWildcard(const QHostAddress &address)
{
    return address == QHostAddress(QHostAddress::AnyIPv4) ||
           address == QHostAddress(QHostAddress::AnyIPv6);
}

} // namespace

QVector<DriftEntry> DriftCheck::compare(const Registry &registry, int deviceIndex,
                                        const QVector<ListeningSocket> &sockets,
                                        const WellKnownPorts *names)
{
    // (protocol, port) -> addresses listening
    std::map<std::pair<QString, int>, QVector<QHostAddress>> listening;
    for (const ListeningSocket &socket : sockets) {
        QVector<QHostAddress> &addresses = listening[{socket.protocol, socket.port}];
        if (!addresses.contains(socket.address))
            addresses.append(socket.address);
    }
    QVector<DriftEntry> entries;
    QSet<QPair<QString, int>> planned;
    const Device &device = registry.devices[deviceIndex];
    for (int s = 0; s < device.services.size(); ++s) {
        const Service &service = device.services[s];
        for (int b = 0; b < service.ports.size(); ++b) {
            const Binding &binding = service.ports[b];
            const QString protocol = binding.effectiveProtocol();
            QHostAddress plannedAddress;
            const bool plannedAll =
                binding.bind.isEmpty() ||
                (plannedAddress.setAddress(binding.bind) && isWildcard(plannedAddress));
            if (!binding.bind.isEmpty())
                plannedAddress.setAddress(binding.bind);
            int found = 0;
            int foundElsewhere = 0;
            QStringList actual;
            for (int port = binding.host.first;
                 port <= binding.host.last && port - binding.host.first < 65536; ++port) {
                planned.insert({protocol, port});
                const auto it = listening.find({protocol, port});
                if (it == listening.end())
                    continue;
                bool match = false;
                for (const QHostAddress &address : it->second) {
                    if (!actual.contains(address.toString()))
                        actual << address.toString();
                    if (plannedAll
                            ? isWildcard(address)
                            : address.isEqual(plannedAddress, QHostAddress::ConvertV4MappedToIPv4))
                        match = true;
                }
                ++(match ? found : foundElsewhere);
            }
            DriftEntry entry;
            entry.protocol = protocol;
            entry.ports = binding.host;
            entry.planned = plannedAll ? QStringLiteral("all") : binding.bind;
            entry.actual = actual.join(QStringLiteral(", "));
            entry.service = s;
            entry.binding = b;
            entry.serviceName = service.name;
            if (found == binding.host.length())
                entry.status = DriftEntry::Status::Listening;
            else if (found + foundElsewhere == 0)
                entry.status = DriftEntry::Status::Missing;
            else if (foundElsewhere > 0)
                entry.status = DriftEntry::Status::OtherAddress;
            else
                entry.status = DriftEntry::Status::Missing; // part of a range is not up
            entries.append(entry);
        }
    }
    for (const auto &[key, addresses] : listening) {
        if (planned.contains({key.first, key.second}))
            continue;
        DriftEntry entry;
        entry.status = DriftEntry::Status::Unplanned;
        entry.protocol = key.first;
        entry.ports = PortRange::single(key.second);
        QStringList actual;
        for (const QHostAddress &address : addresses)
            actual << address.toString();
        entry.actual = actual.join(QStringLiteral(", "));
        if (names)
            entry.wellKnownName = names->names(key.second, key.first).value(0);
        entries.append(entry);
    }
    return entries;
}

int DriftCheck::driftCount(const QVector<DriftEntry> &entries)
{
    int count = 0;
    for (const DriftEntry &entry : entries)
        count += entry.status != DriftEntry::Status::Listening;
    return count;
}

} // namespace portolan
