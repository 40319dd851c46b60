#include "docks/SearchDock.h"

#include "check/RegistrySearch.h"

#include "docks/ElementRoles.h"
#include "document/Document.h"
#include "widgets/SearchField.h"

#include <QFutureWatcher>
#include <QtConcurrent>

#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace portolan {

SearchDock::SearchDock(Document *document, QWidget *parent)
    : LazyDock(tr("Search All Devices"), parent)
    , m_document(document)
{
    setObjectName(QStringLiteral("searchDock"));
    auto refreshIfBuilt = [this] {
        if (hasContent())
            refresh();
    };
    connect(document, &Document::findingsChanged, this, refreshIfBuilt);
    connect(document, &Document::resetDone, this, refreshIfBuilt);
}

QWidget *SearchDock::createContent()
{
    m_search = new SearchField;
    m_results = new QTreeWidget;
    m_status = new QLabel;
    m_search->setObjectName(QStringLiteral("searchAllField"));
    m_search->setPlaceholderText(tr("Port, service, host name… on every device"));
    m_search->setAccessibleName(tr("Search all devices"));
    m_results->setObjectName(QStringLiteral("searchResults"));
    m_results->setAccessibleName(tr("Search results"));
    m_results->setHeaderLabels(
        {tr("Where"), tr("Host port"), tr("Container"), tr("Name"), tr("Matched")});
    m_results->setAlternatingRowColors(true);
    m_results->header()->setStretchLastSection(true);
    m_results->setColumnWidth(0, 200);
    m_results->setColumnWidth(3, 220);
    m_status->setObjectName(QStringLiteral("searchStatus"));
    // Plain text colour: the count is read, not a disabled control (grey was too faint).

    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(4, 2, 4, 4);
    layout->addWidget(m_search);
    layout->addWidget(m_status);
    layout->addWidget(m_results, 1);

    connect(m_search, &QLineEdit::textChanged, this, &SearchDock::refresh);
    // Down or Return in the field goes to the first result, as in a search popup.
    m_search->installEventFilter(this);
    auto activate = [this](QTreeWidgetItem *item) {
        if (item && item->data(0, ServiceRole).isValid())
            emit resultActivated(item->data(0, DeviceRole).toInt(),
                                 item->data(0, ServiceRole).toInt(),
                                 item->data(0, BindingRole).toInt());
    };
    connect(m_results, &QTreeWidget::itemActivated, this, activate);
    connect(m_results, &QTreeWidget::itemClicked, this, activate);
    refresh();
    return content;
}

bool SearchDock::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_search && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Down || key == Qt::Key_Return || key == Qt::Key_Enter) {
            QTreeWidgetItem *group = m_results->topLevelItem(0);
            if (group && group->childCount() > 0) {
                m_results->setFocus(Qt::ShortcutFocusReason);
                m_results->setCurrentItem(group->child(0));
                if (key != Qt::Key_Down)
                    emit m_results->itemActivated(group->child(0), 0);
                return true;
            }
        }
    }
    return QDockWidget::eventFilter(watched, event);
}

void SearchDock::focusSearch()
{
    show();
    raise();
    ensureContent();
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void SearchDock::refresh()
{
    ++m_generation;
    const QString text = m_search->text().trimmed();
    if (text.isEmpty()) {
        m_results->clear();
        m_status->setText(tr("Type a port or a name to find it on every device."));
        return;
    }
    // A small registry is searched at once; a large one (100,000 bindings take tens of
    // milliseconds) on a worker, from a copy that later edits do not touch, so typing and
    // editing stay fluid. Only the latest search is shown.
    const Registry &registry = m_document->registry();
    if (registry.bindingCount() < 5000) {
        showHits(registry, text, RegistrySearch::find(registry, text));
        return;
    }
    m_status->setText(tr("Searching…"));
    const int generation = m_generation;
    auto *watcher = new QFutureWatcher<QVector<RegistrySearch::Hit>>(this);
    const Registry snapshot = registry;
    connect(watcher, &QFutureWatcher<QVector<RegistrySearch::Hit>>::finished, this,
            [this, watcher, generation, snapshot, text] {
                watcher->deleteLater();
                if (generation == m_generation)
                    showHits(snapshot, text, watcher->result());
            });
    watcher->setFuture(
        QtConcurrent::run([snapshot, text] { return RegistrySearch::find(snapshot, text); }));
}

void SearchDock::showHits(const Registry &registry, const QString &text,
                          const QVector<RegistrySearch::Hit> &hits)
{
    m_results->clear();
    if (hits.isEmpty()) {
        m_status->setText(tr("No results for “%1” on any device.").arg(text));
        return;
    }
    QTreeWidgetItem *group = nullptr;
    int groupDevice = -1;
    QSet<int> devices;
    for (const RegistrySearch::Hit &hit : hits) {
        const Device &device = registry.devices[hit.device];
        if (hit.device != groupDevice) {
            // The device's address as its tooltip: the Name column holds route names only.
            group = new QTreeWidgetItem(m_results, {device.name});
            group->setToolTip(0, device.ip);
            QFont bold = group->font(0);
            bold.setBold(true);
            group->setFont(0, bold);
            group->setFirstColumnSpanned(false);
            groupDevice = hit.device;
            devices.insert(hit.device);
        }
        const Service &service = device.services[hit.service];
        const Binding *binding = hit.binding >= 0 ? &service.ports[hit.binding] : nullptr;
        auto *item = new QTreeWidgetItem(
            group,
            {service.name,
             binding ? QStringLiteral("%1/%2").arg(binding->host.toString(),
                                                   binding->effectiveProtocol())
                     : QString(),
             binding ? binding->container.toString()
                     : (service.route && service.route->port ? QString::number(*service.route->port)
                                                             : QString()),
             service.route ? registry.routeFqdn(*service.route) : QString(),
             RegistrySearch::whyMatched(registry, service, binding, text, &device)});
        item->setToolTip(4, item->text(4));
        item->setData(0, DeviceRole, hit.device);
        item->setData(0, ServiceRole, hit.service);
        item->setData(0, BindingRole, hit.binding);
    }
    m_results->expandAll();
    m_status->setText(tr("%n result(s)", nullptr, int(hits.size())) + QStringLiteral(" · ") +
                      tr("on %n device(s)", nullptr, int(devices.size())));
}

} // namespace portolan
