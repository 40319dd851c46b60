#include "HeatmapWidget.h"

#include "itemmodels/OccupancyModel.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

namespace portolan {

namespace {
constexpr int Padding = 10;
}

HeatmapWidget::HeatmapWidget(OccupancyModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
{
    setObjectName(QStringLiteral("heatmap"));
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    connect(model, &OccupancyModel::occupancyChanged, this, &HeatmapWidget::invalidate);
}

HeatmapPainter HeatmapWidget::painter() const
{
    return HeatmapPainter(m_model->registry(), m_model->occupancy(), palette());
}

void HeatmapWidget::setZoomedBlock(int block)
{
    if (block >= m_model->occupancy().blocks().size())
        block = -1;
    if (block == m_zoomedBlock)
        return;
    m_zoomedBlock = block;
    invalidate();
    updateGeometry();
    emit zoomChanged(block);
}

void HeatmapWidget::setMarkers(const QHash<int, QString> &markers)
{
    m_markers = markers;
    update();
}

void HeatmapWidget::invalidate()
{
    if (m_zoomedBlock >= m_model->occupancy().blocks().size())
        m_zoomedBlock = -1;
    m_dirty = true;
    update();
}

void HeatmapWidget::ensureCache()
{
    const qreal ratio = devicePixelRatioF();
    if (!m_dirty && m_cache.size() == size() * ratio)
        return;
    m_cache = QImage(size() * ratio, QImage::Format_ARGB32_Premultiplied);
    m_cache.setDevicePixelRatio(ratio);
    m_cache.fill(palette().color(QPalette::Base));
    QPainter p(&m_cache);
    p.setFont(font());
    const HeatmapPainter heatmap = painter();
    m_geometry = heatmap.layout(QRectF(rect()).adjusted(Padding, Padding, -Padding, -Padding),
                                m_zoomedBlock);
    heatmap.paint(p, m_geometry);
    m_dirty = false;
    ++m_cacheBuilds;
}

void HeatmapWidget::paintEvent(QPaintEvent *event)
{
    ensureCache();
    QPainter p(this);
    p.drawImage(event->rect(), m_cache,
                QRectF(event->rect().topLeft() * m_cache.devicePixelRatio(),
                       event->rect().size() * m_cache.devicePixelRatio()));
    // Markers sit above the cached map, so a new drift result needs no rebuild.
    if (m_markers.isEmpty())
        return;
    const HeatmapPainter heatmap = painter();
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(palette().color(QPalette::WindowText), 1));
    p.setBrush(HeatmapPainter::color(PortState::Conflict, palette()));
    for (auto it = m_markers.constBegin(); it != m_markers.constEnd(); ++it) {
        const QPointF center = heatmap.centerOf(m_geometry, it.key());
        if (center.isNull())
            continue;
        // A small triangle pointing down at the port's cell.
        const QPointF tip(center.x(), center.y() - 6);
        p.drawPolygon(QPolygonF({tip, tip + QPointF(-5, -8), tip + QPointF(5, -8)}));
    }
}

void HeatmapWidget::resizeEvent(QResizeEvent *event)
{
    m_dirty = true;
    QWidget::resizeEvent(event);
}

void HeatmapWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        invalidate();
    QWidget::changeEvent(event);
}

QSize HeatmapWidget::sizeHint() const
{
    return {900, int(painter().preferredHeight(900 - 2 * Padding, m_zoomedBlock)) + 2 * Padding};
}

QSize HeatmapWidget::minimumSizeHint() const
{
    return {420, 160};
}

QPoint HeatmapWidget::pointOf(int port)
{
    ensureCache();
    return painter().centerOf(m_geometry, port).toPoint();
}

int HeatmapWidget::portAt(const QPoint &point)
{
    ensureCache();
    return painter().portAt(m_geometry, point);
}

bool HeatmapWidget::event(QEvent *event)
{
    if (event->type() != QEvent::ToolTip)
        return QWidget::event(event);
    auto *help = static_cast<QHelpEvent *>(event);
    ensureCache();
    const HeatmapPainter heatmap = painter();
    if (heatmap.blockLabelAt(m_geometry, help->pos()) >= 0) {
        QToolTip::showText(help->globalPos(),
                           m_zoomedBlock >= 0 ? tr("Click to see every block")
                                              : tr("Click to zoom into this block"),
                           this);
        return true;
    }
    const int port = heatmap.portAt(m_geometry, help->pos());
    if (port < 0) {
        QToolTip::hideText();
        event->ignore();
        return true;
    }
    const Occupancy &occupancy = m_model->occupancy();
    const Registry &registry = m_model->registry();
    const int last = m_zoomedBlock >= 0 ? port : port + m_geometry.portsPerBucket - 1;
    QString text =
        last > port ? tr("<b>Ports %1-%2</b>").arg(port).arg(last) : tr("<b>Port %1</b>").arg(port);
    for (int b = 0; b < occupancy.blocks().size(); ++b) {
        if (occupancy.blocks()[b].ports.contains(port))
            text += tr(" · block %1, %2")
                        .arg(b + 1)
                        .arg(registry.policy.blocks[b].displayName().toHtmlEscaped());
    }
    text += QStringLiteral("<br>") + HeatmapPainter::stateName(occupancy.worst(port, last));
    for (int p = port; p <= last; ++p) {
        if (m_markers.contains(p))
            text += QStringLiteral("<br><b>%1</b>").arg(m_markers.value(p).toHtmlEscaped());
    }
    int listed = 0;
    for (int p = port; p <= last && listed < 12; ++p) {
        for (const PortUser &user : occupancy.usersOf(p)) {
            const Device &device = registry.devices[user.device];
            const Service &service = device.services[user.service];
            const Binding &binding = service.ports[user.binding];
            text += QStringLiteral("<br>%1/%2 · %3 → %4%5")
                        .arg(device.name.toHtmlEscaped(), service.name.toHtmlEscaped(),
                             binding.hostLabel(), binding.container.toString(),
                             binding.exception.isEmpty()
                                 ? QString()
                                 : QStringLiteral(" (%1)").arg(binding.exception));
            if (++listed >= 12)
                break;
        }
        if (last > port && listed > 0)
            break;
    }
    QToolTip::showText(help->globalPos(), text, this);
    return true;
}

void HeatmapWidget::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    ensureCache();
    const HeatmapPainter heatmap = painter();
    const int block = heatmap.blockLabelAt(m_geometry, event->position());
    if (block >= 0) {
        setZoomedBlock(m_zoomedBlock >= 0 ? -1 : block);
        return;
    }
    const int port = heatmap.portAt(m_geometry, event->position());
    if (port >= 0)
        emit portClicked(port);
}

void HeatmapWidget::mouseDoubleClickEvent(QMouseEvent *event)
{
    ensureCache();
    const int port = painter().portAt(m_geometry, event->position());
    if (port < 0)
        return;
    const PortState state = m_model->occupancy().state(port);
    if (state == PortState::Free)
        emit freePortDoubleClicked(port);
}

} // namespace portolan
