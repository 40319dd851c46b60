#include "pages/RangePage.h"

#include "check/Occupancy.h"
#include "document/Document.h"
#include "itemmodels/OccupancyModel.h"
#include "widgets/HeatmapWidget.h"
#include "widgets/Icons.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QScrollArea>
#include <QSlider>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

namespace portolan {

RangePage::RangePage(Document *document, QWidget *parent)
    : LazyPage(parent)
    , m_document(document)
    , m_occupancy(new OccupancyModel(document, this))
{
    // The heatmap and its controls are built when the page is first shown (LazyPage);
    // until then the page keeps the device filter in the model and the markers here.
    auto refreshIfBuilt = [this] {
        if (m_heatmap)
            refreshFilter();
    };
    connect(document, &Document::resetDone, this, refreshIfBuilt);
    // The device list is built again once per turn of the event loop: an import of 500
    // devices (or its undo) rebuilt it 500 times.
    auto *filterRefresh = new QTimer(this);
    filterRefresh->setSingleShot(true);
    filterRefresh->setInterval(0);
    connect(filterRefresh, &QTimer::timeout, this, refreshIfBuilt);
    const auto refreshSoon = [filterRefresh] {
        filterRefresh->start();
    };
    connect(document, &Document::deviceInserted, this, refreshSoon);
    connect(document, &Document::deviceRemoved, this, refreshSoon);
    connect(document, &Document::deviceChanged, this, refreshSoon);
    // A drift result describes the registry it was taken for.
    connect(document, &Document::resetDone, this, [this] {
        setMarkers({});
        setAuditMarkers({}, {});
        // Another registry (opened, reloaded, closed): a run found or a port pointed at in
        // the last one means nothing here.
        if (m_heatmap) {
            m_heatmap->setSelection(-1, -1);
            m_heatmap->clearCursor();
            refreshSelectionInfo();
        }
    });
}

HeatmapWidget *RangePage::heatmap()
{
    ensureContent();
    return m_heatmap;
}

QWidget *RangePage::createContent()
{
    auto *content = new QWidget;
    m_heatmap = new HeatmapWidget(m_occupancy);
    m_filter = new QComboBox;
    m_runLength = new QSpinBox;
    m_runBlock = new QComboBox;
    m_selectionInfo = new QLabel;
    // Long selections wrap instead of widening the page (it fits a 1024-pixel screen).
    m_selectionInfo->setWordWrap(true);
    m_selectionInfo->setMinimumWidth(160);
    m_planRange = new QPushButton(tr("&Plan a Binding Here…"));
    m_filter->setObjectName(QStringLiteral("heatmapFilter"));
    m_filter->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_filter->setMinimumContentsLength(12);
    m_filter->setAccessibleName(tr("Show devices"));
    m_heatmap->setAccessibleName(tr("Range heatmap"));
    connect(m_filter, &QComboBox::currentIndexChanged, this,
            [this](int index) { m_occupancy->setDeviceFilter(index - 1); });
    connect(m_filter, &QComboBox::activated, this, [this](int index) { m_allChosen = index == 0; });
    connect(m_heatmap, &HeatmapWidget::portClicked, this, &RangePage::portClicked);
    connect(m_heatmap, &HeatmapWidget::freePortDoubleClicked, this, &RangePage::freePortActivated);
    m_heatmap->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_heatmap, &QWidget::customContextMenuRequested, this, &RangePage::showPortMenu);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *filterRow = new QHBoxLayout;
    auto *show = new QLabel(tr("Show:"));
    show->setBuddy(m_filter);
    filterRow->addWidget(show);
    filterRow->addWidget(m_filter);
    filterRow->addStretch(1);
    // Zoom: the slider, Ctrl+wheel and Ctrl+plus/minus move the same scale.
    auto *zoom = new QSlider(Qt::Horizontal);
    zoom->setObjectName(QStringLiteral("heatmapZoom"));
    zoom->setAccessibleName(tr("Heatmap zoom"));
    zoom->setRange(100, 800);
    zoom->setFixedWidth(120);
    zoom->setToolTip(tr("Cell size (Ctrl+wheel, Ctrl+plus or minus; Esc resets)"));
    connect(zoom, &QSlider::valueChanged, this,
            [this](int percent) { m_heatmap->setZoom(percent / 100.0); });
    connect(m_heatmap, &HeatmapWidget::zoomScaleChanged, zoom, [zoom](double scale) {
        const QSignalBlocker blocker(zoom);
        zoom->setValue(int(scale * 100));
    });
    auto *zoomLabel = new QLabel(tr("&Zoom:"));
    zoomLabel->setBuddy(zoom);
    filterRow->addWidget(zoomLabel);
    filterRow->addWidget(zoom);
    layout->addLayout(filterRow);

