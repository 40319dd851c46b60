#include "document/commands/MoveService.h"

#include <QCoreApplication>

namespace portolan {

namespace {

// The core's strings, in this class's translation context (not "QObject").
QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("portolan::MoveService", text, disambiguation, n);
}

} // namespace

MoveService::MoveService(Document *document, qint64 serviceId, qint64 toDeviceId, int toIndex,
                         QUndoCommand *parent)
    : DocumentCommand(document, parent)
{
    m_id = serviceId;
    m_toDeviceId = toDeviceId;
    m_toIndex = toIndex;
    const Document::ServicePath path = document->servicePath(serviceId);
    QString name;
    if (path.isValid()) {
        const Device &device = document->registry().devices[path.device];
        m_fromDeviceId = device.key.id;
        m_fromIndex = path.service;
        name = device.services[path.service].name;
    }
    const int to = document->deviceIndex(toDeviceId);
    setText(
        tr("Move %1 to %2").arg(name, to >= 0 ? document->registry().devices[to].name : QString()));
}

void MoveService::redo()
{
    apply(m_document->moveService(m_id, m_toDeviceId, m_toIndex));
}

void MoveService::undo()
{
    apply(m_document->moveService(m_id, m_fromDeviceId, m_fromIndex));
}

} // namespace portolan
