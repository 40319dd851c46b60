#include "EditService.h"

namespace portolan {

EditService::EditService(Document *document, qint64 serviceId, const Service &fields,
                         QUndoCommand *parent)
    : DocumentCommand(document, parent)
{
    m_id = serviceId;
    if (const Service *service = document->find<Service>(serviceId))
        m_before = *service;
    m_after = fields;
    setText(QObject::tr("Edit service %1").arg(m_before.name));
}

void EditService::redo()
{
    apply(m_document->updateService(m_id, m_after));
}

void EditService::undo()
{
    apply(m_document->updateService(m_id, m_before));
}

} // namespace portolan
