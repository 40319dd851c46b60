#pragma once

#include "domain/Registry.h"

namespace portolan {

// Where each policy block sits in the port range. Blocks are laid out from range.first in
// steps of the block size; the last one may be cut short by range.last.
class BlockLayout
{
public:
    explicit BlockLayout(const Policy &policy);

    int blockCount() const { return m_blockCount; }
    // The ports block `index` covers, clipped to the range; empty (first > last) when the
    // block lies wholly past the range end.
    PortRange blockRange(int index) const;
    // -1 when the port is outside the range or past the last declared block.
    int blockIndexOf(int port) const;
    // First and last block index a port range touches, or {-1,-1} when it touches none.
    std::pair<int, int> blocksTouched(const PortRange &ports) const;
    // How many blocks fit wholly into the range.
    int capacity() const;
    // The purpose of the block the first of these host ports falls in (reserved blocks do not
    // count): the category an imported service takes. Empty when none falls in a block.
    QString purposeOf(const QVector<Binding> &ports) const;

private:
    const Policy &m_policy;
    int m_blockSize;
    int m_blockCount;
};

} // namespace portolan
