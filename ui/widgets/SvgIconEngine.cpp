#include "widgets/SvgIconEngine.h"

#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QStyle>
#include <QStyleOption>
#include <QSvgRenderer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace portolan {

namespace {

constexpr qreal DisabledOpacity = 0.38;

} // namespace

SvgIconEngine::SvgIconEngine(const QString &fileName)
    : m_fileName(fileName)
{}

SvgIconEngine::~SvgIconEngine()
{
    // Not rendered for nothing when it has not started (an icon dropped at quit); waited for
    // when it has, as it renders from this engine's file name.
    m_ahead.cancel();
    m_ahead.waitForFinished();
}

void SvgIconEngine::renderAhead(const QSize &pixels, QThreadPool *pool)
{
    if (pixels.isEmpty() || m_ahead.isValid())
        return;
    m_aheadSize = pixels;
    // A renderer of its own: QSvgRenderer is a QObject of the thread that makes it, and the
    // engine's renderer belongs to the GUI thread.
    m_ahead = QtConcurrent::run(pool, [fileName = m_fileName, pixels] {
        QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QSvgRenderer renderer(fileName);
        if (renderer.isValid()) {
            QPainter painter(&image);
            renderer.render(&painter);
        }
        return image;
    });
}

QIconEngine *SvgIconEngine::clone() const
{
    return new SvgIconEngine(m_fileName);
}

QString SvgIconEngine::key() const
{
    return QStringLiteral("portolan-svg");
}

QSvgRenderer *SvgIconEngine::renderer()
{
    if (!m_renderer)
        m_renderer = std::make_unique<QSvgRenderer>(m_fileName);
    return m_renderer.get();
}

bool SvgIconEngine::isNull()
{
    // Not parsed to answer: setting an icon asks, and the first parse (with the SVG reader's own
    // start) would then happen while the window is built instead of when it is painted. The
    // files are the app's own, tst_mainwindow renders each of them.
    return m_fileName.isEmpty();
}

QSize SvgIconEngine::actualSize(const QSize &size, QIcon::Mode, QIcon::State)
{
    // Square icons that scale to any size, and keep square in a space that is not (a toolbar's
    // overflow button asks for 12x16): stretched, a chevron came out squeezed.
    const int side = std::min(size.width(), size.height());
    return QSize(side, side);
}

QPixmap SvgIconEngine::pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state)
{
    return scaledPixmap(size, mode, state, 1.0);
}

QPixmap SvgIconEngine::scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State state,
                                    qreal scale)
{
    // As QIcon::pixmap() calls it: size is in device pixels already, scale says for which ratio.
    const QSize pixels = actualSize(size, mode, state);
    if (pixels.isEmpty())
        return QPixmap();
    const quint64 cacheKey = (quint64(pixels.width()) << 32) | (quint64(pixels.height()) << 16) |
                             (quint64(mode) << 8) | quint64(state);
    if (auto it = m_pixmaps.constFind(cacheKey); it != m_pixmaps.constEnd())
        return *it;
    QImage image = render(pixels);
    if (mode == QIcon::Disabled) {
        // Faded, not the style's grey: on a dark palette Fusion lightens a disabled icon, and the
        // disabled Undo stood out brighter than the enabled one beside it. Faded reads as
        // unavailable on any background, and does not depend on the palette it was cached in.
        QImage faded(image.size(), QImage::Format_ARGB32_Premultiplied);
        faded.fill(Qt::transparent);
        QPainter painter(&faded);
        painter.setOpacity(DisabledOpacity);
        painter.drawImage(0, 0, image);
        painter.end();
        image = std::move(faded);
    }
    QPixmap pixmap = QPixmap::fromImage(std::move(image));
    if (mode != QIcon::Normal && mode != QIcon::Disabled &&
        qobject_cast<QApplication *>(QCoreApplication::instance())) {
        // The selected look as the style draws it for any icon.
        QStyleOption option;
        option.palette = QApplication::palette();
        const QPixmap styled = QApplication::style()->generatedIconPixmap(mode, pixmap, &option);
        if (!styled.isNull())
            pixmap = styled;
    }
    pixmap.setDevicePixelRatio(scale);
    m_pixmaps.insert(cacheKey, pixmap);
    return pixmap;
}

QImage SvgIconEngine::render(const QSize &pixels)
{
    if (m_ahead.isValid() && pixels == m_aheadSize)
        return m_ahead.result(); // kept: the disabled look of the same size starts from it
    QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    if (renderer()->isValid()) {
        QPainter painter(&image);
        renderer()->render(&painter);
    }
    return image;
}

void SvgIconEngine::paint(QPainter *painter, const QRect &rect, QIcon::Mode mode,
                          QIcon::State state)
{
    const qreal scale = painter->device() ? painter->device()->devicePixelRatio() : 1.0;
    QRect square(QPoint(), actualSize(rect.size(), mode, state));
    square.moveCenter(rect.center());
    painter->drawPixmap(square, scaledPixmap(square.size() * scale, mode, state, scale));
}

} // namespace portolan
