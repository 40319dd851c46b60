#include "formats/compose/ImportPlan.h"

#include "domain/BlockLayout.h"
#include "domain/TextRules.h"

#include <algorithm>

namespace portolan {

// --- planning --------------------------------------------------------------------------------

bool ImportPlan::isEmpty() const
{
    return items.isEmpty();
}

void ImportPlan::applyTo(Registry &registry, int deviceIndex) const
{
    QVector<Service> &services = registry.devices[deviceIndex].services;
    for (const Item &item : items) {
        if (item.existing >= 0)
            services[item.existing] = item.service;
        else
            services.append(item.service);
    }
}

QString ImportPlan::describe() const
{
    QString text;
    for (const Item &item : items) {
        text += (item.existing >= 0 ? QStringLiteral("update ") : QStringLiteral("add ")) +
                item.service.name;
        if (!item.changes.isEmpty())
            text += QStringLiteral(": ") + item.changes.join(QStringLiteral("; "));
        text += u'\n';
    }
    for (const QString &warning : warnings)
        text += QStringLiteral("warning: ") + warning + u'\n';
    return text;
}

namespace {

// What makes an imported binding the same as an existing one: its ports, protocol and address.
// A view of the binding (which outlives it): a hash key that copies nothing.
struct BindingIdentity
{
    const Binding *binding;

