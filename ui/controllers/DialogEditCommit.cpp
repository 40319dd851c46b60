#include "controllers/DialogEditCommit.h"

#include "controllers/Feedback.h"
#include "document/Document.h"
#include "document/commands/EditElement.h"
#include "document/commands/ImportChanges.h"
#include "domain/RegistryMerge.h"

#include <QCoreApplication>
#include <QUndoStack>

#include <type_traits>

namespace portolan {

namespace {

QString tr(const char *text, int n = -1)
{
    return QCoreApplication::translate("portolan::DialogEditCommit", text, nullptr, n);
}

// The fields an edit command sets, taken from `fields`; the key and the children (a device's
// services, a service's bindings) stay as `element` has them.
template <typename Element>
void setFields(Element &element, const Element &fields)
{
    Element updated = fields;
    updated.key = element.key;
    if constexpr (std::is_same_v<Element, Device>)
        updated.services = element.services;
    if constexpr (std::is_same_v<Element, Service>)
        updated.ports = element.ports;
    element = updated;
}

// The registry with the element of this id given `fields`.
Registry with(Registry registry, qint64 id, const Device &fields)
{
    for (Device &device : registry.devices) {
        if (device.key.id == id)
            setFields(device, fields);
    }
    return registry;
}

Registry with(Registry registry, qint64 id, const Service &fields)
{
    for (Device &device : registry.devices) {
        for (Service &service : device.services) {
            if (service.key.id == id)
                setFields(service, fields);
        }
    }
    return registry;
}

Registry with(Registry registry, qint64 id, const Binding &fields)
{
    for (Device &device : registry.devices) {
        for (Service &service : device.services) {
            for (Binding &binding : service.ports) {
                if (binding.key.id == id)
                    setFields(binding, fields);
            }
        }
    }
    return registry;
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
    Element asOpened = *now; // the fields as the dialog found them, the children as they are
    setFields(asOpened, opened);
    if (*now == asOpened) { // nobody else changed it: the plain edit
        document->undoStack()->push(new EditElement<Element>(document, id, edited));
        return;
    }
    // Opened, mine and theirs as whole registries around what is there when it is applied (a
    // later commit of theirs counts too), merged three ways.
    const auto merged = [document, id, opened, edited](bool mineWins) {
        const Registry theirs = document->registry();
        const Registry base = with(theirs, id, opened);
        const Registry mine = with(theirs, id, edited);
        return mineWins ? RegistryMerge::threeWay(base, theirs, mine)
                        : RegistryMerge::threeWay(base, mine, theirs);
    };
    const auto settle = [document, description, merged](bool mineWins) {
        if (QUndoCommand *command =
                ImportChanges::fromTarget(document, merged(mineWins).merged, description))
            document->undoStack()->push(command);
    };
    const RegistryMerge::Result merge = merged(false);
    if (merge.collisions.isEmpty()) {
        settle(false); // their change and mine, field by field
        return;
    }
    QStringList collided;
    for (QString collision : merge.collisions)
        collided << collision.remove(QStringLiteral(" (theirs kept)"));
    parts.feedback->ask(
        Severity::Warning,
        // Spelled out, not through the file's tr(): lupdate sees the count only here.
        QCoreApplication::translate(
            "portolan::DialogEditCommit",
            "Someone else changed what you edited while the dialog was "
            "open, in %n place(s): %1. Nothing is written until you choose.",
            nullptr, int(collided.size()))
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
