#pragma once

#include "controllers/Feedback.h"
#include "document/RegistryLoader.h"

#include <QFutureWatcherBase>
#include <QObject>
#include <QPointer>

class QMenu;
class QWidget;

namespace portolan {

class Document;
class Store;

// The registry's life in the window: New, Open (on a worker thread for large files and every
// database), Save and Save As with their questions (comments, a change on disk), recent files,
// the prompt before unsaved changes are lost, and what to do when the file changes on disk.
class DocumentController : public QObject
{
    Q_OBJECT

public:
    DocumentController(Document *document, QWidget *window, Feedback *feedback,
                       QObject *parent = nullptr);
    ~DocumentController() override;

    // A YAML path, a .portolan path or a postgresql:// URL. Files from
    // backgroundOpenThreshold() bytes on, and databases, are read and checked on a worker
    // thread behind a cancellable progress dialog: the call returns at once and the current
    // registry stays until the new one is swapped in. False when it failed at once;
    // openFinished() says how it ended either way.
    // A path that does not exist is not opened: the banner offers to create a registry there.
    bool openLocation(const QString &pathOrUrl);
    // Starts a new registry from the template and saves it at `path` at once.
    bool createAt(const QString &path);
    bool isOpening() const { return m_backgroundJob != nullptr; }
    qint64 backgroundOpenThreshold() const { return m_backgroundOpenBytes; }
    void setBackgroundOpenThreshold(qint64 bytes) { m_backgroundOpenBytes = bytes; }
    // Runs a job of the window in the background, one at a time with opening (the markdown
    // import uses it); false while another runs.
    bool isBusy() const { return m_backgroundJob != nullptr; }
    void setBusy(QFutureWatcherBase *job) { m_backgroundJob = job; }

    void attachRecentMenu(QMenu *menu);
    // True when the registry may be replaced: saved, discarded, or nothing unsaved.
    bool maybeSave();

public slots:
    void newRegistry();
    // Closes the registry, not the window (Quit does that): the window stays on an empty,
    // untitled registry, and the banner offers to reopen what was closed.
    void closeRegistry();
    void openFile();
    bool save();
    bool saveAs();
    void reloadFromDisk();

signals:
    // ok: the registry is shown; false: it failed (the banner says why) or was canceled.
    void openFinished(bool ok);
    void newRegistryCreated();
    void titleChanged();

private:
    void finishOpen(const QString &pathOrUrl, std::unique_ptr<Store> store, LoadedRegistry loaded);
    void onChangedOnDisk(bool deleted);
    void offerToCreate(const QString &path);
    void rememberRecent(const QString &location);
    void updateRecentMenu();

    Document *m_document;
    QWidget *m_window;
    Feedback *m_feedback;
    QMenu *m_recentMenu = nullptr;
    QPointer<QFutureWatcherBase> m_backgroundJob;
    // Below this a registry opens on the GUI thread: under 0.1 s, not worth a dialog.
    qint64 m_backgroundOpenBytes = 1024 * 1024;
};

} // namespace portolan
