#pragma once

#include <QHash>
#include <QIconEngine>
#include <QPixmap>
#include <QString>

#include <memory>

class QSvgRenderer;

namespace portolan {

// An icon drawn from one SVG file, parsed once, when it is first painted, and rendered once per
// size and mode. Qt's own SVG icon engine is a plugin that is looked up and loaded with the first
// icon, parses each file when the icon is made (to check it) and again for every size it renders;
// at start that was a tenth of the window's construction.
class SvgIconEngine : public QIconEngine
{
public:
    explicit SvgIconEngine(const QString &fileName);
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

    QString m_fileName;
    std::unique_ptr<QSvgRenderer> m_renderer;
    QHash<quint64, QPixmap> m_pixmaps; // by size in device pixels, mode and state
};

} // namespace portolan
