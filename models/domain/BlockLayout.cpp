#include "domain/BlockLayout.h"

#include <algorithm>

namespace portolan {

BlockLayout::BlockLayout(const Policy &policy)
    : m_policy(policy)
    , m_blockSize(policy.effectiveBlockSize())
    , m_blockCount(m_blockSize > 0 ? policy.blocks.size() : 0)
{}

PortRange BlockLayout::blockRange(int index) const
{
    const qint64 first = qint64(m_policy.range.first) + qint64(index) * m_blockSize;
    const qint64 last = std::min<qint64>(first + m_blockSize - 1, m_policy.range.last);
    return PortRange::span(int(std::min<qint64>(first, 1 << 30)), int(last));
}

int BlockLayout::blockIndexOf(int port) const
{
    if (m_blockCount == 0 || port < m_policy.range.first || port > m_policy.range.last)
        return -1;
    const int index = (port - m_policy.range.first) / m_blockSize;
    return index < m_blockCount ? index : -1;
}

std::pair<int, int> BlockLayout::blocksTouched(const PortRange &ports) const
{
    const int first = std::max(ports.first, m_policy.range.first);
    const int last = std::min(ports.last, m_policy.range.last);
    if (m_blockCount == 0 || first > last)
        return {-1, -1};
    const int firstBlock = (first - m_policy.range.first) / m_blockSize;
    if (firstBlock >= m_blockCount)
        return {-1, -1};
    const int lastBlock = std::min((last - m_policy.range.first) / m_blockSize, m_blockCount - 1);
    return {firstBlock, lastBlock};
}

int BlockLayout::capacity() const
{
    if (m_blockSize <= 0 || m_policy.range.last < m_policy.range.first)
        return 0;
    return (m_policy.range.last - m_policy.range.first + 1) / m_blockSize;
}

QString BlockLayout::purposeOf(const QVector<Binding> &ports) const
{
    for (const Binding &binding : ports) {
        const int block = blockIndexOf(binding.host.first);
        if (block >= 0 && !m_policy.blocks[block].isReserved())
            return m_policy.blocks[block].purpose;
    }
    return QString();
}

} // namespace portolan
