#pragma once

#include "docks/LazyDock.h"

class QUndoStack;

namespace portolan {

// Every step of the undo stack; clicking one goes back (or forward) to it.
class HistoryDock : public LazyDock
{
    Q_OBJECT

public:
    HistoryDock(QUndoStack *stack, QWidget *parent = nullptr);

protected:
    QWidget *createContent() override;

private:
    QUndoStack *m_stack;
};

} // namespace portolan
