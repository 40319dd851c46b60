#include "domain/BlockUsage.h"

#include "domain/BlockLayout.h"

#include "domain/PortIntervals.h"

#include <algorithm>
#include <vector>

namespace portolan {

QVector<BlockFill> computeBlockFill(const Registry &registry)
{
    std::vector<std::pair<int, int>> used;
    for (const Device &device : registry.devices) {
        for (const Service &service : device.services) {
            for (const Binding &binding : service.ports) {
                if (binding.host.first <= binding.host.last)
                    used.emplace_back(binding.host.first, binding.host.last);
            }
        }
    }
    const std::vector<std::pair<int, int>> merged = mergePortIntervals(std::move(used));

    const BlockLayout layout(registry.policy);
    QVector<BlockFill> fills;
    for (int b = 0; b < layout.blockCount(); ++b) {
        BlockFill fill;
        fill.ports = layout.blockRange(b);
        fill.size = std::max(0, fill.ports.length());
        for (const auto &interval : merged) {
            const int first = std::max(interval.first, fill.ports.first);
            const int last = std::min(interval.second, fill.ports.last);
            if (first <= last)
                fill.used += last - first + 1;
        }
        fills.append(fill);
    }
    return fills;
}

} // namespace portolan