    // Planning a range: drag over free cells, or let the finder pick the lowest free run.
    m_runLength->setObjectName(QStringLiteral("freeRunLength"));
    m_runLength->setRange(1, std::max(1, m_document->registry().policy.effectiveBlockSize()));
    m_runLength->setToolTip(tr("At most a block's size"));
    m_runLength->setValue(10);
    m_runLength->setAccessibleName(tr("Free run length"));
    m_runBlock->setObjectName(QStringLiteral("freeRunBlock"));
    m_runBlock->setAccessibleName(tr("Block to search"));
    m_runBlock->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_runBlock->setMinimumContentsLength(12);
    auto *find = new QPushButton(tr("&Find Free Run"));
    find->setObjectName(QStringLiteral("findFreeRunButton"));
    m_selectionInfo->setObjectName(QStringLiteral("selectionInfo"));
    m_planRange->setObjectName(QStringLiteral("planRangeButton"));
    m_planRange->setEnabled(false);
    auto *planRow = new QHBoxLayout;
    auto *runLabel = new QLabel(tr("Free run of"));
    runLabel->setBuddy(m_runLength);
    planRow->addWidget(runLabel);
    planRow->addWidget(m_runLength);
    planRow->addWidget(new QLabel(tr("ports in")));
    planRow->addWidget(m_runBlock);
    planRow->addWidget(find);
    planRow->addStretch(1);
    layout->addLayout(planRow);
    // What the selection holds, and planning it, on a line of their own: the text wraps, the
    // row above stays narrow (with the Reality column beside, the page fits 1000 px).
    auto *selectionRow = new QHBoxLayout;
    selectionRow->addWidget(m_selectionInfo, 1);
    selectionRow->addWidget(m_planRange, 0, Qt::AlignTop);
    layout->addLayout(selectionRow);
    connect(find, &QPushButton::clicked, this, &RangePage::findFreeRun);
    connect(m_heatmap, &HeatmapWidget::selectionChanged, this, &RangePage::showSelection);
    // A message about the view before (a selection's count, "no run of 10 free ports") is
    // said again for the view now: another device, an edit, a zoom.
    connect(m_occupancy, &OccupancyModel::occupancyChanged, this, &RangePage::refreshSelectionInfo);
    connect(m_heatmap, &HeatmapWidget::zoomChanged, this, &RangePage::refreshSelectionInfo);
    // The cursor's port in words, on screen (not only for a screen reader), while nothing is
    // selected by dragging.
    connect(m_heatmap, &HeatmapWidget::cursorMoved, this, [this](int port) {
        if (m_heatmap->selectionFirst() < 0 && port >= 0)
            m_selectionInfo->setText(m_heatmap->describePort(port));
    });
    connect(m_planRange, &QPushButton::clicked, this, [this] {
        if (m_heatmap->selectionFirst() >= 0)
            emit freeRangeActivated(m_heatmap->selectionFirst(), m_heatmap->selectionLast());
    });
    showSelection(-1, -1);
    auto *scroll = new QScrollArea;
    // Tab goes from the controls straight to the map: focused, the scroll area took the
    // arrow keys to scroll, and the map's cursor never moved.
    scroll->setFocusPolicy(Qt::NoFocus);
    scroll->setWidget(m_heatmap);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    layout->addWidget(scroll, 1);
    m_heatmap->setMarkers(m_markers);
    m_heatmap->setAuditMarkers(m_exposed, m_closed);
    refreshFilter();
    return content;
}

void RangePage::showPortMenu(const QPoint &at)
{
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
}

int RangePage::deviceFilter() const
{
    return m_occupancy->deviceFilter();
}

void RangePage::setDeviceFilter(int deviceIndex)
{
    if (m_filter)
        m_filter->setCurrentIndex(deviceIndex + 1); // which sets the model's filter
    else
        m_occupancy->setDeviceFilter(deviceIndex);
}

