#include "domain/RegistryMerge.h"

#include "domain/RegistryDiff.h"
#include "domain/TextRules.h"

#include <QCoreApplication>
#include <QHash>

#include <functional>

namespace portolan {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("portolan::RegistryMerge", text);
}

QString show(const QString &value)
{
    return value.isEmpty() ? tr("(none)") : u'"' + TextRules::forTerminal(value) + u'"';
}
QString show(const std::optional<int> &value)
{
    return value ? QString::number(*value) : tr("(none)");
}
QString show(const PortRange &value)
{
    return value.toString();
}
QString show(const std::optional<Route> &route)
{
    if (!route)
        return tr("(no route)");
    return QStringLiteral("%1 (%2, port %3)")
        .arg(route->host, route->scope, route->port ? QString::number(*route->port) : tr("none"));
}

// One field of one element: whoever changed it wins; both, differently: theirs, listed.
template <typename T, typename V>
void mergeField(T &out, const T &base, const T &mine, const T &theirs, V T::*field,
                const QString &what, QStringList &collisions)
{
    const V &b = base.*field;
    const V &m = mine.*field;
    const V &t = theirs.*field;
    if (m == b || m == t) {
        out.*field = t;
    } else if (t == b) {
        out.*field = m;
    } else {
        out.*field = t;
        collisions << tr("%1: yours %2, theirs %3 (theirs kept)").arg(what, show(m), show(t));
    }
}

// A list of elements matched by key. `merge` merges one element present on all three sides.
template <typename T>
QVector<T> mergeList(const QVector<T> &base, const QVector<T> &mine, const QVector<T> &theirs,
                     const std::function<QString(const T &)> &key,
                     const std::function<T(const T &, const T &, const T &)> &merge,
                     const std::function<QString(const T &)> &name, QStringList &collisions)
{
    auto indexOf = [&key](const QVector<T> &list) {
        QHash<QString, int> index;
        for (int i = int(list.size()) - 1; i >= 0; --i)
            index.insert(key(list[i]), i);
        return index;
    };
    const QHash<QString, int> inBase = indexOf(base);
    const QHash<QString, int> inMine = indexOf(mine);
    const QHash<QString, int> inTheirs = indexOf(theirs);
    QVector<T> out;
    QHash<QString, int> placed; // key -> index in out
    for (const T &t : theirs) {
        const QString k = key(t);
        const int b = inBase.value(k, -1);
        const int m = inMine.value(k, -1);
        if (b >= 0 && m >= 0) {
            out.append(merge(base[b], mine[m], t));
        } else if (b >= 0) { // removed by me
            if (!(t == base[b])) {
                collisions << tr("%1: you removed it, they changed it (theirs kept)").arg(name(t));
                out.append(t);
            } else {
                continue;
            }
        } else if (m >= 0 && !(mine[m] == t)) { // added on both sides, differently
            collisions << tr("%1: added on both sides, differently (theirs kept)").arg(name(t));
            out.append(t);
        } else {
            out.append(t);
        }
        placed.insert(k, int(out.size()) - 1);
    }
    for (int i = 0; i < mine.size(); ++i) {
        const T &m = mine[i];
        const QString k = key(m);
        if (inTheirs.contains(k))
            continue;
        const int b = inBase.value(k, -1);
        if (b >= 0) { // removed by them
            if (!(m == base[b]))
                collisions << tr("%1: you changed it, they removed it (removed)").arg(name(m));
            continue;
        }
        // Added by me: after the element it follows in my list, if that one is there.
        int at = 0;
        for (int j = i - 1; j >= 0; --j) {
            const auto found = placed.constFind(key(mine[j]));
            if (found != placed.constEnd()) {
                at = *found + 1;
                break;
            }
        }
        out.insert(at, m);
        for (auto it = placed.begin(); it != placed.end(); ++it) {
            if (*it >= at)
                ++*it;
        }
        placed.insert(k, at);
    }
    return out;
}

QString bindingKey(const Binding &binding)
{
    return QStringLiteral("%1-%2/%3@%4")
        .arg(binding.host.first)
        .arg(binding.host.last)
        .arg(binding.effectiveProtocol(), binding.bind);
}

} // namespace

