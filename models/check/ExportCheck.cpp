#include "check/ExportCheck.h"

#include "check/CrossDeviceIndex.h"
#include "check/Validator.h"
#include "domain/TextRules.h"

#include <QCoreApplication>

#include <future>

namespace portolan {

Findings ExportCheck::blockingValues(const Registry &registry, const Scope &scope)
{
    const Validator validator(nullptr);
    // Every device (a whole-registry export) on two threads, as validate does.
    const int devices = int(registry.devices.size());
    const bool split = scope.device < 0 && devices >= 64;
    auto secondHalf = std::async(split ? std::launch::async : std::launch::deferred, [&] {
        Findings found;
        for (int d = devices / 2; split && d < devices; ++d)
            found += validator.checkDevice(registry, d);
        return found;
    });
    Findings checked = validator.checkPolicy(registry);
    for (int d = 0; d < (split ? devices / 2 : devices); ++d) {
        if (scope.device < 0 || scope.device == d)
            checked += validator.checkDevice(registry, d);
    }
    checked += secondHalf.get();
    Findings blocking;
    for (const Finding &finding : checked) {
        if (finding.code != FindingCode::InvalidValue &&
            !(scope.network && networkCodes().contains(finding.code)))
            continue;
        if (!scope.services.isEmpty() && !finding.service.isEmpty() &&
            !scope.services.contains(finding.service))
            continue;
        blocking.append(finding);
    }
    if (scope.network) {
        CrossDeviceIndex index;
        index.rebuild(registry);
        for (const Finding &finding : index.findings(registry)) {
            if (networkCodes().contains(finding.code))
                blocking.append(finding);
        }
    }
    return blocking;
}

const QStringList &ExportCheck::networkCodes()
{
    static const QStringList codes = {
        FindingCode::DuplicateDevice, FindingCode::DuplicateRoute, FindingCode::UnknownProxyDevice,
        FindingCode::ProxyDeviceWithoutProxy, FindingCode::RouteUnreachable};
    return codes;
}

QString ExportCheck::describe(const Findings &blocking)
{
    QString text;
    for (const Finding &finding : blocking) {
        text +=
            QCoreApplication::translate("portolan::ExportCheck", "refusing to export: %1: %2 (%3)")
                .arg(TextRules::forTerminal(finding.subject()),
                     TextRules::forTerminal(finding.message), finding.code);
        text += u'\n';
    }
    return text;
}

} // namespace portolan
