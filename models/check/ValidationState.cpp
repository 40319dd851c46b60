#include "ValidationState.h"

#include "Validator.h"

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

} // namespace portolan
