#include "widgets/SeverityDelegate.h"

#include "itemmodels/ItemRoles.h"
#include "widgets/SeverityStyle.h"

namespace portolan {

SeverityDelegate::SeverityDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{}

void SeverityDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const QVariant severityValue = index.data(SeverityRole);
    const int severity = severityValue.isValid() ? severityValue.toInt() : -1;
    option->features |= QStyleOptionViewItem::HasDecoration;
    option->decorationSize = QSize(14, 14);
    if (severity < 0) {
        if (option->text.isEmpty()) {
            option->features &= ~QStyleOptionViewItem::HasDecoration;
            return;
        }
        option->icon = SeverityStyle::okIcon();
        return;
    }
    const auto level = Severity(severity);
    option->icon = SeverityStyle::icon(level);
    option->palette.setColor(QPalette::Text, SeverityStyle::color(level, option->palette));
    option->palette.setColor(QPalette::HighlightedText,
                             option->palette.color(QPalette::HighlightedText));
}

} // namespace portolan
