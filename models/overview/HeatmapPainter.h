#pragma once

#include <QCoreApplication>

#include "check/Occupancy.h"

#include <QBrush>
#include <QColor>
#include <QPalette>
#include <QRectF>

#include <optional>

class QPainter;

namespace portolan {

// Draws the range heatmap with QPainter, as vectors: the widget paints it into a cached image,
// the printed overview straight onto PDF pages. One row per block (label left, fill right),
// ports as cells, bucketed when there is less than a few pixels per port; a strip for the
// exception ports outside the range; a legend. Colours are Okabe-Ito (colour-blind safe),
// lightened on a dark palette; reserved blocks are hatched.
class HeatmapPainter
{
    Q_DECLARE_TR_FUNCTIONS(HeatmapPainter)

public:
    struct Geometry
    {
        QRectF labelColumn;
        QRectF cellArea;
        QRectF percentColumn;
        double rowHeight = 0;
        double rowGap = 0;
        int portsPerBucket = 1;
        int bucketsPerRow = 0;
        // zoomed: one block laid out as a grid of single ports
        int zoomedBlock = -1;
        int gridColumns = 0;
        double cellWidth = 0;
        double cellHeight = 0;
        // grid: every port its own cell, each block a band of rows of portsPerRow ports,
        // with the port number of each row's first port in the row-header column.
        bool grid = false;
        int portsPerRow = 0;
        QRectF rowHeaderColumn;
        QRectF ticks;            // "+0 +10 … +90" above the first band
        QVector<double> bandTop; // per block, the top of its first row
        QRectF outsideStrip;
        QRectF legend;
        // On paper the legend speaks of the tables, not of hovering and zooming.
        bool forPaper = false;
    };

    HeatmapPainter(const Registry &registry, const Occupancy &occupancy, const QPalette &palette);

    // zoomedBlock -1: every block. Every port gets its own cell when cells can be at least
    // minimumCellWidth wide; their height fills the area, from minimumCellHeight up to square.
    Geometry layout(const QRectF &area, int zoomedBlock = -1, double minimumCellWidth = 3.0,
                    double minimumCellHeight = 3.0) const;
    // The smallest size that shows every port in its own cell at that cell size.
    QSizeF gridMinimumSize(double cellWidth, double cellHeight) const;
    // The rectangle of a port's cell (null when it is not shown as a cell of its own).
    QRectF cellRect(const Geometry &geometry, int port) const;
    void paint(QPainter &painter, const Geometry &geometry) const;
    // The column ticks alone, with their top at y (a view keeps them in sight when scrolled).
    void paintColumnTicks(QPainter &painter, const Geometry &geometry, double y) const;
    // Each row's first port, right-aligned in a column from x (kept in sight likewise).
    void paintRowHeaders(QPainter &painter, const Geometry &geometry, double x) const;
    static double rowHeaderWidth();
    // The port under a point (-1 for none) and the block whose label is there (-1 for none).
    int portAt(const Geometry &geometry, const QPointF &point) const;
    int blockLabelAt(const Geometry &geometry, const QPointF &point) const;
    // Centre of the cell that shows a port (null point when it is not shown).
    QPointF centerOf(const Geometry &geometry, int port) const;
    // Height the heatmap needs at a width (for printing and size hints).
    double preferredHeight(double width, int zoomedBlock = -1, double minimumCellWidth = 3.0) const;

    static QColor color(PortState state, const QPalette &palette);
    // The hatching laid over reserved ports (the heatmap, its legend, the port strip).
    static QBrush reservedHatch(const QPalette &palette);
    static QString stateName(PortState state);
    // The name with what it means, where a name alone would leave the user guessing.
    static QString stateDescription(PortState state);
    // The states the legend explains, in its order.
    static const QVector<PortState> &legendStates();
    // The legend entry under a point (its state), for a tooltip that says what it means.
    static std::optional<PortState> legendStateAt(const Geometry &g, const QFont &font,
                                                  const QPointF &point);

    static constexpr int PortsPerGridRow = 100;

private:
    static QFont smallFont(const QFont &font);
    int rowCount(int zoomedBlock) const;
    int gridRows(int block, int portsPerRow) const;
    double gridMinimumCellHeight(double minimumCellHeight) const;
    void paintOutsideRange(QPainter &painter, const Geometry &g, const QColor &muted) const;
    void paintLegend(QPainter &painter, const Geometry &g, const QColor &text,
                     const QColor &muted) const;
    void paintBandRows(QPainter &painter, const Geometry &g, const BlockOccupancy &block,
                       bool reservedBlock, double top, int rows, const QFont &small,
                       const QColor &muted) const;
    void paintGrid(QPainter &painter, const Geometry &geometry) const;
    void paintRowHeader(QPainter &painter, const Geometry &g, int row, int first, double y,
                        double x, const QFont &small, const QColor &muted) const;
    void paintUsedRims(QPainter &painter, const Geometry &g, const BlockOccupancy &block,
                       double top, int rows) const;
    void paintCells(QPainter &painter, const QRectF &rect, int first, int last, int perCell,
                    int cells, bool reservedBlock) const;

    const Registry &m_registry;
    const Occupancy &m_occupancy;
    QPalette m_palette;
};

} // namespace portolan
