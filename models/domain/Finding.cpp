#include "domain/Finding.h"

#include <QCoreApplication>

namespace portolan {

// Defined once here rather than inline in the header: as inline variables each of the
// hundred files that include it carried their own guarded start-up code, run before main.
namespace FindingCode {
const QString PortConflict = QStringLiteral("port-conflict");
const QString BindingWithoutException = QStringLiteral("binding-without-exception");
const QString UnknownException = QStringLiteral("unknown-exception");
const QString OutOfRange = QStringLiteral("out-of-range");
const QString ReservedBlock = QStringLiteral("reserved-block");
const QString WrongBlock = QStringLiteral("wrong-block");
const QString UnknownCategory = QStringLiteral("unknown-category");
const QString DuplicateDevice = QStringLiteral("duplicate-device");
const QString DuplicateIp = QStringLiteral("duplicate-ip");
const QString DuplicateService = QStringLiteral("duplicate-service");
const QString DuplicateRoute = QStringLiteral("duplicate-route");
const QString RouteWithoutPort = QStringLiteral("route-without-port");
const QString InvalidValue = QStringLiteral("invalid-value");
const QString BlocksExceedRange = QStringLiteral("blocks-exceed-range");
const QString EphemeralOverlap = QStringLiteral("ephemeral-overlap");
const QString WellKnownPort = QStringLiteral("well-known-port");
const QString UnknownProxyDevice = QStringLiteral("unknown-proxy-device");
const QString RouteWithoutProxy = QStringLiteral("route-without-proxy");
const QString RouteUnreachable = QStringLiteral("route-unreachable");
const QString ProxyDeviceWithoutProxy = QStringLiteral("proxy-device-without-proxy");
const QString BackendOpen = QStringLiteral("backend-open");
} // namespace FindingCode

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
