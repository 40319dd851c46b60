#include "controllers/DocumentController.h"

#include "controllers/BackgroundJob.h"
#include "document/Document.h"
#include "domain/RegistryTemplate.h"
#include "store/RegistryIo.h"
#include "store/RegistryLocation.h"
#include "store/Store.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>

namespace portolan {

namespace {

constexpr int MaxRecentFiles = 8;

} // namespace

DocumentController::DocumentController(Document *document, QWidget *window, Feedback *feedback,
                                       QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_window(window)
    , m_feedback(feedback)
{
    connect(document, &Document::changedOnDisk, this, &DocumentController::onChangedOnDisk);
    connect(document, &Document::replacedOnDisk, this,
            [this](const QString &message) { m_feedback->info(message); });
    connect(document, &Document::storeFailed, this, [this](const QString &message, bool conflict) {
        m_feedback->error(
            conflict
                ? tr("%1. Your view was reloaded with the current data; make the change again.")
                      .arg(message)
                : tr("Could not store the change: %1").arg(message));
    });
    // In the app, a shared database's refusal keeps the edit: it is written when the server is
    // back, or once the user says whose value stays where both changed the same element.
    document->setHoldsEditsThroughStoreFailures(true);
    connect(document, &Document::editsCollided, this, [this](const QStringList &collisions) {
        m_feedback->ask(
            Severity::Warning,
            tr("Someone else changed what you edited, in %n place(s): %1. Your edits are kept "
               "here, not written yet.",
               nullptr, int(collisions.size()))
                .arg(QStringList(collisions)
                         .replaceInStrings(QStringLiteral(" (theirs kept)"), QString())
                         .join(QStringLiteral("; "))),
            {{tr("Keep Mine"), QStringLiteral("keepMineButton"),
              [this] {
                  m_document->synchronize(Document::SyncChoice::KeepMine);
              }},
             {tr("Keep Theirs"), QStringLiteral("reapplyMineButton"), [this] {
                  m_document->synchronize(Document::SyncChoice::TheirsWin);
              }}});
    });
    connect(document, &Document::editsWritten, this,
            [this](const QString &message) { m_feedback->info(message); });
    connect(document, &Document::undoRefused, this,
            [this](const QString &message) { m_feedback->error(message); });
    connect(document, &Document::connectionChanged, this,
            [this](const QString &message, bool lost) {
                if (lost)
                    m_feedback->error(
                        tr("%1. Portolan keeps trying; nothing you see is lost.").arg(message));
                else
                    m_feedback->info(message);
            });
}

DocumentController::~DocumentController()
{
    // A worker still loading would report to a window that is gone: stop it first.
    if (m_backgroundJob) {
        m_backgroundJob->cancel();
        m_backgroundJob->waitForFinished();
    }
}

void DocumentController::attachRecentMenu(QMenu *menu)
{
    m_recentMenu = menu;
    updateRecentMenu();
}

bool DocumentController::openLocation(const QString &pathOrUrl)
{
    if (m_backgroundJob)
        return false; // one open at a time; the progress dialog is window-modal anyway
    auto failed = [this, pathOrUrl](const QString &error) {
        m_feedback->error(tr("Could not open %1: %2")
                              .arg(RegistryLocation::parse(pathOrUrl).displayName(), error));
        emit openFinished(false);
        return false;
    };
    // The document's database connection is opened on this thread (Qt Sql connections belong
    // to the thread that opens them); the loader reads through a connection of its own. A
    // .portolan file is connected first, since that connection migrates an older schema and the
    // loader's read-only one may not. A server is connected only after the loader reached it:
    // an unreachable one then keeps the worker waiting, never the window.
    const bool remote = RegistryLocation::parse(pathOrUrl).isDatabase();
    if (!remote && pathOrUrl != QLatin1String("-") && !QFileInfo::exists(pathOrUrl)) {
        offerToCreate(pathOrUrl);
        emit openFinished(false);
        return false;
    }
    std::unique_ptr<Store> store;
    Error error;
    if (!remote && !Document::connectStore(pathOrUrl, store, &error))
        return failed(error.toString());
    const bool inBackground = remote || QFileInfo(pathOrUrl).size() >= m_backgroundOpenBytes;
    if (!inBackground) {
        RegistryLoader loader;
        LoadedRegistry loaded;
        if (!loader.load(pathOrUrl, loaded))
            return failed(loader.error().toString());
        finishOpen(pathOrUrl, std::move(store), std::move(loaded));
        return true;
    }

    struct Outcome
    {
        bool ok = false;
        Error error;
        LoadedRegistry loaded;
    };
    const QString name =
        remote ? RegistryLocation::parse(pathOrUrl).displayName() : QFileInfo(pathOrUrl).fileName();
    m_feedback->transient(tr("Opening %1…").arg(name));
    // Shared, so the GUI-thread store outlives the copies std::function makes of the lambdas.
    auto pendingStore = std::make_shared<std::unique_ptr<Store>>(std::move(store));
    m_backgroundJob = runInBackground<Outcome>(
        m_window, tr("Opening %1…").arg(name),
        [pathOrUrl](const std::function<bool(int)> &progress) {
            RegistryLoader loader;
            loader.setProgress(progress);
            Outcome outcome;
            outcome.ok = loader.load(pathOrUrl, outcome.loaded);
            outcome.error = loader.error();
            return outcome;
        },
        [this, pathOrUrl, pendingStore, failed](Outcome outcome) {
            m_backgroundJob = nullptr;
            m_feedback->transient(QString(), 1);
            Error connectError;
            if (outcome.ok && RegistryLocation::parse(pathOrUrl).isDatabase() &&
                !Document::connectStore(pathOrUrl, *pendingStore, &connectError))
                outcome = {false, connectError, {}};
            if (!outcome.ok) {
                failed(outcome.error.toString());
                return;
            }
            finishOpen(pathOrUrl, std::move(*pendingStore), std::move(outcome.loaded));
        },
        [this, name] {
            m_backgroundJob = nullptr;
            m_feedback->transient(tr("Opening %1 was canceled; nothing changed.").arg(name), 5000);
            emit openFinished(false);
        });
    return true;
}

void DocumentController::finishOpen(const QString &pathOrUrl, std::unique_ptr<Store> store,
                                    LoadedRegistry loaded)
{
    m_document->adopt(pathOrUrl, std::move(store), std::move(loaded));
    m_feedback->clear();
    // Never a password: a database is remembered as its display URL (PGPASSWORD or ~/.pgpass
    // supply the password when it is opened again).
    rememberRecent(m_document->location());
    emit titleChanged();
    emit openFinished(true);
}

bool DocumentController::maybeSave()
{
    if (!m_document->isModified())
        return true;
    const auto answer = QMessageBox::warning(
        m_window, tr("Unsaved changes"),
        tr("The registry has changes that are not saved yet. Save them?"),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

void DocumentController::newRegistry()
{
    if (!maybeSave())
        return;
    m_document->reset(newRegistryTemplate());
    m_feedback->clear();
    emit newRegistryCreated();
    emit titleChanged();
}

void DocumentController::closeRegistry()
{
    if (!maybeSave())
        return;
    const QString closed = m_document->location();
    m_document->reset(newRegistryTemplate());
    m_feedback->clear();
    emit titleChanged();
    if (closed.isEmpty())
        return;
    const QString name = RegistryLocation::parse(closed).displayName();
    m_feedback->ask(Severity::Info, tr("Closed %1. This is a new, untitled registry.").arg(name),
                    {{tr("R&eopen"), QStringLiteral("reopenButton"),
                      [this, closed] {
                          openLocation(closed);
                      }},
                     {tr("&Open…"), QStringLiteral("openOtherButton"), [this] {
                          openFile();
                      }}});
}

void DocumentController::offerToCreate(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    // What was there before stays open and unchanged; only the banner asks.
    m_feedback->ask(Severity::Warning,
                    tr("%1 does not exist. Create a new registry there (the ten-block template), "
                       "or open another file?")
                        .arg(absolute),
                    {{tr("&Create Registry Here"), QStringLiteral("createHereButton"),
                      [this, absolute] {
                          createAt(absolute);
                      }},
                     {tr("&Open…"), QStringLiteral("openOtherButton"), [this] {
                          openFile();
                      }}});
    m_feedback->focusFirstAction();
}

bool DocumentController::createAt(const QString &path)
{
    if (!maybeSave())
        return false;
    QString target = path;
    if (!RegistryIo::isRegistryFile(target))
        target += QStringLiteral(".yaml");
    m_document->reset(newRegistryTemplate());
    Error error;
    if (!m_document->saveAs(target, &error)) {
        m_feedback->error(tr("Could not create %1: %2").arg(target, error.toString()));
        emit newRegistryCreated();
        emit titleChanged();
        return false;
    }
    m_feedback->clear();
    m_feedback->transient(tr("Created %1").arg(target));
    rememberRecent(target);
    emit newRegistryCreated();
    emit titleChanged();
    return true;
}

void DocumentController::openFile()
{
    if (!maybeSave())
        return;
    const QString path = QFileDialog::getOpenFileName(
        m_window, tr("Open Registry"), QFileInfo(m_document->location()).absolutePath(),
        RegistryIo::openFilter());
    if (!path.isEmpty())
        openLocation(path);
}

bool DocumentController::save()
{
    if (m_document->backing() == Document::Backing::Memory)
        return saveAs();
    Document::SaveOptions options;
    for (;;) {
        Error error;
        switch (m_document->save(options, &error)) {
        case Document::SaveResult::Saved:
            m_feedback->transient(tr("Saved %1").arg(m_document->location()), 4000);
            return true;
        case Document::SaveResult::Failed:
            m_feedback->error(error.toString());
            return false;
        case Document::SaveResult::WouldDropComments: {
            const auto comment = m_document->firstComment();
            QMessageBox box(QMessageBox::Warning, tr("Comments would be lost"),
                            tr("%1 has comments (the first on line %2). Portolan writes the "
                               "registry from its values, so saving drops them.")
                                .arg(QFileInfo(m_document->location()).fileName())
                                .arg(comment ? comment->line : 0),
                            QMessageBox::Cancel, m_window);
            QPushButton *drop = box.addButton(tr("Save Without Comments"), QMessageBox::AcceptRole);
            box.setDefaultButton(QMessageBox::Cancel);
            box.exec();
            if (box.clickedButton() != drop)
                return false;
            options.dropComments = true;
            continue;
        }
        case Document::SaveResult::ChangedOnDisk: {
            QMessageBox box(QMessageBox::Warning, tr("Changed on disk"),
                            tr("%1\n\nReload it and reapply your edits on top, or overwrite it "
                               "with your version?")
                                .arg(error.toString()),
                            QMessageBox::Cancel, m_window);
            QPushButton *merge = box.addButton(tr("Reload and Reapply"), QMessageBox::AcceptRole);
            QPushButton *overwrite =
                box.addButton(tr("Overwrite with Mine"), QMessageBox::DestructiveRole);
            box.setDefaultButton(merge);
            box.exec();
            if (box.clickedButton() == merge) {
                reloadFromDisk();
                return false; // the merged edits are unsaved: the user looks, then saves
            }
            if (box.clickedButton() != overwrite)
                return false;
            options.overwriteChangesOnDisk = true;
            continue;
        }
        }
    }
}

void DocumentController::reloadFromDisk()
{
    QStringList collisions;
    Error error;
    if (!m_document->reloadFromDisk(&collisions, &error)) {
        m_feedback->error(error.toString());
        return;
    }
    if (collisions.isEmpty()) {
        m_feedback->info(m_document->isModified()
                             ? tr("Reloaded %1 and reapplied your edits (one step in Edit > Undo).")
                                   .arg(m_document->location())
                             : tr("Reloaded %1.").arg(m_document->location()));
        return;
    }
    m_feedback->error(tr("Reloaded %1 and reapplied your edits, except %n that collided with the "
                         "change on disk (the file's version was kept): %2",
                         "", int(collisions.size()))
                          .arg(m_document->location(), collisions.join(QStringLiteral("; "))));
}

void DocumentController::onChangedOnDisk(bool deleted)
{
    const QString name = QFileInfo(m_document->location()).fileName();
    if (!deleted && !m_document->isModified()) {
        // Nothing of ours to lose: take the new file in, as editors do.
        reloadFromDisk();
        return;
    }
    QList<MessageBanner::Action> actions;
    if (!deleted)
        actions.append(
            {tr("Reload and Reapply My Edits"), QStringLiteral("reloadFromDiskButton"), [this] {
                 reloadFromDisk();
             }});
    actions.append({deleted ? tr("Save Mine There") : tr("Keep Mine (Overwrite)"),
                    QStringLiteral("keepMineButton"), [this] {
                        Document::SaveOptions options;
                        options.overwriteChangesOnDisk = true;
                        Error error;
                        const Document::SaveResult result = m_document->save(options, &error);
                        if (result == Document::SaveResult::WouldDropComments) {
                            options.dropComments = true;
                            if (m_document->save(options, &error) != Document::SaveResult::Saved)
                                m_feedback->error(error.toString());
                        } else if (result != Document::SaveResult::Saved) {
                            m_feedback->error(error.toString());
                        }
                    }});
    m_feedback->ask(Severity::Warning,
                    deleted ? tr("%1 was deleted on disk. Your registry is still here.").arg(name)
                            : tr("%1 changed on disk while you have unsaved edits.").arg(name),
                    actions);
}

bool DocumentController::saveAs()
{
    QString path = QFileDialog::getSaveFileName(m_window, tr("Save Registry As"),
                                                m_document->location(), RegistryIo::saveFilter());
    if (path.isEmpty())
        return false;
    if (!RegistryIo::isRegistryFile(path))
        path += QStringLiteral(".yaml");
    Error error;
    if (!m_document->saveAs(path, &error)) {
        m_feedback->error(error.toString());
        return false;
    }
    rememberRecent(path);
    emit titleChanged();
    return true;
}

void DocumentController::rememberRecent(const QString &location)
{
    if (location.isEmpty())
        return;
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recentFiles")).toStringList();
    recent.removeAll(location);
    recent.prepend(location);
    while (recent.size() > MaxRecentFiles)
        recent.removeLast();
    settings.setValue(QStringLiteral("recentFiles"), recent);
    settings.setValue(QStringLiteral("lastFile"), location);
    updateRecentMenu();
}

void DocumentController::updateRecentMenu()
{
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("recentFiles")).toStringList();
    for (const QString &location : recent) {
        QAction *action = m_recentMenu->addAction(location);
        connect(action, &QAction::triggered, this, [this, location] {
            if (maybeSave())
                openLocation(location);
        });
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

} // namespace portolan
