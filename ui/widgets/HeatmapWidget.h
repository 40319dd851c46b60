#pragma once

#include "overview/HeatmapPainter.h"

#include <QImage>
#include <QWidget>

namespace portolan {

class OccupancyModel;

// The whole range at a glance: one row per block, each port a cell (or a bucket of ports, with
// its worst state, when the widget is narrow). Painted from a cached image that is rebuilt only
// when the data, the size, the palette or the filter change. Hover tells who is on a port; a
// click selects that binding; a double click on a free port offers it for a new binding; a
// click on a block's label zooms into that block (and back).
class HeatmapWidget : public QWidget
{
    Q_OBJECT

public:
    explicit HeatmapWidget(OccupancyModel *model, QWidget *parent = nullptr);

    void setZoomedBlock(int block);
    // Ports to mark over the map (drift: planned but silent, or listening unplanned).
    void setMarkers(const QHash<int, QString> &markers);
    const QHash<int, QString> &markers() const { return m_markers; }
    int zoomedBlock() const { return m_zoomedBlock; }

    // Where a port is drawn, in widget coordinates (for tests and keyboard help).
    QPoint pointOf(int port);
    int portAt(const QPoint &point);
    // How often the cached image was rebuilt: it must not be on every paint.
    int cacheBuilds() const { return m_cacheBuilds; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void portClicked(int port);
    void freePortDoubleClicked(int port);
    void zoomChanged(int block);

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void invalidate();
    void ensureCache();
    HeatmapPainter painter() const;

    OccupancyModel *m_model;
    int m_zoomedBlock = -1;
    QImage m_cache;
    bool m_dirty = true;
    HeatmapPainter::Geometry m_geometry;
    int m_cacheBuilds = 0;
    QHash<int, QString> m_markers;
};

} // namespace portolan
