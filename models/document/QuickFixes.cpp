#include "document/QuickFixes.h"

#include "check/FreePortFinder.h"
#include "document/Document.h"
#include "document/commands/AddRemove.h"
#include "document/commands/EditElement.h"

namespace portolan {

namespace {

// "name-2", "name-3", … : the first that `taken` does not hold.
QString freeName(const QString &name, const std::function<bool(const QString &)> &taken)
{
    for (int n = 2;; ++n) {
        const QString candidate = QStringLiteral("%1-%2").arg(name).arg(n);
        if (!taken(candidate))
            return candidate;
    }
}

} // namespace

QList<QuickFix> QuickFixes::forFinding(Document *document, const Finding &finding)
{
    QList<QuickFix> fixes;
    const Registry &registry = document->registry();
    const ElementRef &at = finding.where;
    if (at.device < 0 || at.device >= registry.devices.size())
        return fixes;
    const Device &device = registry.devices[at.device];
    const Service *service = at.service >= 0 && at.service < device.services.size()
                                 ? &device.services[at.service]
                                 : nullptr;
    const Binding *binding = service && at.binding >= 0 && at.binding < service->ports.size()
                                 ? &service->ports[at.binding]
                                 : nullptr;

    if (binding && (finding.code == FindingCode::BindingWithoutException ||
                    finding.code == FindingCode::UnknownException)) {
        const std::pair<QString, QString> choices[] = {
            {Exceptions::NonHttp, tr("Set exception: non-http (DNS, SSH, game servers)")},
            {Exceptions::ReverseProxy, tr("Set exception: reverse-proxy (the proxy itself)")},
            {Exceptions::Bootstrap, tr("Set exception: bootstrap (runs before the proxy)")},
            {Exceptions::Agent, tr("Set exception: agent (for the orchestrator)")},
            {Exceptions::ProxyBackend,
             tr("Set exception: proxy-backend (opened for the proxy on another device)")},
        };
        for (const auto &[exception, text] : choices) {
            Binding changed = *binding;
            changed.exception = exception;
            const qint64 id = binding->key.id;
            fixes.append({text, [document, id, changed] {
                              return new EditBinding(document, id, changed);
                          }});
        }
    }

    if (binding &&
        (finding.code == FindingCode::PortConflict || finding.code == FindingCode::WrongBlock ||
         finding.code == FindingCode::OutOfRange || finding.code == FindingCode::ReservedBlock)) {
        const int width = binding->host.last - binding->host.first;
        const QVector<int> free = FreePortFinder(registry).lowestFree(
            at.device, service->category, width + 1, binding->effectiveProtocol());
        // A range moves only when its ports stay together.
        if (!free.isEmpty() && free.last() - free.first() == width) {
            Binding changed = *binding;
            changed.host = binding->host.isRange() ? PortRange::span(free.first(), free.last())
                                                   : PortRange::single(free.first());
            const qint64 id = binding->key.id;
            fixes.append({tr("Move to %1, the next free port of the %2 block")
                              .arg(changed.host.toString(), service->category),
                          [document, id, changed] {
                              return new EditBinding(document, id, changed);
                          }});
        }
    }

    // The proxy on another device reaches the route through a port published for it: the next
    // free port of the service's block, bound to the device's address, one undo step.
    if (service && !binding && finding.code == FindingCode::RouteUnreachable && service->route &&
        service->route->port) {
        const QVector<int> free =
            FreePortFinder(registry).lowestFree(at.device, service->category, 1, Protocols::Tcp);
        if (!free.isEmpty()) {
            const QString proxy = registry.policy.proxyDevice;
            Binding opened;
            opened.host = PortRange::single(free.first());
            opened.container = PortRange::single(*service->route->port);
            opened.bind = device.ip;
            opened.exception = Exceptions::ProxyBackend;
            opened.notes = tr("reached by the proxy on %1").arg(proxy);
            const qint64 serviceId = service->key.id;
            const int position = int(service->ports.size());
            fixes.append({tr("Publish port %1 for the proxy on %2").arg(free.first()).arg(proxy),
                          [document, serviceId, position, opened] {
                              return new AddBinding(document, serviceId, position, opened);
                          }});
        }
    }

    if (service && !binding && finding.code == FindingCode::DuplicateService) {
        Service changed = *service;
        changed.name = freeName(service->name, [&device](const QString &name) {
            for (const Service &other : device.services) {
                if (other.name == name)
                    return true;
            }
            return false;
        });
        const qint64 id = service->key.id;
        fixes.append({tr("Rename to %1").arg(changed.name), [document, id, changed] {
                          return new EditService(document, id, changed);
                      }});
    }

    if (!service && finding.code == FindingCode::DuplicateDevice) {
        Device changed = device;
        changed.services.clear(); // an edit replaces the device's own fields, not its services
        changed.name = freeName(device.name, [&registry](const QString &name) {
            return registry.findDevice(name) >= 0;
        });
        const qint64 id = device.key.id;
        fixes.append({tr("Rename to %1").arg(changed.name), [document, id, changed] {
                          return new EditDevice(document, id, changed);
                      }});
    }
    return fixes;
}

} // namespace portolan
