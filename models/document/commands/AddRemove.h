#pragma once

#include "document/commands/DocumentCommand.h"
#include "document/commands/ElementTraits.h"

namespace portolan {

// Adding and removing an element are one pair: each is the other's undo. A removal keeps the
// element with its ids, so its undo brings back the same rows (and the same database rows).
template <typename Element>
class AddRemoveElement : public DocumentCommand
{
protected:
    using Traits = ElementTraits<Element>;

    AddRemoveElement(Document *document, QUndoCommand *parent)
        : DocumentCommand(document, parent)
    {}

    bool add() { return Traits::insert(*m_document, m_parentId, m_index, m_element); }
    bool remove() { return Traits::remove(*m_document, m_element.key.id); }

    qint64 m_parentId = 0; // the device of a service, the service of a binding
    int m_index = -1;
    Element m_element;
};

template <typename Element>
class AddElement : public AddRemoveElement<Element>
{
public:
    // A device or a block, at an index.
    AddElement(Document *document, int index, const Element &element,
               QUndoCommand *parent = nullptr)
        : AddElement(document, 0, index, element, parent)
    {}
    // A service of a device, a binding of a service.
    AddElement(Document *document, qint64 parentId, int index, const Element &element,
               QUndoCommand *parent = nullptr)
        : AddRemoveElement<Element>(document, parent)
    {
        this->m_parentId = parentId;
        this->m_index = index;
        this->m_element = element;
        this->setText(QCoreApplication::translate("portolan::AddElement", "Add %1")
                          .arg(ElementTraits<Element>::label(element)));
    }

    void redo() override { this->apply(this->add()); }
    void undo() override { this->apply(this->remove()); }
};

template <typename Element>
class RemoveElement : public AddRemoveElement<Element>
{
public:
    RemoveElement(Document *document, qint64 id, QUndoCommand *parent = nullptr)
        : AddRemoveElement<Element>(document, parent)
    {
        if (ElementTraits<Element>::locate(*document, id, &this->m_parentId, &this->m_index))
            this->m_element =
                *ElementTraits<Element>::at(*document, this->m_parentId, this->m_index);
        this->setText(QCoreApplication::translate("portolan::RemoveElement", "Remove %1")
                          .arg(ElementTraits<Element>::label(this->m_element)));
    }

    void redo() override { this->apply(this->remove()); }
    void undo() override { this->apply(this->add()); }
};

using AddDevice = AddElement<Device>;
using RemoveDevice = RemoveElement<Device>;
using AddService = AddElement<Service>;
using RemoveService = RemoveElement<Service>;
using AddBinding = AddElement<Binding>;
using RemoveBinding = RemoveElement<Binding>;
using AddBlock = AddElement<Block>;
using RemoveBlock = RemoveElement<Block>;

} // namespace portolan
