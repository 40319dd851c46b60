#include "RemoveDevice.h"

namespace portolan {

RemoveDevice::RemoveDevice(Document *document, qint64 deviceId, QUndoCommand *parent)
    : DocumentCommand(document, parent)
{
    m_index = document->deviceIndex(deviceId);
    if (m_index >= 0)
        m_device = document->registry().devices[m_index];
    setText(QObject::tr("Remove device %1").arg(m_device.name));
}

void RemoveDevice::redo()
{
    apply(m_document->removeDevice(m_device.key.id));
}

void RemoveDevice::undo()
{
    apply(m_document->insertDevice(m_index, m_device));
}

} // namespace portolan
