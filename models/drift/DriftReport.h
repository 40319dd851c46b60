#pragma once

#include "drift/DriftCheck.h"

#include <QJsonObject>

namespace portolan {

// How drift is told, the same in the CLI and the app: one line per entry ("missing
// atlas/gitea 20022/tcp planned on all addresses, nothing listens"), a summary, or JSON.
class DriftReport
{
public:
    // "planned on 127.0.0.1, listening on 0.0.0.0" and friends: the detail of one entry.
    static QString detail(const DriftEntry &entry);
    // "atlas/gitea" or "atlas" for an unplanned port.
    static QString subject(const Device &device, const DriftEntry &entry);
    // status  subject  port/protocol  detail, one line per entry.
    static QString toText(const Device &device, const QVector<DriftEntry> &entries);
    // "atlas: 2 differences between plan and listening sockets"
    static QString summary(const Device &device, const QVector<DriftEntry> &entries);
    static QJsonObject toJson(const Device &device, const QVector<DriftEntry> &entries);
    // The marker text on a port the heatmap or the port map shows as drifted.
    static QString markerText(const DriftEntry &entry);
};

} // namespace portolan
