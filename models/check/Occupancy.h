#pragma once

#include <optional>

#include "domain/Finding.h"
#include "domain/Registry.h"

#include <QVector>

#include <vector>

namespace portolan {

// What each port of the policy range holds, for the heatmap, the device strip and the printed
// overview. Ordered so that "worst" is the largest: a bucket of ports shows its maximum.
enum class PortState : quint8
{
    Free = 0,
    Reserved = 1,  // free, in a reserved block
    Used = 2,      // used by one device
    Shared = 3,    // used by several devices: legal, worth seeing
    Misplaced = 4, // breaks the policy: in a reserved block, or a binding with an error finding
    Conflict = 5,  // overlapping bindings on one device
};

struct BlockOccupancy
{
    PortRange ports;
    int used = 0;
    int conflicts = 0; // ports in conflict or misplaced: what needs fixing in the block
    int size() const { return ports.first <= ports.last ? ports.length() : 0; }
    int free() const { return size() - used; }
    double percent() const { return size() > 0 ? 100.0 * used / size() : 0.0; }
};

// A host port outside the range, which only an exception may take (53, 80, 443...).
struct OutsidePort
{
    PortRange ports;
    QString protocol;
    QString device;
    QString service;
    QString exception;
};

// One binding on a port: what a tooltip lists.
struct PortUser
{
    int device;
    int service;
    int binding;
};

class Occupancy
{
public:
    // deviceFilter -1: every device.
    Occupancy(const Registry &registry, const Findings &findings, int deviceFilter = -1);

    const PortRange &range() const { return m_range; }
    bool isValid() const { return m_range.first >= 1 && m_range.first <= m_range.last; }
    PortState state(int port) const;
    // Worst state of [first, last] (clipped to the range).
    PortState worst(int first, int last) const;
    // How many ports of [first, last] are free (in the view's filter).
    int freeCount(int first, int last) const;
    // The lowest run of `length` free ports inside `within` (null range: none).
    std::optional<PortRange> firstFreeRun(const PortRange &within, int length) const;
    const QVector<BlockOccupancy> &blocks() const { return m_blocks; }
    const QVector<OutsidePort> &outside() const { return m_outside; }
    // Every binding on the port (respecting the device filter).
    QVector<PortUser> usersOf(int port) const;
    int deviceFilter() const { return m_deviceFilter; }

private:
    const Registry &m_registry;
    int m_deviceFilter;
    PortRange m_range;
    std::vector<PortState> m_states;
    QVector<BlockOccupancy> m_blocks;
    QVector<OutsidePort> m_outside;
};

} // namespace portolan
