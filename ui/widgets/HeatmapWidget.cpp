#include "widgets/HeatmapWidget.h"

#include "itemmodels/OccupancyModel.h"

#include <QAccessible>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollArea>
#include <QTimer>
#include <QToolTip>
#include <QWheelEvent>

#include <cmath>

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
    setFocusPolicy(Qt::StrongFocus);
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

void HeatmapWidget::setAuditMarkers(const QHash<int, QString> &exposed,
                                    const QHash<int, QString> &closed)
{
    m_exposed = exposed;
    m_closed = closed;
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
    // Cells fill the height they are given, from 4 px (8 px at zoom 2, …) up to square.
    m_geometry = heatmap.layout(QRectF(rect()).adjusted(Padding, Padding, -Padding, -Padding),
                                m_zoomedBlock, 3.0 * m_zoom, 4.0 * m_zoom);
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
    const HeatmapPainter heatmap = painter();
    // The selection and the keyboard cursor sit above the cached map like the markers:
    // changing them costs no rebuild.
    if (m_selectionFirst >= 0) {
        QColor selected = palette().color(QPalette::Highlight);
        selected.setAlpha(120);
        for (int port = m_selectionFirst; port <= m_selectionLast; ++port) {
            const QRectF cell = heatmap.cellRect(m_geometry, port);
            if (!cell.isNull())
                p.fillRect(cell, selected);
        }
    }
    if (m_cursor >= 0) {
        const QRectF cell = heatmap.cellRect(m_geometry, m_cursor);
        if (!cell.isNull()) {
            // A halo in the base colour under the ring: it reads on a blue used cell too.
            p.setBrush(Qt::NoBrush);
            p.setPen(QPen(palette().color(QPalette::Base), 4));
            p.drawRect(cell.adjusted(-2, -2, 2, 2));
            p.setPen(
                QPen(palette().color(hasFocus() ? QPalette::Highlight : QPalette::WindowText), 2));
            p.drawRect(cell.adjusted(-2, -2, 2, 2));
        }
    }
    // Scrolled right, the row headers would scroll away (24197 and 25197 look alike by their
    // cells): they stay at the left of what is seen.
    const QRect seen = visibleRegion().boundingRect();
    if (m_geometry.grid && seen.left() > m_geometry.rowHeaderColumn.left()) {
        const QRectF strip(seen.left(), seen.top(), HeatmapPainter::rowHeaderWidth(),
                           seen.height());
        p.fillRect(strip, palette().color(QPalette::Base));
        heatmap.paintRowHeaders(p, m_geometry, seen.left());
    }
    // Scrolled down, the column ticks would scroll away: they stay at the top of what is seen.
    const int visibleTop = seen.top();
    if (m_geometry.grid && visibleTop > m_geometry.ticks.top()) {
        const QRectF strip(m_geometry.rowHeaderColumn.left(), visibleTop,
                           m_geometry.ticks.right() - m_geometry.rowHeaderColumn.left(),
                           m_geometry.ticks.height() + 2);
        p.fillRect(strip, palette().color(QPalette::Base));
        heatmap.paintColumnTicks(p, m_geometry, visibleTop);
    }
    // Markers sit above the cached map, so a new drift or audit result needs no rebuild.
    paintAuditMarkers(p, heatmap);
    if (m_markers.isEmpty())
        return;
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

// Exposed ports: a thick ring in the error colour around the cell, with a halo in the window's
// colour so it reads on any state colour and at any zoom; closed ones: a dashed ring.
void HeatmapWidget::paintAuditMarkers(QPainter &p, const HeatmapPainter &heatmap)
{
    if (m_exposed.isEmpty() && m_closed.isEmpty())
        return;
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.setBrush(Qt::NoBrush);
    const QColor error = HeatmapPainter::color(PortState::Conflict, palette());
    auto ring = [&](int port, const QPen &pen) {
        const QPointF center = heatmap.centerOf(m_geometry, port);
        if (center.isNull())
            return;
        const QRectF cell = heatmap.cellRect(m_geometry, port);
        const qreal radius = std::max<qreal>(6, std::max(cell.width(), cell.height()) / 2 + 3);
        p.setPen(QPen(palette().color(QPalette::Window), pen.widthF() + 2));
        p.drawEllipse(center, radius, radius);
        p.setPen(pen);
        p.drawEllipse(center, radius, radius);
    };
    QPen dashed(palette().color(QPalette::WindowText), 1.5, Qt::DashLine);
    for (auto it = m_closed.constBegin(); it != m_closed.constEnd(); ++it)
        ring(it.key(), dashed);
    for (auto it = m_exposed.constBegin(); it != m_exposed.constEnd(); ++it)
        ring(it.key(), QPen(error, 2.5));
    // Their legend, at the end of the map's own (right-aligned, never over it).
    const QFontMetricsF metrics(font());
    qreal ownEnd = m_geometry.cellArea.left();
    for (PortState state : HeatmapPainter::legendStates())
        ownEnd += 17 + metrics.horizontalAdvance(HeatmapPainter::stateName(state)) + 18;
    const qreal needed = metrics.horizontalAdvance(tr("closed (audit)")) +
                         metrics.horizontalAdvance(tr("exposed (audit)")) + 2 * 38;
    qreal x = std::max(m_geometry.legend.right(), ownEnd + needed);
    const qreal y = m_geometry.legend.top() + 11;
    const std::pair<QString, QPen> keys[] = {{tr("closed (audit)"), dashed},
                                             {tr("exposed (audit)"), QPen(error, 2.5)}};
    for (const auto &[name, pen] : keys) {
        const qreal width = metrics.horizontalAdvance(name);
        x -= width + 4;
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(QRectF(x, y - 11, width + 4, 22), Qt::AlignLeft | Qt::AlignVCenter, name);
        x -= 16;
        p.setPen(pen);
        p.drawEllipse(QPointF(x + 6, y), 5.5, 5.5);
        x -= 18;
    }
    p.restore();
}

void HeatmapWidget::resizeEvent(QResizeEvent *event)
{
    m_dirty = true;
    QWidget::resizeEvent(event);
    // A zoom resizes the map: the cursor stays in sight once the scroll area knows the size.
    if (m_followCursor) {
        m_followCursor = false;
        QTimer::singleShot(0, this, &HeatmapWidget::ensureCursorVisible);
    }
}

void HeatmapWidget::moveEvent(QMoveEvent *event)
{
    // The scroll area scrolls by moving the map: the pinned column ticks are drawn anew.
    update();
    QWidget::moveEvent(event);
}

void HeatmapWidget::ensureCursorVisible()
{
    if (m_cursor < 0)
        return;
    auto *scroll =
        qobject_cast<QScrollArea *>(parentWidget() ? parentWidget()->parentWidget() : nullptr);
    if (!scroll)
        return;
    const QPoint center = pointOf(m_cursor);
    if (!center.isNull())
        scroll->ensureVisible(center.x(), center.y(), 60, 40);
}

void HeatmapWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        invalidate();
    QWidget::changeEvent(event);
}

