#include "pages/RangePage.h"

#include "check/Occupancy.h"
#include "document/Document.h"
#include "itemmodels/OccupancyModel.h"
#include "widgets/HeatmapWidget.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QScrollArea>
#include <QVBoxLayout>

namespace portolan {

RangePage::RangePage(Document *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_occupancy(new OccupancyModel(document, this))
    , m_heatmap(new HeatmapWidget(m_occupancy))
    , m_filter(new QComboBox)
{
    m_filter->setObjectName(QStringLiteral("heatmapFilter"));
    m_filter->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_filter->setAccessibleName(tr("Show devices"));
    m_heatmap->setAccessibleName(tr("Range heatmap"));
    auto *hint = new QLabel(tr("Hover a cell for who uses it · click: select the binding · "
                               "double-click or Enter on a free port: plan one there · arrows "
                               "move · Ctrl+wheel or Ctrl+± zooms, Esc zooms out"));
    hint->setWordWrap(true);
    connect(m_filter, &QComboBox::currentIndexChanged, this,
            [this](int index) { m_occupancy->setDeviceFilter(index - 1); });
    connect(m_filter, &QComboBox::activated, this, [this](int index) { m_allChosen = index == 0; });
    connect(m_heatmap, &HeatmapWidget::portClicked, this, &RangePage::portClicked);
    connect(m_heatmap, &HeatmapWidget::freePortDoubleClicked, this,
            &RangePage::freePortActivated);
    m_heatmap->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_heatmap, &QWidget::customContextMenuRequested, this, [this](const QPoint &at) {
        const int port = m_heatmap->portAt(at);
        if (port <= 0)
            return;
        QMenu menu(this);
        const QVector<PortUser> users = m_occupancy->occupancy().usersOf(port);
        if (users.isEmpty()) {
            menu.addAction(tr("&Add Binding at %1…").arg(port), this,
                           [this, port] { emit freePortActivated(port); });
        } else {
            menu.addAction(tr("&Go to the Binding at %1").arg(port), this,
                           [this, port] { emit portClicked(port); });
        }
        menu.exec(m_heatmap->mapToGlobal(at));
    });
    auto *layout = new QVBoxLayout(this);
    auto *filterRow = new QHBoxLayout;
    auto *show = new QLabel(tr("Show:"));
    show->setBuddy(m_filter);
    filterRow->addWidget(show);
    filterRow->addWidget(m_filter);
    filterRow->addWidget(hint, 1);
    layout->addLayout(filterRow);
    auto *scroll = new QScrollArea;
    scroll->setWidget(m_heatmap);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    layout->addWidget(scroll, 1);

    connect(document, &Document::resetDone, this, &RangePage::refreshFilter);
    connect(document, &Document::deviceInserted, this, &RangePage::refreshFilter);
    connect(document, &Document::deviceRemoved, this, &RangePage::refreshFilter);
    connect(document, &Document::deviceChanged, this, &RangePage::refreshFilter);
    // A drift result describes the registry it was taken for.
    connect(document, &Document::resetDone, this, [this] { m_heatmap->setMarkers({}); });
    refreshFilter();
}

int RangePage::deviceFilter() const
{
    return m_occupancy->deviceFilter();
}

void RangePage::setDeviceFilter(int deviceIndex)
{
    m_filter->setCurrentIndex(deviceIndex + 1);
}

void RangePage::followDevice(int deviceIndex)
{
    // "All devices" is a choice the user made: the list's selection does not undo it.
    if (m_filter->currentIndex() == 0 && m_allChosen)
        return;
    m_filter->setCurrentIndex(deviceIndex + 1);
}

void RangePage::setMarkers(const QHash<int, QString> &markers)
{
    m_heatmap->setMarkers(markers);
}

const Occupancy &RangePage::occupancy() const
{
    return m_occupancy->occupancy();
}

void RangePage::refreshFilter()
{
    const QSignalBlocker blocker(m_filter);
    const int filter = m_occupancy->deviceFilter();
    m_filter->clear();
    m_filter->addItem(tr("All devices"));
    for (const Device &device : m_document->registry().devices)
        m_filter->addItem(QIcon(QStringLiteral(":/icons/device.svg")), device.name);
    m_filter->setCurrentIndex(filter + 1);
}

} // namespace portolan
