#include "domain/BlockUsage.h"

#include "domain/BlockLayout.h"

#include "domain/PortIntervals.h"

#include <algorithm>
#include <climits>
#include <vector>

namespace portolan {

namespace {

// The blocks of a sane policy lie within the 65,535 ports; a span this wide is counted port by
// port, a wider one (a range the validator refuses) by merging the intervals.
constexpr qint64 MostPortsCounted = qint64(1) << 17;

// fn(first, last) for each binding's host ports, first <= last.
template <typename Fn>
void forEachHostRange(const Registry &registry, const Fn &fn)
{
    for (const Device &device : registry.devices) {
        for (const Service &service : device.services) {
            for (const Binding &binding : service.ports) {
                if (binding.host.first <= binding.host.last)
                    fn(binding.host.first, binding.host.last);
            }
        }
    }
}

} // namespace

QVector<BlockFill> computeBlockFill(const Registry &registry)
{
    const BlockLayout layout(registry.policy);
    QVector<BlockFill> fills;
    int lowest = INT_MAX;
    int highest = INT_MIN;
    for (int b = 0; b < layout.blockCount(); ++b) {
        BlockFill fill;
        fill.ports = layout.blockRange(b);
        fill.size = std::max(0, fill.ports.length());
        if (fill.ports.first <= fill.ports.last) {
            lowest = std::min(lowest, fill.ports.first);
            highest = std::max(highest, fill.ports.last);
        }
        fills.append(fill);
    }
    if (lowest > highest)
        return fills;

    if (qint64(highest) - lowest < MostPortsCounted) {
        // Linear in the bindings: each one's ports marked in a difference array over the
        // blocks' span, then how many ports are held below each port. Sorting 100,000
        // intervals to merge them was most of a large registry's range table.
        const int span = highest - lowest + 1;
        std::vector<int> opened(size_t(span) + 1, 0);
        forEachHostRange(registry, [&](int first, int last) {
            first = std::max(first, lowest);
            last = std::min(last, highest);
            if (first > last)
                return;
            ++opened[size_t(first - lowest)];
            --opened[size_t(last - lowest) + 1];
        });
        std::vector<int> held(size_t(span) + 1, 0); // held[i]: ports held in [lowest, lowest + i)
        int holders = 0;
        for (int i = 0; i < span; ++i) {
            holders += opened[size_t(i)];
            held[size_t(i) + 1] = held[size_t(i)] + (holders > 0 ? 1 : 0);
        }
        for (BlockFill &fill : fills) {
            if (fill.ports.first <= fill.ports.last)
                fill.used = held[size_t(fill.ports.last - lowest) + 1] -
                            held[size_t(fill.ports.first - lowest)];
        }
        return fills;
    }

    std::vector<std::pair<int, int>> used;
    forEachHostRange(registry, [&](int first, int last) { used.emplace_back(first, last); });
    const std::vector<std::pair<int, int>> merged = mergePortIntervals(std::move(used));
    for (BlockFill &fill : fills) {
        for (const auto &interval : merged) {
            const int first = std::max(interval.first, fill.ports.first);
            const int last = std::min(interval.second, fill.ports.last);
            if (first <= last)
                fill.used += last - first + 1;
        }
    }
    return fills;
}

} // namespace portolan