QSize HeatmapWidget::sizeHint() const
{
    return minimumSizeHint();
}

QSize HeatmapWidget::minimumSizeHint() const
{
    // The size at which every port still has its own cell (4 px tall, 3 px wide, times the
    // zoom): the scroll area gives it more when it has more, and scrolls when zoomed in.
    if (m_zoomedBlock >= 0)
        return {420,
                int(painter().preferredHeight(900 - 2 * Padding, m_zoomedBlock)) + 2 * Padding};
    const QSizeF grid = painter().gridMinimumSize(3.0 * m_zoom, 4.0 * m_zoom);
    return {int(grid.width()) + 2 * Padding + 1, int(grid.height()) + 2 * Padding + 1};
}

void HeatmapWidget::setZoom(double zoom)
{
    zoom = std::clamp(zoom, 1.0, 8.0);
    if (qFuzzyCompare(zoom, m_zoom))
        return;
    m_zoom = zoom;
    m_followCursor = true;
    invalidate();
    updateGeometry();
    emit zoomScaleChanged(zoom);
}

void HeatmapWidget::setCursorPort(int port)
{
    const Occupancy &occupancy = m_model->occupancy();
    if (!occupancy.isValid() || occupancy.blocks().isEmpty())
        return;
    const int first = occupancy.blocks().first().ports.first;
    const int last = occupancy.blocks().last().ports.last;
    port = std::clamp(port, first, last);
    if (port == m_cursor)
        return;
    m_cursor = port;
    update();
    // Zoomed in, the cursor may be off screen: the scroll area brings it into view.
    ensureCursorVisible();
    setAccessibleDescription(describePort(port));
    QAccessibleEvent changed(this, QAccessible::DescriptionChanged);
    QAccessible::updateAccessibility(&changed);
    emit cursorMoved(port);
}

