#pragma once

#include <QKeySequence>
#include <QObject>

class QAction;
class QUndoStack;
class QWidget;

namespace portolan {

// Every action of the window's own menus and toolbar, made in one place with its object name
// (what tests and the accessibility tree find it by), text, icon and shortcut. The window
// places them; the controllers do what they say.
class MainActions : public QObject
{
    Q_OBJECT

public:
    MainActions(QUndoStack *undoStack, QWidget *window);

    QAction *newRegistry;
    QAction *open;
    QAction *save;
    QAction *saveAs;
    QAction *close;
    QAction *quit;
    QAction *undo;
    QAction *redo;
    QAction *addDevice;
    QAction *addService;
    QAction *addBinding;
    QAction *edit;
    QAction *editService;
    QAction *duplicate;
    QAction *remove;
    QAction *moveService;
    QAction *find;
    QAction *searchAll;
    QAction *editPolicy;
    QAction *nextPage;
    QAction *previousPage;
    QAction *preferences;
    QAction *shortcuts;
    QAction *guide;
    QAction *about;

    // The dynamic property naming the standard key an action stands for: its shortcut may be
    // that key's bindings, and no other action's may (checked by tst_shortcuts).
    static constexpr const char *StandardKeyProperty = "portolanStandardKey";

    // What can be done with the selection (a device, a service, a binding) and the store.
    void update(bool hasDevice, bool hasService, bool canMoveService, bool canSave);

    static void declareStandardKey(QAction *action, QKeySequence::StandardKey key);

private:
    QAction *make(const QString &name, const QString &text, const QString &icon = QString());

    QWidget *m_window;
};

} // namespace portolan
