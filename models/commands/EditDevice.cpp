#include "EditDevice.h"

namespace portolan {

EditDevice::EditDevice(Document *document, qint64 deviceId, const Device &fields,
                       QUndoCommand *parent)
    : DocumentCommand(document, parent)
{
    m_id = deviceId;
    if (const Device *device = document->find<Device>(deviceId))
        m_before = *device;
    m_after = fields;
    setText(QObject::tr("Edit device %1").arg(m_before.name));
}

void EditDevice::redo()
{
    apply(m_document->updateDevice(m_id, m_after));
}

void EditDevice::undo()
{
    apply(m_document->updateDevice(m_id, m_before));
}

} // namespace portolan
