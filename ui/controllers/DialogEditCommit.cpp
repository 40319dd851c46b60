#include "controllers/DialogEditCommit.h"

#include "controllers/Feedback.h"
#include "document/Document.h"
#include "document/commands/EditElement.h"
#include "document/commands/ImportChanges.h"
#include "domain/RegistryMerge.h"

#include <QCoreApplication>
#include <QUndoStack>

namespace portolan {

namespace {

QString tr(const char *text, int n = -1)
{
    return QCoreApplication::translate("portolan::DialogEditCommit", text, nullptr, n);
}

// The element with this id given `fields`, its children (a device's services, a service's
// bindings) and key kept as they are: what an edit command changes.
void place(Registry &registry, qint64 id, const Device &fields)
{
    for (Device &device : registry.devices) {
        if (device.key.id == id) {
            Device updated = fields;
            updated.key = device.key;
            updated.services = device.services;
            device = updated;
        }
    }
}

void place(Registry &registry, qint64 id, const Service &fields)
{
    for (Device &device : registry.devices) {
        for (Service &service : device.services) {
            if (service.key.id == id) {
                Service updated = fields;
                updated.key = service.key;
                updated.ports = service.ports;
                service = updated;
            }
        }
    }
}

void place(Registry &registry, qint64 id, const Binding &value)
{
    for (Device &device : registry.devices) {
        for (Service &service : device.services) {
            for (Binding &binding : service.ports) {
                if (binding.key.id == id) {
                    Binding updated = value;
                    updated.key = binding.key;
                    binding = updated;
                }
            }
        }
    }
}

// As the element stood when the dialog opened, and as the dialog leaves it: compared field by
// field with what is there now.
template <typename Element>
void commit(const WindowParts &parts, qint64 id, const Element &opened, const Element &edited,
            const QString &description)
{
    Document *document = parts.document;
    const Element *now = document->find<Element>(id);
    if (!now) {
        parts.feedback->error(tr("Someone else deleted what you were editing while the dialog was "
                                 "open; your values were not applied."));
        return;
    }
    Element current = *now;
    if constexpr (std::is_same_v<Element, Device>)
        current.services = opened.services;
    if constexpr (std::is_same_v<Element, Service>)
        current.ports = opened.ports;
    if (current == opened) { // nobody else changed it: the plain edit
        document->undoStack()->push(new EditElement<Element>(document, id, edited));
        return;
    }
    // Mine and the opened state, each as a whole registry around what is there now, merged
    // three ways when it is applied (a later commit of theirs counts too).
    const auto settle = [document, id, opened, edited, description](bool mineWins) {
        Registry theirs = document->registry();
        Registry base = theirs;
        place(base, id, opened);
        Registry mine = theirs;
        place(mine, id, edited);
        const Registry target = mineWins ? RegistryMerge::threeWay(base, theirs, mine).merged
                                         : RegistryMerge::threeWay(base, mine, theirs).merged;
        if (QUndoCommand *command = ImportChanges::fromTarget(document, target, description))
            document->undoStack()->push(command);
    };
    Registry theirs = document->registry();
    Registry base = theirs;
    place(base, id, opened);
    Registry mine = theirs;
    place(mine, id, edited);
    const RegistryMerge::Result merge = RegistryMerge::threeWay(base, mine, theirs);
    if (merge.collisions.isEmpty()) {
        settle(false); // their change and mine, field by field
        return;
    }
    QStringList collided;
    for (QString collision : merge.collisions)
        collided << collision.remove(QStringLiteral(" (theirs kept)"));
    parts.feedback->ask(
        Severity::Warning,
        tr("Someone else changed what you edited while the dialog was open, in %n place(s): "
           "%1. Nothing is written until you choose.",
           int(collided.size()))
            .arg(collided.join(QStringLiteral("; "))),
        {{tr("Keep Mine"), QStringLiteral("keepMineButton"),
          [settle] {
              settle(true);
          }},
         {tr("Keep Theirs"), QStringLiteral("keepTheirsButton"), [settle] {
              settle(false);
          }}});
}

} // namespace

void DialogEditCommit::binding(const WindowParts &parts, qint64 id, const Binding &opened,
                               const Binding &edited)
{
    commit(parts, id, opened, edited, tr("Edit binding %1").arg(edited.hostLabel()));
}

void DialogEditCommit::service(const WindowParts &parts, qint64 id, const Service &opened,
                               const Service &edited)
{
    commit(parts, id, opened, edited, tr("Edit service %1").arg(edited.name));
}

void DialogEditCommit::device(const WindowParts &parts, qint64 id, const Device &opened,
                              const Device &edited)
{
    commit(parts, id, opened, edited, tr("Edit device %1").arg(edited.name));
}

} // namespace portolan
