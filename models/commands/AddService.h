#pragma once

#include "DocumentCommand.h"

namespace portolan {

// Adds a service (with its route and bindings) to a device.
class AddService : public DocumentCommand
{
public:
    AddService(Document *document, qint64 deviceId, int index, const Service &service,
               QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;

private:
    qint64 m_deviceId;
    int m_index;
    Service m_service;
};

} // namespace portolan
