#include "document/Document.h"

#include "check/Validator.h"
#include "document/RegistryLoader.h"
#include "document/commands/ImportChanges.h"
#include "domain/RegistryMerge.h"
#include "domain/WellKnownPorts.h"
#include "formats/yaml/YamlWriter.h"
#include "io/AtomicFile.h"
#include "io/FileLock.h"
#include "store/RegistryIo.h"
#include "store/RegistryLocation.h"
#include "store/Store.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace portolan {

namespace {

Validator validator()
{
    return Validator(&WellKnownPorts::system());
}

} // namespace

Document::Document(QObject *parent)
    : QObject(parent)
{
    connect(&m_disk, &DiskWatch::contentChanged, this, &Document::changedOnDisk);
    connect(&m_disk, &DiskWatch::deleted, this, [this] {
        emit replacedOnDisk(tr("%1 was deleted on disk; changes cannot be stored until it is back.")
                                .arg(m_location));
    });
    // A .portolan file replaced under us (convert, a copy, git checkout): every write would
    // go to the old, unlinked file. Open the new one.
    connect(&m_disk, &DiskWatch::replaced, this, [this] {
        const QString location = m_location;
        Error error;
        if (open(location, &error))
            emit replacedOnDisk(
                tr("%1 was replaced on disk and has been opened again.").arg(location));
        else
            emit replacedOnDisk(tr("%1 was replaced on disk and cannot be opened: %2")
                                    .arg(location, error.toString()));
    });
    connect(&m_undoStack, &QUndoStack::cleanChanged, this,
            [this](bool clean) { emit modifiedChanged(!clean && m_backing != Backing::Database); });
    // Nothing is open yet, so there is nothing to find fault with: the first open() or reset()
    // checks in full. (This also keeps the services table's loading off the path to the
    // window's first paint.)
}

Document::~Document()
{
    // Commands refer to the document; drop them before the store goes.
    m_undoStack.clear();
}

bool Document::isModified() const
{
    if (m_backing == Backing::Database)
        return m_holding;
    return !m_undoStack.isClean();
}

bool Document::open(const QString &pathOrUrl, Error *error)
{
    std::unique_ptr<Store> store;
    if (!connectStore(pathOrUrl, store, error))
        return false;
    RegistryLoader loader;
    LoadedRegistry loaded;
    if (!loader.load(pathOrUrl, loaded)) {
        *error = Error::fromText(loader.error().toString());
        return false;
    }
    adopt(pathOrUrl, std::move(store), std::move(loaded));
    return true;
}

bool Document::connectStore(const QString &pathOrUrl, std::unique_ptr<Store> &store, Error *error)
{
    store.reset();
    if (RegistryLocation::parse(pathOrUrl).isDatabase())
        store = Store::openUrl(pathOrUrl, error);
    else if (RegistryIo::formatOf(pathOrUrl) == RegistryIo::Format::Portolan)
        store = Store::openFile(pathOrUrl, Store::OpenMode::ReadWrite, error);
    else
        return true;
    return store != nullptr;
}

void Document::adopt(const QString &pathOrUrl, std::unique_ptr<Store> store, LoadedRegistry loaded)
{
    m_undoStack.clear();
    m_store = std::move(store);
    if (m_store) {
        m_store->listen();
        connect(m_store.get(), &Store::changedElsewhere, this, [this] {
            // Held edits are merged with what changed, never dropped by a reload.
            if (m_holding) {
                synchronize(SyncChoice::Ask);
                return;
            }
            Error ignored;
            reload(&ignored);
        });
        connect(m_store.get(), &Store::connectionLost, this,
                [this](const QString &message) { emit connectionChanged(message, true); });
        connect(m_store.get(), &Store::reconnected, this,
                [this](const QString &message) { emit connectionChanged(message, false); });
        m_backing = Backing::Database;
    } else {
        m_backing = Backing::YamlFile;
        m_lastId = loaded.lastId;
    }
    m_location = m_store ? m_store->displayName() : pathOrUrl;
    m_diskRegistry = m_store ? Registry() : loaded.registry;
    m_firstComment = loaded.firstComment;
    const QByteArray diskHash = loaded.diskHash;
    emit aboutToReset();
    m_registry = std::move(loaded.registry);
    m_checks = std::move(loaded.checks);
    m_findingsDirty = true;
    emit resetDone();
    emit findingsChanged();
    m_undoStack.setClean();
    if (m_backing == Backing::YamlFile)
        m_disk.watch(m_location, DiskWatch::Kind::Content, diskHash);
    else if (!RegistryLocation::parse(m_location).isDatabase())
        m_disk.watch(m_location, DiskWatch::Kind::Identity);
    else
        m_disk.stop();
    emit locationChanged(m_location);
}

