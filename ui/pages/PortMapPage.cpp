#include "pages/PortMapPage.h"

#include "document/Document.h"
#include "itemmodels/OccupancyModel.h"
#include "itemmodels/PortMapFilter.h"
#include "itemmodels/PortMapModel.h"
#include "widgets/PortStripWidget.h"
#include "widgets/SearchField.h"
#include "widgets/SeverityDelegate.h"
#include "widgets/TableViews.h"
#include "window/MainActions.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QStackedLayout>
#include <QTableView>
#include <QVBoxLayout>

namespace portolan {

PortMapPage::PortMapPage(Document *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_model(new PortMapModel(document, this))
    , m_filter(new PortMapFilter(this))
    , m_occupancy(new OccupancyModel(document, this))
    , m_header(new QLabel)
    , m_search(new SearchField)
    , m_view(makeTable(QStringLiteral("portMapView")))
{
    m_filter->setSourceModel(m_model);
    m_header->setObjectName(QStringLiteral("deviceHeader"));
    // A long description wraps rather than widening the window past a small screen.
    m_header->setWordWrap(true);
    m_header->setMinimumWidth(200);
    m_search->setObjectName(QStringLiteral("searchField"));
    m_search->setPlaceholderText(tr("Search service, port or host name…"));
    connect(m_search, &QLineEdit::textChanged, m_filter, &PortMapFilter::setSearchText);
    // Esc clears the search; on an empty search it goes back to the table.
    auto *clearSearch = new QAction(tr("Clear Search"), m_search);
    clearSearch->setObjectName(QStringLiteral("clearSearchAction"));
    clearSearch->setShortcut(QKeySequence(Qt::Key_Escape));
    clearSearch->setShortcutContext(Qt::WidgetShortcut);
    MainActions::declareStandardKey(clearSearch, QKeySequence::Cancel);
    m_search->addAction(clearSearch);
    connect(clearSearch, &QAction::triggered, this, [this] {
        if (m_search->text().isEmpty())
            m_view->setFocus(Qt::ShortcutFocusReason);
        else
            m_search->clear();
    });
    m_search->setAccessibleName(tr("Search this device"));

    m_view->setModel(m_filter);
    m_view->setAccessibleName(tr("Port map"));
    m_view->setItemDelegateForColumn(PortMapModel::Status, new SeverityDelegate(this));
    // Edits start on F2 only (double-click opens the dialog): typing is type-ahead, as in the
    // Devices list. With AnyKeyPressed, typing "gra" to find grafana renamed the service.
    m_view->setEditTriggers(QAbstractItemView::EditKeyPressed);
    setUpColumns();
    connect(m_view, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        const int column = index.column();
        if (column == PortMapModel::ServiceName || column == PortMapModel::Category ||
            column == PortMapModel::RouteName)
            emit serviceEditRequested();
        else
            emit editRequested();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &PortMapPage::selectionChanged);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &PortMapPage::selectionChanged);

    m_strip = new PortStripWidget(m_occupancy);
    m_strip->setAccessibleName(tr("This device's ports across the range"));
    connect(m_strip, &PortStripWidget::portClicked, this, &PortMapPage::stripPortClicked);
    m_strip->setToolTip(tr("This device's ports across the range"));
    auto *layout = new QVBoxLayout(this);
    auto *headerRow = new QHBoxLayout;
    headerRow->addWidget(m_header, 1);
    headerRow->addWidget(m_search, 0);
    m_search->setMinimumWidth(180);
    layout->addLayout(headerRow);
    layout->addWidget(m_strip);
    // A device without services says what to do next instead of showing an empty table.
    auto *empty = new QLabel;
    empty->setObjectName(QStringLiteral("portMapEmpty"));
    empty->setAlignment(Qt::AlignCenter);
    empty->setWordWrap(true);
    empty->setEnabled(false);
    // Placed first, so that the view it shows is a child of this page, not a window of its own
    // for a moment (a stack shows its first widget as it takes it).
    auto *stack = new QStackedLayout;
    layout->addLayout(stack, 1);
    stack->addWidget(m_view);
    stack->addWidget(empty);
    auto showEmptyState = [this, stack, empty] {
        const int d = deviceIndex();
        const bool none = d >= 0 && m_document->registry().devices[d].services.isEmpty();
        if (none)
            empty->setText(tr("%1 has no services yet.\nAdd one with Edit › Add Service "
                              "(Ctrl+Shift+E); then its bindings with Add Binding.")
                               .arg(m_document->registry().devices[d].name));
        stack->setCurrentWidget(none ? static_cast<QWidget *>(empty) : m_view);
    };
    connect(m_model, &QAbstractItemModel::modelReset, this, showEmptyState);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, showEmptyState);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, showEmptyState);

    // The strip follows the device by index: positions move when devices come and go.
    auto follow = [this] {
        m_occupancy->setDeviceFilter(deviceIndex());
        refreshHeader();
    };
    connect(document, &Document::deviceChanged, this, &PortMapPage::refreshHeader);
    connect(document, &Document::resetDone, this, follow);
    connect(document, &Document::deviceInserted, this, follow);
    connect(document, &Document::deviceRemoved, this, follow);
}

