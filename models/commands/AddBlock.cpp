#include "AddBlock.h"

namespace portolan {

AddBlock::AddBlock(Document *document, int index, const Block &block, QUndoCommand *parent)
    : DocumentCommand(document, parent)
{
    m_index = index;
    m_block = block;
    setText(QObject::tr("Add block %1").arg(block.displayName()));
}

void AddBlock::redo()
{
    apply(m_document->insertBlock(m_index, m_block));
}

void AddBlock::undo()
{
    apply(m_document->removeBlock(m_block.key.id));
}

} // namespace portolan
