#include "CandidateCheck.h"

#include "Validator.h"
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

Findings CandidateCheck::forDevice(const Registry &registry, int deviceIndex, const Device &fields)
{
    Registry candidate = registry;
    if (deviceIndex < 0) {
        Device device = fields;
        device.services.clear();
        candidate.devices.append(device);
        deviceIndex = candidate.devices.size() - 1;
    } else {
        Device &device = candidate.devices[deviceIndex];
        device.name = fields.name;
        device.ip = fields.ip;
        device.description = fields.description;
    }
    const Validator check = validator();
    Findings findings =
        check.checkDevice(candidate, deviceIndex) + check.checkAcrossDevices(candidate);
    return concerning(findings, {deviceIndex, -1, -1});
}

Findings CandidateCheck::forService(const Registry &registry, int deviceIndex, int serviceIndex,
                                    const Service &fields)
{
    Registry candidate = registry;
    QVector<Service> &services = candidate.devices[deviceIndex].services;
    if (serviceIndex < 0) {
        Service service = fields;
        services.append(service);
        serviceIndex = services.size() - 1;
    } else {
        Service &service = services[serviceIndex];
        service.name = fields.name;
        service.category = fields.category;
        service.notes = fields.notes;
        service.route = fields.route;
    }
    const Validator check = validator();
    Findings findings =
        check.checkDevice(candidate, deviceIndex) + check.checkAcrossDevices(candidate);
    // Service-level findings only: its bindings have their own dialog.
    Findings result;
    for (const Finding &finding : concerning(findings, {deviceIndex, serviceIndex, -1}))
        result.append(finding);
    return result;
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
    candidate.policy.domain = fields.domain;
    candidate.policy.internalSubdomain = fields.internalSubdomain;
    candidate.policy.range = fields.range;
    candidate.policy.blockSize = fields.blockSize;
    return validator().checkPolicy(candidate);
}

bool CandidateCheck::hasErrors(const Findings &findings)
{
    for (const Finding &finding : findings) {
        if (finding.severity == Severity::Error)
            return true;
    }
    return false;
}

} // namespace portolan
