#include "Finding.h"

namespace portolan {

QString severityName(Severity severity)
{
    switch (severity) {
    case Severity::Error:
        return QStringLiteral("error");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Info:
        return QStringLiteral("info");
    }
    return QString();
}

QString Finding::subject() const
{
    if (device.isEmpty())
        return QStringLiteral("policy");
    if (service.isEmpty())
        return device;
    return device + u'/' + service;
}

QString Finding::portLabel() const
{
    if (!port)
        return QStringLiteral("-");
    if (protocol.isEmpty())
        return port->toString();
    return port->toString() + u'/' + protocol;
}

FindingCounts countFindings(const Findings &findings)
{
    FindingCounts counts;
    for (const Finding &finding : findings) {
        switch (finding.severity) {
        case Severity::Error:
            ++counts.errors;
            break;
        case Severity::Warning:
            ++counts.warnings;
            break;
        case Severity::Info:
            ++counts.infos;
            break;
        }
    }
    return counts;
}

} // namespace portolan
