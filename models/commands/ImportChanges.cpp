#include "ImportChanges.h"

#include "AddBinding.h"
#include "AddDevice.h"
#include "AddService.h"
#include "EditService.h"
#include "RemoveBinding.h"

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
    auto *macro = new ImportChanges(document, text);
    const Registry &current = document->registry();
    for (const Device &wanted : target.devices) {
        const int d = current.findDevice(wanted.name);
        if (d < 0) {
            Device copy = wanted;
            copy.key = {};
            new AddDevice(document, current.devices.size(), copy, macro);
            continue;
        }
        const Device &device = current.devices[d];
        for (const Service &service : wanted.services) {
            const int s = device.findService(service.name);
            if (s < 0) {
                Service copy = service;
                copy.key = {};
                new AddService(document, device.key.id, device.services.size(), copy, macro);
                continue;
            }
            const Service &existing = device.services[s];
            if (existing.category != service.category || existing.notes != service.notes ||
                existing.route != service.route)
                new EditService(document, existing.key.id, service, macro);
            if (existing.ports != service.ports) {
                for (int b = existing.ports.size() - 1; b >= 0; --b)
                    new RemoveBinding(document, existing.ports[b].key.id, macro);
                for (int b = 0; b < service.ports.size(); ++b)
                    new AddBinding(document, existing.key.id, b, service.ports[b], macro);
            }
        }
    }
    if (macro->childCount() == 0) {
        delete macro;
        return nullptr;
    }
    return macro;
}

} // namespace portolan
