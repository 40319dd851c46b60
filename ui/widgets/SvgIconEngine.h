#pragma once

#include <QFuture>
#include <QHash>
#include <QIconEngine>
#include <QImage>
#include <QPixmap>
#include <QString>

#include <memory>

class QSvgRenderer;
class QThreadPool;

namespace portolan {

// An icon drawn from one SVG file, parsed once, when it is first painted, and rendered once per
// size and mode. Qt's own SVG icon engine is a plugin that is looked up and loaded with the first
// icon, parses each file when the icon is made (to check it) and again for every size it renders;
// at start that was a tenth of the window's construction.
//
// An icon can also be rendered ahead, on a worker thread, at the size it will most likely be
// painted at first (renderAhead): the window's first frame then finds its toolbar icons ready
// instead of parsing eight files between building the window and showing it.
class SvgIconEngine : public QIconEngine
{
public:
    explicit SvgIconEngine(const QString &fileName);
    // Starts rendering the icon at `pixels` (device pixels) on `pool`, for the first request of
    // that size; any other size is rendered when asked for, as without it.
    void renderAhead(const QSize &pixels, QThreadPool *pool);
    ~SvgIconEngine() override;

    QIconEngine *clone() const override;
    QString key() const override;
    bool isNull() override;
    QSize actualSize(const QSize &size, QIcon::Mode mode, QIcon::State state) override;
    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override;
    QPixmap scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State state,
                         qreal scale) override;
    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state) override;

private:
    QSvgRenderer *renderer();
    QImage render(const QSize &pixels);

    QString m_fileName;
    std::unique_ptr<QSvgRenderer> m_renderer;
    QHash<quint64, QPixmap> m_pixmaps; // by size in device pixels, mode and state
    QSize m_aheadSize;
    QFuture<QImage> m_ahead;
};

} // namespace portolan
