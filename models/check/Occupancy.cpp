#include "check/Occupancy.h"

#include "domain/BlockLayout.h"

#include <algorithm>

namespace portolan {

Occupancy::Occupancy(const Registry &registry, const Findings &findings, int deviceFilter)
    : m_registry(registry)
    , m_deviceFilter(deviceFilter)
    , m_range(registry.policy.range)
{
    if (!isValid()) {
        m_range = PortRange::span(1, 0);
        return;
    }
    const int size = m_range.length();
    m_states.assign(std::size_t(size), PortState::Free);
    const BlockLayout layout(registry.policy);
    if (registry.policy.effectiveBlockSize() >= 1) {
        for (int b = 0; b < layout.blockCount(); ++b) {
            const PortRange ports = layout.blockRange(b);
            if (registry.policy.blocks[b].isReserved()) {
                for (int p = std::max(ports.first, m_range.first);
                     p <= std::min(ports.last, m_range.last); ++p)
                    m_states[std::size_t(p - m_range.first)] = PortState::Reserved;
            }
        }
    }

    // Which device last used each port: a second, different device makes it shared.
    std::vector<int> owner(std::size_t(size), -1);
    auto mark = [&](int first, int last, PortState state) {
        first = std::max(first, m_range.first);
        last = std::min(last, m_range.last);
        for (int p = first; p <= last; ++p) {
            PortState &s = m_states[std::size_t(p - m_range.first)];
            s = std::max(s, state);
        }
    };
    for (int d = 0; d < registry.devices.size(); ++d) {
        if (deviceFilter >= 0 && d != deviceFilter)
            continue;
        const Device &device = registry.devices[d];
        for (const Service &service : device.services) {
            for (const Binding &binding : service.ports) {
                if (binding.host.first > binding.host.last || binding.host.first < 1)
                    continue;
                if (binding.host.first < m_range.first || binding.host.last > m_range.last) {
                    m_outside.append({binding.host, binding.effectiveProtocol(), device.name,
                                      service.name, binding.exception});
                }
                const int first = std::max(binding.host.first, m_range.first);
                const int last = std::min(binding.host.last, m_range.last);
                for (int p = first; p <= last; ++p) {
                    const std::size_t i = std::size_t(p - m_range.first);
                    PortState &s = m_states[i];
                    if (s == PortState::Reserved) {
                        s = PortState::Misplaced;
                    } else if (s == PortState::Free) {
                        s = PortState::Used;
                    } else if (s == PortState::Used && owner[i] != d) {
                        s = PortState::Shared;
                    }
                    owner[i] = d;
                }
            }
        }
    }
    // Conflicts: the overlap of the two bindings a port-conflict names.
    for (const Finding &finding : findings) {
        if (finding.code != FindingCode::PortConflict || finding.related.binding < 0)
            continue;
        if (deviceFilter >= 0 && finding.where.device != deviceFilter)
            continue;
        const Device &device = registry.devices.value(finding.where.device);
        if (finding.where.service >= device.services.size() ||
            finding.related.service >= device.services.size())
            continue;
        const Binding &a =
            device.services[finding.where.service].ports.value(finding.where.binding);
        const Binding &b =
            device.services[finding.related.service].ports.value(finding.related.binding);
        mark(std::max(a.host.first, b.host.first), std::min(a.host.last, b.host.last),
             PortState::Conflict);
    }
    // Any other error on a binding (no exception where one is needed, a proxy backend open to
    // every address…): its ports break the policy, and the map says so, as Findings does.
    for (const Finding &finding : findings) {
        if (finding.severity != Severity::Error || finding.code == FindingCode::PortConflict ||
            finding.where.binding < 0)
            continue;
        if (deviceFilter >= 0 && finding.where.device != deviceFilter)
            continue;
        const Device &device = registry.devices.value(finding.where.device);
        if (finding.where.service >= device.services.size())
            continue;
        const Binding &binding =
            device.services[finding.where.service].ports.value(finding.where.binding);
        if (binding.host.first >= 1 && binding.host.first <= binding.host.last)
            mark(binding.host.first, binding.host.last, PortState::Misplaced);
    }
    std::sort(m_outside.begin(), m_outside.end(), [](const OutsidePort &x, const OutsidePort &y) {
        return std::tie(x.ports.first, x.protocol) < std::tie(y.ports.first, y.protocol);
    });

    for (int b = 0; b < layout.blockCount() && registry.policy.effectiveBlockSize() >= 1; ++b) {
        BlockOccupancy block;
        block.ports = layout.blockRange(b);
        for (int p = std::max(block.ports.first, m_range.first);
             p <= std::min(block.ports.last, m_range.last); ++p) {
            const PortState s = m_states[std::size_t(p - m_range.first)];
            if (s >= PortState::Used)
                ++block.used;
            if (s >= PortState::Misplaced)
                ++block.conflicts;
        }
        m_blocks.append(block);
    }
}

PortState Occupancy::state(int port) const
{
    if (!m_range.contains(port) || m_states.empty())
        return PortState::Free;
    return m_states[std::size_t(port - m_range.first)];
}

PortState Occupancy::worst(int first, int last) const
{
    first = std::max(first, m_range.first);
    last = std::min(last, m_range.last);
    PortState result = PortState::Free;
    for (int p = first; p <= last; ++p)
        result = std::max(result, m_states[std::size_t(p - m_range.first)]);
    return result;
}

QVector<PortUser> Occupancy::usersOf(int port) const
{
    QVector<PortUser> users;
    for (int d = 0; d < m_registry.devices.size(); ++d) {
        if (m_deviceFilter >= 0 && d != m_deviceFilter)
            continue;
        const QVector<Service> &services = m_registry.devices[d].services;
        for (int s = 0; s < services.size(); ++s) {
            for (int b = 0; b < services[s].ports.size(); ++b) {
                if (services[s].ports[b].host.contains(port))
                    users.append({d, s, b});
            }
        }
    }
    return users;
}

int Occupancy::freeCount(int first, int last) const
{
    int free = 0;
    for (int port = first; port <= last; ++port)
        free += state(port) == PortState::Free;
    return free;
}

std::optional<PortRange> Occupancy::firstFreeRun(const PortRange &within, int length) const
{
    if (length < 1)
        return std::nullopt;
    int runStart = within.first;
    for (int port = within.first; port <= within.last; ++port) {
        if (state(port) != PortState::Free) {
            runStart = port + 1;
            continue;
        }
        if (port - runStart + 1 == length)
            return length == 1 ? PortRange::single(runStart) : PortRange::span(runStart, port);
    }
    return std::nullopt;
}

} // namespace portolan
