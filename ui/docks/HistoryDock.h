#pragma once

#include <QDockWidget>

class QUndoStack;

namespace portolan {

// Every step of the undo stack; clicking one goes back (or forward) to it.
class HistoryDock : public QDockWidget
{
    Q_OBJECT

public:
    HistoryDock(QUndoStack *stack, QWidget *parent = nullptr);
};

} // namespace portolan
