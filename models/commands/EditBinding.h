#pragma once

#include "DocumentCommand.h"

namespace portolan {

// Replaces every field of a host binding.
class EditBinding : public DocumentCommand
{
public:
    EditBinding(Document *document, qint64 bindingId, const Binding &value,
                QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;

private:
    qint64 m_id;
    Binding m_before;
    Binding m_after;
};

} // namespace portolan
