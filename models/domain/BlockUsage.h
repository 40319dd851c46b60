#pragma once

#include "domain/Registry.h"

#include <QVector>

namespace portolan {

// How full each policy block is: distinct host ports in use by any device and protocol.
struct BlockFill
{
    PortRange ports;
    int used = 0;
    int size = 0;

    int free() const { return size - used; }
    double percent() const { return size > 0 ? 100.0 * used / size : 0.0; }
};

QVector<BlockFill> computeBlockFill(const Registry &registry);

} // namespace portolan
