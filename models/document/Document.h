#pragma once

#include "check/ValidationState.h"
#include "document/DiskWatch.h"
#include "document/RegistryLoader.h"
#include "domain/Error.h"
#include "domain/Finding.h"
#include "domain/Registry.h"

#include <QObject>
#include <QStringList>
#include <QUndoStack>

#include <functional>
#include <memory>

class QTimer;

namespace portolan {

class Store;

// An open registry: the values, where they live (a YAML file, a .portolan file or a
// PostgreSQL database), the undo stack, and the findings, kept current after every change.
//
// Only undo commands call the mutating functions below. Each finds its element by id (so a
// command stays valid when a colleague's edit shifts positions), writes through to the store
// in one transaction, updates memory, re-validates what the change can affect, and emits the
// precise signals item models turn into row notifications. A store that refuses a write (a
// conflict with another writer, a full disk) leaves memory as the database is: the document
// reloads and says why through storeFailed().
class Document : public QObject
{
    Q_OBJECT

public:
    enum class Backing
    {
        Memory,
        YamlFile,
        Database
    };

    explicit Document(QObject *parent = nullptr);
    ~Document() override;

    // A YAML path, a .portolan path or a postgresql:// URL, read and checked on this thread.
    bool open(const QString &pathOrUrl, Error *error);
    // open() in steps, so the slow one can run on a worker thread: connectStore() opens the
    // database here (migrating an older schema; a YAML file needs none: store stays null), a
    // RegistryLoader reads and checks the registry anywhere, adopt() takes both over.
    static bool connectStore(const QString &pathOrUrl, std::unique_ptr<Store> &store, Error *error);
    void adopt(const QString &pathOrUrl, std::unique_ptr<Store> store, LoadedRegistry loaded);
    // Starts from `registry` without a file (File > New, tests).
    void reset(const Registry &registry);

    // YAML: writes the file atomically, under its lock, after checking that the file is still
    // what was last read or written (a change on disk is never overwritten unless asked) and
    // that it has no comments the write would drop (unless asked). Database: every change is
    // already stored.
    enum class SaveResult
    {
        Saved,
        Failed,
        ChangedOnDisk,     // nothing written: the file changed since it was read
        WouldDropComments, // nothing written: firstComment() says where
    };
    struct SaveOptions
    {
        bool overwriteChangesOnDisk = false;
        bool dropComments = false;
    };
    SaveResult save(const SaveOptions &options, Error *error);
    bool save(Error *error) { return save(SaveOptions(), error) == SaveResult::Saved; }
    // Where the YAML file's first comment is (none once a save has dropped them).
    std::optional<YamlComments::Position> firstComment() const { return m_firstComment; }
    // After a change on disk: without unsaved edits the file is read again; with them, the new
    // file is read and the edits are reapplied on it as one undo step where they do not
    // collide. *collisions lists what collided (the file's version kept).
    bool reloadFromDisk(QStringList *collisions, Error *error);
    // To a .yaml or a new .portolan file (replaced atomically); the document then lives there.
    bool saveAs(const QString &path, Error *error);
    // Re-reads the store (after someone else's change) or the YAML file.
    bool reload(Error *error);

    // Database, in the app: a write refused because the connection dropped or another client
    // changed the same row keeps the edit in memory (isModified() says so) instead of undoing
    // it; synchronize() writes what is held, merged with what others committed meanwhile.
    // Off by default: a command line wants the refusal itself.
    void setHoldsEditsThroughStoreFailures(bool hold);
    bool isHoldingEdits() const { return m_holding; }
    // Ask: write at once if nothing collides, else list the collisions (editsCollided) and
    // wait. TheirsWin (reload and reapply) and KeepMine settle collisions that way. False
    // while edits are still held.
    enum class SyncChoice
    {
        Ask,
        TheirsWin,
        KeepMine
    };
    bool synchronize(SyncChoice choice);
    const QStringList &collisions() const { return m_collisions; }

    Backing backing() const { return m_backing; }
    QString location() const { return m_location; }
    Store *store() const { return m_store.get(); }
    QUndoStack *undoStack() { return &m_undoStack; }
    // Unsaved changes: only a YAML or memory document can have them.
    bool isModified() const;

    const Registry &registry() const { return m_registry; }
    const Findings &findings() const;

    // --- lookup by id (-1 when gone) -----------------------------------------------------
    int deviceIndex(qint64 deviceId) const;
    struct ServicePath
    {
        int device = -1;
        int service = -1;
        bool isValid() const { return device >= 0; }
    };
    ServicePath servicePath(qint64 serviceId) const;
    struct BindingPath
    {
        int device = -1;
        int service = -1;
        int binding = -1;
        bool isValid() const { return device >= 0; }
    };
    BindingPath bindingPath(qint64 bindingId) const;
    int blockIndex(qint64 blockId) const;

    // Element by id, for the value-change template (null when gone).
    template <typename Element>
    const Element *find(qint64 id) const;

    // --- mutations, for undo commands only -----------------------------------------------
    // Inserts keep nonzero ids (an undone removal returns as the same element) and give new
    // ones otherwise; the element passed in receives them.
    bool insertDevice(int index, Device &device);
    bool removeDevice(qint64 deviceId);

    bool insertService(qint64 deviceId, int index, Service &service);
    bool removeService(qint64 serviceId);
    bool moveService(qint64 serviceId, qint64 toDeviceId, int toIndex);

    bool insertBinding(qint64 serviceId, int index, Binding &binding);
    bool removeBinding(qint64 bindingId);

    bool insertBlock(int index, Block &block);
    bool removeBlock(qint64 blockId);

    // Several mutations as one transaction (import macros). A failure inside rolls the whole
    // batch back and reloads once at the end.
    void beginBatch();
    bool endBatch();

