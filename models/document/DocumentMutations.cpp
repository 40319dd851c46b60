// Document's mutations, one group per kind of element: what undo commands call. Each writes
// through to the store first (a refusal leaves memory as the database is), then changes memory,
// emits the precise signals item models turn into row notifications, and re-checks what the
// change can affect. Kept apart from Document.cpp, which opens, saves and watches.
#include "Document.h"

#include "check/Validator.h"
#include "domain/WellKnownPorts.h"
#include "store/Store.h"

#include <algorithm>

namespace portolan {

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
    // Every field but the services, which their own commands change.
    Device updated = fields;
    updated.key = device.key;
    updated.services = device.services;
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
    // Every field but the bindings, which their own commands change.
    Service updated = fields;
    updated.key = service.key;
    updated.ports = service.ports;
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
    m_checks.recheckDevice(m_registry, Validator(&WellKnownPorts::system()), path.device);
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
    // Every field but the blocks, which their own commands change.
    Policy updated = fields;
    updated.key = m_registry.policy.key;
    updated.blocks = m_registry.policy.blocks;
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
