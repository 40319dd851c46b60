#include "document/commands/ImportChanges.h"

#include "document/commands/AddRemove.h"
#include "document/commands/EditElement.h"
#include "document/commands/MoveService.h"
#include "domain/RegistryDiff.h"

#include <QHash>
#include <QSet>

namespace portolan {

ImportChanges::ImportChanges(Document *document, const QString &text, QUndoCommand *parent)
    : DocumentCommand(document, parent)
{
    setText(text);
}

void ImportChanges::redo()
{
    m_document->beginBatch();
    QUndoCommand::redo();
    apply(m_document->endBatch());
}

void ImportChanges::undo()
{
    m_document->beginBatch();
    QUndoCommand::undo();
    apply(m_document->endBatch());
}

ImportChanges *ImportChanges::fromTarget(Document *document, const Registry &target,
                                         const QString &text)
{
    return fromDiff(document, RegistryDiff::compare(document->registry(), target), text);
}

ImportChanges *ImportChanges::fromDiff(Document *document, const RegistryDiff &diff,
                                       const QString &text)
{
    using Kind = RegistryChange::Kind;
    using Element = RegistryChange::Element;
    const Registry &current = diff.before();
    const Registry &target = diff.after();
    auto *macro = new ImportChanges(document, text);

    // The current id of a device named as in the target (its services are added there).
    auto currentDeviceId = [&](int targetDevice) -> qint64 {
        const int d = current.findDevice(target.devices[targetDevice].name);
        return d >= 0 ? current.devices[d].key.id : 0;
    };
    auto serviceIdOf = [&](const ElementPath &path) {
        return current.devices[path.device].services[path.service].key.id;
    };
    // The service at `path` in `from`, found by device and service name in `to`.
    auto sameService = [](const Registry &from, const Registry &to, const ElementPath &path) {
        const Device &owner = from.devices[path.device];
        ElementPath found;
        found.device = to.findDevice(owner.name);
        found.service =
            found.device >= 0
                ? to.devices[found.device].findService(owner.services[path.service].name)
                : -1;
        return found;
    };
    auto withoutKeys = [](auto value) {
        value.key = {};
        return value;
    };

    // Services that moved, by their place in the target: bindings added to them go there.
    QHash<std::pair<int, int>, qint64> movedServices;
    for (const RegistryChange &change : diff.changes()) {
        if (change.element == Element::Service && change.kind == Kind::Moved)
            movedServices.insert({change.after.device, change.after.service},
                                 serviceIdOf(change.before));
    }

    // Removals first, last to first, so the positions of the rest still hold; then edits;
    // then additions, first to last at their places in the target.
    const QVector<RegistryChange> &changes = diff.changes();
    QVector<const RegistryChange *> removals;
    QVector<const RegistryChange *> edits;
    QVector<const RegistryChange *> additions;
    for (const RegistryChange &change : changes) {
        if (change.kind == Kind::Removed && change.element != Element::Route)
            removals.prepend(&change);
        else if (change.kind == Kind::Added && change.element != Element::Route)
            additions.append(&change);
        else if (change.kind != Kind::Reordered)
            edits.append(&change);
    }

    for (const RegistryChange *change : removals) {
        const ElementPath &path = change->before;
        switch (change->element) {
        case Element::Block:
            new RemoveBlock(document, current.policy.blocks[path.block].key.id, macro);
            break;
        case Element::Device:
            new RemoveDevice(document, current.devices[path.device].key.id, macro);
            break;
        case Element::Service:
            new RemoveService(document, serviceIdOf(path), macro);
            break;
        case Element::Binding:
            new RemoveBinding(
                document,
                current.devices[path.device].services[path.service].ports[path.binding].key.id,
                macro);
            break;
        default:
            break;
        }
    }

    QSet<qint64> editedServices;
    for (const RegistryChange *change : edits) {
        const ElementPath &before = change->before;
        const ElementPath &after = change->after;
        switch (change->element) {
        case Element::Policy:
            new EditPolicy(document, target.policy, macro);
            break;
        case Element::Block:
            new EditBlock(document, current.policy.blocks[before.block].key.id,
                          target.policy.blocks[after.block], macro);
            break;
        case Element::Device: {
            Device fields = target.devices[after.device];
            fields.name = current.devices[before.device].name;
            new EditDevice(document, current.devices[before.device].key.id, fields, macro);
            break;
        }
        case Element::Service:
        case Element::Route: {
            // The service as it is now and as the target wants it, each found on its side (a
            // route added names only the target's side, a route removed only the current's).
            const ElementPath now =
                before.device >= 0 ? before : sameService(target, current, after);
            const ElementPath wanted =
                after.device >= 0 ? after : sameService(current, target, before);
            if (now.device < 0 || now.service < 0 || wanted.device < 0 || wanted.service < 0)
                break;
            const Service &present = current.devices[now.device].services[now.service];
            const Service &desired = target.devices[wanted.device].services[wanted.service];
            if (change->kind == Kind::Moved)
                new MoveService(document, present.key.id, currentDeviceId(wanted.device),
                                wanted.service, macro);
            if (editedServices.contains(present.key.id))
                break;
            if (desired.category != present.category || desired.notes != present.notes ||
                desired.route != present.route) {
                Service fields = desired;
                fields.key = present.key;
                fields.name = present.name;
                new EditService(document, present.key.id, fields, macro);
                editedServices.insert(present.key.id);
            }
            break;
        }
        case Element::Binding: {
            const Binding &now =
                current.devices[before.device].services[before.service].ports[before.binding];
            new EditBinding(
                document, now.key.id,
                target.devices[after.device].services[after.service].ports[after.binding], macro);
            break;
        }
        }
    }

    for (const RegistryChange *change : additions) {
        const ElementPath &path = change->after;
        switch (change->element) {
        case Element::Block:
            new AddBlock(document, path.block, withoutKeys(target.policy.blocks[path.block]),
                         macro);
            break;
        case Element::Device: {
            Device device = withoutKeys(target.devices[path.device]);
            for (Service &service : device.services) {
                service.key = {};
                for (Binding &binding : service.ports)
                    binding.key = {};
            }
            new AddDevice(document, path.device, device, macro);
            break;
        }
        case Element::Service: {
            Service service = withoutKeys(target.devices[path.device].services[path.service]);
            for (Binding &binding : service.ports)
                binding.key = {};
            new AddService(document, currentDeviceId(path.device), path.service, service, macro);
            break;
        }
        case Element::Binding: {
            // The service existed before: moved (the diff paired it), or by name where it is.
            const Device &targetDevice = target.devices[path.device];
            qint64 serviceId = movedServices.value({path.device, path.service}, 0);
            if (serviceId == 0) {
                const int d = current.findDevice(targetDevice.name);
                const int s =
                    d >= 0
                        ? current.devices[d].findService(targetDevice.services[path.service].name)
                        : -1;
                serviceId = s >= 0 ? current.devices[d].services[s].key.id : 0;
            }
            if (serviceId == 0)
                break;
            new AddBinding(document, serviceId, path.binding,
                           withoutKeys(targetDevice.services[path.service].ports[path.binding]),
                           macro);
            break;
        }
        default:
            break;
        }
    }

    if (macro->childCount() == 0) {
        delete macro;
        return nullptr;
    }
    return macro;
}

} // namespace portolan
