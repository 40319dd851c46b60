#include "check/FreePortFinder.h"

#include "domain/BlockLayout.h"
#include "domain/WellKnownPorts.h"

#include "domain/PortIntervals.h"

#include <algorithm>
#include <vector>

namespace portolan {

FreePortFinder::FreePortFinder(const Registry &registry)
    : m_registry(registry)
{}

QVector<PortRange> FreePortFinder::blocksOf(const QString &purpose) const
{
    QVector<PortRange> ranges;
    const BlockLayout layout(m_registry.policy);
    for (int b = 0; b < layout.blockCount(); ++b) {
        const PortRange ports = layout.blockRange(b);
        if (m_registry.policy.blocks[b].purpose == purpose && ports.first <= ports.last)
            ranges.append(ports);
    }
    return ranges;
}

QVector<int> FreePortFinder::lowestFree(int deviceIndex, const QString &purpose, int count,
                                        const QString &protocol,
                                        const WellKnownPorts *skipRegistered) const
{
    QVector<int> result;
    if (count < 1 || deviceIndex < 0 || deviceIndex >= m_registry.devices.size())
        return result;

    // Used intervals of this device, sorted, so each block is walked once with a cursor.
    std::vector<std::pair<int, int>> used;
    for (const Service &service : m_registry.devices[deviceIndex].services) {
        for (const Binding &binding : service.ports) {
            if (!protocol.isEmpty() && binding.effectiveProtocol() != protocol)
                continue;
            if (binding.host.first <= binding.host.last)
                used.emplace_back(binding.host.first, binding.host.last);
        }
    }
    const std::vector<std::pair<int, int>> merged = mergePortIntervals(std::move(used));

    for (const PortRange &block : blocksOf(purpose)) {
        auto next = std::lower_bound(
            merged.begin(), merged.end(), block.first,
            [](const std::pair<int, int> &interval, int port) { return interval.second < port; });
        int port = block.first;
        while (port <= block.last && result.size() < count) {
            if (next != merged.end() && next->first <= port) {
                port = next->second + 1;
                ++next;
                continue;
            }
            const bool registered =
                skipRegistered && ((protocol != Protocols::Udp &&
                                    skipRegistered->isRegistered(port, Protocols::Tcp)) ||
                                   (protocol != Protocols::Tcp &&
                                    skipRegistered->isRegistered(port, Protocols::Udp)));
            if (!registered)
                result.append(port);
            ++port;
        }
        if (result.size() >= count)
            break;
    }
    return result;
}

} // namespace portolan
