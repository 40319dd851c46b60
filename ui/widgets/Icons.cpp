#include "widgets/Icons.h"

#include "widgets/SvgIconEngine.h"

#include <QCoreApplication>
#include <QHash>
#include <QObject>
#include <QPointer>

namespace portolan {

namespace {

// Owned by the application object, so the icons go before it does (an icon outliving the
// application would release its pixmaps into a cache that is gone).
class IconCache : public QObject
{
public:
    using QObject::QObject;
    QHash<QString, QIcon> icons;
};

} // namespace

QIcon Icons::load(const QString &name)
{
    return QIcon(new SvgIconEngine(QStringLiteral(":/icons/%1.svg").arg(name)));
}

QIcon Icons::get(const QString &name)
{
    static QPointer<IconCache> cache;
    if (!cache) {
        if (!QCoreApplication::instance())
            return load(name);
        cache = new IconCache(QCoreApplication::instance());
    }
    auto it = cache->icons.constFind(name);
    if (it == cache->icons.constEnd())
        it = cache->icons.insert(name, load(name));
    return *it;
}

} // namespace portolan
