#pragma once

#include "DocumentCommand.h"

namespace portolan {

// Removes a block from the policy; the blocks after it move up one place.
class RemoveBlock : public DocumentCommand
{
public:
    RemoveBlock(Document *document, qint64 blockId, QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;

private:
    int m_index;
    Block m_block;
};

} // namespace portolan
