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
    // A whole-registry export: the devices on two threads, one of them starting with the index
    // across devices.
    Findings acrossDevices;
    auto checkAcross = [&] {
        if (!scope.network)
            return;
        for (const Finding &finding : CrossDeviceIndex::namingFindings(registry)) {
            if (networkCodes().contains(finding.code))
                acrossDevices.append(finding);
        }
    };
    Findings checked = validator.checkPolicy(registry);
    const int devices = int(registry.devices.size());
    if (scope.device < 0 && devices >= 64) {
        const std::vector<Findings> perDevice = Validator::inParallel(
            devices, [&](int d) { return validator.checkDevice(registry, d); }, checkAcross);
        for (const Findings &found : perDevice)
            checked += found;
    } else {
        for (int d = 0; d < devices; ++d) {
            if (scope.device < 0 || scope.device == d)
                checked += validator.checkDevice(registry, d);
        }
        checkAcross();
    }
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
    blocking += acrossDevices;
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
