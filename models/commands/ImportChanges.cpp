#include "ImportChanges.h"

namespace portolan {

ImportChanges::ImportChanges(Document *document, const QString &text, QUndoCommand *parent)
    : DocumentCommand(document, parent)
{
    setText(text);
}

void ImportChanges::redo()
{
    m_document->beginBatch();
    QUndoCommand::redo();
    apply(m_document->endBatch());
}

void ImportChanges::undo()
{
    m_document->beginBatch();
    QUndoCommand::undo();
    apply(m_document->endBatch());
}

} // namespace portolan
