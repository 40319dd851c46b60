#pragma once

#include "DocumentCommand.h"

namespace portolan {

// Adds a host binding to a service.
class AddBinding : public DocumentCommand
{
public:
    AddBinding(Document *document, qint64 serviceId, int index, const Binding &binding,
               QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;

private:
    qint64 m_serviceId;
    int m_index;
    Binding m_binding;
};

} // namespace portolan
