#pragma once

// Every kind of undo command, applied to the example registry: shared by the document and
// item model tests.
#include "document/Document.h"
#include "document/commands/AddRemove.h"
#include "document/commands/ChangeValue.h"
#include "document/commands/EditElement.h"
#include "document/commands/ImportChanges.h"
#include "document/commands/MoveService.h"

#include <functional>

namespace portolan::testing {

using CommandFactory = std::function<QUndoCommand *(Document &)>;

struct CommandCase
{
    const char *name;
    CommandFactory make;
};

inline qint64 deviceId(Document &doc, int d)
{
    return doc.registry().devices[d].key.id;
}

inline qint64 serviceId(Document &doc, int d, int s)
{
    return doc.registry().devices[d].services[s].key.id;
}

inline qint64 bindingId(Document &doc, int d, int s, int b)
{
    return doc.registry().devices[d].services[s].ports[b].key.id;
}

inline Binding newBinding(int host, int container, const QString &exception)
{
    Binding binding;
    binding.host = PortRange::single(host);
    binding.container = PortRange::single(container);
    binding.exception = exception;
    return binding;
}

// Every kind of command, applied to the example registry.
inline const QVector<CommandCase> &commandCases()
{
    static const QVector<CommandCase> cases = {
        {"AddDevice",
         [](Document &doc) -> QUndoCommand * {
             Device device;
             device.name = QStringLiteral("nova");
             device.ip = QStringLiteral("192.168.10.4");
             Service service;
             service.name = QStringLiteral("ssh");
             service.category = QStringLiteral("ssh-git");
             service.ports.append(newBinding(20022, 22, Exceptions::NonHttp));
             device.services.append(service);
             return new AddDevice(&doc, 1, device);
         }},
        {"RemoveDevice",
         [](Document &doc) -> QUndoCommand * {
             return new RemoveDevice(&doc, deviceId(doc, 0));
         }},
        {"EditDevice",
         [](Document &doc) -> QUndoCommand * {
             Device fields = doc.registry().devices[1];
             fields.ip = QStringLiteral("192.168.10.2");
             fields.description = QStringLiteral("moved");
             return new EditDevice(&doc, deviceId(doc, 1), fields);
         }},
        {"AddService",
         [](Document &doc) -> QUndoCommand * {
             Service service;
             service.name = QStringLiteral("loki");
             service.category = QStringLiteral("monitoring");
             service.route = Route{QStringLiteral("logs"), Scopes::Internal, 3100};
             return new AddService(&doc, deviceId(doc, 0), 2, service);
         }},
        {"RemoveService",
         [](Document &doc) -> QUndoCommand * {
             return new RemoveService(&doc, serviceId(doc, 0, 1));
         }},
        {"EditService",
         [](Document &doc) -> QUndoCommand * {
             Service fields = doc.registry().devices[0].services[5];
             fields.category = QStringLiteral("management");
             fields.notes = QStringLiteral("dashboards");
             return new EditService(&doc, serviceId(doc, 0, 5), fields);
         }},
        {"EditRoute remove",
         [](Document &doc) -> QUndoCommand * {
             return new EditRoute(&doc, serviceId(doc, 0, 2), std::nullopt);
         }},
        {"EditRoute add",
         [](Document &doc) -> QUndoCommand * {
             return new EditRoute(&doc, serviceId(doc, 0, 3),
                                  Route{QStringLiteral("vault"), Scopes::Internal, 8200});
         }},
        {"MoveService",
         [](Document &doc) -> QUndoCommand * {
             return new MoveService(&doc, serviceId(doc, 1, 2), deviceId(doc, 0), 0);
         }},
        {"MoveService within device",
         [](Document &doc) -> QUndoCommand * {
             return new MoveService(&doc, serviceId(doc, 0, 0), deviceId(doc, 0), 7);
         }},
        {"AddBinding",
         [](Document &doc) -> QUndoCommand * {
             return new AddBinding(&doc, serviceId(doc, 0, 2), 1,
                                   newBinding(20023, 2222, Exceptions::NonHttp));
         }},
        {"RemoveBinding",
         [](Document &doc) -> QUndoCommand * {
             return new RemoveBinding(&doc, bindingId(doc, 0, 1, 1));
         }},
        {"EditBinding",
         [](Document &doc) -> QUndoCommand * {
             Binding value = doc.registry().devices[0].services[2].ports[0];
             value.host = PortRange::span(20024, 20025);
             value.container = PortRange::span(22, 23);
             value.bind = QStringLiteral("::1");
             return new EditBinding(&doc, bindingId(doc, 0, 2, 0), value);
         }},
        {"EditPolicy",
         [](Document &doc) -> QUndoCommand * {
             Policy fields = doc.registry().policy;
             fields.domain = QStringLiteral("example.net");
             fields.blockSize.reset();
             return new EditPolicy(&doc, fields);
         }},
        {"AddBlock",
         [](Document &doc) -> QUndoCommand * {
             return new AddBlock(&doc, 3,
                                 Block{{}, QStringLiteral("games"), QStringLiteral("Games")});
         }},
        {"RemoveBlock",
         [](Document &doc) -> QUndoCommand * {
             return new RemoveBlock(&doc, doc.registry().policy.blocks[9].key.id);
         }},
        {"EditBlock",
         [](Document &doc) -> QUndoCommand * {
             Block value = doc.registry().policy.blocks[1];
             value.purpose = QStringLiteral("media");
             value.label = QStringLiteral("Media");
             return new EditBlock(&doc, value.key.id, value);
         }},
        {"ChangeValue binding notes",
         [](Document &doc) -> QUndoCommand * {
             return new ChangeValue<Binding, QString>(
                 &doc, bindingId(doc, 1, 4, 0), &Binding::notes, QStringLiteral("wireguard | vpn"),
                 QStringLiteral("Edit notes"));
         }},
        {"ChangeValue device name",
         [](Document &doc) -> QUndoCommand * {
             return new ChangeValue<Device, QString>(&doc, deviceId(doc, 1), &Device::name,
                                                     QStringLiteral("atlas"),
                                                     QStringLiteral("Rename"));
         }},
        {"ImportChanges macro",
         [](Document &doc) -> QUndoCommand * {
             auto *macro = new ImportChanges(&doc, QStringLiteral("Import compose"));
             Service service;
             service.name = QStringLiteral("jellyfin");
             service.category = QStringLiteral("management");
             service.ports.append(newBinding(8096, 8096, QString()));
             new AddService(&doc, deviceId(doc, 1), 5, service, macro);
             Binding value = doc.registry().devices[1].services[0].ports[0];
             value.notes = QStringLiteral("imported");
             new EditBinding(&doc, value.key.id, value, macro);
             return macro;
         }},
    };
    return cases;
}

} // namespace portolan::testing
