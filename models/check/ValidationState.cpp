#include "check/ValidationState.h"

#include "check/Validator.h"

namespace portolan {

bool ValidationState::checkAll(const Registry &registry, const Validator &validator,
                               const std::function<bool(int, int)> &progress)
{
    const int total = int(registry.devices.size());
    policy = validator.checkPolicy(registry);
    devices.resize(total);
    for (int d = 0; d < total; ++d) {
        devices[d] = validator.checkDevice(registry, d);
        if (progress && !progress(d + 1, total))
            return false;
    }
    index.rebuild(registry);
    crossDevice = index.findings(registry);
    return true;
}

namespace {

void shiftDeviceRefs(Findings &findings, int from, int delta)
{
    for (Finding &finding : findings) {
        if (finding.where.device >= from)
            finding.where.device += delta;
        if (finding.related.device >= from)
            finding.related.device += delta;
    }
}

} // namespace

void ValidationState::recheckDevice(const Registry &registry, const Validator &validator,
                                    int deviceIndex)
{
    devices[deviceIndex] = validator.checkDevice(registry, deviceIndex);
    // Only this device's names, address and routes are re-indexed.
    index.updateDevice(registry, deviceIndex);
    crossDevice = index.findings(registry);
}

void ValidationState::deviceInserted(const Registry &registry, const Validator &validator, int at)
{
    for (int d = at; d < devices.size(); ++d)
        shiftDeviceRefs(devices[d], at, 1);
    devices.insert(at, Findings());
    recheckDevice(registry, validator, at);
}

void ValidationState::deviceRemoved(const Registry &registry, int at)
{
    devices.removeAt(at);
    for (int d = at; d < devices.size(); ++d)
        shiftDeviceRefs(devices[d], at + 1, -1);
    index.rebuild(registry);
    crossDevice = index.findings(registry);
}

void ValidationState::deviceInsertedUnchecked(int at)
{
    for (int d = at; d < devices.size(); ++d)
        shiftDeviceRefs(devices[d], at, 1);
    devices.insert(at, Findings());
    crossDevice.clear();
}

void ValidationState::deviceRemovedUnchecked(int at)
{
    devices.removeAt(at);
    for (int d = at; d < devices.size(); ++d)
        shiftDeviceRefs(devices[d], at + 1, -1);
    crossDevice.clear();
}

Findings ValidationState::all() const
{
    Findings result = policy;
    for (const Findings &device : devices)
        result += device;
    result += crossDevice;
    Validator::sortFindings(result);
    return result;
}

} // namespace portolan
