#include "check/ExportCheck.h"

#include "check/CrossDeviceIndex.h"
#include "check/Validator.h"
#include "domain/TextRules.h"

#include <QCoreApplication>

#include <optional>

namespace portolan {

namespace {

// Of the findings across devices, those a network export refuses.
Findings networkFindings(const Findings &acrossDevices)
{
    Findings refused;
    for (const Finding &finding : acrossDevices) {
        if (ExportCheck::networkCodes().contains(finding.code))
            refused.append(finding);
    }
    return refused;
}

} // namespace

Findings ExportCheck::blockingValues(const Registry &registry, const Scope &scope)
{
    return blockingValues(registry, scope, {});
}

Findings ExportCheck::blockingValues(const Registry &registry, const Scope &scope,
                                     const std::function<void(int)> &alsoEachDevice)
{
    Validator validator(nullptr);
    validator.setValuesOnly(true);
    Findings acrossDevices;
    Findings checked = validator.checkPolicy(registry);
    const int devices = int(registry.devices.size());
    if (scope.device < 0 && devices >= 64) {
        // A whole-registry export: the devices on two threads. The names across devices are hashed
        // as each device is checked, on either thread: a walk of its own through every route, on
        // one of them, outlasted the other's checks.
        std::optional<CrossDeviceIndex::KeyHashes> keys;
        if (scope.network)
            keys.emplace(registry, /*ips=*/false);
        const std::vector<Findings> perDevice = Validator::inParallel(
            devices,
            [&](int d) {
                if (keys)
                    keys->take(d);
                if (alsoEachDevice)
                    alsoEachDevice(d);
                return validator.checkDevice(registry, d);
            },
            [] {});
        for (const Findings &found : perDevice)
            checked += found;
        if (keys)
            acrossDevices = networkFindings(CrossDeviceIndex::namingFindings(registry, *keys));
    } else {
        for (int d = 0; d < devices; ++d) {
            if (alsoEachDevice)
                alsoEachDevice(d);
            if (scope.device < 0 || scope.device == d)
                checked += validator.checkDevice(registry, d);
        }
        if (scope.network)
            acrossDevices = networkFindings(CrossDeviceIndex::namingFindings(registry));
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
