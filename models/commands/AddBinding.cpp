#include "AddBinding.h"

namespace portolan {

AddBinding::AddBinding(Document *document, qint64 serviceId, int index, const Binding &binding,
                       QUndoCommand *parent)
    : DocumentCommand(document, parent)
{
    m_serviceId = serviceId;
    m_index = index;
    m_binding = binding;
    setText(QObject::tr("Add binding %1").arg(binding.hostLabel()));
}

void AddBinding::redo()
{
    apply(m_document->insertBinding(m_serviceId, m_index, m_binding));
}

void AddBinding::undo()
{
    apply(m_document->removeBinding(m_binding.key.id));
}

} // namespace portolan
