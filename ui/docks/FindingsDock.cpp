#include "docks/FindingsDock.h"

#include "document/Document.h"
#include "itemmodels/FindingsModel.h"
#include "itemmodels/ItemRoles.h"
#include "widgets/SeverityDelegate.h"
#include "widgets/TableViews.h"

#include <QHeaderView>
#include <QSortFilterProxyModel>
#include <QTableView>

namespace portolan {

FindingsDock::FindingsDock(Document *document, QWidget *parent)
    : QDockWidget(tr("Findings"), parent)
    , m_document(document)
    , m_model(new FindingsModel(document, this))
    , m_sort(new QSortFilterProxyModel(this))
    , m_view(makeTable(QStringLiteral("findingsView")))
{
    setObjectName(QStringLiteral("findingsDock"));
    m_sort->setSourceModel(m_model);
    m_sort->setSortRole(SortRole);
    m_view->setModel(m_sort);
    m_view->setItemDelegateForColumn(FindingsModel::SeverityColumn, new SeverityDelegate(this));
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    QHeaderView *header = m_view->horizontalHeader();
    header->resizeSection(FindingsModel::SeverityColumn, 90);
    header->resizeSection(FindingsModel::Code, 170);
    header->resizeSection(FindingsModel::Where, 170);
    header->resizeSection(FindingsModel::Port, 100);
    header->setStretchLastSection(true);
    auto activate = [this](const QModelIndex &index) {
        const QModelIndex source = m_sort->mapToSource(index);
        if (source.isValid())
            emit findingActivated(m_model->findingAt(source.row()));
    };
    connect(m_view, &QTableView::clicked, this, activate);
    connect(m_view, &QTableView::activated, this, activate);
    setWidget(m_view);
    connect(document, &Document::findingsChanged, this, &FindingsDock::updateTitle);
    connect(document, &Document::resetDone, this, &FindingsDock::updateTitle);
    updateTitle();
}

void FindingsDock::updateTitle()
{
    const FindingCounts counts = countFindings(m_document->findings());
    setWindowTitle(counts.errors + counts.warnings + counts.infos == 0
                       ? tr("Findings — none")
                       : tr("Findings — %1").arg(QStringList{
                             tr("%n error(s)", nullptr, counts.errors),
                             tr("%n warning(s)", nullptr, counts.warnings),
                             tr("%n note(s)", nullptr, counts.infos)}
                                                         .join(QStringLiteral(", "))));
}

} // namespace portolan