void Document::reset(const Registry &registry)
{
    Registry copy = registry;
    assignMemoryIds(copy);
    m_undoStack.clear();
    m_store.reset();
    m_backing = Backing::Memory;
    m_location.clear();
    m_firstComment.reset();
    m_disk.stop();
    adoptRegistry(std::move(copy));
    m_undoStack.setClean();
    emit locationChanged(m_location);
}

Document::SaveResult Document::save(const SaveOptions &options, Error *error)
{
    switch (m_backing) {
    case Backing::Database:
        if (!m_holding || synchronize(SyncChoice::Ask))
            return SaveResult::Saved;
        *error = Error::fromText(
            m_collisions.isEmpty()
                ? tr("%1 cannot be reached yet; your edits are kept and written when it is back.")
                      .arg(m_location)
                : tr("Someone else changed what you edited; choose whose values stay first."));
        return SaveResult::Failed;
    case Backing::Memory:
        *error = Error::fromText(tr("The registry has no file yet; choose where to save it."));
        return SaveResult::Failed;
    case Backing::YamlFile:
        break;
    }
    // Under the file's lock, as every Portolan writer: nobody writes between our check and
    // our write.
    FileLock lock(m_location);
    if (!lock.acquire()) {
        *error = Error::fromText(lock.error().toString());
        return SaveResult::Failed;
    }
    bool exists = false;
    const QByteArray onDisk = m_disk.currentHash(&exists);
    if (!options.overwriteChangesOnDisk && (onDisk != m_disk.knownHash() || !exists) &&
        !m_disk.knownHash().isEmpty()) {
        *error = Error::fromText(
            exists ? tr("%1 changed on disk since it was read; nothing was saved.").arg(m_location)
                   : tr("%1 was deleted on disk; nothing was saved.").arg(m_location));
        return SaveResult::ChangedOnDisk;
    }
    if (m_firstComment && !options.dropComments) {
        *error = Error::fromText(
            tr("%1:%2:%3: the file has comments, which saving would drop; nothing was "
               "saved.")
                .arg(m_location)
                .arg(m_firstComment->line)
                .arg(m_firstComment->column));
        return SaveResult::WouldDropComments;
    }
    const QByteArray yaml = YamlWriter::toYaml(m_registry);
    if (!AtomicFile::write(m_location, yaml, error))
        return SaveResult::Failed;
    m_disk.rememberWritten(DiskWatch::hashOf(yaml));
    m_diskRegistry = m_registry;
    m_firstComment.reset();
    m_undoStack.setClean();
    return SaveResult::Saved;
}

bool Document::saveAs(const QString &path, Error *error)
{
    if (!RegistryIo::save(m_registry, path, error))
        return false;
    // Re-open from the written copy: a .portolan file hands out its own row ids.
    return open(path, error);
}

bool Document::reloadFromDisk(QStringList *collisions, Error *error)
{
    collisions->clear();
    if (m_backing != Backing::YamlFile)
        return reload(error);
    RegistryLoader loader;
    LoadedRegistry loaded;
    if (!loader.load(m_location, loaded)) {
        *error = Error::fromText(loader.error().toString());
        return false;
    }
    if (!isModified()) {
        adopt(m_location, nullptr, std::move(loaded));
        return true;
    }
    // Three sides: the file as it was read, my edits, the file as it is now.
    const Registry base = m_diskRegistry;
    Registry mine = m_registry;
    RegistryMerge::Result merge = RegistryMerge::threeWay(base, mine, loaded.registry);
    *collisions = merge.collisions;
    adopt(m_location, nullptr, std::move(loaded));
    if (QUndoCommand *command =
            ImportChanges::fromTarget(this, merge.merged, tr("Reapply my edits")))
        m_undoStack.push(command);
    return true;
}

