#pragma once

#include "DocumentCommand.h"

namespace portolan {

// Adds a device (with any services it already holds) at a position.
class AddDevice : public DocumentCommand
{
public:
    AddDevice(Document *document, int index, const Device &device, QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;

private:
    int m_index;
    Device m_device;
};

} // namespace portolan
