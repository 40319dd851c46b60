#include "widgets/TableViews.h"

#include <QHeaderView>
#include <QTableView>

namespace portolan {

QTableView *makeTable(const QString &objectName)
{
    auto *view = new QTableView;
    view->setObjectName(objectName);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setAlternatingRowColors(true);
    view->setSortingEnabled(true);
    view->setWordWrap(false);
    // Tab leaves the table for the next control (arrows move between cells); otherwise the
    // keyboard is trapped in the first table it reaches.
    view->setTabKeyNavigation(false);
    view->verticalHeader()->setVisible(false);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 10);
    view->horizontalHeader()->setHighlightSections(false);
    view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    view->sortByColumn(-1, Qt::AscendingOrder);
    return view;
}

} // namespace portolan
