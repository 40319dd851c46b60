#pragma once

#include "DocumentCommand.h"

namespace portolan {

// Changes a device's name, IP and description.
class EditDevice : public DocumentCommand
{
public:
    EditDevice(Document *document, qint64 deviceId, const Device &fields,
               QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;

private:
    qint64 m_id;
    Device m_before;
    Device m_after;
};

} // namespace portolan
