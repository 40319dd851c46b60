#pragma once

#include "DocumentCommand.h"

namespace portolan {

// Removes a service with its bindings; undo brings back the same rows.
class RemoveService : public DocumentCommand
{
public:
    RemoveService(Document *document, qint64 serviceId, QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;

private:
    qint64 m_deviceId = 0;
    int m_index = -1;
    Service m_service;
};

} // namespace portolan
