#pragma once

#include "document/Document.h"

#include <QUndoCommand>

namespace portolan {

// Base of every undo command: it changes the registry only through the document, and a
// change the store refused (another writer's edit, a failing disk) marks the command obsolete
// so QUndoStack drops it instead of keeping a step that never happened.
class DocumentCommand : public QUndoCommand
{
public:
    DocumentCommand(Document *document, QUndoCommand *parent)
        : QUndoCommand(parent)
        , m_document(document)
    {}

protected:
    void apply(bool succeeded)
    {
        if (!succeeded)
            setObsolete(true);
    }

    Document *m_document;
};

} // namespace portolan
