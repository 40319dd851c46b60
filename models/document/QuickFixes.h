#pragma once

#include "domain/Finding.h"

#include <QCoreApplication>
#include <QList>

#include <functional>

class QUndoCommand;

namespace portolan {

class Document;

// A fix the Findings dock offers on a finding: its menu text and the one undoable command that
// carries it out. The fixes are computed from the registry as it is when asked.
struct QuickFix
{
    QString text;
    std::function<QUndoCommand *()> command;
};

// The fixes for a finding: choose an exception for a binding without one (or with an unknown
// one); move a conflicting, out-of-range or misplaced binding to the lowest free port of its
// service's block; rename a duplicate service or device to the first free "-2", "-3" name.
class QuickFixes
{
    Q_DECLARE_TR_FUNCTIONS(portolan::QuickFixes)

public:
    static QList<QuickFix> forFinding(Document *document, const Finding &finding);
};

} // namespace portolan
