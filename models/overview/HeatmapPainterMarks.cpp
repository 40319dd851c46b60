// The heatmap's marks beyond the cells themselves: the rims that keep a lone binding from being
// a speck, the column ticks (painted again by a scrolled view), and the legend.
#include "overview/HeatmapPainter.h"
#include "overview/PaletteTone.h"

#include <QPainter>

#include <algorithm>

namespace portolan {

// At a few pixels a cell a lone binding was a 5x4 speck: each run of used ports gets a 1-px rim
// in a deeper shade of its colour, outside its cells, worse states drawn last (on top).
void HeatmapPainter::paintUsedRims(QPainter &painter, const Geometry &g,
                                   const BlockOccupancy &block, double top, int rows) const
{
    struct Run
    {
        QRectF rect;
        PortState state;
    };
    QVector<Run> runs;
    for (int row = 0; row < rows; ++row) {
        const int first = block.ports.first + row * g.portsPerRow;
        const int last = std::min(block.ports.last, first + g.portsPerRow - 1);
        const double y = top + row * g.cellHeight;
        int port = first;
        while (port <= last) {
            const PortState state = m_occupancy.state(port);
            int end = port + 1;
            while (end <= last && m_occupancy.state(end) == state)
                ++end;
            if (state >= PortState::Used)
                runs.append({QRectF(g.cellArea.left() + (port - first) * g.cellWidth, y,
                                    (end - port) * g.cellWidth, g.cellHeight),
                             state});
            port = end;
        }
    }
    std::stable_sort(runs.begin(), runs.end(),
                     [](const Run &a, const Run &b) { return a.state < b.state; });
    const bool dark = isDarkPalette(m_palette);
    for (const Run &run : runs) {
        const QColor fill = color(run.state, m_palette);
        painter.fillRect(run.rect.adjusted(-1, -1, 1, 1),
                         dark ? fill.lighter(135) : fill.darker(150));
        painter.fillRect(run.rect, fill);
    }
}

QFont HeatmapPainter::smallFont(const QFont &font)
{
    QFont small = font;
    small.setPixelSize(std::max(7, int(font.pixelSize() > 0 ? font.pixelSize() * 0.8
                                                            : QFontMetricsF(font).height() * 0.7)));
    return small;
}

// The offset within the row, every ten ports.
void HeatmapPainter::paintColumnTicks(QPainter &painter, const Geometry &g, double y) const
{
    if (!g.grid)
        return;
    painter.save();
    painter.setFont(smallFont(painter.font()));
    QColor muted = m_palette.color(QPalette::WindowText);
    muted.setAlpha(150);
    painter.setPen(muted);
    for (int column = 0; column < g.portsPerRow; column += 10) {
        const QRectF tick(g.ticks.left() + column * g.cellWidth, y, 10 * g.cellWidth,
                          g.ticks.height());
        painter.drawText(tick, Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("+%1").arg(column));
    }
    painter.restore();
}

std::optional<PortState> HeatmapPainter::legendStateAt(const Geometry &g, const QFont &font,
                                                       const QPointF &point)
{
    if (point.y() < g.legend.top() || point.y() > g.legend.top() + 22)
        return std::nullopt;
    double x = g.cellArea.left();
    const QFontMetricsF metrics(font);
    // The same steps as paintLegend: a swatch, its name, a gap.
    for (PortState state : legendStates()) {
        const double width = 17 + metrics.horizontalAdvance(stateName(state)) + 18;
        if (point.x() >= x && point.x() < x + width - 10)
            return state;
        x += width;
    }
    return std::nullopt;
}

void HeatmapPainter::paintLegend(QPainter &painter, const Geometry &g, const QColor &text,
                                 const QColor &muted) const
{
    double x = g.cellArea.left();
    const QFontMetricsF metrics(painter.font());
    const QRectF legend = g.legend;
    painter.setBrush(Qt::NoBrush);
    for (PortState state : legendStates()) {
        const QRectF swatch(x, legend.top() + 5, 12, 12);
        painter.fillRect(swatch, color(state, m_palette));
        if (state == PortState::Reserved)
            painter.fillRect(swatch, reservedHatch(m_palette));
        painter.setPen(muted);
        painter.drawRect(swatch);
        const QString name = stateName(state);
        painter.setPen(text);
        painter.drawText(QRectF(x + 17, legend.top(), metrics.horizontalAdvance(name) + 4, 22),
                         Qt::AlignLeft | Qt::AlignVCenter, name);
        x += 17 + metrics.horizontalAdvance(name) + 18;
    }
    if (g.zoomedBlock < 0 && g.portsPerBucket > 1) {
        painter.setPen(muted);
        painter.drawText(
            QRectF(g.cellArea.left(), legend.top() + 20, legend.right() - g.cellArea.left(), 18),
            Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap,
            g.forPaper ? tr("One cell = %1 ports (the worst shown); the tables list every "
                            "used port.")
                             .arg(g.portsPerBucket)
                       : tr("One cell stands for %1 ports and shows the worst of them; zoom "
                            "into a block to see each port.")
                             .arg(g.portsPerBucket));
    }
}

} // namespace portolan
