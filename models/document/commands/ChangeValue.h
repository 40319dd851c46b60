#pragma once

#include "document/commands/CommandIds.h"
#include "document/commands/DocumentCommand.h"

#include <QCoreApplication>

namespace portolan {

// One field of one element, by member pointer: what in-cell edits push.
//   new ChangeValue<Binding, QString>(document, id, &Binding::notes, text, tr("Edit notes"))
// Consecutive changes of the same field of the same element merge into one undo step, as
// typing in one cell should.
template <typename Element, typename Value>
class ChangeValue : public DocumentCommand
{
public:
    ChangeValue(Document *document, qint64 id, Value Element::*member, const Value &value,
                const QString &text, QUndoCommand *parent = nullptr)
        : DocumentCommand(document, parent)
        , m_id(id)
        , m_member(member)
        , m_after(value)
    {
        if (const Element *element = document->find<Element>(id))
            m_before = element->*member;
        setText(text);
    }

    void redo() override { apply(set(m_after)); }
    void undo() override { apply(set(m_before)); }

    int id() const override { return int(CommandId::ChangeValue); }
    bool mergeWith(const QUndoCommand *other) override
    {
        const auto *change = dynamic_cast<const ChangeValue *>(other);
        if (!change || change->m_id != m_id || change->m_member != m_member)
            return false;
        m_after = change->m_after;
        return true;
    }

protected:
    bool set(const Value &value)
    {
        const Element *element = m_document->find<Element>(m_id);
        if (!element)
            return false;
        Element changed = *element;
        changed.*m_member = value;
        return m_document->update<Element>(m_id, changed);
    }

    qint64 m_id;
    Value Element::*m_member;
    Value m_before{};
    Value m_after;
};

// A service's route set or removed from its dialog: one step each time, never merged.
class EditRoute : public ChangeValue<Service, std::optional<Route>>
{
public:
    EditRoute(Document *document, qint64 serviceId, const std::optional<Route> &route,
              QUndoCommand *parent = nullptr)
        : ChangeValue(document, serviceId, &Service::route, route, QString(), parent)
    {
        const Service *service = document->find<Service>(serviceId);
        const QString name = service ? service->name : QString();
        setText(
            route ? QCoreApplication::translate("portolan::EditRoute", "Edit route of %1").arg(name)
                  : QCoreApplication::translate("portolan::EditRoute", "Remove route of %1")
                        .arg(name));
    }

    int id() const override { return int(CommandId::NoMerge); }
};

} // namespace portolan
