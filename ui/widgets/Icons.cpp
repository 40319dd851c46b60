#include "widgets/Icons.h"

#include "widgets/SvgIconEngine.h"

#include <QApplication>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStyle>
#include <QThreadPool>

namespace portolan {

namespace {

// Owned by the application object, so the icons go before it does (an icon outliving the
// application would release its pixmaps into a cache that is gone).
class IconCache : public QObject
{
public:
    explicit IconCache(QObject *parent)
        : QObject(parent)
    {
        // One worker: the icons are rendered one after the other beside the GUI thread, not
        // two at a time against it on a two-core machine.
        renderAhead.setMaxThreadCount(1);
    }
    QThreadPool renderAhead; // declared first: the icons' engines wait for it as they go
    QHash<QString, QIcon> icons;
};

} // namespace

SvgIconEngine *Icons::load(const QString &name)
{
    return new SvgIconEngine(QStringLiteral(":/icons/%1.svg").arg(name));
}

QIcon Icons::get(const QString &name)
{
    static QPointer<IconCache> cache;
    if (!cache) {
        if (!QCoreApplication::instance())
            return QIcon(load(name));
        cache = new IconCache(QCoreApplication::instance());
    }
    auto it = cache->icons.constFind(name);
    if (it == cache->icons.constEnd()) {
        SvgIconEngine *engine = load(name);
        // Most icons are first painted small (toolbar, tabs, menus, findings): that size is
        // rendered ahead while the window is still being built.
        if (qobject_cast<QApplication *>(QCoreApplication::instance())) {
            const int small = QApplication::style()->pixelMetric(QStyle::PM_SmallIconSize);
            const qreal ratio = qApp->devicePixelRatio();
            engine->renderAhead(QSize(small, small) * ratio, &cache->renderAhead);
        }
        it = cache->icons.insert(name, QIcon(engine));
    }
    return *it;
}

} // namespace portolan
