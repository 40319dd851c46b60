#include "widgets/AppStyle.h"

#include <QGuiApplication>
#include <QIconEngine>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QStyleOption>
#include <QWidget>

#include <algorithm>

namespace portolan {

namespace {

// A double chevron, drawn when painted in the palette's button text colour: it follows the
// theme (a fixed colour read well on one of them only, 2.5:1 on the dark one) and needs no
// image reader.
class ChevronIconEngine : public QIconEngine
{
public:
    enum class Points
    {
        Right,
        Left,
        Down,
    };

    explicit ChevronIconEngine(Points points)
        : m_points(points)
    {}

    QIconEngine *clone() const override { return new ChevronIconEngine(m_points); }
    QString key() const override { return QStringLiteral("portolan-chevron"); }

    QSize actualSize(const QSize &size, QIcon::Mode, QIcon::State) override
    {
        const int side = std::min(size.width(), size.height());
        return QSize(side, side);
    }

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State) override
    {
        const qreal side = std::min(rect.width(), rect.height());
        if (side <= 0)
            return;
        const QPalette::ColorGroup group =
            mode == QIcon::Disabled ? QPalette::Disabled : QPalette::Active;
        // Two chevrons in a 16-unit square, a 2-unit stroke.
        QPainterPath path;
        const auto chevron = [&path, this](qreal at) {
            switch (m_points) {
            case Points::Right:
                path.moveTo(at, 3);
                path.lineTo(at + 5, 8);
                path.lineTo(at, 13);
                break;
            case Points::Left:
                path.moveTo(16 - at, 3);
                path.lineTo(11 - at, 8);
                path.lineTo(16 - at, 13);
                break;
            case Points::Down:
                path.moveTo(3, at);
                path.lineTo(8, at + 5);
                path.lineTo(13, at);
                break;
            }
        };
        chevron(2.5);
        chevron(8.5);
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->translate(rect.x() + (rect.width() - side) / 2,
                           rect.y() + (rect.height() - side) / 2);
        painter->scale(side / 16, side / 16);
        painter->setPen(QPen(QGuiApplication::palette().color(group, QPalette::ButtonText), 2,
                             Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(path);
        painter->restore();
    }

    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        return scaledPixmap(size, mode, state, 1.0);
    }

    QPixmap scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State state,
                         qreal scale) override
    {
        const QSize pixels = actualSize(size, mode, state);
        QPixmap pixmap(pixels);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        paint(&painter, QRect(QPoint(), pixels), mode, state);
        painter.end();
        pixmap.setDevicePixelRatio(scale);
        return pixmap;
    }

private:
    Points m_points;
};

} // namespace

AppStyle::AppStyle(QStyle *base)
    : QProxyStyle(base)
    , m_pointsRight(new ChevronIconEngine(ChevronIconEngine::Points::Right))
    , m_pointsLeft(new ChevronIconEngine(ChevronIconEngine::Points::Left))
    , m_pointsDown(new ChevronIconEngine(ChevronIconEngine::Points::Down))
{}

QString AppStyle::baseName() const
{
    return baseStyle()->name();
}

QIcon AppStyle::standardIcon(StandardPixmap icon, const QStyleOption *option,
                             const QWidget *widget) const
{
    switch (icon) {
    case SP_ToolBarHorizontalExtensionButton: {
        const Qt::LayoutDirection direction =
            option ? option->direction
                   : (widget ? widget->layoutDirection() : QGuiApplication::layoutDirection());
        return direction == Qt::RightToLeft ? m_pointsLeft : m_pointsRight;
    }
    case SP_ToolBarVerticalExtensionButton:
        return m_pointsDown;
    default:
        return QProxyStyle::standardIcon(icon, option, widget);
    }
}

} // namespace portolan
