#include "widgets/PortStripWidget.h"

#include "itemmodels/OccupancyModel.h"
#include "overview/HeatmapPainter.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

namespace portolan {

PortStripWidget::PortStripWidget(OccupancyModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
{
    setObjectName(QStringLiteral("portStrip"));
    setMinimumHeight(24);
    setCursor(Qt::PointingHandCursor);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    connect(model, &OccupancyModel::occupancyChanged, this, qOverload<>(&QWidget::update));
}

QSize PortStripWidget::sizeHint() const
{
    return {600, 24};
}

int PortStripWidget::portAtX(int x) const
{
    const PortRange range = m_model->occupancy().range();
    if (width() <= 0 || range.first > range.last)
        return -1;
    return range.first + int(qint64(x) * range.length() / width());
}

void PortStripWidget::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const Occupancy &occupancy = m_model->occupancy();
    const PortRange range = occupancy.range();
    p.fillRect(rect(), HeatmapPainter::color(PortState::Free, palette()));
    if (range.first > range.last)
        return;
    const int w = width();
    for (int x = 0; x < w; ++x) {
        const int first = range.first + int(qint64(x) * range.length() / w);
        const int last = std::max(first, range.first + int(qint64(x + 1) * range.length() / w) - 1);
        const PortState state = occupancy.worst(first, last);
        if (state >= PortState::Used || state == PortState::Reserved)
            p.fillRect(QRect(x, 0, 1, height()), HeatmapPainter::color(state, palette()));
    }
    // Reserved blocks hatched, as in the heatmap.
    const QBrush hatch = HeatmapPainter::reservedHatch(palette());
    for (int b = 0; b < occupancy.blocks().size(); ++b) {
        if (!m_model->registry().policy.blocks.value(b).isReserved())
            continue;
        const PortRange ports = occupancy.blocks()[b].ports;
        const int x0 = int(qint64(ports.first - range.first) * w / range.length());
        const int x1 = int(qint64(ports.last + 1 - range.first) * w / range.length());
        p.fillRect(QRect(x0, 0, x1 - x0, height()), hatch);
    }
    // Block boundaries.
    QColor tick = palette().color(QPalette::WindowText);
    tick.setAlpha(90);
    p.setPen(tick);
    for (const BlockOccupancy &block : occupancy.blocks()) {
        const int x = int(qint64(block.ports.first - range.first) * w / range.length());
        p.drawLine(x, 0, x, height());
    }
    p.drawRect(rect().adjusted(0, 0, -1, -1));
}

void PortStripWidget::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    const int port = portAtX(int(event->position().x()));
    if (port >= 0)
        emit portClicked(port);
}

bool PortStripWidget::event(QEvent *event)
{
    if (event->type() != QEvent::ToolTip)
        return QWidget::event(event);
    auto *help = static_cast<QHelpEvent *>(event);
    const Occupancy &occupancy = m_model->occupancy();
    const int port = portAtX(help->pos().x());
    for (int b = 0; b < occupancy.blocks().size(); ++b) {
        const BlockOccupancy &block = occupancy.blocks()[b];
        if (!block.ports.contains(port))
            continue;
        QToolTip::showText(
            help->globalPos(),
            tr("Block %1 · %2 (%3): %4 of this device's ports · click to see it in the heatmap")
                .arg(b + 1)
                .arg(m_model->registry().policy.blocks[b].displayName(), block.ports.toString())
                .arg(block.used),
            this);
        return true;
    }
    QToolTip::hideText();
    return true;
}

} // namespace portolan
