#include "controllers/EditController.h"

#include "check/FreePortFinder.h"
#include "controllers/DialogEditCommit.h"
#include "dialogs/BindingDialog.h"
#include "dialogs/DeviceDialog.h"
#include "dialogs/PolicyDialog.h"
#include "dialogs/ServiceDialog.h"
#include "dialogs/ServicePicker.h"
#include "document/Document.h"
#include "document/commands/AddRemove.h"
#include "document/commands/EditElement.h"
#include "document/commands/MoveService.h"
#include "domain/BlockLayout.h"
#include "pages/PolicyPage.h"
#include "pages/PortMapPage.h"
#include "pages/RangePage.h"
#include "window/Navigator.h"

#include <QMessageBox>
#include <QSettings>
#include <QTableView>
#include <QUndoStack>

namespace portolan {

EditController::EditController(const WindowParts &parts, QObject *parent)
    : QObject(parent)
    , m_parts(parts)
{}

void EditController::push(QUndoCommand *command)
{
    m_parts.document->undoStack()->push(command);
}

void EditController::editDevice(int deviceIndex)
{
    if (deviceIndex < 0)
        return;
    const Registry &registry = m_parts.document->registry();
    // Copies: a colleague's commit reloads the registry while the dialog is open.
    const Device opened = registry.devices[deviceIndex];
    DeviceDialog dialog(registry, deviceIndex, opened, m_parts.window);
    if (dialog.exec() == QDialog::Accepted)
        DialogEditCommit::device(m_parts, opened.key.id, opened, dialog.device());
}

void EditController::addBindingAt(int port)
{
    addBindingForRange(port, port);
}

void EditController::addBindingForRange(int first, int last)
{
    const int port = first;
    Navigator::Selection s = m_parts.navigator->selection();
    const int filter = m_parts.range->deviceFilter();
    if (filter >= 0 && filter != s.device) {
        s = Navigator::Selection();
        s.device = filter;
    }
    if (s.device < 0)
        return;
    const Registry &registry = m_parts.document->registry();
    const Device &device = registry.devices[s.device];
    if (device.services.isEmpty()) {
        m_parts.feedback->info(
            tr("%1 has no service yet: add one first, then its bindings.").arg(device.name));
        return;
    }
    // Always asked: the service selected last may be anything. Offered first: the selected
    // one when its category is the block's purpose, else the first that has it.
    const BlockLayout layout(registry.policy);
    const int block = layout.blockIndexOf(port);
    const QString purpose = block >= 0 && block < registry.policy.blocks.size()
                                ? registry.policy.blocks[block].purpose
                                : QString();
    int offered = s.service;
    if (offered < 0 || device.services[offered].category != purpose) {
        for (int i = 0; i < device.services.size(); ++i) {
            if (!purpose.isEmpty() && device.services[i].category == purpose) {
                offered = i;
                break;
            }
        }
    }
    s.service = ServicePicker::pickService(
        m_parts.window, tr("Add Binding"),
        first == last ? tr("Port %1 on %2 for service:").arg(port).arg(device.name)
                      : tr("Ports %1-%2 on %3 for service:").arg(first).arg(last).arg(device.name),
        device, offered);
    if (s.service < 0)
        return;
    Binding initial;
    initial.host = first == last ? PortRange::single(first) : PortRange::span(first, last);
    BindingDialog dialog(registry, s.device, s.service, -1, initial, m_parts.window);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const Service &service = registry.devices[s.device].services[s.service];
    const int index = service.ports.size();
    push(new AddBinding(m_parts.document, service.key.id, index, dialog.binding()));
    m_parts.navigator->selectDevice(s.device);
    m_parts.navigator->selectPortMapRow(s.service, index);
}

void EditController::addDevice()
{
    Device initial;
    DeviceDialog dialog(m_parts.document->registry(), -1, initial, m_parts.window);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const int index = m_parts.document->registry().devices.size();
    push(new AddDevice(m_parts.document, index, dialog.device()));
    m_parts.navigator->selectDevice(index);
}

void EditController::addService()
{
    const Navigator::Selection s = m_parts.navigator->selection();
    if (s.device < 0)
        return;
    Service initial;
    initial.category =
        s.service >= 0 ? m_parts.document->registry().devices[s.device].services[s.service].category
                       : QString();
    ServiceDialog dialog(m_parts.document->registry(), s.device, -1, initial, m_parts.window);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const Device &device = m_parts.document->registry().devices[s.device];
    const int index = device.services.size();
    push(new AddService(m_parts.document, device.key.id, index, dialog.service()));
    m_parts.navigator->selectPortMapRow(index, -1);
}

void EditController::addBinding()
{
    const Navigator::Selection s = m_parts.navigator->selection();
    if (s.service < 0)
        return;
    Binding initial;
    BindingDialog dialog(m_parts.document->registry(), s.device, s.service, -1, initial,
                         m_parts.window);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const Service &service = m_parts.document->registry().devices[s.device].services[s.service];
    const int index = service.ports.size();
    push(new AddBinding(m_parts.document, service.key.id, index, dialog.binding()));
    m_parts.navigator->selectPortMapRow(s.service, index);
}

void EditController::editSelection()
{
    const Navigator::Selection s = m_parts.navigator->selection();
    if (s.device < 0)
        return;
    const Registry &registry = m_parts.document->registry();
    if (s.binding >= 0) {
        // Copies: a colleague's commit reloads the registry while the dialog is open.
        const Binding opened = registry.devices[s.device].services[s.service].ports[s.binding];
        BindingDialog dialog(registry, s.device, s.service, s.binding, opened, m_parts.window);
        if (dialog.exec() == QDialog::Accepted && dialog.binding() != opened)
            DialogEditCommit::binding(m_parts, opened.key.id, opened, dialog.binding());
        return;
    }
    if (s.service >= 0) {
        editService();
        return;
    }
    editDevice(s.device);
}

void EditController::editService()
{
    const Navigator::Selection s = m_parts.navigator->selection();
    if (s.service < 0)
        return;
    // A copy: a colleague's commit reloads the registry while the dialog is open.
    const Service opened = m_parts.document->registry().devices[s.device].services[s.service];
    ServiceDialog dialog(m_parts.document->registry(), s.device, s.service, opened, m_parts.window);
    if (dialog.exec() == QDialog::Accepted && dialog.service() != opened)
        DialogEditCommit::service(m_parts, opened.key.id, opened, dialog.service());
}

void EditController::duplicateSelection()
{
    const Navigator::Selection s = m_parts.navigator->selection();
    if (s.device < 0)
        return;
    const Registry &registry = m_parts.document->registry();
    if (s.binding >= 0) {
        // Same service, same container port, the next free host port.
        Binding copy = registry.devices[s.device].services[s.service].ports[s.binding];
        copy.key = {};
        const QVector<int> free = FreePortFinder(registry).lowestFree(
            s.device, registry.devices[s.device].services[s.service].category, 1,
            copy.effectiveProtocol());
        if (!free.isEmpty() && copy.host.length() == 1)
            copy.host = PortRange::single(free.first());
        BindingDialog dialog(registry, s.device, s.service, -1, copy, m_parts.window);
        dialog.setWindowTitle(tr("Duplicate Binding of %1/%2")
                                  .arg(registry.devices[s.device].name,
                                       registry.devices[s.device].services[s.service].name));
        if (dialog.exec() != QDialog::Accepted)
            return;
        const Service &service = registry.devices[s.device].services[s.service];
        push(new AddBinding(m_parts.document, service.key.id, service.ports.size(),
                            dialog.binding()));
        return;
    }
    if (s.service >= 0) {
        Service copy = registry.devices[s.device].services[s.service];
        copy.key = {};
        copy.name += QStringLiteral("-copy");
        copy.ports.clear(); // host ports cannot be shared; add them to the copy one by one
        ServiceDialog dialog(registry, s.device, -1, copy, m_parts.window);
        dialog.setWindowTitle(tr("Duplicate Service %1").arg(copy.name));
        if (dialog.exec() != QDialog::Accepted)
            return;
        const Device &device = registry.devices[s.device];
        push(new AddService(m_parts.document, device.key.id, device.services.size(),
                            dialog.service()));
        return;
    }
    Device copy = registry.devices[s.device];
    copy.key = {};
    copy.name += QStringLiteral("-copy");
    DeviceDialog dialog(registry, -1, copy, m_parts.window);
    dialog.setWindowTitle(tr("Duplicate Device %1").arg(registry.devices[s.device].name));
    dialog.setWindowTitle(tr("Duplicate Device %1").arg(registry.devices[s.device].name));
    if (dialog.exec() != QDialog::Accepted)
        return;
    Device duplicate = dialog.device();
    duplicate.services = registry.devices[s.device].services;
    for (Service &service : duplicate.services) {
        service.key = {};
        service.route.reset(); // a name can be served by one device only
        for (Binding &binding : service.ports)
            binding.key = {};
    }
    const int index = registry.devices.size();
    push(new AddDevice(m_parts.document, index, duplicate));
    m_parts.navigator->selectDevice(index);
}

void EditController::deleteSelection()
{
    const Navigator::Selection s = m_parts.navigator->selection();
    if (s.device < 0)
        return;
    const Registry &registry = m_parts.document->registry();
    const Device &device = registry.devices[s.device];
    const bool portMapFocused = m_parts.portMap->view()->hasFocus() || s.service >= 0;
    QString question;
    QString done;
    QUndoCommand *command = nullptr;
    if (portMapFocused && s.binding >= 0) {
        const Binding &binding = device.services[s.service].ports[s.binding];
        question = tr("Delete binding %1 of %2/%3?")
                       .arg(binding.hostLabel(), device.name, device.services[s.service].name);
        done = tr("Deleted binding %1 of %2/%3.")
                   .arg(binding.hostLabel(), device.name, device.services[s.service].name);
        command = new RemoveBinding(m_parts.document, binding.key.id);
    } else if (portMapFocused && s.service >= 0) {
        const Service &service = device.services[s.service];
        question = tr("Delete service %1/%2 with its route?").arg(device.name, service.name);
        done = tr("Deleted service %1/%2.").arg(device.name, service.name);
        command = new RemoveService(m_parts.document, service.key.id);
    } else {
        question = tr("Delete device %1 with its %n service(s)?", nullptr, device.services.size())
                       .arg(device.name);
        done = tr("Deleted device %1 with its %n service(s).", nullptr, device.services.size())
                   .arg(device.name);
        command = new RemoveDevice(m_parts.document, device.key.id);
    }
    // Delete can be undone, so it does not ask unless the user chose that in Preferences; the
    // banner says what went and offers Undo right there.
    if (QSettings().value(QStringLiteral("editing/confirmDelete"), false).toBool() &&
        QMessageBox::question(m_parts.window, tr("Delete"),
                              question + u'\n' + tr("You can undo this.")) != QMessageBox::Yes) {
        delete command;
        return;
    }
    push(command);
    const int index = m_parts.document->undoStack()->index();
    QUndoStack *stack = m_parts.document->undoStack();
    m_parts.feedback->ask(Severity::Info, done,
                          {{tr("&Undo"), QStringLiteral("undoDeleteButton"), [stack, index] {
                                if (stack->index() == index)
                                    stack->undo();
                            }}});
}

void EditController::moveService()
{
    const Navigator::Selection s = m_parts.navigator->selection();
    if (s.service < 0)
        return;
    const Registry &registry = m_parts.document->registry();
    const int to = ServicePicker::pickDevice(
        m_parts.window, tr("Move Service"),
        tr("Move %1 to:").arg(registry.devices[s.device].services[s.service].name), registry,
        s.device);
    if (to < 0)
        return;
    push(new MoveService(m_parts.document, registry.devices[s.device].services[s.service].key.id,
                         registry.devices[to].key.id, registry.devices[to].services.size()));
}

void EditController::editPolicy()
{
    PolicyDialog dialog(m_parts.document->registry(), m_parts.window);
    if (dialog.exec() == QDialog::Accepted &&
        dialog.policy() != m_parts.document->registry().policy)
        push(new EditPolicy(m_parts.document, dialog.policy()));
}

void EditController::addBlock()
{
    const int index = m_parts.document->registry().policy.blocks.size();
    push(new AddBlock(m_parts.document, index, Block{{}, Purposes::Reserved, QString()}));
    m_parts.policy->selectBlock(index);
}

void EditController::removeBlock()
{
    const int current = m_parts.policy->currentBlock();
    if (current < 0)
        return;
    const Block &block = m_parts.document->registry().policy.blocks[current];
    push(new RemoveBlock(m_parts.document, block.key.id));
}

} // namespace portolan
