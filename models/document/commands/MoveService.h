#pragma once

#include "document/commands/DocumentCommand.h"

namespace portolan {

// Moves a service, bindings and all, to another device (or position).
class MoveService : public DocumentCommand
{
public:
    MoveService(Document *document, qint64 serviceId, qint64 toDeviceId, int toIndex,
                QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;

private:
    qint64 m_id;
    qint64 m_fromDeviceId = 0;
    int m_fromIndex = -1;
    qint64 m_toDeviceId;
    int m_toIndex;
};

} // namespace portolan
