#include "EditBlock.h"

namespace portolan {

EditBlock::EditBlock(Document *document, qint64 blockId, const Block &value, QUndoCommand *parent)
    : DocumentCommand(document, parent)
{
    m_id = blockId;
    if (const Block *block = document->find<Block>(blockId))
        m_before = *block;
    m_after = value;
    setText(QObject::tr("Edit block %1").arg(m_before.displayName()));
}

void EditBlock::redo()
{
    apply(m_document->updateBlock(m_id, m_after));
}

void EditBlock::undo()
{
    apply(m_document->updateBlock(m_id, m_before));
}

} // namespace portolan
