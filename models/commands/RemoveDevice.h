#pragma once

#include "DocumentCommand.h"

namespace portolan {

// Removes a device with its services and bindings; undo brings back the same rows.
class RemoveDevice : public DocumentCommand
{
public:
    RemoveDevice(Document *document, qint64 deviceId, QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;

private:
    int m_index;
    Device m_device;
};

} // namespace portolan
