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

} // namespace CandidateCheck

} // namespace portolan
