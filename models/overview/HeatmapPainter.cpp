#include "overview/HeatmapPainter.h"
#include "overview/PaletteTone.h"

#include "domain/BlockLayout.h"

#include <QObject>
#include <QPainter>
#include <QPainterPath>

#include <cmath>

namespace portolan {

namespace {

constexpr double LabelWidth = 170;
constexpr double PercentWidth = 64;
constexpr double RowHeight = 22;
constexpr double RowGap = 5;
constexpr double StripHeight = 26;
constexpr double LegendHeight = 40;   // swatches, then a line for the bucket note
constexpr double RowHeaderWidth = 46; // "20100" beside each grid row
constexpr double BandGap = 6;
constexpr double BandLabelHeight = 17; // one line of the band's label
constexpr double TickHeight = 14;      // "+0 +10 … +90" above the grid

} // namespace

HeatmapPainter::HeatmapPainter(const Registry &registry, const Occupancy &occupancy,
                               const QPalette &palette)
    : m_registry(registry)
    , m_occupancy(occupancy)
    , m_palette(palette)
{}

QColor HeatmapPainter::color(PortState state, const QPalette &palette)
{
    const bool dark = isDarkPalette(palette);
    switch (state) {
    case PortState::Free:
        return dark ? QColor(0x3a, 0x3f, 0x44) : QColor(0xe4, 0xe7, 0xea);
    case PortState::Reserved:
        return dark ? QColor(0x2c, 0x30, 0x34) : QColor(0xf3, 0xf4, 0xf5);
    case PortState::Used:
        return dark ? QColor(0x56, 0xb4, 0xe9) : QColor(0x00, 0x72, 0xb2);
    case PortState::Shared:
        // Normal in the all-devices view (each device has its own ports): a quiet slate, not
        // an alarm; conflicts keep the loud orange.
        return dark ? QColor(0x8a, 0x9b, 0xae) : QColor(0x9a, 0xac, 0xbf);
    case PortState::Misplaced:
        // Okabe-Ito's reddish purple: wrong, like a conflict, but a different fix.
        return dark ? QColor(0xe8, 0x9c, 0xc8) : QColor(0xb4, 0x4f, 0x8f);
    case PortState::Conflict:
        return dark ? QColor(0xff, 0x7a, 0x2f) : QColor(0xd5, 0x5e, 0x00);
    }
    return {};
}

QBrush HeatmapPainter::reservedHatch(const QPalette &palette)
{
    return QBrush(isDarkPalette(palette) ? QColor(0x55, 0x5b, 0x61) : QColor(0xb8, 0xbe, 0xc4),
                  Qt::BDiagPattern);
}

QString HeatmapPainter::stateName(PortState state)
{
    switch (state) {
    case PortState::Free:
        return tr("free");
    case PortState::Reserved:
        return tr("reserved");
    case PortState::Used:
        return tr("used");
    case PortState::Shared:
        return tr("used on several devices");
    case PortState::Misplaced:
        return tr("breaks the policy");
    case PortState::Conflict:
        return tr("conflict");
    }
    return {};
}

QString HeatmapPainter::stateDescription(PortState state)
{
    switch (state) {
    case PortState::Free:
        return tr("free: no binding of the devices shown uses the port");
    case PortState::Used:
        return tr("used: one device's binding holds the port");
    case PortState::Shared:
        return tr("used on several devices: each has the port on its own address (normal)");
    case PortState::Conflict:
        return tr("conflict: two bindings of one device overlap on the port");
    case PortState::Reserved:
        return tr("reserved: a block kept free; no binding belongs here");
    case PortState::Misplaced:
        return tr("breaks the policy: in a reserved block, outside the range without an "
                  "exception, or an error on its binding (see Findings)");
    default:
        return stateName(state);
    }
}

const QVector<PortState> &HeatmapPainter::legendStates()
{
    static const QVector<PortState> states{PortState::Free,     PortState::Used,
                                           PortState::Shared,   PortState::Misplaced,
                                           PortState::Conflict, PortState::Reserved};
    return states;
}

int HeatmapPainter::rowCount(int zoomedBlock) const
{
    return zoomedBlock >= 0 ? 1 : m_occupancy.blocks().size();
}

double HeatmapPainter::preferredHeight(double width, int zoomedBlock, double minimumCellWidth) const
{
    const Geometry geometry = layout(QRectF(0, 0, width, 100000), zoomedBlock, minimumCellWidth);
    return geometry.legend.bottom() + 2;
}

HeatmapPainter::Geometry HeatmapPainter::layout(const QRectF &area, int zoomedBlock,
                                                double minimumCellWidth,
                                                double minimumCellHeight) const
{
    Geometry g;
    g.zoomedBlock =
        zoomedBlock >= 0 && zoomedBlock < m_occupancy.blocks().size() ? zoomedBlock : -1;
    g.rowHeight = RowHeight;
    g.rowGap = RowGap;
    const double cellsWidth = std::max(40.0, area.width() - LabelWidth - PercentWidth);
    g.labelColumn = QRectF(area.left(), area.top(), LabelWidth, 0);
    g.cellArea = QRectF(area.left() + LabelWidth, area.top(), cellsWidth, 0);
    g.percentColumn = QRectF(g.cellArea.right(), area.top(), PercentWidth, 0);

    int blockPorts = 1;
    for (const BlockOccupancy &block : m_occupancy.blocks())
        blockPorts = std::max(blockPorts, block.size());
    double height = 0;
    if (g.zoomedBlock >= 0) {
        const int ports = m_occupancy.blocks()[g.zoomedBlock].size();
        // Square-ish cells, at least 8 px, in rows of a round number of ports.
        g.gridColumns = std::max(1, std::min(ports, cellsWidth >= 50 * 12 ? 50 : 25));
        g.cellWidth = cellsWidth / g.gridColumns;
        g.cellHeight = std::clamp(g.cellWidth, 8.0, 18.0);
        const int rows = (ports + g.gridColumns - 1) / g.gridColumns;
        height = rows * g.cellHeight;
    } else {
        // One cell per port when it fits: rows of 100 ports, each block a band of rows.
        const int perRow = std::min(blockPorts, PortsPerGridRow);
        const double gridWidth = cellsWidth - RowHeaderWidth;
        const double cellWidth = gridWidth / std::max(1, perRow);
        if (cellWidth >= minimumCellWidth && m_occupancy.isValid()) {
            g.grid = true;
            g.portsPerRow = perRow;
            g.cellWidth = cellWidth;
            int rows = 0;
            for (int b = 0; b < m_occupancy.blocks().size(); ++b)
                rows += gridRows(b, perRow);
            const int bands = m_occupancy.blocks().size();
            const double fixed = TickHeight + bands * BandGap + 8 + StripHeight + 8 + LegendHeight;
            const double fitting = (area.height() - fixed) / std::max(1, rows);
            const double lowest = gridMinimumCellHeight(minimumCellHeight);
            g.cellHeight = std::clamp(fitting, lowest, std::max(lowest, cellWidth));
            g.rowHeaderColumn = QRectF(g.cellArea.left(), area.top(), RowHeaderWidth, 0);
            g.cellArea.setLeft(g.cellArea.left() + RowHeaderWidth);
            g.ticks = QRectF(g.cellArea.left(), area.top(), perRow * cellWidth, TickHeight);
            double top = area.top() + TickHeight;
            for (int b = 0; b < bands; ++b) {
                g.bandTop.append(top);
                top += gridRows(b, perRow) * g.cellHeight + BandGap;
            }
            height = top - area.top();
            g.rowHeight = g.cellHeight;
        } else {
            const int maxCells = std::max(1, int(cellsWidth / minimumCellWidth));
            g.portsPerBucket = std::max(1, (blockPorts + maxCells - 1) / maxCells);
            g.bucketsPerRow = (blockPorts + g.portsPerBucket - 1) / g.portsPerBucket;
            height = rowCount(-1) * (RowHeight + RowGap);
        }
    }
    g.labelColumn.setHeight(height);
    g.cellArea.setHeight(height);
    g.percentColumn.setHeight(height);
    g.rowHeaderColumn.setHeight(height);
    g.outsideStrip = QRectF(area.left(), area.top() + height + 8, area.width(), StripHeight);
    g.legend = QRectF(area.left(), g.outsideStrip.bottom() + 8, area.width(), LegendHeight);
    return g;
}

int HeatmapPainter::gridRows(int block, int portsPerRow) const
{
    const int size = m_occupancy.blocks()[block].size();
    return std::max(1, (size + portsPerRow - 1) / std::max(1, portsPerRow));
}

double HeatmapPainter::gridMinimumCellHeight(double minimumCellHeight) const
{
    // Each band at least as tall as its label: a 100-port block is a single row.
    int blockPorts = 1;
    for (const BlockOccupancy &block : m_occupancy.blocks())
        blockPorts = std::max(blockPorts, block.size());
    const int perRow = std::min(blockPorts, PortsPerGridRow);
    int fewestRows = 1 << 30;
    for (int b = 0; b < m_occupancy.blocks().size(); ++b)
        fewestRows = std::min(fewestRows, gridRows(b, perRow));
    return std::max(minimumCellHeight, BandLabelHeight / std::max(1, fewestRows));
}

QSizeF HeatmapPainter::gridMinimumSize(double cellWidth, double cellHeight) const
{
    cellHeight = gridMinimumCellHeight(cellHeight);
    int blockPorts = 1;
    for (const BlockOccupancy &block : m_occupancy.blocks())
        blockPorts = std::max(blockPorts, block.size());
    const int perRow = std::min(blockPorts, PortsPerGridRow);
    int rows = 0;
    for (int b = 0; b < m_occupancy.blocks().size(); ++b)
        rows += gridRows(b, perRow);
    const double width = LabelWidth + RowHeaderWidth + perRow * cellWidth + PercentWidth;
    const double height = TickHeight + rows * cellHeight + m_occupancy.blocks().size() * BandGap +
                          8 + StripHeight + 8 + LegendHeight;
    return {width, height};
}

QRectF HeatmapPainter::cellRect(const Geometry &g, int port) const
{
    if (g.grid) {
        for (int b = 0; b < m_occupancy.blocks().size(); ++b) {
            const BlockOccupancy &block = m_occupancy.blocks()[b];
            if (!block.ports.contains(port))
                continue;
            const int offset = port - block.ports.first;
            return {g.cellArea.left() + (offset % g.portsPerRow) * g.cellWidth,
                    g.bandTop[b] + (offset / g.portsPerRow) * g.cellHeight, g.cellWidth,
                    g.cellHeight};
        }
        return {};
    }
    if (g.zoomedBlock >= 0) {
        const BlockOccupancy &block = m_occupancy.blocks()[g.zoomedBlock];
        if (!block.ports.contains(port))
            return {};
        const int offset = port - block.ports.first;
        return {g.cellArea.left() + (offset % g.gridColumns) * g.cellWidth,
                g.cellArea.top() + (offset / g.gridColumns) * g.cellHeight, g.cellWidth,
                g.cellHeight};
    }
    return {};
}

// A band's rows of cells, each with its first port as a header; runs of one state are drawn
// as one rectangle (fewer shapes, a crisper PDF).
// Row header: the first port of the row, when the row is tall enough to read it or it starts a
// band or a hundred.
void HeatmapPainter::paintRowHeader(QPainter &painter, const Geometry &g, int row, int first,
                                    double y, double x, const QFont &small,
                                    const QColor &muted) const
{
    if (g.cellHeight < 9 && row != 0 && (first % 500) != 0)
        return;
    painter.setFont(small);
    painter.setPen(muted);
    painter.drawText(
        QRectF(x, y - (g.cellHeight < 9 ? 3 : 0), RowHeaderWidth - 6, std::max(g.cellHeight, 9.0)),
        Qt::AlignRight | Qt::AlignVCenter, QString::number(first));
}

void HeatmapPainter::paintRowHeaders(QPainter &painter, const Geometry &g, double x) const
{
    if (!g.grid)
        return;
    painter.save();
    QColor muted = m_palette.color(QPalette::WindowText);
    muted.setAlpha(150);
    const QFont small = smallFont(painter.font());
    for (int b = 0; b < m_occupancy.blocks().size(); ++b) {
        const BlockOccupancy &block = m_occupancy.blocks()[b];
        const int rows = gridRows(b, g.portsPerRow);
        for (int row = 0; row < rows; ++row)
            paintRowHeader(painter, g, row, block.ports.first + row * g.portsPerRow,
                           g.bandTop[b] + row * g.cellHeight, x, small, muted);
    }
    painter.restore();
}

double HeatmapPainter::rowHeaderWidth()
{
    return RowHeaderWidth;
}

void HeatmapPainter::paintBandRows(QPainter &painter, const Geometry &g,
                                   const BlockOccupancy &block, bool reservedBlock, double top,
                                   int rows, const QFont &small, const QColor &muted) const
{
    const QBrush hatch = reservedHatch(m_palette);
    for (int row = 0; row < rows; ++row) {
        const int first = block.ports.first + row * g.portsPerRow;
        const int last = std::min(block.ports.last, first + g.portsPerRow - 1);
        const double y = top + row * g.cellHeight;
        paintRowHeader(painter, g, row, first, y, g.rowHeaderColumn.left(), small, muted);
        // Runs of one state as one rectangle: fewer shapes, a crisper PDF.
        int runStart = first;
        PortState runState = m_occupancy.state(first);
        auto flush = [&](int end) { // end exclusive
            const QRectF r(g.cellArea.left() + (runStart - first) * g.cellWidth, y,
                           (end - runStart) * g.cellWidth, g.cellHeight);
            painter.fillRect(r, color(runState, m_palette));
            if (runState == PortState::Reserved || (reservedBlock && runState == PortState::Free))
                painter.fillRect(r, hatch);
        };
        for (int port = first + 1; port <= last; ++port) {
            const PortState state = m_occupancy.state(port);
            if (state != runState) {
                flush(port);
                runStart = port;
                runState = state;
            }
        }
        flush(last + 1);
    }
}

void HeatmapPainter::paintGrid(QPainter &painter, const Geometry &g) const
{
    const Policy &policy = m_registry.policy;
    const QColor text = m_palette.color(QPalette::WindowText);
    QColor muted = text;
    muted.setAlpha(150);
    QColor gridLine = m_palette.color(QPalette::Window);
    const QFont font = painter.font();
    const QFont small = smallFont(font);
    paintColumnTicks(painter, g, g.ticks.top());

    const bool numbered = g.cellWidth >= 22 && g.cellHeight >= 11;
    for (int b = 0; b < m_occupancy.blocks().size(); ++b) {
        const BlockOccupancy &block = m_occupancy.blocks()[b];
        const Block &definition = policy.blocks[b];
        const bool reservedBlock = definition.isReserved();
        const int rows = gridRows(b, g.portsPerRow);
        const double top = g.bandTop[b];
        // The band's label beside it: first port and purpose, then fill and conflicts.
        QFont bold = font;
        bold.setBold(!reservedBlock);
        painter.setFont(bold);
        painter.setPen(text);
        const double bandHeight = rows * g.cellHeight;
        const QRectF label(g.labelColumn.left(), top, g.labelColumn.width() - 8, bandHeight);
        painter.drawText(
            label, Qt::AlignLeft | Qt::AlignTop,
            QStringLiteral("%1 · %2").arg(block.ports.first).arg(definition.displayName()));
        painter.setFont(font);
        painter.setPen(block.conflicts > 0 ? color(PortState::Conflict, m_palette) : muted);
        const QString fill =
            reservedBlock && block.used == 0
                ? QStringLiteral("—")
                : QString::number(block.percent(), 'f', block.percent() < 10 ? 1 : 0) + u'%';
        painter.drawText(
            QRectF(g.percentColumn.left() + 6, top, g.percentColumn.width() - 6, bandHeight),
            Qt::AlignRight | Qt::AlignTop, fill);

        paintBandRows(painter, g, block, reservedBlock, top, rows, small, muted);
        // Cell edges once cells are large enough to tell apart; every tenth column always.
        painter.setPen(QPen(gridLine, g.cellWidth >= 6 ? 1 : 0.5));
        const double bottom = top + bandHeight;
        for (int column = 0; column <= g.portsPerRow; ++column) {
            if (g.cellWidth < 6 && column % 10 != 0)
                continue;
            const double x = g.cellArea.left() + column * g.cellWidth;
            painter.drawLine(QPointF(x, top), QPointF(x, bottom));
        }
        if (g.cellHeight >= 6) {
            for (int row = 0; row <= rows; ++row)
                painter.drawLine(QPointF(g.cellArea.left(), top + row * g.cellHeight),
                                 QPointF(g.cellArea.left() + g.portsPerRow * g.cellWidth,
                                         top + row * g.cellHeight));
        }
        if (g.cellWidth < 8 || g.cellHeight < 8)
            paintUsedRims(painter, g, block, top, rows);
        // In the all-devices view a port several devices use is normal: its cell says how
        // many, once there is room for a digit.
        if (!numbered && g.cellWidth >= 9 && g.cellHeight >= 9) {
            painter.setFont(small);
            painter.setPen(text);
            for (int port = block.ports.first; port <= block.ports.last; ++port) {
                if (m_occupancy.state(port) != PortState::Shared)
                    continue;
                painter.drawText(cellRect(g, port), Qt::AlignCenter,
                                 QString::number(m_occupancy.usersOf(port).size()));
            }
        }
        if (numbered) {
            painter.setFont(small);
            for (int port = block.ports.first; port <= block.ports.last; ++port) {
                const QRectF cell = cellRect(g, port);
                const PortState state = m_occupancy.state(port);
                painter.setPen(state == PortState::Free || state == PortState::Reserved
                                   ? muted
                                   : QColor(Qt::white));
                painter.drawText(cell, Qt::AlignCenter, QString::number(port % 1000));
            }
        }
    }
    painter.setFont(font);
}

void HeatmapPainter::paintCells(QPainter &painter, const QRectF &rect, int first, int last,
                                int perCell, int cells, bool reservedBlock) const
{
    const double width = rect.width() / std::max(1, cells);
    // Neighbouring cells of one colour are drawn as one rectangle: fewer shapes, crisper PDF.
    int runStart = 0;
    PortState runState = PortState::Free;
    auto flush = [&](int end) {
        if (end <= runStart)
            return;
        QRectF r(rect.left() + runStart * width, rect.top(), (end - runStart) * width,
                 rect.height());
        painter.fillRect(r, color(runState, m_palette));
        if (runState == PortState::Reserved || (reservedBlock && runState == PortState::Free)) {
            const QBrush hatch = reservedHatch(m_palette);
            painter.fillRect(r, hatch);
        }
    };
    for (int cell = 0; cell < cells; ++cell) {
        const int from = first + cell * perCell;
        if (from > last) {
            flush(cell);
            runStart = cells;
            break;
        }
        const PortState state = m_occupancy.worst(from, std::min(last, from + perCell - 1));
        if (cell == 0) {
            runState = state;
        } else if (state != runState) {
            flush(cell);
            runStart = cell;
            runState = state;
        }
        if (cell == cells - 1)
            flush(cells);
    }
}

// Ports outside the range: each exception port as a labelled chip.
void HeatmapPainter::paintOutsideRange(QPainter &painter, const Geometry &g,
                                       const QColor &muted) const
{
    painter.setPen(muted);
    QRectF strip = g.outsideStrip;
    painter.drawText(QRectF(strip.left(), strip.top(), LabelWidth - 8, strip.height()),
                     Qt::AlignLeft | Qt::AlignVCenter, tr("Outside the range"));
    double x = g.cellArea.left();
    const QFontMetricsF metrics(painter.font());
    QStringList seen;
    for (const OutsidePort &outside : m_occupancy.outside()) {
        const QString label = outside.ports.toString() + u'/' + outside.protocol;
        if (seen.contains(label))
            continue;
        seen << label;
        const double width = metrics.horizontalAdvance(label) + 14;
        if (x + width > strip.right())
            break;
        const QRectF chip(x, strip.top() + 3, width, strip.height() - 6);
        const PortState state =
            outside.exception.isEmpty() ? PortState::Misplaced : PortState::Used;
        painter.setPen(Qt::NoPen);
        painter.setBrush(color(state, m_palette));
        painter.drawRoundedRect(chip, 4, 4);
        painter.setPen(Qt::white);
        painter.drawText(chip, Qt::AlignCenter, label);
        x += width + 6;
    }
    if (m_occupancy.outside().isEmpty()) {
        painter.setPen(muted);
        painter.drawText(QRectF(x, strip.top(), strip.right() - x, strip.height()),
                         Qt::AlignLeft | Qt::AlignVCenter, tr("none"));
    }
}

void HeatmapPainter::paint(QPainter &painter, const Geometry &g) const
{
    painter.save();
    const QColor text = m_palette.color(QPalette::WindowText);
    QColor muted = text;
    muted.setAlpha(150);
    QFont font = painter.font();
    const Policy &policy = m_registry.policy;

    if (!m_occupancy.isValid()) {
        painter.setPen(text);
        painter.drawText(g.cellArea.adjusted(0, 0, 0, 40), Qt::AlignLeft | Qt::AlignTop,
                         tr("The policy range is not valid: nothing to show."));
        painter.restore();
        return;
    }

    auto drawRowLabel = [&](int b, const QRectF &rowRect) {
        const Block &block = policy.blocks[b];
        const BlockOccupancy &occupancy = m_occupancy.blocks()[b];
        painter.setPen(text);
        QFont bold = font;
        bold.setBold(!block.isReserved());
        painter.setFont(bold);
        const QRectF label(g.labelColumn.left(), rowRect.top(), g.labelColumn.width() - 8,
                           rowRect.height());
        painter.drawText(label, Qt::AlignLeft | Qt::AlignVCenter,
                         QStringLiteral("%1 · %2").arg(QString::number(occupancy.ports.first),
                                                       block.displayName()));
        painter.setFont(font);
        painter.setPen(occupancy.conflicts > 0 ? color(PortState::Conflict, m_palette) : muted);
        const QRectF percent(g.percentColumn.left() + 6, rowRect.top(), g.percentColumn.width() - 6,
                             rowRect.height());
        painter.drawText(
            percent, Qt::AlignRight | Qt::AlignVCenter,
            block.isReserved() && occupancy.used == 0
                ? QStringLiteral("—")
                : QString::number(occupancy.percent(), 'f', occupancy.percent() < 10 ? 1 : 0) +
                      u'%');
    };

    if (g.grid) {
        paintGrid(painter, g);
    } else if (g.zoomedBlock >= 0) {
        const int b = g.zoomedBlock;
        const BlockOccupancy &block = m_occupancy.blocks()[b];
        drawRowLabel(
            b, QRectF(g.labelColumn.left(), g.cellArea.top(), g.labelColumn.width(), RowHeight));
        const bool reserved = policy.blocks[b].isReserved();
        for (int i = 0; i < block.size(); ++i) {
            const int port = block.ports.first + i;
            const QRectF cell(g.cellArea.left() + (i % g.gridColumns) * g.cellWidth,
                              g.cellArea.top() + (i / g.gridColumns) * g.cellHeight, g.cellWidth,
                              g.cellHeight);
            const PortState state = m_occupancy.state(port);
            painter.fillRect(cell.adjusted(0.5, 0.5, -0.5, -0.5), color(state, m_palette));
            if (reserved && state == PortState::Reserved)
                painter.fillRect(cell.adjusted(0.5, 0.5, -0.5, -0.5), reservedHatch(m_palette));
        }
    } else {
        for (int b = 0; b < m_occupancy.blocks().size(); ++b) {
            const double top = g.cellArea.top() + b * (RowHeight + RowGap);
            const QRectF rowRect(g.cellArea.left(), top, g.cellArea.width(), RowHeight);
            const BlockOccupancy &block = m_occupancy.blocks()[b];
            const int cells = (block.size() + g.portsPerBucket - 1) / g.portsPerBucket;
            const QRectF cellsRect(rowRect.left(), rowRect.top(),
                                   rowRect.width() * cells / std::max(1, g.bucketsPerRow),
                                   rowRect.height());
            paintCells(painter, cellsRect, block.ports.first, block.ports.last, g.portsPerBucket,
                       cells, policy.blocks[b].isReserved());
            drawRowLabel(b, QRectF(g.labelColumn.left(), top, g.labelColumn.width(), RowHeight));
        }
    }

    paintOutsideRange(painter, g, muted);
    paintLegend(painter, g, text, muted);
    painter.restore();
}

int HeatmapPainter::portAt(const Geometry &g, const QPointF &point) const
{
    if (!g.cellArea.contains(point) || !m_occupancy.isValid())
        return -1;
    if (g.grid) {
        const int column = int((point.x() - g.cellArea.left()) / g.cellWidth);
        if (column < 0 || column >= g.portsPerRow)
            return -1;
        for (int b = 0; b < m_occupancy.blocks().size(); ++b) {
            const double top = g.bandTop[b];
            const int rows = gridRows(b, g.portsPerRow);
            if (point.y() < top || point.y() >= top + rows * g.cellHeight)
                continue;
            const BlockOccupancy &block = m_occupancy.blocks()[b];
            const int port =
                block.ports.first + int((point.y() - top) / g.cellHeight) * g.portsPerRow + column;
            return port <= block.ports.last ? port : -1;
        }
        return -1;
    }
    if (g.zoomedBlock >= 0) {
        const BlockOccupancy &block = m_occupancy.blocks()[g.zoomedBlock];
        const int column = int((point.x() - g.cellArea.left()) / g.cellWidth);
        const int row = int((point.y() - g.cellArea.top()) / g.cellHeight);
        const int index = row * g.gridColumns + column;
        return index >= 0 && index < block.size() ? block.ports.first + index : -1;
    }
    const double rowPitch = RowHeight + RowGap;
    const int b = int((point.y() - g.cellArea.top()) / rowPitch);
    if (b < 0 || b >= m_occupancy.blocks().size() ||
        point.y() - g.cellArea.top() - b * rowPitch > RowHeight)
        return -1;
    const double cellWidth = g.cellArea.width() / std::max(1, g.bucketsPerRow);
    const int cell = int((point.x() - g.cellArea.left()) / cellWidth);
    const BlockOccupancy &block = m_occupancy.blocks()[b];
    const int port = block.ports.first + cell * g.portsPerBucket;
    return port <= block.ports.last ? port : -1;
}

QPointF HeatmapPainter::centerOf(const Geometry &g, int port) const
{
    if (g.grid) {
        const QRectF cell = cellRect(g, port);
        return cell.isNull() ? QPointF() : cell.center();
    }
    for (int b = 0; b < m_occupancy.blocks().size(); ++b) {
        const BlockOccupancy &block = m_occupancy.blocks()[b];
        if (!block.ports.contains(port))
            continue;
        const int offset = port - block.ports.first;
        if (g.zoomedBlock >= 0) {
            if (b != g.zoomedBlock)
                return {};
            return {g.cellArea.left() + (offset % g.gridColumns + 0.5) * g.cellWidth,
                    g.cellArea.top() + (offset / g.gridColumns + 0.5) * g.cellHeight};
        }
        const double cellWidth = g.cellArea.width() / std::max(1, g.bucketsPerRow);
        return {g.cellArea.left() + (offset / g.portsPerBucket + 0.5) * cellWidth,
                g.cellArea.top() + b * (RowHeight + RowGap) + RowHeight / 2};
    }
    return {};
}

int HeatmapPainter::blockLabelAt(const Geometry &g, const QPointF &point) const
{
    if (point.x() < g.labelColumn.left() || point.x() > g.labelColumn.right())
        return -1;
    if (g.grid) {
        for (int b = 0; b < m_occupancy.blocks().size(); ++b) {
            const double top = g.bandTop[b];
            const double height = gridRows(b, g.portsPerRow) * g.cellHeight;
            if (point.y() >= top && point.y() < top + height)
                return b;
        }
        return -1;
    }
    if (g.zoomedBlock >= 0)
        return point.y() >= g.cellArea.top() && point.y() <= g.cellArea.top() + RowHeight
                   ? g.zoomedBlock
                   : -1;
    const double rowPitch = RowHeight + RowGap;
    const int b = int((point.y() - g.cellArea.top()) / rowPitch);
    return b >= 0 && b < m_occupancy.blocks().size() ? b : -1;
}

} // namespace portolan