    static bool same(const Binding &a, const Binding &b)
    {
        return a.host.first == b.host.first && a.host.last == b.host.last &&
               a.container.first == b.container.first && a.container.last == b.container.last &&
               a.effectiveProtocol() == b.effectiveProtocol() && a.bind == b.bind;
    }
    friend bool operator==(const BindingIdentity &a, const BindingIdentity &b)
    {
        return same(*a.binding, *b.binding);
    }
    friend size_t qHash(const BindingIdentity &identity, size_t seed = 0)
    {
        const Binding &b = *identity.binding;
        return qHashMulti(seed, b.host.first, b.host.last, b.container.first, b.container.last,
                          b.effectiveProtocol(), b.bind);
    }
};

} // namespace

QVector<Binding> mergeBindings(const QVector<Binding> &existing, const QVector<Binding> &imported)
{
    // Most services have a few bindings: a scan of them is quicker than a hash made for each
    // (50,000 services in an import of 100,000 rows). Of equal ones, the first is kept.
    constexpr qsizetype ScannedAtMost = 16;
    // One hash of what exists, so a service with many bindings merges in linear time. Keys are
    // the fields themselves: a key spelled as text took most of an import of 100,000 rows.
    QHash<BindingIdentity, const Binding *> byIdentity;
    if (existing.size() > ScannedAtMost) {
        byIdentity.reserve(existing.size());
        // Backwards, so that of equal ones the first is the one kept.
        for (auto old = existing.crbegin(); old != existing.crend(); ++old)
            byIdentity.insert(BindingIdentity{&*old}, &*old);
    }
    const auto existingLike = [&](const Binding &binding) -> const Binding * {
        if (existing.size() > ScannedAtMost)
            return byIdentity.value(BindingIdentity{&binding});
        const auto old = std::find_if(existing.cbegin(), existing.cend(), [&](const Binding &b) {
            return BindingIdentity::same(b, binding);
        });
        return old != existing.cend() ? &*old : nullptr;
    };
    QVector<Binding> result;
    result.reserve(imported.size());
    for (Binding binding : imported) {
        if (const Binding *old = existingLike(binding)) {
            binding.key = old->key;
            binding.exception = old->exception;
            binding.notes = old->notes;
            binding.protocol = old->protocol;
            binding.host = old->host;
            binding.container = old->container;
        }
        result.append(std::move(binding));
    }
    return result;
}

namespace {

// A port published for the proxy on another device keeps that meaning: on a device that runs
// no proxy while the policy names one, a tcp binding whose container port is the route's is
// planned proxy-backend (compose and docker have no word for it).
void markProxyBackend(const Registry &registry, const Device &device, Service &service,
                      ImportPlan *plan)
{
    const QString &proxy = registry.policy.proxyDevice;
    if (proxy.isEmpty() || proxy == device.name || device.runsReverseProxy() || !service.route ||
        !service.route->port)
        return;
    for (Binding &binding : service.ports) {
        if (!binding.exception.isEmpty() || binding.effectiveProtocol() != Protocols::Tcp ||
            binding.container != PortRange::single(*service.route->port))
            continue;
        binding.exception = Exceptions::ProxyBackend;
        plan->warnings << QStringLiteral("%1: %2 publishes the route's port for the proxy on %3: "
                                         "planned as exception proxy-backend")
                              .arg(service.name, binding.hostLabel(), proxy);
    }
}

// A service with profiles of which none is active: `docker compose up` does not start it.
bool leftOutByProfile(const ComposeService &composed, const QStringList &profiles, ImportPlan *plan)
{
    const bool active = composed.profiles.isEmpty() || profiles.contains(QStringLiteral("*")) ||
                        std::any_of(composed.profiles.cbegin(), composed.profiles.cend(),
                                    [&profiles](const QString &p) { return profiles.contains(p); });
    if (active)
        return false;
    plan->warnings << QStringLiteral("%1: runs only with profile %2, which is not active; left "
                                     "out (--profile %3 or COMPOSE_PROFILES activates it)")
                          .arg(composed.name, composed.profiles.join(QStringLiteral(", ")),
                               composed.profiles.first());
    return true;
}

} // namespace

bool isPlannedCategory(const Policy &policy, const QString &category, QString *known)
{
    QStringList purposes;
    for (const Block &block : policy.blocks) {
        if (!block.isReserved() && !purposes.contains(block.purpose))
            purposes << block.purpose;
    }
    *known = purposes.join(QStringLiteral(", "));
    return purposes.contains(category);
}

bool planComposeImport(const Registry &registry, int deviceIndex,
                       const QVector<ComposeService> &services, const QString &category,
                       const QStringList &profiles, ImportPlan *plan, Error *error)
{
    const Device &device = registry.devices[deviceIndex];
    const BlockLayout layout(registry.policy);
    QString knownPurposes;
    if (!category.isEmpty() && !isPlannedCategory(registry.policy, category, &knownPurposes)) {
        *error = Error::fromText(QStringLiteral("--category %1 is not the purpose of a block of "
                                                "the range (one of: %2)")
                                     .arg(category, knownPurposes));
        return false;
    }
    const QString internalSuffix = u'.' + registry.policy.internalDomain().toLower();
    const QString externalSuffix = u'.' + registry.policy.domain.toLower();
    for (const ComposeService &composed : services) {
        if (leftOutByProfile(composed, profiles, plan))
            continue;
        ImportPlan::Item item;
        item.existing = device.findService(composed.name);
        Service service = item.existing >= 0 ? device.services[item.existing] : Service();
        service.name = composed.name;
        plan->warnings += composed.warnings;
        if (!composed.image.isEmpty() && composed.image != service.image) {
            service.image = composed.image;
            item.changes << QStringLiteral("image %1").arg(composed.image);
        }

        QVector<Binding> bindings;
        for (const PublishedPort &port : composed.ports) {
            if (!port.host) {
                plan->warnings << QStringLiteral(
                                      "%1: container port %2 is published on a random host port; "
                                      "plan a host port for it")
                                      .arg(composed.name, port.container.toString());
                continue;
            }
            Binding binding;
            binding.host = *port.host;
            binding.container = port.container;
            if (port.host->length() != port.container.length()) {
                // "8000-8010:80": Docker picks one free host port from the range at start. A
                // plan names its port: the first, with the range kept in the notes.
                binding.host = PortRange::single(port.host->first);
                binding.notes = QStringLiteral("compose publishes %1 from %2; Docker picks one")
                                    .arg(port.container.toString(), port.host->toString());
                plan->warnings << QStringLiteral("%1: %2:%3 lets Docker pick a host port from %2; "
                                                 "planned %4")
                                      .arg(composed.name, port.host->toString(),
                                           port.container.toString())
                                      .arg(port.host->first);
            }
            binding.protocol = port.protocol == QLatin1String("tcp") ? QString() : port.protocol;
            binding.bind = port.hostIp;
            if (port.chosenByDocker)
                binding.notes = QStringLiteral("host port chosen at random by the container "
                                               "engine; publish a fixed one");
            bindings.append(binding);
        }
        const QVector<Binding> merged = mergeBindings(service.ports, bindings);
        if (merged != service.ports) {
            QStringList ports;
            for (const Binding &binding : merged)
                ports << binding.hostLabel();
            item.changes
                << (ports.isEmpty()
                        ? QStringLiteral("no host bindings")
                        : QStringLiteral("bindings %1").arg(ports.join(QStringLiteral(", "))));
        }
        service.ports = merged;

        if (!composed.routeHost.isEmpty()) {
            const QString host = composed.routeHost.toLower();
            Route route;
            if (host == registry.policy.domain.toLower()) {
                route.host = ApexHost; // the domain itself
                route.scope = Scopes::External;
            } else if (host.endsWith(internalSuffix)) {
                route.host = composed.routeHost.left(host.size() - internalSuffix.size());
                route.scope = Scopes::Internal;
            } else if (host.endsWith(externalSuffix)) {
                route.host = composed.routeHost.left(host.size() - externalSuffix.size());
                route.scope = Scopes::External;
            }
            route.port = composed.routePort;
            if (route.host.isEmpty()) {
                plan->warnings << QStringLiteral("%1: route %2 is not under %3; left out")
                                      .arg(composed.name, composed.routeHost,
                                           registry.policy.domain);
            } else if (!service.route || *service.route != route) {
                service.route = route;
                item.changes << QStringLiteral("route %1").arg(registry.routeFqdn(route));
            }
        }

        markProxyBackend(registry, device, service, plan);

        if (item.existing < 0) {
            QString purpose = layout.purposeOf(service.ports);
            if (purpose.isEmpty())
                purpose = category;
            if (purpose.isEmpty()) {
                *error = Error::fromText(
                    QStringLiteral(
                        "service %1 has no host port in a block to take its category "
                        "from: name one (--category PURPOSE; in the app, Category, where no "
                        "port block gives one)")
                        .arg(composed.name));
                return false;
            }
            service.category = purpose;
            item.changes.prepend(QStringLiteral("category %1").arg(purpose));
        }
        item.service = service;
        if (item.existing < 0 || !item.changes.isEmpty())
            plan->items.append(item);
    }
    return true;
}

} // namespace portolan
