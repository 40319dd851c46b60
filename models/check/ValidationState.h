#pragma once

#include "check/CrossDeviceIndex.h"
#include "domain/Finding.h"
#include "domain/Registry.h"

#include <QVector>

#include <functional>

namespace portolan {

class Validator;

// The findings of a full check, kept in the parts an edit can refresh one at a time: the
// policy's, each device's, and the cross-device ones with the index behind them. A Document
// keeps one up to date; RegistryLoader computes one on a worker thread.
struct ValidationState
{
    Findings policy;
    QVector<Findings> devices;
    CrossDeviceIndex index;
    Findings crossDevice;

    // Checks everything. progress(done, total) is asked after each device and may return false
    // to stop early (the state is then incomplete); the result says whether it ran to the end.
    bool checkAll(const Registry &registry, const Validator &validator,
                  const std::function<bool(int done, int total)> &progress = {});

    // After an edit: one device checked again, and the cross-device index for it only.
    void recheckDevice(const Registry &registry, const Validator &validator, int deviceIndex);
    // A device inserted at or removed from an index: later devices' findings move along.
    void deviceInserted(const Registry &registry, const Validator &validator, int index);
    void deviceRemoved(const Registry &registry, int index);
    // The same, checking nothing yet: many changes in a row (an import, its undo) are checked
    // once, by checkAll, after the last. Meanwhile the cross-device findings are left out.
    void deviceInsertedUnchecked(int index);
    void deviceRemovedUnchecked(int index);
    // Every finding, sorted (policy, then by device, service and binding).
    Findings all() const;
};

} // namespace portolan
