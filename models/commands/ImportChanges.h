#pragma once

#include "DocumentCommand.h"

namespace portolan {

// A macro for imports: the Add/Edit commands created with this as their parent run as one
// undo step and one store transaction. If any part is refused, none of it stays.
class ImportChanges : public DocumentCommand
{
public:
    ImportChanges(Document *document, const QString &text, QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;
};

} // namespace portolan
