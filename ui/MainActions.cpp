#include "MainActions.h"

#include <QAction>
#include <QIcon>
#include <QUndoStack>
#include <QWidget>

namespace portolan {

MainActions::MainActions(QUndoStack *undoStack, QWidget *window)
    : QObject(window)
    , m_window(window)
{
    newRegistry = make(QStringLiteral("actionNew"), tr("&New"));
    newRegistry->setShortcut(QKeySequence::New);
    open = make(QStringLiteral("actionOpen"), tr("&Open…"));
    open->setShortcut(QKeySequence::Open);
    save = make(QStringLiteral("actionSave"), tr("&Save"));
    save->setShortcut(QKeySequence::Save);
    saveAs = make(QStringLiteral("actionSaveAs"), tr("Save &As…"));
    saveAs->setShortcut(QKeySequence::SaveAs);
    quit = make(QStringLiteral("actionQuit"), tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);

    undo = undoStack->createUndoAction(window, tr("&Undo"));
    undo->setObjectName(QStringLiteral("actionUndo"));
    undo->setShortcut(QKeySequence::Undo);
    undo->setIcon(QIcon(QStringLiteral(":/icons/undo.svg")));
    redo = undoStack->createRedoAction(window, tr("&Redo"));
    redo->setObjectName(QStringLiteral("actionRedo"));
    redo->setShortcut(QKeySequence::Redo);
    redo->setIcon(QIcon(QStringLiteral(":/icons/redo.svg")));

    addDevice = make(QStringLiteral("actionAddDevice"), tr("Add &Device…"),
                     QStringLiteral(":/icons/add-device.svg"));
    addDevice->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    addService = make(QStringLiteral("actionAddService"), tr("Add &Service…"),
                      QStringLiteral(":/icons/add-service.svg"));
    addService->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    addBinding = make(QStringLiteral("actionAddBinding"), tr("Add &Binding…"),
                      QStringLiteral(":/icons/add-binding.svg"));
    addBinding->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B));
    edit = make(QStringLiteral("actionEdit"), tr("&Edit…"), QStringLiteral(":/icons/edit.svg"));
    edit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    editService = make(QStringLiteral("actionEditService"), tr("Edit Ser&vice and Route…"));
    duplicate = make(QStringLiteral("actionDuplicate"), tr("D&uplicate…"));
    duplicate->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    remove =
        make(QStringLiteral("actionDelete"), tr("De&lete"), QStringLiteral(":/icons/delete.svg"));
    remove->setShortcut(QKeySequence::Delete);
    moveService = make(QStringLiteral("actionMoveService"), tr("&Move Service to Device…"));
    find = make(QStringLiteral("actionFind"), tr("&Find"));
    find->setShortcut(QKeySequence::Find);
    editPolicy = make(QStringLiteral("actionEditPolicy"), tr("Edit &Policy…"),
                      QStringLiteral(":/icons/policy.svg"));
    about = make(QStringLiteral("actionAbout"), tr("&About Portolan"));
}

QAction *MainActions::make(const QString &name, const QString &text, const QString &icon)
{
    auto *action = new QAction(text, m_window);
    action->setObjectName(name);
    if (!icon.isEmpty())
        action->setIcon(QIcon(icon));
    return action;
}

void MainActions::update(bool hasDevice, bool hasService, bool canMoveService, bool canSave)
{
    addService->setEnabled(hasDevice);
    addBinding->setEnabled(hasService);
    edit->setEnabled(hasDevice);
    editService->setEnabled(hasService);
    duplicate->setEnabled(hasDevice);
    remove->setEnabled(hasDevice);
    moveService->setEnabled(hasService && canMoveService);
    save->setEnabled(canSave);
}

} // namespace portolan
