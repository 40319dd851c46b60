#include "AddDevice.h"

namespace portolan {

AddDevice::AddDevice(Document *document, int index, const Device &device, QUndoCommand *parent)
    : DocumentCommand(document, parent)
{
    m_index = index;
    m_device = device;
    setText(QObject::tr("Add device %1").arg(device.name));
}

void AddDevice::redo()
{
    apply(m_document->insertDevice(m_index, m_device));
}

void AddDevice::undo()
{
    apply(m_document->removeDevice(m_device.key.id));
}

} // namespace portolan
