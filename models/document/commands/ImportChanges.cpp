#include "document/commands/ImportChanges.h"

#include "document/commands/AddRemove.h"
#include "document/commands/EditElement.h"
#include "document/commands/MoveService.h"
#include "domain/RegistryDiff.h"

#include <QHash>
#include <QSet>

namespace portolan {

namespace {

using Kind = RegistryChange::Kind;
using Element = RegistryChange::Element;

template <typename T>
T withoutKeys(T value)
{
    value.key = {};
    return value;
}

// The service at `path` in `from`, found by device and service name in `to`.
ElementPath sameService(const Registry &from, const Registry &to, const ElementPath &path)
{
    const Device &owner = from.devices[path.device];
    ElementPath found;
    found.device = to.findDevice(owner.name);
    found.service = found.device >= 0
                        ? to.devices[found.device].findService(owner.services[path.service].name)
                        : -1;
    return found;
}

// Turns each change of a diff into the undo command that makes it, as children of one macro.
class ChangeCommands
{
public:
    ChangeCommands(Document *document, const RegistryDiff &diff, QUndoCommand *macro)
        : m_document(document)
        , m_current(diff.before())
        , m_target(diff.after())
        , m_macro(macro)
    {
        // Services that moved, by their place in the target: bindings added to them go there.
        for (const RegistryChange &change : diff.changes()) {
            if (change.element == Element::Service && change.kind == Kind::Moved)
                m_movedServices.insert({change.after.device, change.after.service},
                                       serviceIdOf(change.before));
        }
    }

    void remove(const RegistryChange &change);
    void edit(const RegistryChange &change);
    void add(const RegistryChange &change);

private:
    // The current id of a device named as in the target (its services are added there).
    qint64 currentDeviceId(int targetDevice) const
    {
        const int d = m_current.findDevice(m_target.devices[targetDevice].name);
        return d >= 0 ? m_current.devices[d].key.id : 0;
    }
    qint64 serviceIdOf(const ElementPath &path) const
    {
        return m_current.devices[path.device].services[path.service].key.id;
    }
    void editService(const RegistryChange &change);