void PortMapPage::setUpColumns()
{
    QHeaderView *columns = m_view->horizontalHeader();
    const int digit = m_view->fontMetrics().horizontalAdvance(QStringLiteral("0"));
    // Ports are short numbers: narrow, right-aligned columns keep them readable side by side.
    columns->resizeSection(PortMapModel::ServiceName, 125);
    columns->resizeSection(PortMapModel::Category, 100);
    columns->resizeSection(PortMapModel::HostPort, digit * 11);
    columns->resizeSection(PortMapModel::ContainerPort, digit * 12);
    columns->resizeSection(PortMapModel::Protocol, digit * 6);
    columns->resizeSection(PortMapModel::BindAddress, 70);
    columns->resizeSection(PortMapModel::Exception, 100);
    columns->resizeSection(PortMapModel::RouteName, 185);
    columns->resizeSection(PortMapModel::Notes, 140);
    columns->resizeSection(PortMapModel::Status, 125);
    // Trouble first: the status sits right after the binding it judges; notes trail.
    columns->moveSection(columns->visualIndex(PortMapModel::Status),
                         columns->visualIndex(PortMapModel::RouteName));
    columns->setStretchLastSection(true);
    // A handle dragged (or double-clicked) by the user: the widths are theirs from then on.
    columns->viewport()->installEventFilter(this);
    connect(columns, &QHeaderView::sectionResized, this, [this] {
        if (m_draggingHeader)
            m_columnsSizedByUser = true;
    });
    connect(columns, &QHeaderView::sectionHandleDoubleClicked, this,
            [this] { m_columnsSizedByUser = true; });
}

void PortMapPage::showDevice(int deviceIndex)
{
    const Registry &registry = m_document->registry();
    const bool valid = deviceIndex >= 0 && deviceIndex < registry.devices.size();
    m_model->setDeviceId(valid ? registry.devices[deviceIndex].key.id : 0);
    m_occupancy->setDeviceFilter(valid ? deviceIndex : -1);
    refreshHeader();
    fitColumnsToContent();
}

bool PortMapPage::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->horizontalHeader()->viewport()) {
        if (event->type() == QEvent::MouseButtonPress)
            m_draggingHeader = true;
        else if (event->type() == QEvent::MouseButtonRelease)
            m_draggingHeader = false;
    }
    return QWidget::eventFilter(watched, event);
}

// Fixed widths left the route off screen beside a drift badge while the category and status
// columns stood half empty: each column takes what its header and rows need, within bounds,
// and the notes take the rest.
void PortMapPage::fitColumnsToContent()
{
    if (m_columnsSizedByUser)
        return;
    QHeaderView *columns = m_view->horizontalHeader();
    const int em = m_view->fontMetrics().horizontalAdvance(QStringLiteral("M"));
    for (int column = 0; column < PortMapModel::ColumnCount; ++column) {
        if (column == PortMapModel::Notes)
            continue;
        // sizeHintForColumn is public on the base class (the table's own is protected).
        const int wanted =
            std::max(columns->sectionSizeHint(column),
                     static_cast<const QAbstractItemView *>(m_view)->sizeHintForColumn(column));
        const int widest = column == PortMapModel::RouteName ? 20 * em : 14 * em;
        columns->resizeSection(column, std::min(wanted + 4, widest));
    }
}

int PortMapPage::deviceIndex() const
{
    return m_model->deviceIndex();
}

int PortMapPage::selectedService() const
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid() ||
        !m_view->selectionModel()->isRowSelected(current.row(), QModelIndex()))
        return -1;
    return m_model->serviceAt(m_filter->mapToSource(current).row());
}

int PortMapPage::selectedBinding() const
{
    if (selectedService() < 0)
        return -1;
    return m_model->bindingAt(m_filter->mapToSource(m_view->currentIndex()).row());
}

void PortMapPage::selectRow(int service, int binding)
{
    const int row = m_model->rowOf(service, binding);
    if (row < 0)
        return;
    m_search->clear();
    const QModelIndex proxy = m_filter->mapFromSource(m_model->index(row, 0));
    m_view->setCurrentIndex(proxy);
    m_view->selectRow(proxy.row());
    m_view->scrollTo(proxy);
}

void PortMapPage::focusSearch()
{
    m_search->setFocus();
    m_search->selectAll();
}

void PortMapPage::setDriftStatus(const QHash<qint64, QString> &status)
{
    m_model->setDriftStatus(status);
    fitColumnsToContent();
}

void PortMapPage::setAuditStatus(const QHash<qint64, PortMapModel::AuditMark> &status)
{
    m_model->setAuditStatus(status);
    fitColumnsToContent();
}

void PortMapPage::refreshHeader()
{
    const int d = deviceIndex();
    if (d < 0) {
        // Plain text: the first paint shows this line, and rich text's machinery (the HTML and
        // CSS parsers, a text document) is then not needed before a device is.
        m_header->setTextFormat(Qt::PlainText);
        m_header->setText(tr("No device selected"));
        return;
    }
    const Device &device = m_document->registry().devices[d];
    QString text = QStringLiteral("<span style='font-size:large'><b>%1</b></span> &nbsp; %2")
                       .arg(device.name.toHtmlEscaped(), device.ip.toHtmlEscaped());
    if (!device.description.isEmpty())
        text += QStringLiteral(" &nbsp;·&nbsp; <i>%1</i>").arg(device.description.toHtmlEscaped());
    m_header->setTextFormat(Qt::RichText);
    m_header->setText(text);
}

} // namespace portolan
