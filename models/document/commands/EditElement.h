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
    void undo() override { apply(m_document->update<Element>(m_id, m_before)); }

private:
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
