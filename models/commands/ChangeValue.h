#pragma once

#include "DocumentCommand.h"

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

    int id() const override { return MergeId; }
    bool mergeWith(const QUndoCommand *other) override
    {
        const auto *change = dynamic_cast<const ChangeValue *>(other);
        if (!change || change->m_id != m_id || change->m_member != m_member)
            return false;
        m_after = change->m_after;
        return true;
    }

private:
    static constexpr int MergeId = 0x5041; // shared by every instantiation; mergeWith checks

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

} // namespace portolan
