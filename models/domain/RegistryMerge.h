#pragma once

#include "domain/Registry.h"

#include <QStringList>

namespace portolan {

// A three-way merge of registries: the file as it was read (base), the edits made since
// (mine) and the file as it is on disk now (theirs, after a `git pull` or an editor). What only
// one side changed is taken from that side; what both changed the same way is taken once; what
// both changed differently collides: theirs stays, and the collision is listed so nothing is
// lost without the user knowing.
//
// Elements are matched as RegistryDiff matches them: devices and services by name, bindings by
// host port, protocol and bind address, blocks by position; fields merge one by one.
class RegistryMerge
{
public:
    struct Result
    {
        Registry merged;
        QStringList collisions; // "atlas/gitea 20022/tcp notes: yours "a", theirs "b""
    };

    static Result threeWay(const Registry &base, const Registry &mine, const Registry &theirs);
};

} // namespace portolan