void RangePage::followDevice(int deviceIndex)
{
    // "All devices" is a choice the user made: the list's selection does not undo it.
    if (m_occupancy->deviceFilter() == -1 && m_allChosen)
        return;
    setDeviceFilter(deviceIndex);
}

void RangePage::setMarkers(const QHash<int, QString> &markers)
{
    m_markers = markers;
    if (m_heatmap)
        m_heatmap->setMarkers(markers);
}

void RangePage::setAuditMarkers(const QHash<int, QString> &exposed,
                                const QHash<int, QString> &closed)
{
    m_exposed = exposed;
    m_closed = closed;
    if (m_heatmap)
        m_heatmap->setAuditMarkers(exposed, closed);
}

const Occupancy &RangePage::occupancy() const
{
    return m_occupancy->occupancy();
}

void RangePage::showSelection(int first, int last)
{
    if (first < 0) {
        // The page's help, where it has the width to be read (beside the filter it wrapped to
        // four cut lines on a small screen).
        m_selectionInfo->setText(
            tr("Hover or click a cell for who uses it · double-click or Enter: go to its binding, "
               "or plan one on a free port · drag over free cells to plan a range · arrows move · "
               "Ctrl+wheel or Ctrl+± zooms, Esc zooms out"));
        m_planRange->setEnabled(false);
        return;
    }
    const int length = last - first + 1;
    const int free = m_occupancy->occupancy().freeCount(first, last);
    const QString ports =
        first == last ? QString::number(first) : QStringLiteral("%1-%2").arg(first).arg(last);
    m_selectionInfo->setText(free == length
                                 ? tr("%n free port(s), %1", nullptr, length).arg(ports)
                                 : tr("%1 of %2 ports free, %3").arg(free).arg(length).arg(ports));
    m_planRange->setEnabled(free == length);
}

void RangePage::refreshSelectionInfo()
{
    if (m_heatmap->selectionFirst() >= 0)
        showSelection(m_heatmap->selectionFirst(), m_heatmap->selectionLast());
    else if (m_heatmap->cursorPort() >= 0)
        m_selectionInfo->setText(m_heatmap->describePort(m_heatmap->cursorPort()));
    else
        showSelection(-1, -1);
}

void RangePage::findFreeRun()
{
    const int b = m_runBlock->currentData().toInt();
    const Occupancy &occupancy = m_occupancy->occupancy();
    if (b < 0 || b >= occupancy.blocks().size())
        return;
    const auto run = occupancy.firstFreeRun(occupancy.blocks()[b].ports, m_runLength->value());
    if (!run) {
        m_heatmap->setSelection(-1, -1);
        m_selectionInfo->setText(
            tr("No run of %1 free ports in %2 on %3.")
                .arg(m_runLength->value())
                .arg(m_runBlock->currentText(),
                     m_occupancy->deviceFilter() < 0 ? tr("any device") : m_filter->currentText()));
        m_planRange->setEnabled(false);
        return;
    }
    m_heatmap->setCursorPort(run->first);
    m_heatmap->setSelection(run->first, run->last);
}

void RangePage::refreshFilter()
{
    m_runLength->setMaximum(std::max(1, m_document->registry().policy.effectiveBlockSize()));
    {
        const QSignalBlocker blockBlocker(m_runBlock);
        const int chosen =
            m_runBlock->currentData().isValid() ? m_runBlock->currentData().toInt() : -1;
        m_runBlock->clear();
        const QVector<Block> &blocks = m_document->registry().policy.blocks;
        for (int b = 0; b < blocks.size(); ++b) {
            if (!blocks[b].isReserved())
                m_runBlock->addItem(blocks[b].displayName(), b);
        }
        const int index = m_runBlock->findData(chosen);
        m_runBlock->setCurrentIndex(index >= 0 ? index : 0);
    }
    const QSignalBlocker blocker(m_filter);
    const int filter = m_occupancy->deviceFilter();
    m_filter->clear();
    m_filter->addItem(tr("All devices"));
    for (const Device &device : m_document->registry().devices)
        m_filter->addItem(Icons::get(QStringLiteral("device")), device.name);
    m_filter->setCurrentIndex(filter + 1);
}

} // namespace portolan
