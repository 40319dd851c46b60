// Document's mutations, one group per kind of element: what undo commands call. Each writes
// through to the store first (a refusal leaves memory as the database is), then changes memory
// between the signals item models turn into row notifications, and re-checks what the change
// can affect. Kept apart from Document.cpp, which opens, saves and watches.
#include "document/Document.h"

#include "check/Validator.h"
#include "domain/WellKnownPorts.h"
#include "store/Store.h"

#include <algorithm>

namespace portolan {

// --- the steps every mutation shares -------------------------------------------------------

bool Document::mayWrite() const
{
    // Inside a batch that already failed, the rest is skipped; endBatch() rolls back.
    return !(m_batchFailed && m_batchDepth > 0);
}

bool Document::stored(const std::function<bool(Store &)> &write)
{
    // While edits are held, memory alone changes: synchronize() writes them all.
    if (!m_store || m_holding)
        return true;
    return write(*m_store) || holdsWrite() || writeFailed();
}

template <typename Element>
bool Document::insertInto(QVector<Element> &list, int &index, Element &element,
                          const std::function<bool(Store &)> &write,
                          const std::function<void()> &before, const std::function<void()> &after)
{
    if (!mayWrite())
        return false;
    index = std::clamp(index, 0, int(list.size()));
    if (m_store) {
        if (!stored(write))
            return false;
        if (m_holding) // not in the database yet: ids of its own until it is written
            assignIds(element);
    } else {
        assignIds(element);
    }
    before();
    list.insert(index, element);
    after();
    return true;
}

template <typename Element>
bool Document::removeFrom(QVector<Element> &list, int index,
                          const std::function<bool(Store &)> &write,
                          const std::function<void()> &before, const std::function<void()> &after)
{
    if (!mayWrite() || index < 0 || !stored(write))
        return false;
    before();
    list.removeAt(index);
    after();
    return true;
}

// --- devices -------------------------------------------------------------------------------

bool Document::insertDevice(int index, Device &device)
{
    return insertInto(
        m_registry.devices, index, device,
        [&](Store &store) { return store.insertDevice(index, device); },
        [&] { emit deviceAboutToBeInserted(index); },
        [&] {
            emit deviceInserted(index);
            deviceInsertedFindings(index);
        });
}

bool Document::removeDevice(qint64 deviceId)
{
    const int index = deviceIndex(deviceId);
    return removeFrom(
        m_registry.devices, index,
        [&](Store &store) { return store.removeDevice(m_registry.devices[index], index); },
        [&] { emit deviceAboutToBeRemoved(index); },
        [&] {
            emit deviceRemoved(index);
            deviceRemovedFindings(index);
        });
}

template <>
bool Document::update<Device>(qint64 deviceId, const Device &fields)
{
    const int index = deviceIndex(deviceId);
    if (!mayWrite() || index < 0)
        return false;
    Device &device = m_registry.devices[index];
    // Every field but the services, which their own commands change.
    Device updated = fields;
    updated.key = device.key;
    updated.services = device.services;
    if (!stored([&](Store &store) { return store.updateDevice(device, updated); }))
        return false;
    device = updated;
    emit deviceChanged(index);
    revalidateDevice(index);
    return true;
}

// --- services ------------------------------------------------------------------------------

bool Document::insertService(qint64 deviceId, int index, Service &service)
{
    const int d = deviceIndex(deviceId);
    if (d < 0)
        return false;
    Device &device = m_registry.devices[d];
    return insertInto(
        device.services, index, service,
        [&](Store &store) { return store.insertService(device, index, service); },
        [&] { emit serviceAboutToBeInserted(d, index, service.ports.size()); },
        [&] {
            emit serviceInserted(d, index);
            emit deviceChanged(d);
            revalidateDevice(d);
        });
}

bool Document::removeService(qint64 serviceId)
{
    const ServicePath path = servicePath(serviceId);
    if (!path.isValid())
        return false;
    Device &device = m_registry.devices[path.device];
    return removeFrom(
        device.services, path.service,
        [&](Store &store) {
            return store.removeService(device, device.services[path.service], path.service);
        },
        [&] { emit serviceAboutToBeRemoved(path.device, path.service); },
        [&] {
            emit serviceRemoved(path.device, path.service);
            emit deviceChanged(path.device);
            revalidateDevice(path.device);
        });
}

template <>
bool Document::update<Service>(qint64 serviceId, const Service &fields)
{
    const ServicePath path = servicePath(serviceId);
    if (!mayWrite() || !path.isValid())
        return false;
    Device &device = m_registry.devices[path.device];
    Service &service = device.services[path.service];
    // Every field but the bindings, which their own commands change.
    Service updated = fields;
    updated.key = service.key;
    updated.ports = service.ports;
    if (!stored([&](Store &store) { return store.updateService(device, service, updated); }))
        return false;
    service = updated;
    emit serviceChanged(path.device, path.service);
    revalidateDevice(path.device);
    return true;
}

bool Document::moveService(qint64 serviceId, qint64 toDeviceId, int toIndex)
{
    const ServicePath path = servicePath(serviceId);
    const int to = deviceIndex(toDeviceId);
    if (!mayWrite() || !path.isValid() || to < 0)
        return false;
    Device &from = m_registry.devices[path.device];
    Device &target = m_registry.devices[to];
    Service service = from.services[path.service];
    const int targetSize = int(target.services.size()) - (to == path.device ? 1 : 0);
    toIndex = std::clamp(toIndex, 0, targetSize);
    if (!stored([&](Store &store) {
            return store.moveService(from, path.service, target, toIndex, service);
        }))
        return false;
    emit serviceAboutToBeRemoved(path.device, path.service);
    from.services.removeAt(path.service);
    emit serviceRemoved(path.device, path.service);
    emit serviceAboutToBeInserted(to, toIndex, service.ports.size());
    target.services.insert(toIndex, service);
    emit serviceInserted(to, toIndex);
    emit deviceChanged(path.device);
    if (to != path.device)
        emit deviceChanged(to);
    if (m_batchDepth == 0)
        m_checks.recheckDevice(m_registry, Validator(&WellKnownPorts::system()), path.device);
    revalidateDevice(to);
    return true;
}

// --- bindings ------------------------------------------------------------------------------

bool Document::insertBinding(qint64 serviceId, int index, Binding &binding)
{
    const ServicePath path = servicePath(serviceId);
    if (!path.isValid())
        return false;
    Service &service = m_registry.devices[path.device].services[path.service];
    return insertInto(
        service.ports, index, binding,
        [&](Store &store) { return store.insertBinding(service, index, binding); },
        [&] { emit bindingAboutToBeInserted(path.device, path.service, index); },
        [&] {
            emit bindingInserted(path.device, path.service, index);
            emit deviceChanged(path.device);
            revalidateDevice(path.device);
        });
}

bool Document::removeBinding(qint64 bindingId)
{
    const BindingPath path = bindingPath(bindingId);
    if (!path.isValid())
        return false;
    Service &service = m_registry.devices[path.device].services[path.service];
    return removeFrom(
        service.ports, path.binding,
        [&](Store &store) {
            return store.removeBinding(service, service.ports[path.binding], path.binding);
        },
        [&] { emit bindingAboutToBeRemoved(path.device, path.service, path.binding); },
        [&] {
            emit bindingRemoved(path.device, path.service, path.binding);
            emit deviceChanged(path.device);
            revalidateDevice(path.device);
        });
}

template <>
bool Document::update<Binding>(qint64 bindingId, const Binding &value)
{
    const BindingPath path = bindingPath(bindingId);
    if (!mayWrite() || !path.isValid())
        return false;
    Service &service = m_registry.devices[path.device].services[path.service];
    Binding &binding = service.ports[path.binding];
    Binding updated = value;
    updated.key = binding.key;
    if (!stored([&](Store &store) { return store.updateBinding(service, binding, updated); }))
        return false;
    binding = updated;
    emit bindingChanged(path.device, path.service, path.binding);
    revalidateDevice(path.device);
    return true;
}

// --- policy and blocks ---------------------------------------------------------------------

// A change of the policy or a block can move every binding's verdict: everything is checked.
void Document::policyEdited()
{
    emit policyChanged();
    revalidateAll();
    emit findingsChanged();
}

template <>
bool Document::update<Policy>(qint64, const Policy &fields)
{
    if (!mayWrite())
        return false;
    // Every field but the blocks, which their own commands change.
    Policy updated = fields;
    updated.key = m_registry.policy.key;
    updated.blocks = m_registry.policy.blocks;
    if (!stored([&](Store &store) { return store.updatePolicy(m_registry.policy, updated); }))
        return false;
    m_registry.policy = updated;
    policyEdited();
    return true;
}

bool Document::insertBlock(int index, Block &block)
{
    return insertInto(
        m_registry.policy.blocks, index, block,
        [&](Store &store) { return store.insertBlock(index, block); },
        [&] { emit blockAboutToBeInserted(index); },
        [&] {
            emit blockInserted(index);
            policyEdited();
        });
}

bool Document::removeBlock(qint64 blockId)
{
    const int index = blockIndex(blockId);
    return removeFrom(
        m_registry.policy.blocks, index,
        [&](Store &store) { return store.removeBlock(m_registry.policy.blocks[index], index); },
        [&] { emit blockAboutToBeRemoved(index); },
        [&] {
            emit blockRemoved(index);
            policyEdited();
        });
}

template <>
bool Document::update<Block>(qint64 blockId, const Block &value)
{
    const int index = blockIndex(blockId);
    if (!mayWrite() || index < 0)
        return false;
    Block &block = m_registry.policy.blocks[index];
    Block updated = value;
    updated.key = block.key;
    if (!stored([&](Store &store) { return store.updateBlock(block, updated); }))
        return false;
    block = updated;
    policyEdited();
    return true;
}

} // namespace portolan
