#pragma once

#include "DocumentCommand.h"

namespace portolan {

// Removes a host binding; undo brings back the same row.
class RemoveBinding : public DocumentCommand
{
public:
    RemoveBinding(Document *document, qint64 bindingId, QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;

private:
    qint64 m_serviceId = 0;
    int m_index = -1;
    Binding m_binding;
};

} // namespace portolan
