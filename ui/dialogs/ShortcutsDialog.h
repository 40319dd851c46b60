#pragma once

#include <QDialog>

class QLineEdit;
class QMenuBar;
class QTreeWidget;

namespace portolan {

// Help › Keyboard Shortcuts: every menu action with its keys, read from the menus themselves
// (so the sheet cannot fall behind), and the keys the views take without a menu entry.
class ShortcutsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ShortcutsDialog(const QMenuBar *menus, QWidget *parent = nullptr);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QTreeWidget *m_tree;
    QLineEdit *m_filter = nullptr;
};

} // namespace portolan
