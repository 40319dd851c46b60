#pragma once

#include "document/commands/DocumentCommand.h"

namespace portolan {

// A macro for imports: the Add/Edit commands created with this as their parent run as one
// undo step and one store transaction. If any part is refused, none of it stays.
class ImportChanges : public DocumentCommand
{
public:
    ImportChanges(Document *document, const QString &text, QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;

    // The changes that turn the document's registry into `target`, element by element as
    // RegistryDiff matches them, as one macro; null when nothing differs.
    static ImportChanges *fromTarget(Document *document, const Registry &target,
                                     const QString &text);
    // The same from a diff whose `before` is the document's registry as it is now.
    static ImportChanges *fromDiff(Document *document, const class RegistryDiff &diff,
                                   const QString &text);
};

} // namespace portolan
