#include "EditPolicy.h"

namespace portolan {

EditPolicy::EditPolicy(Document *document, const Policy &fields, QUndoCommand *parent)
    : DocumentCommand(document, parent)
{
    m_before = document->registry().policy;
    m_after = fields;
    setText(QObject::tr("Edit policy"));
}

void EditPolicy::redo()
{
    apply(m_document->updatePolicy(m_after));
}

void EditPolicy::undo()
{
    apply(m_document->updatePolicy(m_before));
}

} // namespace portolan
