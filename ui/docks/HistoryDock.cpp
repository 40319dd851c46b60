#include "docks/HistoryDock.h"

#include <QUndoView>

namespace portolan {

HistoryDock::HistoryDock(QUndoStack *stack, QWidget *parent)
    : QDockWidget(tr("History"), parent)
{
    setObjectName(QStringLiteral("historyDock"));
    auto *history = new QUndoView(stack);
    history->setObjectName(QStringLiteral("historyView"));
    history->setEmptyLabel(tr("As opened"));
    setWidget(history);
}

} // namespace portolan
