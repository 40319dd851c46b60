#include "EditRoute.h"

namespace portolan {

EditRoute::EditRoute(Document *document, qint64 serviceId, const std::optional<Route> &route,
                     QUndoCommand *parent)
    : DocumentCommand(document, parent)
{
    m_id = serviceId;
    QString name;
    if (const Service *service = document->find<Service>(serviceId)) {
        m_before = service->route;
        name = service->name;
    }
    m_after = route;
    setText(route ? QObject::tr("Edit route of %1").arg(name)
                  : QObject::tr("Remove route of %1").arg(name));
}

void EditRoute::redo()
{
    apply(setRoute(m_after));
}

void EditRoute::undo()
{
    apply(setRoute(m_before));
}

bool EditRoute::setRoute(const std::optional<Route> &route)
{
    const Service *service = m_document->find<Service>(m_id);
    if (!service)
        return false;
    Service fields = *service;
    fields.route = route;
    return m_document->updateService(m_id, fields);
}

} // namespace portolan
