#include "EditBinding.h"

namespace portolan {

EditBinding::EditBinding(Document *document, qint64 bindingId, const Binding &value,
                         QUndoCommand *parent)
    : DocumentCommand(document, parent)
{
    m_id = bindingId;
    if (const Binding *binding = document->find<Binding>(bindingId))
        m_before = *binding;
    m_after = value;
    setText(QObject::tr("Edit binding %1").arg(m_before.hostLabel()));
}

void EditBinding::redo()
{
    apply(m_document->updateBinding(m_id, m_after));
}

void EditBinding::undo()
{
    apply(m_document->updateBinding(m_id, m_before));
}

} // namespace portolan
