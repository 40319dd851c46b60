#include "RemoveService.h"

namespace portolan {

RemoveService::RemoveService(Document *document, qint64 serviceId, QUndoCommand *parent)
    : DocumentCommand(document, parent)
{
    const Document::ServicePath path = document->servicePath(serviceId);
    if (path.isValid()) {
        const Device &device = document->registry().devices[path.device];
        m_deviceId = device.key.id;
        m_index = path.service;
        m_service = device.services[path.service];
    }
    setText(QObject::tr("Remove service %1").arg(m_service.name));
}

void RemoveService::redo()
{
    apply(m_document->removeService(m_service.key.id));
}

void RemoveService::undo()
{
    apply(m_document->insertService(m_deviceId, m_index, m_service));
}

} // namespace portolan
