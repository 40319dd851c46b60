#include "pages/LazyPage.h"

#include <QVBoxLayout>

namespace portolan {

LazyPage::LazyPage(QWidget *parent)
    : QWidget(parent)
{
    new QVBoxLayout(this);
}

void LazyPage::ensureContent()
{
    if (m_built)
        return;
    m_built = true;
    QWidget *content = createContent();
    layout()->addWidget(content);
    // Shown here and now: a child added to a visible page is otherwise shown only later, after
    // a paint of the empty page.
    if (isVisible())
        content->show();
}

void LazyPage::showEvent(QShowEvent *event)
{
    ensureContent();
    QWidget::showEvent(event);
}

} // namespace portolan