    // Every field of one element but its children (a device's services, a service's
    // bindings, the policy's blocks), which their own commands change.
    template <typename Element>
    bool update(qint64 id, const Element &value);

signals:
    void aboutToReset();
    void resetDone();

    void deviceAboutToBeInserted(int index);
    void deviceInserted(int index);
    void deviceAboutToBeRemoved(int index);
    void deviceRemoved(int index);
    void deviceChanged(int index);

    // bindingCount: how many bindings the arriving service brings (views size their rows).
    void serviceAboutToBeInserted(int device, int index, int bindingCount);
    void serviceInserted(int device, int index);
    void serviceAboutToBeRemoved(int device, int index);
    void serviceRemoved(int device, int index);
    void serviceChanged(int device, int index);

    void bindingAboutToBeInserted(int device, int service, int index);
    void bindingInserted(int device, int service, int index);
    void bindingAboutToBeRemoved(int device, int service, int index);
    void bindingRemoved(int device, int service, int index);
    void bindingChanged(int device, int service, int index);

    void policyChanged();
    void blockAboutToBeInserted(int index);
    void blockInserted(int index);
    void blockAboutToBeRemoved(int index);
    void blockRemoved(int index);

    void findingsChanged();
    void modifiedChanged(bool modified);
    void locationChanged(const QString &location);
    // A write was refused; conflict: by another writer's change. The document was reloaded.
    void storeFailed(const QString &message, bool conflict);
    // The database connection was lost (lost) or is back after a loss (not lost).
    void connectionChanged(const QString &message, bool lost);
    // Held edits collide with another client's commits, element by element ("atlas/gitea
    // 20022/tcp notes: yours "a", theirs "b""): synchronize(TheirsWin or KeepMine) settles it.
    void editsCollided(const QStringList &collisions);
    // Held edits were written (message says how collisions, if any, were settled).
    void editsWritten(const QString &message);
    // An undo was not applied: the element changed since (another client's commit).
    void undoRefused(const QString &message);
    // The YAML file on disk is no longer what was last read or written (an editor, git pull,
    // another program); deleted: it is gone.
    void changedOnDisk(bool deleted);
    // The .portolan file was replaced under the document, which reopened it (message says so),
    // or could not (message says why).
    void replacedOnDisk(const QString &message);

private:
    bool writeFailed();
    // A failed write the document holds in memory instead (see setHoldsEditsThroughStoreFailures).
    bool holdsWrite();
    static Registry snapshot(const Registry &registry);
    bool mayWrite() const;
    // Runs a store write (true when there is no store); a refusal reloads and says why.
    bool stored(const std::function<bool(Store &)> &write);
    template <typename Element>
    bool insertInto(QVector<Element> &list, int &index, Element &element,
                    const std::function<bool(Store &)> &write, const std::function<void()> &before,
                    const std::function<void()> &after);
    template <typename Element>
    bool removeFrom(QVector<Element> &list, int index, const std::function<bool(Store &)> &write,
                    const std::function<void()> &before, const std::function<void()> &after);
    void policyEdited();
    void assignKey(RowKey &key);
    void assignIds(Block &block);
    void assignIds(Binding &binding);
    void adoptRegistry(Registry registry);
    void assignMemoryIds(Registry &registry);
    qint64 nextId() { return ++m_lastId; }
    void assignIds(Device &device);
    void assignIds(Service &service);

    void revalidateAll();
    void revalidateDevice(int deviceIndex);
    void deviceInsertedFindings(int index);
    void deviceRemovedFindings(int index);

    Registry m_registry;
    Backing m_backing = Backing::Memory;
    QString m_location;
    std::unique_ptr<Store> m_store;
    QUndoStack m_undoStack;
    qint64 m_lastId = 0;
    int m_batchDepth = 0;
    bool m_batchFailed = false;
    // A change inside a batch left the findings to be checked when it ends (each change
    // checking the whole index again made undoing an import of 500 devices take 10 s).
    bool m_recheckAfterBatch = false;
    bool m_reloadPending = false;
    // Held edits (database): the registry they started from, and what collided.
    static constexpr int SyncRetryMs = 2000;
    bool m_holdsEdits = false;
    bool m_holding = false;
    bool m_storeBatchOpen = false;
    Registry m_syncBase;
    Registry m_batchBase;
    QStringList m_collisions;
    QTimer *m_syncRetry = nullptr;
    qint64 m_offlineId = 0; // ids of rows held in memory only: negative, never the database's

    // What the YAML file held when last read or written: the base of a three-way merge with
    // a file changed on disk.
    Registry m_diskRegistry;
    std::optional<YamlComments::Position> m_firstComment;
    DiskWatch m_disk;

    ValidationState m_checks;
    // Where the last binding looked up by id was: edits come back to the same one, and a walk
    // over 100,000 bindings per edit was most of its time. Checked before it is trusted.
    mutable BindingPath m_lastBindingPath;
    mutable Findings m_allFindings;
    mutable bool m_findingsDirty = true;
};

template <>
const Device *Document::find<Device>(qint64 id) const;
template <>
const Service *Document::find<Service>(qint64 id) const;
template <>
const Binding *Document::find<Binding>(qint64 id) const;
template <>
const Block *Document::find<Block>(qint64 id) const;
template <>
const Policy *Document::find<Policy>(qint64 id) const;

template <>
bool Document::update<Device>(qint64 id, const Device &value);
template <>
bool Document::update<Service>(qint64 id, const Service &value);
template <>
bool Document::update<Binding>(qint64 id, const Binding &value);
template <>
bool Document::update<Block>(qint64 id, const Block &value);
template <>
bool Document::update<Policy>(qint64 id, const Policy &value);

} // namespace portolan
