#include "docks/LazyDock.h"

#include <utility>

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

void LazyDock::placeWhenFirstShown(std::function<void()> place)
{
    m_place = std::move(place);
}

void LazyDock::setVisible(bool visible)
{
    // Its View action, and show() from the code, both come here first. The content comes before
    // the place: the dock area sizes itself to what the dock holds.
    if (visible && m_place) {
        ensureContent();
        std::exchange(m_place, nullptr)();
    }
    QDockWidget::setVisible(visible);
}

void LazyDock::showEvent(QShowEvent *event)
{
    ensureContent();
    QDockWidget::showEvent(event);
}

} // namespace portolan
