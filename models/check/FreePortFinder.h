#pragma once

#include "domain/Registry.h"

#include <QVector>

namespace portolan {

// The lowest free host ports of a device inside the blocks of one purpose. A port is free
// when no binding of the device uses it for the protocol asked (empty protocol: neither tcp
// nor udp), whatever its bind address: a suggestion should never need a second look.
class FreePortFinder
{
public:
    explicit FreePortFinder(const Registry &registry);

    // skipRegistered: ports a services file names are not offered (they may clash with
    // software that expects them).
    QVector<int> lowestFree(int deviceIndex, const QString &purpose, int count,
                            const QString &protocol = QString(),
                            const class WellKnownPorts *skipRegistered = nullptr) const;

    // The ranges of the blocks with that purpose, for messages ("block 1, 20000-20999").
    QVector<PortRange> blocksOf(const QString &purpose) const;

private:
    const Registry &m_registry;
};

} // namespace portolan
