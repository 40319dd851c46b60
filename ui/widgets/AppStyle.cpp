#include "widgets/AppStyle.h"

#include "widgets/Icons.h"

#include <QGuiApplication>
#include <QWidget>

namespace portolan {

AppStyle::AppStyle(QStyle *base)
    : QProxyStyle(base)
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
        return Icons::get(direction == Qt::RightToLeft ? QStringLiteral("extension-h-rtl")
                                                       : QStringLiteral("extension-h"));
    }
    case SP_ToolBarVerticalExtensionButton:
        return Icons::get(QStringLiteral("extension-v"));
    default:
        return QProxyStyle::standardIcon(icon, option, widget);
    }
}

} // namespace portolan
