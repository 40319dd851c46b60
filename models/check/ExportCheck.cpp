#include "check/ExportCheck.h"

#include "check/CrossDeviceIndex.h"
#include "check/Validator.h"
#include "domain/ParallelSections.h"
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
    Findings checked = validator.checkPolicy(registry);
    // Each device once: its names hashed (a network export, which refuses a name two devices
    // share), what the export asked to see of it, and its values checked when in scope. On two
    // threads for a large registry (ParallelSections::forEach), even for one device's export:
    // the names of every device are hashed, and a walk of its own through every route, on one
    // thread, was most of the check.
    const int devices = int(registry.devices.size());
    std::optional<CrossDeviceIndex::KeyHashes> keys;
    if (scope.network)
        keys.emplace(registry, /*ips=*/false);
    std::vector<Findings> perDevice(static_cast<std::size_t>(devices));
    ParallelSections::forEach(devices, [&](int d) {
        if (keys)
            keys->take(d);
        if (alsoEachDevice)
            alsoEachDevice(d);
        if (scope.device < 0 || scope.device == d)
            perDevice[std::size_t(d)] = validator.checkDevice(registry, d);
    });
    for (const Findings &found : perDevice)
        checked += found;
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
    if (keys)
        blocking += networkFindings(CrossDeviceIndex::namingFindings(registry, *keys));
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
