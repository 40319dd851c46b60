#include "dialogs/ShortcutsDialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace portolan {

namespace {

QString plainText(QString text)
{
    text.remove(u'&');
    if (text.endsWith(QStringLiteral("…")))
        text.chop(1);
    return text;
}

QString keysOf(const QAction *action)
{
    QStringList keys;
    for (const QKeySequence &sequence : action->shortcuts()) {
        const QString text = sequence.toString(QKeySequence::NativeText);
        // Shift+Tab arrives as Backtab on X11: the same key to a person, listed once.
        if (!text.contains(QLatin1String("Backtab")))
            keys << text;
    }
    return keys.join(QStringLiteral(", "));
}

void addMenu(QTreeWidgetItem *parent, const QMenu *menu)
{
    const QList<QAction *> actions = menu->actions();
    for (const QAction *action : actions) {
        if (action->menu()) {
            addMenu(parent, action->menu());
            continue;
        }
        if (action->isSeparator() || action->shortcuts().isEmpty())
            continue;
        // The icon text: Undo and Redo name their step in their text ("Undo Add binding…").
        new QTreeWidgetItem(parent, {plainText(action->iconText()), keysOf(action)});
    }
}

} // namespace

ShortcutsDialog::ShortcutsDialog(const QMenuBar *menus, QWidget *parent)
    : QDialog(parent)
    , m_tree(new QTreeWidget)
{
    setWindowTitle(tr("Keyboard Shortcuts"));
    m_tree->setObjectName(QStringLiteral("shortcutTree"));
    m_tree->setHeaderLabels({tr("Action"), tr("Keys")});
    m_tree->setRootIsDecorated(false);
    m_tree->setAlternatingRowColors(true);
    m_tree->setAccessibleName(tr("Keyboard shortcuts"));

    const QList<QAction *> top = menus->actions();
    for (const QAction *entry : top) {
        if (!entry->menu())
            continue;
        auto *group = new QTreeWidgetItem(m_tree, {plainText(entry->text())});
        group->setFirstColumnSpanned(true);
        QFont bold = group->font(0);
        bold.setBold(true);
        group->setFont(0, bold);
        addMenu(group, entry->menu());
        if (group->childCount() == 0)
            delete group;
    }
    auto *views = new QTreeWidgetItem(m_tree, {tr("In the views")});
    views->setFirstColumnSpanned(true);
    QFont bold = views->font(0);
    bold.setBold(true);
    views->setFont(0, bold);
    const std::pair<QString, QString> viewKeys[] = {
        {tr("Edit the selected row"), tr("Return or double-click")},
        {tr("Edit the current cell in place"), tr("F2")},
        {tr("Next or previous control"), tr("Tab, Shift+Tab")},
        {tr("Open the context menu of a row"), tr("Menu or Shift+F10")},
        {tr("Clear the search"), tr("Esc")},
        {tr("Go to a page"), tr("Alt+P, Alt+Y, Alt+R")},
    };
    for (const auto &[what, keys] : viewKeys)
        new QTreeWidgetItem(views, {what, keys});
    m_tree->expandAll();
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(false);

    auto *filter = new QLineEdit;
    filter->setObjectName(QStringLiteral("shortcutFilter"));
    filter->setPlaceholderText(tr("Filter by action or key…"));
    filter->setClearButtonEnabled(true);
    filter->setAccessibleName(tr("Filter shortcuts"));
    connect(filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        for (int g = 0; g < m_tree->topLevelItemCount(); ++g) {
            QTreeWidgetItem *group = m_tree->topLevelItem(g);
            int shown = 0;
            for (int i = 0; i < group->childCount(); ++i) {
                QTreeWidgetItem *item = group->child(i);
                const bool match = text.isEmpty() ||
                                   item->text(0).contains(text, Qt::CaseInsensitive) ||
                                   item->text(1).contains(text, Qt::CaseInsensitive);
                item->setHidden(!match);
                shown += match;
            }
            group->setHidden(shown == 0);
        }
    });

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(filter);
    layout->addWidget(m_tree, 1);
    layout->addWidget(buttons);
    resize(560, 620);
    filter->setFocus();
    filter->installEventFilter(this);
    m_filter = filter;
}

bool ShortcutsDialog::eventFilter(QObject *watched, QEvent *event)
{
    // Esc first empties the filter; only an empty filter lets Esc close the sheet.
    if (watched == m_filter && event->type() == QEvent::KeyPress &&
        static_cast<QKeyEvent *>(event)->key() == Qt::Key_Escape && !m_filter->text().isEmpty()) {
        m_filter->clear();
        return true;
    }
    return QDialog::eventFilter(watched, event);
}

} // namespace portolan
