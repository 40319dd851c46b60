#pragma once

#include "DocumentCommand.h"

namespace portolan {

// Changes a block's purpose and label.
class EditBlock : public DocumentCommand
{
public:
    EditBlock(Document *document, qint64 blockId, const Block &value,
              QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;

private:
    qint64 m_id;
    Block m_before;
    Block m_after;
};

} // namespace portolan
