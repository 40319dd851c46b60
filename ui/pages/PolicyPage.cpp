#include "pages/PolicyPage.h"

#include "document/Document.h"
#include "itemmodels/BlocksModel.h"
#include "widgets/Icons.h"
#include "widgets/TableViews.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace portolan {

PolicyPage::PolicyPage(Document *document, QWidget *parent)
    : LazyPage(parent)
    , m_document(document)
    , m_model(new BlocksModel(document, this))
{
    connect(document, &Document::policyChanged, this, &PolicyPage::refresh);
    connect(document, &Document::resetDone, this, &PolicyPage::refresh);
}

QWidget *PolicyPage::createContent()
{
    auto *content = new QWidget;
    m_summary = new QLabel;
    m_view = makeTable(QStringLiteral("blocksView"));
    m_summary->setObjectName(QStringLiteral("policySummary"));
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setWordWrap(true);
    auto *editPolicy = new QPushButton(Icons::get(QStringLiteral("policy")), tr("Edit Policy…"));
    editPolicy->setObjectName(QStringLiteral("editPolicyButton"));
    connect(editPolicy, &QPushButton::clicked, this, &PolicyPage::editPolicyRequested);
    m_view->setSortingEnabled(false);
    m_view->verticalHeader()->setVisible(true);
    m_view->setModel(m_model);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_view->horizontalHeader()->resizeSection(BlocksModel::Purpose, 140);
    m_view->horizontalHeader()->resizeSection(BlocksModel::Label, 160);
    m_view->horizontalHeader()->resizeSection(BlocksModel::Ports, 120);
    m_view->horizontalHeader()->setStretchLastSection(true);
    auto *addBlock = new QPushButton(tr("Add Block"));
    addBlock->setObjectName(QStringLiteral("addBlockButton"));
    connect(addBlock, &QPushButton::clicked, this, &PolicyPage::addBlockRequested);
    auto *removeBlock = new QPushButton(tr("Remove Block"));
    removeBlock->setObjectName(QStringLiteral("removeBlockButton"));
    connect(removeBlock, &QPushButton::clicked, this, &PolicyPage::removeBlockRequested);

    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *summaryRow = new QHBoxLayout;
    summaryRow->addWidget(m_summary, 1);
    summaryRow->addWidget(editPolicy, 0, Qt::AlignTop);
    layout->addLayout(summaryRow);
    layout->addWidget(m_view, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(addBlock);
    buttons->addWidget(removeBlock);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    refresh();
    return content;
}

void PolicyPage::refresh()
{
    if (!m_summary)
        return;
    const Policy &policy = m_document->registry().policy;
    m_summary->setText(
        tr("<b>Domain</b> %1 &nbsp;·&nbsp; <b>internal</b> *.%2<br>"
           "<b>Published range</b> %3–%4 in blocks of %5 ports<br>"
           "Host ports are closed by default; a binding needs an exception: "
           "<i>reverse-proxy, non-http, bootstrap, agent, proxy-backend</i>.")
            .arg(policy.domain.toHtmlEscaped(), policy.internalDomain().toHtmlEscaped())
            .arg(policy.range.first)
            .arg(policy.range.last)
            .arg(policy.effectiveBlockSize()));
}

int PolicyPage::currentBlock() const
{
    if (!m_view)
        return -1;
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? current.row() : -1;
}

void PolicyPage::selectBlock(int index)
{
    ensureContent();
    m_view->setCurrentIndex(m_model->index(index, BlocksModel::Purpose));
}

} // namespace portolan
