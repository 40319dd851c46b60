#include "domain/Finding.h"

#include <QCoreApplication>

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

QString Finding::phrase(const QString &code)
{
    static const std::pair<const QString *, const char *> phrases[] = {
        {&FindingCode::PortConflict, QT_TRANSLATE_NOOP("portolan::Finding", "port conflict")},
        {&FindingCode::BindingWithoutException,
         QT_TRANSLATE_NOOP("portolan::Finding", "no exception")},
        {&FindingCode::UnknownException,
         QT_TRANSLATE_NOOP("portolan::Finding", "unknown exception")},
        {&FindingCode::OutOfRange, QT_TRANSLATE_NOOP("portolan::Finding", "outside the range")},
        {&FindingCode::ReservedBlock, QT_TRANSLATE_NOOP("portolan::Finding", "reserved block")},
        {&FindingCode::WrongBlock, QT_TRANSLATE_NOOP("portolan::Finding", "wrong block")},
        {&FindingCode::UnknownCategory, QT_TRANSLATE_NOOP("portolan::Finding", "unknown category")},
        {&FindingCode::DuplicateDevice, QT_TRANSLATE_NOOP("portolan::Finding", "duplicate device")},
        {&FindingCode::DuplicateIp, QT_TRANSLATE_NOOP("portolan::Finding", "shared IP")},
        {&FindingCode::DuplicateService,
         QT_TRANSLATE_NOOP("portolan::Finding", "duplicate service")},
        {&FindingCode::DuplicateRoute, QT_TRANSLATE_NOOP("portolan::Finding", "name taken")},
        {&FindingCode::RouteWithoutPort,
         QT_TRANSLATE_NOOP("portolan::Finding", "route without port")},
        {&FindingCode::InvalidValue, QT_TRANSLATE_NOOP("portolan::Finding", "invalid value")},
        {&FindingCode::BlocksExceedRange,
         QT_TRANSLATE_NOOP("portolan::Finding", "too many blocks")},
        {&FindingCode::EphemeralOverlap, QT_TRANSLATE_NOOP("portolan::Finding", "ephemeral ports")},
        {&FindingCode::WellKnownPort, QT_TRANSLATE_NOOP("portolan::Finding", "well-known port")},
        {&FindingCode::UnknownProxyDevice,
         QT_TRANSLATE_NOOP("portolan::Finding", "unknown proxy device")},
        {&FindingCode::RouteWithoutProxy, QT_TRANSLATE_NOOP("portolan::Finding", "no proxy")},
        {&FindingCode::RouteUnreachable,
         QT_TRANSLATE_NOOP("portolan::Finding", "proxy cannot reach it")},
        {&FindingCode::ProxyDeviceWithoutProxy,
         QT_TRANSLATE_NOOP("portolan::Finding", "proxy device runs no proxy")},
        {&FindingCode::BackendOpen, QT_TRANSLATE_NOOP("portolan::Finding", "backend open to all")},
    };
    for (const auto &[known, text] : phrases) {
        if (*known == code)
            return QCoreApplication::translate("portolan::Finding", text);
    }
    QString words = code;
    return words.replace(u'-', u' ');
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
