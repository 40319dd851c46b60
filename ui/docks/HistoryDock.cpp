#include "docks/HistoryDock.h"

#include <QUndoView>

namespace portolan {

HistoryDock::HistoryDock(QUndoStack *stack, QWidget *parent)
    : LazyDock(tr("History"), parent)
    , m_stack(stack)
{
    setObjectName(QStringLiteral("historyDock"));
}

QWidget *HistoryDock::createContent()
{
    auto *history = new QUndoView(m_stack);
    history->setObjectName(QStringLiteral("historyView"));
    history->setEmptyLabel(tr("As opened"));
    return history;
}

} // namespace portolan
