#pragma once

#include "DocumentCommand.h"

namespace portolan {

// Changes the policy's domain, internal subdomain, range and block size.
class EditPolicy : public DocumentCommand
{
public:
    EditPolicy(Document *document, const Policy &fields, QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;

private:
    Policy m_before;
    Policy m_after;
};

} // namespace portolan
