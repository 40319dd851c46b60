#include "RemoveBinding.h"

namespace portolan {

RemoveBinding::RemoveBinding(Document *document, qint64 bindingId, QUndoCommand *parent)
    : DocumentCommand(document, parent)
{
    const Document::BindingPath path = document->bindingPath(bindingId);
    if (path.isValid()) {
        const Service &service = document->registry().devices[path.device].services[path.service];
        m_serviceId = service.key.id;
        m_index = path.binding;
        m_binding = service.ports[path.binding];
    }
    setText(QObject::tr("Remove binding %1").arg(m_binding.hostLabel()));
}

void RemoveBinding::redo()
{
    apply(m_document->removeBinding(m_binding.key.id));
}

void RemoveBinding::undo()
{
    apply(m_document->insertBinding(m_serviceId, m_index, m_binding));
}

} // namespace portolan