void HeatmapWidget::clearCursor()
{
    m_cursor = -1;
    update();
}

QString HeatmapWidget::describePort(int port) const
{
    const Occupancy &occupancy = m_model->occupancy();
    const Registry &registry = m_model->registry();
    QStringList users;
    for (const PortUser &user : occupancy.usersOf(port)) {
        const Device &device = registry.devices[user.device];
        const Service &service = device.services[user.service];
        users << QStringLiteral("%1/%2").arg(device.name, service.name);
    }
    QString text =
        tr("Port %1, %2").arg(port).arg(HeatmapPainter::stateName(occupancy.state(port)));
    if (!users.isEmpty())
        text += QStringLiteral(": ") + users.join(QStringLiteral(", "));
    return text;
}

void HeatmapWidget::keyPressEvent(QKeyEvent *event)
{
    const Occupancy &occupancy = m_model->occupancy();
    if (!occupancy.isValid() || occupancy.blocks().isEmpty())
        return QWidget::keyPressEvent(event);
    if (event->modifiers() & Qt::ControlModifier) {
        if (event->key() == Qt::Key_Plus || event->key() == Qt::Key_Equal) {
            setZoom(m_zoom * 1.5);
            return;
        }
        if (event->key() == Qt::Key_Minus) {
            setZoom(m_zoom / 1.5);
            return;
        }
    }
    const int perRow = m_geometry.grid ? m_geometry.portsPerRow : HeatmapPainter::PortsPerGridRow;
    const int start = occupancy.blocks().first().ports.first;
    const int here = m_cursor >= 0 ? m_cursor : start;
    // The block the cursor is in, for PgUp/PgDn and the row arithmetic.
    int block = 0;
    for (int b = 0; b < occupancy.blocks().size(); ++b) {
        if (occupancy.blocks()[b].ports.contains(here))
            block = b;
    }
    const PortRange ports = occupancy.blocks()[block].ports;
    const int rowStart = ports.first + (here - ports.first) / perRow * perRow;
    switch (event->key()) {
    case Qt::Key_Left:
        setCursorPort(m_cursor < 0 ? start : here - 1);
        return;
    case Qt::Key_Right:
        setCursorPort(m_cursor < 0 ? start : here + 1);
        return;
    case Qt::Key_Up:
        setCursorPort(m_cursor < 0 ? start : here - perRow);
        return;
    case Qt::Key_Down:
        setCursorPort(m_cursor < 0 ? start : here + perRow);
        return;
    case Qt::Key_Home:
        setCursorPort(rowStart);
        return;
    case Qt::Key_End:
        setCursorPort(std::min(ports.last, rowStart + perRow - 1));
        return;
    case Qt::Key_PageUp:
        setCursorPort(block > 0 ? occupancy.blocks()[block - 1].ports.first + (here - ports.first)
                                : ports.first);
        return;
    case Qt::Key_PageDown:
        setCursorPort(block + 1 < occupancy.blocks().size()
                          ? occupancy.blocks()[block + 1].ports.first + (here - ports.first)
                          : ports.last);
        return;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (m_cursor >= 0) {
            if (occupancy.state(m_cursor) == PortState::Free)
                emit freePortDoubleClicked(m_cursor);
            else if (!occupancy.usersOf(m_cursor).isEmpty())
                emit portClicked(m_cursor);
        }
        return;
    case Qt::Key_Escape:
    case Qt::Key_Back:
    case Qt::Key_Backspace:
        if (m_zoomedBlock >= 0 || m_zoom > 1.0) {
            setZoomedBlock(-1);
            setZoom(1.0);
            return;
        }
        break;
    default:
        break;
    }
    QWidget::keyPressEvent(event);
}

