#include "RemoveBlock.h"

namespace portolan {

RemoveBlock::RemoveBlock(Document *document, qint64 blockId, QUndoCommand *parent)
    : DocumentCommand(document, parent)
{
    m_index = document->blockIndex(blockId);
    if (m_index >= 0)
        m_block = document->registry().policy.blocks[m_index];
    setText(QObject::tr("Remove block %1").arg(m_block.displayName()));
}

void RemoveBlock::redo()
{
    apply(m_document->removeBlock(m_block.key.id));
}

void RemoveBlock::undo()
{
    apply(m_document->insertBlock(m_index, m_block));
}

} // namespace portolan
