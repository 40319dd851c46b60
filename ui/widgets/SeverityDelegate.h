#pragma once

#include <QStyledItemDelegate>

namespace portolan {

// Draws a cell with the severity icon and colour its model reports (SeverityRole): the
// device list's issue count, the port map's status, the findings list's severity.
class SeverityDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit SeverityDelegate(QObject *parent = nullptr);

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace portolan
