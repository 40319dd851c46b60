#pragma once

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
    QAction *editPolicy;
    QAction *about;

    // What can be done with the selection (a device, a service, a binding) and the store.
    void update(bool hasDevice, bool hasService, bool canMoveService, bool canSave);

private:
    QAction *make(const QString &name, const QString &text, const QString &icon = QString());

    QWidget *m_window;
};

} // namespace portolan
