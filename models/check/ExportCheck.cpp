#include "check/ExportCheck.h"

#include "check/CrossDeviceIndex.h"
#include "check/Validator.h"
#include "domain/TextRules.h"

#include <QCoreApplication>

#include <future>

namespace portolan {

Findings ExportCheck::blockingValues(const Registry &registry, const Scope &scope)
{
    Validator validator(nullptr);
    validator.setValuesOnly(true);
    // A whole-registry export: each half of the devices, and the index across devices, at once.
    const int devices = int(registry.devices.size());
    const bool split = scope.device < 0 && devices >= 64;
    const auto policy = split ? std::launch::async : std::launch::deferred;
    auto secondHalf = std::async(policy, [&] {
        Findings found;
        for (int d = devices / 2; split && d < devices; ++d)
            found += validator.checkDevice(registry, d);
        return found;
    });
    auto acrossDevices = std::async(policy, [&] {
        Findings found;
        if (!scope.network)
            return found;
        CrossDeviceIndex index;
        index.rebuild(registry);
        for (const Finding &finding : index.findings(registry)) {
            if (networkCodes().contains(finding.code))
                found.append(finding);
        }
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
    blocking += acrossDevices.get();
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
