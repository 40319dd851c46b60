#include "Document.h"

#include "RegistryLoader.h"
#include "store/RegistryIo.h"
#include "store/Store.h"
#include "check/Validator.h"
#include "domain/WellKnownPorts.h"
#include "formats/yaml/YamlWriter.h"
#include "document/commands/ImportChanges.h"
#include "domain/RegistryMerge.h"
#include "store/AtomicFile.h"
#include "store/FileLock.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

#include <sys/stat.h>

namespace portolan {

namespace {

Validator validator()
{
    return Validator(&WellKnownPorts::system());
}

void shiftDeviceRefs(Findings &findings, int from, int delta)
{
    for (Finding &finding : findings) {
        if (finding.where.device >= from)
            finding.where.device += delta;
        if (finding.related.device >= from)
            finding.related.device += delta;
    }
}

} // namespace

Document::Document(QObject *parent)
    : QObject(parent)
{
    // Editors and git write a file in several steps; look once things have settled.
    m_diskCheck.setSingleShot(true);
    m_diskCheck.setInterval(150);
    connect(&m_diskCheck, &QTimer::timeout, this, &Document::checkDisk);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, [this] { m_diskCheck.start(); });
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this,
            [this] { m_diskCheck.start(); });
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
    return m_backing != Backing::Database && !m_undoStack.isClean();
}

bool Document::open(const QString &pathOrUrl, QString *error)
{
    std::unique_ptr<Store> store;
    if (!connectStore(pathOrUrl, store, error))
        return false;
    RegistryLoader loader;
    LoadedRegistry loaded;
    if (!loader.load(pathOrUrl, loaded)) {
        *error = loader.errorString();
        return false;
    }
    adopt(pathOrUrl, std::move(store), std::move(loaded));
    return true;
}

bool Document::connectStore(const QString &pathOrUrl, std::unique_ptr<Store> &store, QString *error)
{
    store.reset();
    if (Store::isDatabaseUrl(pathOrUrl))
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
            QString ignored;
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
    m_diskHash = loaded.diskHash;
    m_diskRegistry = m_store ? Registry() : loaded.registry;
    m_firstComment = loaded.firstComment;
    m_diskChangeReported = false;
    m_reportedDiskHash.clear();
    emit aboutToReset();
    m_registry = std::move(loaded.registry);
    m_checks = std::move(loaded.checks);
    m_findingsDirty = true;
    emit resetDone();
    emit findingsChanged();
    m_undoStack.setClean();
    watchLocation();
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
    m_diskHash.clear();
    m_firstComment.reset();
    watchLocation();
    adoptRegistry(std::move(copy));
    m_undoStack.setClean();
    emit locationChanged(m_location);
}

Document::SaveResult Document::save(const SaveOptions &options, QString *error)
{
    switch (m_backing) {
    case Backing::Database:
        return SaveResult::Saved;
    case Backing::Memory:
        *error = tr("The registry has no file yet; choose where to save it.");
        return SaveResult::Failed;
    case Backing::YamlFile:
        break;
    }
    // Under the file's lock, as every Portolan writer: nobody writes between our check and
    // our write.
    FileLock lock(m_location);
    if (!lock.acquire()) {
        *error = lock.errorString();
        return SaveResult::Failed;
    }
    bool exists = false;
    const QByteArray onDisk = currentDiskHash(&exists);
    if (!options.overwriteChangesOnDisk && (onDisk != m_diskHash || !exists) &&
        !m_diskHash.isEmpty()) {
        *error = exists ? tr("%1 changed on disk since it was read; nothing was saved.")
                              .arg(m_location)
                        : tr("%1 was deleted on disk; nothing was saved.").arg(m_location);
        return SaveResult::ChangedOnDisk;
    }
    if (m_firstComment && !options.dropComments) {
        *error = tr("%1:%2:%3: the file has comments, which saving would drop; nothing was "
                    "saved.")
                     .arg(m_location)
                     .arg(m_firstComment->line)
                     .arg(m_firstComment->column);
        return SaveResult::WouldDropComments;
    }
    const QByteArray yaml = YamlWriter::toYaml(m_registry);
    if (!AtomicFile::write(m_location, yaml, error))
        return SaveResult::Failed;
    m_diskHash = QCryptographicHash::hash(yaml, QCryptographicHash::Sha256);
    m_diskRegistry = m_registry;
    m_firstComment.reset();
    m_reportedDiskHash.clear();
    m_undoStack.setClean();
    // The rename gave the file a new inode: watch the new one.
    watchLocation();
    return SaveResult::Saved;
}

