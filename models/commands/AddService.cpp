#include "AddService.h"

namespace portolan {

AddService::AddService(Document *document, qint64 deviceId, int index, const Service &service,
                       QUndoCommand *parent)
    : DocumentCommand(document, parent)
{
    m_deviceId = deviceId;
    m_index = index;
    m_service = service;
    setText(QObject::tr("Add service %1").arg(service.name));
}

void AddService::redo()
{
    apply(m_document->insertService(m_deviceId, m_index, m_service));
}

void AddService::undo()
{
    apply(m_document->removeService(m_service.key.id));
}

} // namespace portolan
