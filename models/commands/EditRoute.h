#pragma once

#include "DocumentCommand.h"

namespace portolan {

// Sets, changes or removes (nullopt) a service's route.
class EditRoute : public DocumentCommand
{
public:
    EditRoute(Document *document, qint64 serviceId, const std::optional<Route> &route,
              QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;

private:
    bool setRoute(const std::optional<Route> &route);

    qint64 m_id;
    std::optional<Route> m_before;
    std::optional<Route> m_after;
};

} // namespace portolan