bool Document::saveAs(const QString &path, QString *error)
{
    if (!RegistryIo::save(m_registry, path, error))
        return false;
    // Re-open from the written copy: a .portolan file hands out its own row ids.
    return open(path, error);
}

bool Document::reloadFromDisk(QStringList *collisions, QString *error)
{
    collisions->clear();
    if (m_backing != Backing::YamlFile)
        return reload(error);
    RegistryLoader loader;
    LoadedRegistry loaded;
    if (!loader.load(m_location, loaded)) {
        *error = loader.errorString();
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

void Document::watchLocation()
{
    const QStringList watched = m_watcher.files() + m_watcher.directories();
    if (!watched.isEmpty())
        m_watcher.removePaths(watched);
    m_fileDevice = m_fileInode = 0;
    if (m_backing == Backing::Memory || m_location.isEmpty() || Store::isDatabaseUrl(m_location))
        return;
    // The file, and its folder: an atomic replace (a rename over it) ends the file's watch.
    const QFileInfo info(m_location);
    m_watcher.addPath(info.absoluteFilePath());
    m_watcher.addPath(info.absolutePath());
    struct stat identity;
    if (::stat(QFile::encodeName(m_location).constData(), &identity) == 0) {
        m_fileDevice = quint64(identity.st_dev);
        m_fileInode = quint64(identity.st_ino);
    }
}

QByteArray Document::currentDiskHash(bool *exists) const
{
    QFile file(m_location);
    *exists = file.exists();
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result();
}

void Document::checkDisk()
{
    if (m_backing == Backing::Memory || m_location.isEmpty())
        return;
    if (!m_watcher.files().contains(QFileInfo(m_location).absoluteFilePath()) &&
        QFileInfo::exists(m_location))
        m_watcher.addPath(QFileInfo(m_location).absoluteFilePath());
    if (m_backing == Backing::Database) {
        // A .portolan file replaced under us (convert, a copy, git checkout): every write
        // would go to the old, unlinked file. Open the new one.
        struct stat identity;
        const bool exists = ::stat(QFile::encodeName(m_location).constData(), &identity) == 0;
        if (exists && quint64(identity.st_dev) == m_fileDevice &&
            quint64(identity.st_ino) == m_fileInode)
            return;
        if (!exists) {
            if (!m_diskChangeReported)
                emit replacedOnDisk(tr("%1 was deleted on disk; changes cannot be stored until "
                                       "it is back.")
                                        .arg(m_location));
            m_diskChangeReported = true;
            return;
        }
        const QString location = m_location;
        QString error;
        if (open(location, &error))
            emit replacedOnDisk(tr("%1 was replaced on disk and has been opened again.")
                                    .arg(location));
        else
            emit replacedOnDisk(tr("%1 was replaced on disk and cannot be opened: %2")
                                    .arg(location, error));
        return;
    }
    bool exists = false;
    const QByteArray hash = currentDiskHash(&exists);
    if (exists && hash == m_diskHash) {
        m_reportedDiskHash.clear();
        return;
    }
    // Each state of the file is reported once: changed, changed again, deleted.
    const QByteArray state = exists ? hash : QByteArrayLiteral("deleted");
    if (state == m_reportedDiskHash)
        return;
    m_reportedDiskHash = state;
    emit changedOnDisk(!exists);
}

bool Document::reload(QString *error)
{
    Registry registry;
    if (m_backing == Backing::Database) {
        if (!m_store->load(registry)) {
            *error = m_store->errorString();
            return false;
        }
    } else if (m_backing == Backing::YamlFile) {
        // Re-opening the file is all a YAML reload is.
        RegistryLoader loader;
        LoadedRegistry loaded;
        if (!loader.load(m_location, loaded)) {
            *error = loader.errorString();
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

void Document::assignIds(Device &device)
{
    if (device.key.id == 0)
        device.key.id = nextId();
    device.key.version = 1;
    for (Service &service : device.services)
        assignIds(service);
}

void Document::assignIds(Service &service)
{
    if (service.key.id == 0)
        service.key.id = nextId();
    service.key.version = 1;
    for (Binding &binding : service.ports) {
        if (binding.key.id == 0)
            binding.key.id = nextId();
        binding.key.version = 1;
    }
}

bool Document::writeFailed()
{
    const QString message = m_store->errorString();
    const bool conflict = m_store->lastErrorIsConflict();
    if (m_batchDepth > 0) {
        // The rest of the batch is skipped; endBatch() rolls back and reloads once.
        m_batchFailed = true;
        m_reloadPending = true;
        emit storeFailed(message, conflict);
        return false;
    }
    // Memory follows the database: what is stored is the truth after a refused write.
    QString ignored;
    reload(&ignored);
    emit storeFailed(message, conflict);
    return false;
}

void Document::beginBatch()
{
    if (m_batchDepth++ == 0) {
        m_batchFailed = false;
        m_reloadPending = false;
        if (m_store)
            m_store->begin();
    }
}

bool Document::endBatch()
{
    if (m_batchDepth == 0 || --m_batchDepth > 0)
        return !m_batchFailed;
    if (m_store && m_batchFailed) {
        m_store->rollback();
    } else if (m_store && !m_store->commit()) {
        m_batchFailed = true;
        m_reloadPending = true;
        emit storeFailed(m_store->errorString(), m_store->lastErrorIsConflict());
    }
    if (m_reloadPending) {
        m_reloadPending = false;
        QString ignored;
        reload(&ignored);
    }
    return !m_batchFailed;
}

// --- findings ----------------------------------------------------------------------------

const Findings &Document::findings() const
{
    if (m_findingsDirty) {
        m_allFindings = m_checks.policy;
        for (const Findings &device : m_checks.devices)
            m_allFindings += device;
        m_allFindings += m_checks.crossDevice;
        Validator::sortFindings(m_allFindings);
        m_findingsDirty = false;
    }
    return m_allFindings;
}

Findings Document::findingsForDevice(int deviceIndex) const
{
    Findings result;
    for (const Finding &finding : findings()) {
        if (finding.where.device == deviceIndex || finding.related.device == deviceIndex)
            result.append(finding);
    }
    return result;
}

void Document::revalidateAll()
{
    m_checks.checkAll(m_registry, validator());
    m_findingsDirty = true;
}

void Document::revalidateDevice(int deviceIndex)
{
    const Validator check = validator();
    m_checks.devices[deviceIndex] = check.checkDevice(m_registry, deviceIndex);
    // Only this device's names, address and routes are re-indexed.
    m_checks.index.updateDevice(m_registry, deviceIndex);
    m_checks.crossDevice = m_checks.index.findings(m_registry);
    m_findingsDirty = true;
    emit findingsChanged();
}

void Document::revalidateCrossDevice()
{
    m_checks.index.rebuild(m_registry);
    m_checks.crossDevice = m_checks.index.findings(m_registry);
    m_findingsDirty = true;
    emit findingsChanged();
}

void Document::deviceInsertedFindings(int index)
{
    for (int d = index; d < m_checks.devices.size(); ++d)
        shiftDeviceRefs(m_checks.devices[d], index, 1);
    m_checks.devices.insert(index, Findings());
    revalidateDevice(index);
}

void Document::deviceRemovedFindings(int index)
{
    m_checks.devices.removeAt(index);
    for (int d = index; d < m_checks.devices.size(); ++d)
        shiftDeviceRefs(m_checks.devices[d], index + 1, -1);
    revalidateCrossDevice();
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
    for (int d = 0; d < m_registry.devices.size(); ++d) {
        const QVector<Service> &services = m_registry.devices[d].services;
        for (int s = 0; s < services.size(); ++s) {
            const QVector<Binding> &ports = services[s].ports;
            for (int b = 0; b < ports.size(); ++b) {
                if (ports[b].key.id == bindingId)
                    return {d, s, b};
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

template <>
bool Document::update<Device>(qint64 id, const Device &value)
{
    return updateDevice(id, value);
}

template <>
bool Document::update<Service>(qint64 id, const Service &value)
{
    return updateService(id, value);
}

template <>
bool Document::update<Binding>(qint64 id, const Binding &value)
{
    return updateBinding(id, value);
}

template <>
bool Document::update<Block>(qint64 id, const Block &value)
{
    return updateBlock(id, value);
}

template <>
bool Document::update<Policy>(qint64, const Policy &value)
{
    return updatePolicy(value);
}

// --- devices -------------------------------------------------------------------------------

bool Document::insertDevice(int index, Device &device)
{
    if (m_batchFailed && m_batchDepth > 0)
        return false;
    index = std::clamp(index, 0, int(m_registry.devices.size()));
    if (m_store) {
        if (!m_store->insertDevice(index, device))
            return writeFailed();
    } else {
        assignIds(device);
    }
    emit deviceAboutToBeInserted(index);
    m_registry.devices.insert(index, device);
    emit deviceInserted(index);
    deviceInsertedFindings(index);
    return true;
}

bool Document::removeDevice(qint64 deviceId)
{
    if (m_batchFailed && m_batchDepth > 0)
        return false;
    const int index = deviceIndex(deviceId);
    if (index < 0)
        return false;
    if (m_store && !m_store->removeDevice(m_registry.devices[index], index))
        return writeFailed();
    emit deviceAboutToBeRemoved(index);
    m_registry.devices.removeAt(index);
    emit deviceRemoved(index);
    deviceRemovedFindings(index);
    return true;
}

bool Document::updateDevice(qint64 deviceId, const Device &fields)
{
    if (m_batchFailed && m_batchDepth > 0)
        return false;
    const int index = deviceIndex(deviceId);
    if (index < 0)
        return false;
    Device &device = m_registry.devices[index];
    Device updated = device;
    updated.name = fields.name;
    updated.ip = fields.ip;
    updated.description = fields.description;
    if (m_store && !m_store->updateDevice(device, updated))
        return writeFailed();
    device = updated;
    emit deviceChanged(index);
    revalidateDevice(index);
    return true;
}

// --- services ------------------------------------------------------------------------------

bool Document::insertService(qint64 deviceId, int index, Service &service)
{
    if (m_batchFailed && m_batchDepth > 0)
        return false;
    const int d = deviceIndex(deviceId);
    if (d < 0)
        return false;
    Device &device = m_registry.devices[d];
    index = std::clamp(index, 0, int(device.services.size()));
    if (m_store) {
        if (!m_store->insertService(device, index, service))
            return writeFailed();
    } else {
        assignIds(service);
    }
    emit serviceAboutToBeInserted(d, index, service.ports.size());
    device.services.insert(index, service);
    emit serviceInserted(d, index);
    emit deviceChanged(d);
    revalidateDevice(d);
    return true;
}

bool Document::removeService(qint64 serviceId)
{
    if (m_batchFailed && m_batchDepth > 0)
        return false;
    const ServicePath path = servicePath(serviceId);
    if (!path.isValid())
        return false;
    Device &device = m_registry.devices[path.device];
    if (m_store && !m_store->removeService(device, device.services[path.service], path.service))
        return writeFailed();
    emit serviceAboutToBeRemoved(path.device, path.service);
    device.services.removeAt(path.service);
    emit serviceRemoved(path.device, path.service);
    emit deviceChanged(path.device);
    revalidateDevice(path.device);
    return true;
}

bool Document::updateService(qint64 serviceId, const Service &fields)
{
    if (m_batchFailed && m_batchDepth > 0)
        return false;
    const ServicePath path = servicePath(serviceId);
    if (!path.isValid())
        return false;
    Device &device = m_registry.devices[path.device];
    Service &service = device.services[path.service];
    Service updated = service;
    updated.name = fields.name;
    updated.category = fields.category;
    updated.notes = fields.notes;
    updated.route = fields.route;
    if (m_store && !m_store->updateService(device, service, updated))
        return writeFailed();
    service = updated;
    emit serviceChanged(path.device, path.service);
    revalidateDevice(path.device);
    return true;
}

bool Document::moveService(qint64 serviceId, qint64 toDeviceId, int toIndex)
{
    if (m_batchFailed && m_batchDepth > 0)
        return false;
    const ServicePath path = servicePath(serviceId);
    const int to = deviceIndex(toDeviceId);
    if (!path.isValid() || to < 0)
        return false;
    Device &from = m_registry.devices[path.device];
    Device &target = m_registry.devices[to];
    Service service = from.services[path.service];
    const int targetSize = int(target.services.size()) - (to == path.device ? 1 : 0);
    toIndex = std::clamp(toIndex, 0, targetSize);
    if (m_store && !m_store->moveService(from, path.service, target, toIndex, service))
        return writeFailed();
    emit serviceAboutToBeRemoved(path.device, path.service);
    from.services.removeAt(path.service);
    emit serviceRemoved(path.device, path.service);
    emit serviceAboutToBeInserted(to, toIndex, service.ports.size());
    target.services.insert(toIndex, service);
    emit serviceInserted(to, toIndex);
    emit deviceChanged(path.device);
    if (to != path.device)
        emit deviceChanged(to);
    const Validator check = validator();
    m_checks.devices[path.device] = check.checkDevice(m_registry, path.device);
    m_checks.index.updateDevice(m_registry, path.device);
    revalidateDevice(to);
    return true;
}

// --- bindings ------------------------------------------------------------------------------

bool Document::insertBinding(qint64 serviceId, int index, Binding &binding)
{
    if (m_batchFailed && m_batchDepth > 0)
        return false;
    const ServicePath path = servicePath(serviceId);
    if (!path.isValid())
        return false;
    Service &service = m_registry.devices[path.device].services[path.service];
    index = std::clamp(index, 0, int(service.ports.size()));
    if (m_store) {
        if (!m_store->insertBinding(service, index, binding))
            return writeFailed();
    } else {
        if (binding.key.id == 0)
            binding.key.id = nextId();
        binding.key.version = 1;
    }
    emit bindingAboutToBeInserted(path.device, path.service, index);
    service.ports.insert(index, binding);
    emit bindingInserted(path.device, path.service, index);
    emit deviceChanged(path.device);
    revalidateDevice(path.device);
    return true;
}

bool Document::removeBinding(qint64 bindingId)
{
    if (m_batchFailed && m_batchDepth > 0)
        return false;
    const BindingPath path = bindingPath(bindingId);
    if (!path.isValid())
        return false;
    Service &service = m_registry.devices[path.device].services[path.service];
    if (m_store && !m_store->removeBinding(service, service.ports[path.binding], path.binding))
        return writeFailed();
    emit bindingAboutToBeRemoved(path.device, path.service, path.binding);
    service.ports.removeAt(path.binding);
    emit bindingRemoved(path.device, path.service, path.binding);
    emit deviceChanged(path.device);
    revalidateDevice(path.device);
    return true;
}

bool Document::updateBinding(qint64 bindingId, const Binding &value)
{
    if (m_batchFailed && m_batchDepth > 0)
        return false;
    const BindingPath path = bindingPath(bindingId);
    if (!path.isValid())
        return false;
    Service &service = m_registry.devices[path.device].services[path.service];
    Binding &binding = service.ports[path.binding];
    Binding updated = value;
    updated.key = binding.key;
    if (m_store && !m_store->updateBinding(service, binding, updated))
        return writeFailed();
    binding = updated;
    emit bindingChanged(path.device, path.service, path.binding);
    revalidateDevice(path.device);
    return true;
}

// --- policy and blocks ---------------------------------------------------------------------

bool Document::updatePolicy(const Policy &fields)
{
    if (m_batchFailed && m_batchDepth > 0)
        return false;
    Policy updated = m_registry.policy;
    updated.domain = fields.domain;
    updated.internalSubdomain = fields.internalSubdomain;
    updated.range = fields.range;
    updated.blockSize = fields.blockSize;
    updated.proxyNetwork = fields.proxyNetwork;
    updated.externalEntrypoint = fields.externalEntrypoint;
    updated.internalEntrypoint = fields.internalEntrypoint;
    if (m_store && !m_store->updatePolicy(m_registry.policy, updated))
        return writeFailed();
    m_registry.policy = updated;
    emit policyChanged();
    revalidateAll();
    emit findingsChanged();
    return true;
}

bool Document::insertBlock(int index, Block &block)
{
    if (m_batchFailed && m_batchDepth > 0)
        return false;
    index = std::clamp(index, 0, int(m_registry.policy.blocks.size()));
    if (m_store) {
        if (!m_store->insertBlock(index, block))
            return writeFailed();
    } else {
        if (block.key.id == 0)
            block.key.id = nextId();
        block.key.version = 1;
    }
    emit blockAboutToBeInserted(index);
    m_registry.policy.blocks.insert(index, block);
    emit blockInserted(index);
    emit policyChanged();
    revalidateAll();
    emit findingsChanged();
    return true;
}

bool Document::removeBlock(qint64 blockId)
{
    if (m_batchFailed && m_batchDepth > 0)
        return false;
    const int index = blockIndex(blockId);
    if (index < 0)
        return false;
    if (m_store && !m_store->removeBlock(m_registry.policy.blocks[index], index))
        return writeFailed();
    emit blockAboutToBeRemoved(index);
    m_registry.policy.blocks.removeAt(index);
    emit blockRemoved(index);
    emit policyChanged();
    revalidateAll();
    emit findingsChanged();
    return true;
}

bool Document::updateBlock(qint64 blockId, const Block &value)
{
    if (m_batchFailed && m_batchDepth > 0)
        return false;
    const int index = blockIndex(blockId);
    if (index < 0)
        return false;
    Block &block = m_registry.policy.blocks[index];
    Block updated = value;
    updated.key = block.key;
    if (m_store && !m_store->updateBlock(block, updated))
        return writeFailed();
    block = updated;
    emit blockChanged(index);
    emit policyChanged();
    revalidateAll();
    emit findingsChanged();
    return true;
}

} // namespace portolan
