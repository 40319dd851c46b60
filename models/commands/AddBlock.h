#pragma once

#include "DocumentCommand.h"

namespace portolan {

// Adds a block to the policy at a position.
class AddBlock : public DocumentCommand
{
public:
    AddBlock(Document *document, int index, const Block &block, QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;

private:
    int m_index;
    Block m_block;
};

} // namespace portolan