    Document *m_document;
    const Registry &m_current;
    const Registry &m_target;
    QUndoCommand *m_macro;
    QHash<std::pair<int, int>, qint64> m_movedServices;
    QSet<qint64> m_editedServices;
};

void ChangeCommands::remove(const RegistryChange &change)
{
    const ElementPath &path = change.before;
    switch (change.element) {
    case Element::Block:
        new RemoveBlock(m_document, m_current.policy.blocks[path.block].key.id, m_macro);
        break;
    case Element::Device:
        new RemoveDevice(m_document, m_current.devices[path.device].key.id, m_macro);
        break;
    case Element::Service:
        new RemoveService(m_document, serviceIdOf(path), m_macro);
        break;
    case Element::Binding:
        new RemoveBinding(
            m_document,
            m_current.devices[path.device].services[path.service].ports[path.binding].key.id,
            m_macro);
        break;
    default:
        break;
    }
}

void ChangeCommands::edit(const RegistryChange &change)
{
    const ElementPath &before = change.before;
    const ElementPath &after = change.after;
    switch (change.element) {
    case Element::Policy:
        new EditPolicy(m_document, m_target.policy, m_macro);
        break;
    case Element::Block:
        new EditBlock(m_document, m_current.policy.blocks[before.block].key.id,
                      m_target.policy.blocks[after.block], m_macro);
        break;
    case Element::Device: {
        Device fields = m_target.devices[after.device];
        fields.name = m_current.devices[before.device].name;
        new EditDevice(m_document, m_current.devices[before.device].key.id, fields, m_macro);
        break;
    }
    case Element::Service:
    case Element::Route:
        editService(change);
        break;
    case Element::Binding: {
        const Binding &now =
            m_current.devices[before.device].services[before.service].ports[before.binding];
        new EditBinding(m_document, now.key.id,
                        m_target.devices[after.device].services[after.service].ports[after.binding],
                        m_macro);
        break;
    }
    }
}

// A service edited or moved, or its route added, changed or removed.
void ChangeCommands::editService(const RegistryChange &change)
{
    const ElementPath &before = change.before;
    const ElementPath &after = change.after;
    // The service as it is now and as the target wants it, each found on its side (a
    // route added names only the target's side, a route removed only the current's).
    const ElementPath now = before.device >= 0 ? before : sameService(m_target, m_current, after);
    const ElementPath wanted = after.device >= 0 ? after : sameService(m_current, m_target, before);
    if (now.device < 0 || now.service < 0 || wanted.device < 0 || wanted.service < 0)
        return;
    const Service &present = m_current.devices[now.device].services[now.service];
    const Service &desired = m_target.devices[wanted.device].services[wanted.service];
    if (change.kind == Kind::Moved)
        new MoveService(m_document, present.key.id, currentDeviceId(wanted.device), wanted.service,
                        m_macro);
    if (m_editedServices.contains(present.key.id))
        return;
    if (desired.category != present.category || desired.notes != present.notes ||
        desired.route != present.route) {
        Service fields = desired;
        fields.key = present.key;
        fields.name = present.name;
        new EditService(m_document, present.key.id, fields, m_macro);
        m_editedServices.insert(present.key.id);
    }
}

void ChangeCommands::add(const RegistryChange &change)
{
    const ElementPath &path = change.after;
    switch (change.element) {
    case Element::Block:
        new AddBlock(m_document, path.block, withoutKeys(m_target.policy.blocks[path.block]),
                     m_macro);
        break;
    case Element::Device: {
        Device device = withoutKeys(m_target.devices[path.device]);
        for (Service &service : device.services) {
            service.key = {};
            for (Binding &binding : service.ports)
                binding.key = {};
        }
        new AddDevice(m_document, path.device, device, m_macro);
        break;
    }
    case Element::Service: {
        Service service = withoutKeys(m_target.devices[path.device].services[path.service]);
        for (Binding &binding : service.ports)
            binding.key = {};
        new AddService(m_document, currentDeviceId(path.device), path.service, service, m_macro);
        break;
    }
    case Element::Binding: {
        // The service existed before: moved (the diff paired it), or by name where it is.
        const Device &targetDevice = m_target.devices[path.device];
        qint64 serviceId = m_movedServices.value({path.device, path.service}, 0);
        if (serviceId == 0) {
            const int d = m_current.findDevice(targetDevice.name);
            const int s =
                d >= 0 ? m_current.devices[d].findService(targetDevice.services[path.service].name)
                       : -1;
            serviceId = s >= 0 ? m_current.devices[d].services[s].key.id : 0;
        }
        if (serviceId == 0)
            break;
        new AddBinding(m_document, serviceId, path.binding,
                       withoutKeys(targetDevice.services[path.service].ports[path.binding]),
                       m_macro);
        break;
    }
    default:
        break;
    }
}

} // namespace

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
    auto *macro = new ImportChanges(document, text);
    ChangeCommands commands(document, diff, macro);
    // Removals first, last to first, so the positions of the rest still hold; then edits;
    // then additions, first to last at their places in the target.
    QVector<const RegistryChange *> removals;
    QVector<const RegistryChange *> edits;
    QVector<const RegistryChange *> additions;
    for (const RegistryChange &change : diff.changes()) {
        if (change.kind == Kind::Removed && change.element != Element::Route)
            removals.prepend(&change);
        else if (change.kind == Kind::Added && change.element != Element::Route)
            additions.append(&change);
        else if (change.kind != Kind::Reordered)
            edits.append(&change);
    }
    for (const RegistryChange *change : removals)
        commands.remove(*change);
    for (const RegistryChange *change : edits)
        commands.edit(*change);
    for (const RegistryChange *change : additions)
        commands.add(*change);

    if (macro->childCount() == 0) {
        delete macro;
        return nullptr;
    }
    return macro;
}

} // namespace portolan