RegistryMerge::Result RegistryMerge::threeWay(const Registry &base, const Registry &mine,
                                              const Registry &theirs)
{
    Result result;
    QStringList &collisions = result.collisions;
    Registry &merged = result.merged;
    merged = theirs;

    // Policy fields one by one; blocks by position.
    Policy &policy = merged.policy;
    const QString p = QStringLiteral("policy");
    const auto policyField = [&](auto field, const char *key) {
        mergeField(policy, base.policy, mine.policy, theirs.policy, field,
                   p + u' ' + QLatin1String(key), collisions);
    };
    policyField(&Policy::domain, "domain");
    policyField(&Policy::internalSubdomain, "internal_subdomain");
    policyField(&Policy::range, "range");
    policyField(&Policy::blockSize, "block_size");
    policyField(&Policy::proxyNetwork, "proxy_network");
    policyField(&Policy::externalEntrypoint, "external_entrypoint");
    policyField(&Policy::internalEntrypoint, "internal_entrypoint");
    policyField(&Policy::proxyDevice, "proxy_device");
    if (mine.policy.blocks != base.policy.blocks) {
        if (theirs.policy.blocks == base.policy.blocks)
            policy.blocks = mine.policy.blocks;
        else if (mine.policy.blocks != theirs.policy.blocks)
            collisions << tr("policy blocks: both sides changed them (theirs kept)");
    }

    // A binding field by field, named by device, service and port ("atlas/gitea 20022/tcp
    // notes: yours "a", theirs "b""): what a colleague changed beside mine is kept too.
    QString bindingOwner; // "atlas/gitea", set while merging one service's bindings
    const std::function<Binding(const Binding &, const Binding &, const Binding &)> mergeBinding =
        [&](const Binding &b, const Binding &m, const Binding &t) {
            Binding out = t;
            const QString what = bindingOwner + u' ' + RegistryDiff::bindingLabel(t);
            mergeField(out, b, m, t, &Binding::container, what + QStringLiteral(" container"),
                       collisions);
            mergeField(out, b, m, t, &Binding::exception, what + QStringLiteral(" exception"),
                       collisions);
            mergeField(out, b, m, t, &Binding::notes, what + QStringLiteral(" notes"), collisions);
            return out;
        };

    std::function<Service(const Service &, const Service &, const Service &)> mergeService;
    QString deviceName; // for messages, set while merging one device's services
    mergeService = [&](const Service &b, const Service &m, const Service &t) {
        Service out = t;
        const QString what = deviceName + u'/' + t.name;
        mergeField(out, b, m, t, &Service::category, what + QStringLiteral(" category"),
                   collisions);
        mergeField(out, b, m, t, &Service::notes, what + QStringLiteral(" notes"), collisions);
        mergeField(out, b, m, t, &Service::image, what + QStringLiteral(" image"), collisions);
        mergeField(out, b, m, t, &Service::route, what + QStringLiteral(" route"), collisions);
        bindingOwner = what;
        out.ports = mergeList<Binding>(
            b.ports, m.ports, t.ports, bindingKey, mergeBinding,
            [&](const Binding &binding) {
                return what + u' ' + RegistryDiff::bindingLabel(binding);
            },
            collisions);
        return out;
    };
    const std::function<Device(const Device &, const Device &, const Device &)> mergeDevice =
        [&](const Device &b, const Device &m, const Device &t) {
            Device out = t;
            mergeField(out, b, m, t, &Device::ip, t.name + QStringLiteral(" ip"), collisions);
            mergeField(out, b, m, t, &Device::description, t.name + QStringLiteral(" description"),
                       collisions);
            mergeField(out, b, m, t, &Device::vpnIp, t.name + QStringLiteral(" vpn_ip"),
                       collisions);
            mergeField(out, b, m, t, &Device::ssh, t.name + QStringLiteral(" ssh"), collisions);
            deviceName = t.name;
            out.services = mergeList<Service>(
                b.services, m.services, t.services,
                [](const Service &service) { return service.name; }, mergeService,
                [&](const Service &service) { return t.name + u'/' + service.name; }, collisions);
            return out;
        };
    merged.devices = mergeList<Device>(
        base.devices, mine.devices, theirs.devices, [](const Device &d) { return d.name; },
        mergeDevice, [](const Device &d) { return d.name; }, collisions);
    return result;
}

} // namespace portolan
