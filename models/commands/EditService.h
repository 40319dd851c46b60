#pragma once

#include "DocumentCommand.h"

namespace portolan {

// Changes a service's name, category, notes and route.
class EditService : public DocumentCommand
{
public:
    EditService(Document *document, qint64 serviceId, const Service &fields,
                QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;

private:
    qint64 m_id;
    Service m_before;
    Service m_after;
};

} // namespace portolan
