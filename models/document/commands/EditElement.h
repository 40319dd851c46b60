#pragma once

#include "document/commands/DocumentCommand.h"
#include "document/commands/ElementTraits.h"

namespace portolan {

// Replaces every field of one element that a dialog edits (a device's name, ip and
// description; a service with its route but not its bindings; a binding; a block; the
// policy but not its blocks). ChangeValue is the one-field, merging form for in-cell edits.
template <typename Element>
class EditElement : public DocumentCommand
{
public:
    EditElement(Document *document, qint64 id, const Element &value, QUndoCommand *parent = nullptr)
        : DocumentCommand(document, parent)
        , m_id(id)
        , m_after(value)
    {
        if (const Element *element = document->find<Element>(id))
            m_before = *element;
        setText(QCoreApplication::translate("portolan::EditElement", "Edit %1")
                    .arg(ElementTraits<Element>::label(m_before)));
    }

    void redo() override { apply(m_document->update<Element>(m_id, m_after)); }
    void undo() override
    {
        // On a shared database a colleague may have changed it since: undoing would put the
        // old value over theirs without a word. Theirs stays; the undo is dropped, and said.
        if (const Element *now = m_document->find<Element>(m_id);
            now && !sameFields(*now, m_after)) {
            emit m_document->undoRefused(
                QCoreApplication::translate("portolan::EditElement",
                                            "Not undone: someone else changed %1 since; their "
                                            "value stays.")
                    .arg(ElementTraits<Element>::label(*now)));
            apply(false);
            return;
        }
        apply(m_document->update<Element>(m_id, m_before));
    }

private:
    // The fields this command sets, children left out (they have commands of their own).
    static bool sameFields(Element a, Element b)
    {
        if constexpr (std::is_same_v<Element, Device>)
            a.services = b.services = {};
        if constexpr (std::is_same_v<Element, Service>)
            a.ports = b.ports = {};
        if constexpr (std::is_same_v<Element, Policy>)
            a.blocks = b.blocks = {};
        return a == b;
    }

    qint64 m_id;
    Element m_before;
    Element m_after;
};

using EditDevice = EditElement<Device>;
using EditService = EditElement<Service>;
using EditBinding = EditElement<Binding>;
using EditBlock = EditElement<Block>;

// The policy is one element with no id to look up.
class EditPolicy : public EditElement<Policy>
{
public:
    EditPolicy(Document *document, const Policy &fields, QUndoCommand *parent = nullptr)
        : EditElement<Policy>(document, document->registry().policy.key.id, fields, parent)
    {}
};

} // namespace portolan
