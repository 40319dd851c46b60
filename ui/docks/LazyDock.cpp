#include "docks/LazyDock.h"

namespace portolan {

LazyDock::LazyDock(const QString &title, QWidget *parent)
    : QDockWidget(title, parent)
{}

void LazyDock::ensureContent()
{
    if (m_built)
        return;
    m_built = true;
    QWidget *content = createContent();
    setWidget(content);
    // Shown here and now: a child added to a visible dock is otherwise shown only later, after
    // a paint of the empty dock.
    if (isVisible())
        content->show();
}

void LazyDock::showEvent(QShowEvent *event)
{
    ensureContent();
    QDockWidget::showEvent(event);
}

} // namespace portolan
