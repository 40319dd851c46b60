#pragma once

#include "domain/Registry.h"
#include "drift/SocketTable.h"

namespace portolan {

class WellKnownPorts;

// Plan against reality for one device.
struct DriftEntry
{
    enum class Status
    {
        Listening,
        Missing,
        OtherAddress,
        Unplanned
    };
    Status status;
    QString protocol;
    PortRange ports;
    QString planned;  // bind address planned ("all" for none)
    QString actual;   // addresses found listening
    int service = -1; // planned entries
    int binding = -1;
    QString serviceName;
    QString wellKnownName; // unplanned entries
};

QString driftStatusName(DriftEntry::Status status);

class DriftCheck
{
public:
    static QVector<DriftEntry> compare(const Registry &registry, int deviceIndex,
                                       const QVector<ListeningSocket> &sockets,
                                       const WellKnownPorts *names);
    static int driftCount(const QVector<DriftEntry> &entries);
};

} // namespace portolan
