#include "window/MainActions.h"

#include "widgets/Icons.h"

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
    declareStandardKey(newRegistry, QKeySequence::New);
    open = make(QStringLiteral("actionOpen"), tr("&Open…"));
    open->setShortcut(QKeySequence::Open);
    declareStandardKey(open, QKeySequence::Open);
    save = make(QStringLiteral("actionSave"), tr("&Save"));
    save->setShortcut(QKeySequence::Save);
    declareStandardKey(save, QKeySequence::Save);
    saveAs = make(QStringLiteral("actionSaveAs"), tr("Save &As…"));
    // GNOME has Ctrl+Shift+S for Save As; KDE and plain X11 have none, so give it that there.
    saveAs->setShortcuts(QKeySequence::keyBindings(QKeySequence::SaveAs).isEmpty()
                             ? QList<QKeySequence>{QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S)}
                             : QKeySequence::keyBindings(QKeySequence::SaveAs));
    declareStandardKey(saveAs, QKeySequence::SaveAs);
    close = make(QStringLiteral("actionClose"), tr("&Close"));
    close->setShortcut(QKeySequence::Close);
    declareStandardKey(close, QKeySequence::Close);
    quit = make(QStringLiteral("actionQuit"), tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    declareStandardKey(quit, QKeySequence::Quit);

    undo = undoStack->createUndoAction(window, tr("&Undo"));
    undo->setObjectName(QStringLiteral("actionUndo"));
    undo->setIconText(tr("Undo"));
    undo->setShortcut(QKeySequence::Undo);
    declareStandardKey(undo, QKeySequence::Undo);
    undo->setIcon(Icons::get(QStringLiteral("undo")));
    redo = undoStack->createRedoAction(window, tr("&Redo"));
    redo->setObjectName(QStringLiteral("actionRedo"));
    redo->setIconText(tr("Redo"));
    redo->setShortcut(QKeySequence::Redo);
    declareStandardKey(redo, QKeySequence::Redo);
    redo->setIcon(Icons::get(QStringLiteral("redo")));

    addDevice =
        make(QStringLiteral("actionAddDevice"), tr("Add &Device…"), QStringLiteral("add-device"));
    // Own shortcuts stay clear of every standard key on every platform theme (a collision makes
    // Qt run neither): tst_shortcuts checks them against GNOME, KDE and plain X11.
    addDevice->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    addService = make(QStringLiteral("actionAddService"), tr("Add &Service…"),
                      QStringLiteral("add-service"));
    addService->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    addBinding = make(QStringLiteral("actionAddBinding"), tr("Add &Binding…"),
                      QStringLiteral("add-binding"));
    addBinding->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B));
    edit = make(QStringLiteral("actionEdit"), tr("&Edit…"), QStringLiteral("edit"));
    // Not F2: that edits the current cell in place in the tables.
    edit->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Return));
    editService = make(QStringLiteral("actionEditService"), tr("Edit Ser&vice and Route…"));
    duplicate = make(QStringLiteral("actionDuplicate"), tr("D&uplicate…"));
    duplicate->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    remove = make(QStringLiteral("actionDelete"), tr("De&lete"), QStringLiteral("delete"));
    // Del alone: the standard Delete also holds Ctrl+D on X11, a text field's key.
    remove->setShortcut(QKeySequence(Qt::Key_Delete));
    declareStandardKey(remove, QKeySequence::Delete);
    moveService = make(QStringLiteral("actionMoveService"), tr("&Move Service to Device…"));
    find = make(QStringLiteral("actionFind"), tr("&Find"));
    find->setShortcut(QKeySequence::Find);
    declareStandardKey(find, QKeySequence::Find);
    searchAll = make(QStringLiteral("actionSearchAll"), tr("Search &All Devices…"));
    searchAll->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    editPolicy =
        make(QStringLiteral("actionEditPolicy"), tr("Edit &Policy…"), QStringLiteral("policy"));
    nextPage = make(QStringLiteral("actionNextPage"), tr("&Next Page"));
    nextPage->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_PageDown), QKeySequence(Qt::CTRL | Qt::Key_Tab)});
    declareStandardKey(nextPage, QKeySequence::NextChild);
    previousPage = make(QStringLiteral("actionPreviousPage"), tr("&Previous Page"));
    previousPage->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_PageUp),
                                QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Tab),
                                QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Backtab)});
    declareStandardKey(previousPage, QKeySequence::PreviousChild);
    preferences = make(QStringLiteral("actionPreferences"), tr("Prefere&nces…"));
    preferences->setShortcut(QKeySequence::Preferences);
    preferences->setMenuRole(QAction::PreferencesRole);
    declareStandardKey(preferences, QKeySequence::Preferences);
    shortcuts = make(QStringLiteral("actionShortcuts"), tr("&Keyboard Shortcuts"));
    shortcuts->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_F1));
    guide = make(QStringLiteral("actionGuide"), tr("Portolan &Guide"));
    guide->setShortcut(QKeySequence::HelpContents);
    declareStandardKey(guide, QKeySequence::HelpContents);
    about = make(QStringLiteral("actionAbout"), tr("&About Portolan"));
    about->setMenuRole(QAction::AboutRole);
}

void MainActions::declareStandardKey(QAction *action, QKeySequence::StandardKey key)
{
    action->setProperty(StandardKeyProperty, int(key));
}

QAction *MainActions::make(const QString &name, const QString &text, const QString &icon)
{
    auto *action = new QAction(text, m_window);
    action->setObjectName(name);
    if (!icon.isEmpty())
        action->setIcon(Icons::get(icon));
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
