#include "widgets/TabOrder.h"

#include <QAbstractSpinBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QVector>

namespace portolan {

// Every control that Tab reaches (not the inner editor of a spin or combo box, nor a frame
// that hands its focus on), sorted by where it is on screen: rows by their middle, then left
// to right. Fields added around the form (a check box, a Next free button) are in it too.
void orderTabsAsSeen(QWidget *window)
{
    // Qt makes a button box a focus proxy for its default button; standing first in the chain,
    // it sent Tab from the last button to OK instead of round to the first field.
    const QList<QDialogButtonBox *> boxes = window->findChildren<QDialogButtonBox *>();
    for (QDialogButtonBox *box : boxes)
        box->setFocusProxy(nullptr);
    struct Stop
    {
        QWidget *widget;
        QRect rect;
    };
    QVector<Stop> stops;
    const QList<QWidget *> widgets = window->findChildren<QWidget *>();
    for (QWidget *widget : widgets) {
        if (!(widget->focusPolicy() & Qt::TabFocus) || widget->focusProxy() ||
            !widget->isVisibleTo(window) || widget->isWindow())
            continue;
        bool inner = false;
        for (QWidget *up = widget->parentWidget(); up && up != window; up = up->parentWidget())
            inner |= qobject_cast<QAbstractSpinBox *>(up) || qobject_cast<QComboBox *>(up);
        if (inner)
            continue;
        stops.append({widget, QRect(widget->mapTo(window, QPoint(0, 0)), widget->size())});
    }
    std::stable_sort(stops.begin(), stops.end(), [](const Stop &a, const Stop &b) {
        return a.rect.center().y() < b.rect.center().y();
    });
    // Rows: controls whose middles are within a few pixels, then by x.
    for (int start = 0; start < stops.size();) {
        int end = start + 1;
        while (end < stops.size() &&
               stops[end].rect.center().y() - stops[start].rect.center().y() <= 8)
            ++end;
        std::stable_sort(stops.begin() + start, stops.begin() + end,
                         [](const Stop &a, const Stop &b) { return a.rect.x() < b.rect.x(); });
        start = end;
    }
    // The chain is a ring already: after the last control Tab comes round to the first (a
    // last setTabOrder(last, first) would pull the first out of its place).
    for (int i = 1; i < stops.size(); ++i)
        QWidget::setTabOrder(stops[i - 1].widget, stops[i].widget);
}

} // namespace portolan
