#pragma once

#include "overview/HeatmapPainter.h"

#include <QImage>
#include <QWidget>

namespace portolan {

class OccupancyModel;

// The whole range at a glance: every port its own cell, 100 to a row, each block a band of
// rows with its purpose and fill beside it (a bucket of ports per cell only when the widget is
// too narrow even for 3-pixel cells). Painted from a cached image that is rebuilt only when the
// data, the size, the palette or the filter change. Hover tells who is on a port; a click
// selects that binding; a double click (or Enter) on a free port offers it for a new binding;
// a click on a block's label zooms into that block (and back). Ctrl+wheel and Ctrl+plus/minus
// scale the cells (large enough, they show their port numbers); Esc or Backspace zooms out.
// A keyboard cursor moves by arrow keys, Home/End (row), PgUp/PgDn (block), and the port under
// it is what the accessibility tree announces.
class HeatmapWidget : public QWidget
{
    Q_OBJECT

public:
    explicit HeatmapWidget(OccupancyModel *model, QWidget *parent = nullptr);

    void setZoomedBlock(int block);
    // Ports to mark over the map (drift: planned but silent, or listening unplanned).
    void setMarkers(const QHash<int, QString> &markers);
    const QHash<int, QString> &markers() const { return m_markers; }
    // Ports an audit found answering where the plan does not open them (drawn to stand out:
    // a ring in the error colour around the cell) or silent where it does.
    void setAuditMarkers(const QHash<int, QString> &exposed, const QHash<int, QString> &closed);
    const QHash<int, QString> &exposedMarkers() const { return m_exposed; }
    int zoomedBlock() const { return m_zoomedBlock; }
    // Cell scale, 1 (fit the window) to 8.
    double zoom() const { return m_zoom; }
    void setZoom(double zoom);
    // The keyboard cursor's port (-1 before the first key).
    int cursorPort() const { return m_cursor; }
    void setCursorPort(int port);
    void clearCursor();
    // The ports chosen by dragging over the map (or by the free-run finder); first -1: none.
    void setSelection(int first, int last);
    int selectionFirst() const { return m_selectionFirst; }
    int selectionLast() const { return m_selectionLast; }
    // What the cursor's port is, in words (the accessible description).
    QString describePort(int port) const;

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
    void cursorMoved(int port);
    void selectionChanged(int first, int last);
    void zoomScaleChanged(double zoom);

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void moveEvent(QMoveEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void invalidate();
    void ensureCursorVisible();
    void ensureCache();
    HeatmapPainter painter() const;
    void paintAuditMarkers(QPainter &p, const HeatmapPainter &heatmap);

    OccupancyModel *m_model;
    int m_zoomedBlock = -1;
    QImage m_cache;
    bool m_dirty = true;
    HeatmapPainter::Geometry m_geometry;
    int m_cacheBuilds = 0;
    QHash<int, QString> m_markers;
    QHash<int, QString> m_exposed;
    QHash<int, QString> m_closed;
    double m_zoom = 1.0;
    int m_cursor = -1;
    int m_anchor = -1;           // where a drag started
    bool m_followCursor = false; // bring the cursor into view after the next resize
    int m_selectionFirst = -1;
    int m_selectionLast = -1;
};

} // namespace portolan