bool Document::reload(Error *error)
{
    Registry registry;
    if (m_backing == Backing::Database) {
        if (!m_store->load(registry)) {
            *error = Error::fromText(m_store->error().toString());
            return false;
        }
    } else if (m_backing == Backing::YamlFile) {
        // Re-opening the file is all a YAML reload is.
        RegistryLoader loader;
        LoadedRegistry loaded;
        if (!loader.load(m_location, loaded)) {
            *error = Error::fromText(loader.error().toString());
            return false;
        }
        adopt(m_location, nullptr, std::move(loaded));
        return true;
    } else {
        return true;
    }
    adoptRegistry(std::move(registry));
    return true;
}

void Document::adoptRegistry(Registry registry)
{
    emit aboutToReset();
    m_registry = std::move(registry);
    revalidateAll();
    emit resetDone();
    emit findingsChanged();
}

void Document::assignMemoryIds(Registry &registry)
{
    m_lastId = 0;
    registry.policy.key = {1, 1};
    for (Block &block : registry.policy.blocks)
        block.key = {nextId(), 1};
    for (Device &device : registry.devices)
        assignIds(device);
}

// An element new to memory keeps an id it already has (an undone removal comes back as
// itself) and gets the next one otherwise.
void Document::assignKey(RowKey &key)
{
    if (key.id == 0)
        key.id = m_backing == Backing::Database ? --m_offlineId : nextId();
    key.version = 1;
}

void Document::assignIds(Block &block)
{
    assignKey(block.key);
}

void Document::assignIds(Binding &binding)
{
    assignKey(binding.key);
}

void Document::assignIds(Service &service)
{
    assignKey(service.key);
    for (Binding &binding : service.ports)
        assignIds(binding);
}

void Document::assignIds(Device &device)
{
    assignKey(device.key);
    for (Service &service : device.services)
        assignIds(service);
}

bool Document::writeFailed()
{
    const QString message = m_store->error().toString();
    const bool conflict = m_store->lastErrorIsConflict();
    if (m_batchDepth > 0) {
        // The rest of the batch is skipped; endBatch() rolls back and reloads once.
        m_batchFailed = true;
        m_reloadPending = true;
        emit storeFailed(message, conflict);
        return false;
    }
    // Memory follows the database: what is stored is the truth after a refused write.
    Error ignored;
    reload(&ignored);
    emit storeFailed(message, conflict);
    return false;
}

void Document::beginBatch()
{
    if (m_batchDepth++ == 0) {
        m_batchFailed = false;
        m_recheckAfterBatch = false;
        m_reloadPending = false;
        m_storeBatchOpen = m_store && !m_holding;
        if (m_storeBatchOpen) {
            if (m_holdsEdits)
                m_batchBase = snapshot(m_registry); // held, the batch is merged from here
            m_store->begin();
        }
    }
}

bool Document::endBatch()
{
    if (m_batchDepth == 0 || --m_batchDepth > 0)
        return !m_batchFailed;
    if (m_recheckAfterBatch) {
        m_recheckAfterBatch = false;
        revalidateAll();
        emit findingsChanged();
    }
    if (m_holding) {
        // Held: the store's half of the batch is void; memory holds all of it.
        if (m_storeBatchOpen)
            m_store->rollback();
        m_storeBatchOpen = false;
        m_batchBase = Registry();
        return true;
    }
    if (m_store && m_batchFailed) {
        m_store->rollback();
    } else if (m_store && !m_store->commit() && !holdsWrite()) {
        m_batchFailed = true;
        m_reloadPending = true;
        emit storeFailed(m_store->error().toString(), m_store->lastErrorIsConflict());
    }
    m_storeBatchOpen = false;
    m_batchBase = Registry();
    if (m_reloadPending) {
        m_reloadPending = false;
        Error ignored;
        reload(&ignored);
    }
    return !m_batchFailed;
}

