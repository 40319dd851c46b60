#include "pages/DevicesPanel.h"

#include "itemmodels/DeviceListModel.h"
#include "itemmodels/ItemRoles.h"
#include "widgets/SeverityDelegate.h"
#include "widgets/TableViews.h"

#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace portolan {

DevicesPanel::DevicesPanel(Document *document, QWidget *parent)
    : QWidget(parent)
    , m_model(new DeviceListModel(document, this))
    , m_sort(new QSortFilterProxyModel(this))
    , m_view(makeTable(QStringLiteral("deviceList")))
{
    m_sort->setSourceModel(m_model);
    m_sort->setSortRole(SortRole);
    m_view->setModel(m_sort);
    m_view->setItemDelegateForColumn(DeviceListModel::Status, new SeverityDelegate(this));
    m_view->setItemDelegateForColumn(DeviceListModel::Reality, new SeverityDelegate(this));
    m_view->setEditTriggers(QAbstractItemView::EditKeyPressed);
    m_view->setAccessibleName(tr("Devices"));
    QHeaderView *header = m_view->horizontalHeader();
    header->setSectionResizeMode(DeviceListModel::Name, QHeaderView::Stretch);
    header->resizeSection(DeviceListModel::Ip, 100);
    header->resizeSection(DeviceListModel::Services, 62);
    header->resizeSection(DeviceListModel::Bindings, 46);
    header->resizeSection(DeviceListModel::Status, 54);
    header->resizeSection(DeviceListModel::Reality,
                          m_view->fontMetrics().horizontalAdvance(QStringLiteral("✖ unreadable")) +
                              28);
    m_view->setColumnHidden(DeviceListModel::Reality, true);
    // The name column stretches but never below a typical host name: on a small screen the
    // splitter gives the page the room, not the names ("he…").
    const int fixedColumns = 100 + 62 + 46 + 54;
    m_view->setMinimumWidth(fixedColumns +
                            m_view->fontMetrics().horizontalAdvance(QStringLiteral("nas-01")) +
                            2 * m_view->frameWidth() + 16);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                const QModelIndex source = m_sort->mapToSource(current);
                emit currentDeviceChanged(source.isValid() ? source.row() : -1);
            });
    connect(m_view, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        emit editRequested(m_sort->mapToSource(index).row());
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *title = new QLabel(tr("Devices"));
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    layout->addWidget(title);
    layout->addWidget(m_view);
}

int DevicesPanel::currentDevice() const
{
    const QModelIndex source = m_sort->mapToSource(m_view->currentIndex());
    return source.isValid() ? source.row() : -1;
}

void DevicesPanel::selectDevice(int deviceIndex)
{
    const QModelIndex proxy = m_sort->mapFromSource(m_model->index(deviceIndex, 0));
    m_view->setCurrentIndex(proxy);
    m_view->selectRow(proxy.row());
}

void DevicesPanel::setDrift(const QHash<qint64, DeviceListModel::DriftBadge> &badges)
{
    m_model->setDrift(badges);
    const bool shown = !badges.isEmpty();
    if (shown == !m_view->isColumnHidden(DeviceListModel::Reality))
        return;
    m_view->setColumnHidden(DeviceListModel::Reality, !shown);
    // The list grows by the badge's width instead of squeezing the names.
    const int badge = m_view->horizontalHeader()->sectionSize(DeviceListModel::Reality);
    m_view->setMinimumWidth(m_view->minimumWidth() + (shown ? badge : -badge));
}

} // namespace portolan
