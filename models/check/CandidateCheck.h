#pragma once

#include "domain/Finding.h"
#include "domain/Registry.h"

namespace portolan {

// What a dialog's candidate value would bring: the registry with the candidate in its place
// (or appended, for a new element), judged by the same Validator as everything else, and only
// the findings that concern the candidate (including a conflict where it is the other side).
// Index -1 means "new".
namespace CandidateCheck {

Findings forDevice(const Registry &registry, int deviceIndex, const Device &fields);
Findings forService(const Registry &registry, int deviceIndex, int serviceIndex,
                    const Service &fields);
Findings forBinding(const Registry &registry, int deviceIndex, int serviceIndex, int bindingIndex,
                    const Binding &value);
Findings forPolicy(const Registry &registry, const Policy &fields);

// Where the element a dialog edits is now, found by its ids (0: not asked): a colleague's
// commit reloads the registry under an open dialog and moves or removes rows. A field -1
// means gone.
struct Place
{
    int device = -1;
    int service = -1;
    int binding = -1;
};
Place locate(const Registry &registry, qint64 deviceId, qint64 serviceId = 0, qint64 bindingId = 0);

} // namespace CandidateCheck

} // namespace portolan