// --- findings ----------------------------------------------------------------------------

const Findings &Document::findings() const
{
    if (m_findingsDirty) {
        m_allFindings = m_checks.all();
        m_findingsDirty = false;
    }
    return m_allFindings;
}

void Document::revalidateAll()
{
    m_checks.checkAll(m_registry, validator());
    m_findingsDirty = true;
}

void Document::revalidateDevice(int deviceIndex)
{
    m_findingsDirty = true;
    if (m_batchDepth > 0) {
        m_recheckAfterBatch = true;
        return;
    }
    m_checks.recheckDevice(m_registry, validator(), deviceIndex);
    emit findingsChanged();
}

void Document::deviceInsertedFindings(int index)
{
    m_findingsDirty = true;
    if (m_batchDepth > 0) {
        m_checks.deviceInsertedUnchecked(index);
        m_recheckAfterBatch = true;
        return;
    }
    m_checks.deviceInserted(m_registry, validator(), index);
    emit findingsChanged();
}

void Document::deviceRemovedFindings(int index)
{
    m_findingsDirty = true;
    if (m_batchDepth > 0) {
        m_checks.deviceRemovedUnchecked(index);
        m_recheckAfterBatch = true;
        return;
    }
    m_checks.deviceRemoved(m_registry, index);
    emit findingsChanged();
}

// --- lookup --------------------------------------------------------------------------------

int Document::deviceIndex(qint64 deviceId) const
{
    for (int d = 0; d < m_registry.devices.size(); ++d) {
        if (m_registry.devices[d].key.id == deviceId)
            return d;
    }
    return -1;
}

Document::ServicePath Document::servicePath(qint64 serviceId) const
{
    for (int d = 0; d < m_registry.devices.size(); ++d) {
        const QVector<Service> &services = m_registry.devices[d].services;
        for (int s = 0; s < services.size(); ++s) {
            if (services[s].key.id == serviceId)
                return {d, s};
        }
    }
    return {};
}

Document::BindingPath Document::bindingPath(qint64 bindingId) const
{
    const BindingPath &last = m_lastBindingPath;
    if (last.isValid() && last.device < m_registry.devices.size()) {
        const QVector<Service> &services = m_registry.devices[last.device].services;
        if (last.service < services.size() && last.binding < services[last.service].ports.size() &&
            services[last.service].ports[last.binding].key.id == bindingId)
            return last;
    }
    for (int d = 0; d < m_registry.devices.size(); ++d) {
        const QVector<Service> &services = m_registry.devices[d].services;
        for (int s = 0; s < services.size(); ++s) {
            const QVector<Binding> &ports = services[s].ports;
            for (int b = 0; b < ports.size(); ++b) {
                if (ports[b].key.id == bindingId) {
                    m_lastBindingPath = {d, s, b};
                    return m_lastBindingPath;
                }
            }
        }
    }
    return {};
}

int Document::blockIndex(qint64 blockId) const
{
    for (int b = 0; b < m_registry.policy.blocks.size(); ++b) {
        if (m_registry.policy.blocks[b].key.id == blockId)
            return b;
    }
    return -1;
}

template <>
const Device *Document::find<Device>(qint64 id) const
{
    const int d = deviceIndex(id);
    return d < 0 ? nullptr : &m_registry.devices[d];
}

template <>
const Service *Document::find<Service>(qint64 id) const
{
    const ServicePath path = servicePath(id);
    return path.isValid() ? &m_registry.devices[path.device].services[path.service] : nullptr;
}

template <>
const Binding *Document::find<Binding>(qint64 id) const
{
    const BindingPath path = bindingPath(id);
    return path.isValid()
               ? &m_registry.devices[path.device].services[path.service].ports[path.binding]
               : nullptr;
}

template <>
const Block *Document::find<Block>(qint64 id) const
{
    const int b = blockIndex(id);
    return b < 0 ? nullptr : &m_registry.policy.blocks[b];
}

template <>
const Policy *Document::find<Policy>(qint64) const
{
    return &m_registry.policy;
}

} // namespace portolan
