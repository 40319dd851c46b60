#pragma once

#include "controllers/WindowParts.h"
#include "domain/Registry.h"

namespace portolan {

// What an edit dialog hands back, applied to what is there now. On a shared database a
// colleague's commit can land while the dialog is open: their change is kept where the dialog
// left a field alone (the fields merge three ways, as held edits do); where both changed the
// same field the banner asks whose value stays; an element deleted meanwhile is said, never
// written back silently. Otherwise it is the plain edit command.
namespace DialogEditCommit {

void binding(const WindowParts &parts, qint64 id, const Binding &opened, const Binding &edited);
void service(const WindowParts &parts, qint64 id, const Service &opened, const Service &edited);
void device(const WindowParts &parts, qint64 id, const Device &opened, const Device &edited);

} // namespace DialogEditCommit

} // namespace portolan
