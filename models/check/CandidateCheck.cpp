#include "check/CandidateCheck.h"

#include "check/CrossDeviceIndex.h"
#include "check/Validator.h"
#include "domain/WellKnownPorts.h"

namespace portolan {

namespace {

Findings concerning(const Findings &findings, const ElementRef &target)
{
    Findings result;
    for (const Finding &finding : findings) {
        if (finding.where == target || finding.related == target)
            result.append(finding);
    }
    return result;
}

Validator validator()
{
    return Validator(&WellKnownPorts::system());
}

} // namespace

namespace {

// Puts the candidate in place of the element at `index`, keeping that element's children, or
// appends it (index < 0, then the index it got); the children are what other dialogs edit.
template <typename Element, typename Child>
int place(QVector<Element> &list, int index, Element candidate, QVector<Child> Element::*children)
{
    if (index < 0) {
        (candidate.*children).clear();
        list.append(candidate);
        return int(list.size()) - 1;
    }
    candidate.*children = list[index].*children;
    list[index] = candidate;
    return index;
}

// The device's own findings and those across devices: a name, address or route clash with
// another device shows in this dialog too.
Findings checkDevice(const Registry &candidate, int deviceIndex)
{
    const Validator check = validator();
    return check.checkDevice(candidate, deviceIndex) + check.checkAcrossDevices(candidate);
}

} // namespace

Findings CandidateCheck::forDevice(const Registry &registry, int deviceIndex, const Device &fields)
{
    Registry candidate = registry;
    deviceIndex = place(candidate.devices, deviceIndex, fields, &Device::services);
    return concerning(checkDevice(candidate, deviceIndex), {deviceIndex, -1, -1});
}

Findings CandidateCheck::forService(const Registry &registry, int deviceIndex, int serviceIndex,
                                    const Service &fields)
{
    Registry candidate = registry;
    // Its bindings keep theirs: they have their own dialog.
    serviceIndex =
        place(candidate.devices[deviceIndex].services, serviceIndex, fields, &Service::ports);
    Findings findings =
        concerning(checkDevice(candidate, deviceIndex), {deviceIndex, serviceIndex, -1});
    // The port opened for a proxy on another device is a binding, added after the service (a
    // quick fix offers it): in this dialog the missing binding is a warning that says so, not
    // an error that keeps the service from being added.
    for (Finding &finding : findings) {
        if (finding.code == FindingCode::RouteUnreachable) {
            finding.severity = Severity::Warning;
            finding.message += QCoreApplication::translate(
                "portolan::CandidateCheck",
                " — an error once the service is added, until the port is published (Findings "
                "offers it as a quick fix)");
        }
    }
    return findings;
}

Findings CandidateCheck::forBinding(const Registry &registry, int deviceIndex, int serviceIndex,
                                    int bindingIndex, const Binding &value)
{
    Registry candidate = registry;
    QVector<Binding> &ports = candidate.devices[deviceIndex].services[serviceIndex].ports;
    if (bindingIndex < 0) {
        ports.append(value);
        bindingIndex = ports.size() - 1;
    } else {
        ports[bindingIndex] = value;
    }
    return concerning(validator().checkDevice(candidate, deviceIndex),
                      {deviceIndex, serviceIndex, bindingIndex});
}

Findings CandidateCheck::forPolicy(const Registry &registry, const Policy &fields)
{
    Registry candidate = registry;
    const QVector<Block> blocks = candidate.policy.blocks;
    candidate.policy = fields;
    candidate.policy.blocks = blocks;
    Findings findings = validator().checkPolicy(candidate);
    // proxy_device is checked against the devices, with the cross-device names.
    CrossDeviceIndex index;
    index.rebuild(candidate);
    for (const Finding &finding : index.findings(candidate)) {
        if (finding.code == FindingCode::UnknownProxyDevice)
            findings.append(finding);
    }
    return findings;
}

CandidateCheck::Place CandidateCheck::locate(const Registry &registry, qint64 deviceId,
                                             qint64 serviceId, qint64 bindingId)
{
    Place place;
    for (int d = 0; d < registry.devices.size(); ++d) {
        if (registry.devices[d].key.id != deviceId)
            continue;
        place.device = d;
        const QVector<Service> &services = registry.devices[d].services;
        for (int s = 0; serviceId != 0 && s < services.size(); ++s) {
            if (services[s].key.id != serviceId)
                continue;
            place.service = s;
            for (int b = 0; bindingId != 0 && b < services[s].ports.size(); ++b) {
                if (services[s].ports[b].key.id == bindingId)
                    place.binding = b;
            }
        }
    }
    return place;
}

} // namespace portolan
