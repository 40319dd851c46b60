#include "docks/FindingsDock.h"

#include "document/Document.h"
#include "document/QuickFixes.h"
#include "itemmodels/FindingsFilter.h"
#include "itemmodels/FindingsModel.h"
#include "itemmodels/ItemRoles.h"
#include "widgets/SeverityDelegate.h"
#include "widgets/TableViews.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QSettings>
#include <QStackedLayout>
#include <QTableView>
#include <QUndoStack>
#include <QVBoxLayout>

namespace portolan {

FindingsDock::FindingsDock(Document *document, QWidget *parent)
    : QDockWidget(tr("Findings"), parent)
    , m_document(document)
    , m_model(new FindingsModel(document, this))
    , m_filter(new FindingsFilter(this))
    , m_view(makeTable(QStringLiteral("findingsView")))
    , m_errorsOnly(new QCheckBox(tr("Errors &only")))
    , m_thisDevice(new QCheckBox(tr("This &device only")))
    , m_empty(new QLabel)
{
    setObjectName(QStringLiteral("findingsDock"));
    m_filter->setSourceModel(m_model);
    m_view->setModel(m_filter);
    m_view->setAccessibleName(tr("Findings"));
    m_view->setItemDelegateForColumn(FindingsModel::SeverityColumn, new SeverityDelegate(this));
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // Denser rows than the editing tables: a dock is short, and every finding should show.
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 4);
    // Errors first; the sort is stable, so within a severity the validator's order stays.
    m_view->sortByColumn(FindingsModel::SeverityColumn, Qt::AscendingOrder);
    QHeaderView *header = m_view->horizontalHeader();
    header->resizeSection(FindingsModel::SeverityColumn, 90);
    header->resizeSection(FindingsModel::Code, 170);
    header->resizeSection(FindingsModel::Where, 170);
    header->resizeSection(FindingsModel::Port, 100);
    header->setStretchLastSection(true);
    auto activate = [this](const QModelIndex &index) {
        const QModelIndex source = m_filter->mapToSource(index);
        if (source.isValid())
            emit findingActivated(m_model->findingAt(source.row()));
    };
    connect(m_view, &QTableView::clicked, this, activate);
    connect(m_view, &QTableView::activated, this, activate);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint &at) {
        const QModelIndex index = m_view->indexAt(at);
        if (!index.isValid())
            return;
        m_view->selectRow(index.row());
        QMenu *menu = contextMenuFor(index.row());
        menu->exec(m_view->viewport()->mapToGlobal(at));
        menu->deleteLater();
    });

    m_errorsOnly->setObjectName(QStringLiteral("errorsOnlyCheck"));
    m_thisDevice->setObjectName(QStringLiteral("thisDeviceOnlyCheck"));
    m_thisDevice->setToolTip(tr("Only the findings of the device selected in the list"));
    const QSettings settings;
    m_errorsOnly->setChecked(settings.value(QStringLiteral("findings/errorsOnly")).toBool());
    m_thisDevice->setChecked(settings.value(QStringLiteral("findings/thisDevice")).toBool());
    for (QCheckBox *box : {m_errorsOnly, m_thisDevice}) {
        connect(box, &QCheckBox::toggled, this, [this] {
            QSettings settings;
            settings.setValue(QStringLiteral("findings/errorsOnly"), m_errorsOnly->isChecked());
            settings.setValue(QStringLiteral("findings/thisDevice"), m_thisDevice->isChecked());
            applyFilters();
        });
    }
    m_empty->setObjectName(QStringLiteral("findingsEmpty"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setEnabled(false);

    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(4, 2, 4, 4);
    layout->setSpacing(2);
    auto *filters = new QHBoxLayout;
    filters->addWidget(m_errorsOnly);
    filters->addWidget(m_thisDevice);
    filters->addStretch(1);
    auto *hint = new QLabel(tr("Right-click a finding for its fixes"));
    hint->setEnabled(false);
    filters->addWidget(hint);
    layout->addLayout(filters);
    // Placed first: a stack shows its first widget as it takes it, as a window of its own
    // while the stack has no parent.
    auto *stack = new QStackedLayout;
    layout->addLayout(stack, 1);
    stack->addWidget(m_view);
    stack->addWidget(m_empty);
    setWidget(content);

    m_stack = stack;
    connect(document, &Document::findingsChanged, this, &FindingsDock::refresh);
    connect(document, &Document::resetDone, this, &FindingsDock::refresh);
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &FindingsDock::refresh);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &FindingsDock::refresh);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &FindingsDock::refresh);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &FindingsDock::refresh);
    applyFilters();
    refresh();
}

void FindingsDock::refresh()
{
    updateTitle();
    const bool empty = m_filter->rowCount() == 0;
    if (empty)
        m_empty->setText(m_opening ? QString()
                         : m_model->rowCount() == 0
                             ? tr("No findings: the registry follows the policy.")
                             : tr("No findings match the filters."));
    m_stack->setCurrentWidget(empty ? static_cast<QWidget *>(m_empty) : m_view);
}

void FindingsDock::setOpening(bool opening)
{
    m_opening = opening;
    refresh();
}

void FindingsDock::setCurrentDevice(int deviceIndex)
{
    m_currentDevice = deviceIndex;
    applyFilters();
}

void FindingsDock::applyFilters()
{
    m_filter->setErrorsOnly(m_errorsOnly->isChecked());
    m_filter->setDevice(m_thisDevice->isChecked() ? std::max(m_currentDevice, 0) : -1);
}

QMenu *FindingsDock::contextMenuFor(int proxyRow)
{
    auto *menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("findingMenu"));
    const QModelIndex source = m_filter->mapToSource(m_filter->index(proxyRow, 0));
    if (!source.isValid())
        return menu;
    const Finding finding = m_model->findingAt(source.row());
    menu->addAction(tr("&Go to %1").arg(finding.subject()), this,
                    [this, finding] { emit findingActivated(finding); });
    const QList<QuickFix> fixes = QuickFixes::forFinding(m_document, finding);
    if (!fixes.isEmpty())
        menu->addSection(tr("Quick fixes"));
    for (const QuickFix &fix : fixes) {
        QAction *action = menu->addAction(fix.text);
        const auto make = fix.command;
        connect(action, &QAction::triggered, this,
                [this, make] { m_document->undoStack()->push(make()); });
    }
    if (fixes.isEmpty()) {
        QAction *none = menu->addAction(tr("No quick fix: open it to edit"));
        none->setEnabled(false);
    }
    return menu;
}

void FindingsDock::updateTitle()
{
    if (m_opening) {
        setWindowTitle(tr("Findings"));
        return;
    }
    const FindingCounts counts = countFindings(m_document->findings());
    setWindowTitle(counts.errors + counts.warnings + counts.infos == 0
                       ? tr("Findings — none")
                       : tr("Findings — %1")
                             .arg(QStringList{tr("%n error(s)", nullptr, counts.errors),
                                              tr("%n warning(s)", nullptr, counts.warnings),
                                              tr("%n note(s)", nullptr, counts.infos)}
                                      .join(QStringLiteral(", "))));
}

} // namespace portolan