void HeatmapWidget::wheelEvent(QWheelEvent *event)
{
    if (!(event->modifiers() & Qt::ControlModifier))
        return QWidget::wheelEvent(event);
    const int steps = event->angleDelta().y() / 120;
    if (steps != 0) {
        // The port under the mouse is the one kept in sight.
        const int under = portAt(event->position().toPoint());
        if (under >= 0)
            setCursorPort(under);
        setZoom(m_zoom * std::pow(1.25, steps));
    }
    event->accept();
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
    if (const auto state = HeatmapPainter::legendStateAt(m_geometry, font(), help->pos())) {
        QToolTip::showText(help->globalPos(), HeatmapPainter::stateDescription(*state), this);
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
    text += QStringLiteral("<br>") +
            HeatmapPainter::stateDescription(occupancy.worst(port, last)).toHtmlEscaped();
    for (int p = port; p <= last; ++p) {
        if (m_markers.contains(p))
            text += QStringLiteral("<br><b>%1</b>").arg(m_markers.value(p).toHtmlEscaped());
        for (const QHash<int, QString> *audit : {&m_exposed, &m_closed}) {
            if (audit->contains(p))
                text += QStringLiteral("<br><b>%1</b>").arg(audit->value(p).toHtmlEscaped());
        }
    }
    // Every user of the port: service, device, protocol, bind and exception; past a dozen,
    // how many more.
    constexpr int Shown = 12;
    int listed = 0;
    int more = 0;
    for (int p = port; p <= last; ++p) {
        for (const PortUser &user : occupancy.usersOf(p)) {
            if (listed >= Shown) {
                ++more;
                continue;
            }
            const Device &device = registry.devices[user.device];
            const Service &service = device.services[user.service];
            const Binding &binding = service.ports[user.binding];
            text += QStringLiteral("<br>%1/%2 · %3 → %4 · %5%6")
                        .arg(device.name.toHtmlEscaped(), service.name.toHtmlEscaped(),
                             binding.hostLabel(), binding.container.toString(),
                             binding.bind.isEmpty() ? tr("all addresses")
                                                    : binding.bind.toHtmlEscaped(),
                             binding.exception.isEmpty()
                                 ? tr(" · no exception")
                                 : QStringLiteral(" · %1").arg(binding.exception.toHtmlEscaped()));
            ++listed;
        }
    }
    if (more > 0)
        text += QStringLiteral("<br>") + tr("+%n more", nullptr, more);
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
    if (port >= 0) {
        setCursorPort(port);
        // A press on a free port may start a drag over free ports to plan a range.
        m_anchor = m_model->occupancy().state(port) == PortState::Free ? port : -1;
        setSelection(-1, -1);
        // A click selects here; going to the binding is a double-click (or Enter).
    }
}

void HeatmapWidget::mouseMoveEvent(QMouseEvent *event)
{
    if (!(event->buttons() & Qt::LeftButton) || m_anchor < 0)
        return QWidget::mouseMoveEvent(event);
    int port = portAt(event->position().toPoint());
    if (port < 0)
        return;
    // Within the anchor's block: a binding's range never spans two purposes.
    for (const BlockOccupancy &block : m_model->occupancy().blocks()) {
        if (block.ports.contains(m_anchor))
            port = std::clamp(port, block.ports.first, block.ports.last);
    }
    setSelection(std::min(m_anchor, port), std::max(m_anchor, port));
    setCursorPort(port);
}

void HeatmapWidget::mouseReleaseEvent(QMouseEvent *event)
{
    m_anchor = -1;
    QWidget::mouseReleaseEvent(event);
}

void HeatmapWidget::setSelection(int first, int last)
{
    if (first > last)
        std::swap(first, last);
    if (first < 0)
        first = last = -1;
    if (first == m_selectionFirst && last == m_selectionLast)
        return;
    m_selectionFirst = first;
    m_selectionLast = last;
    update();
    emit selectionChanged(first, last);
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
    else if (!m_model->occupancy().usersOf(port).isEmpty())
        emit portClicked(port);
}

} // namespace portolan
