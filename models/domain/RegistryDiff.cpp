#include "domain/RegistryDiff.h"

#include "domain/TextRules.h"

#include <QCoreApplication>
#include <QHash>

#include <algorithm>
#include <vector>

namespace portolan {

namespace {

using Fields = QVector<std::pair<QString, QString>>;

QString optionalNumber(const std::optional<int> &value)
{
    return value ? QString::number(*value) : QString();
}

// Values as they mean, not as they were spelled: "tcp" and an absent protocol are the same
// binding, 20000 and "20000-20000" the same port.
QString ports(const PortRange &range)
{
    return range.first == range.last ? QString::number(range.first)
                                     : QStringLiteral("%1-%2").arg(range.first).arg(range.last);
}

Fields policyFields(const Policy &p)
{
    return {{QStringLiteral("domain"), p.domain},
            {QStringLiteral("internal_subdomain"), p.internalSubdomain},
            {QStringLiteral("range"), QStringLiteral("%1-%2").arg(p.range.first).arg(p.range.last)},
            {QStringLiteral("block_size"), QString::number(p.effectiveBlockSize())},
            {QStringLiteral("proxy_network"), p.proxyNetwork},
            {QStringLiteral("external_entrypoint"), p.externalEntrypoint},
            {QStringLiteral("internal_entrypoint"), p.internalEntrypoint},
            {QStringLiteral("proxy_device"), p.proxyDevice}};
}

Fields blockFields(const Block &b)
{
    return {{QStringLiteral("purpose"), b.purpose}, {QStringLiteral("label"), b.label}};
}

Fields deviceFields(const Device &d)
{
    return {{QStringLiteral("ip"), d.ip},
            {QStringLiteral("description"), d.description},
            {QStringLiteral("vpn_ip"), d.vpnIp},
            {QStringLiteral("ssh"), d.ssh}};
}

Fields serviceFields(const Service &s)
{
    return {{QStringLiteral("category"), s.category},
            {QStringLiteral("notes"), s.notes},
            {QStringLiteral("image"), s.image}};
}

Fields routeFields(const Route &r)
{
    return {{QStringLiteral("host"), r.host},
            {QStringLiteral("scope"), r.scope},
            {QStringLiteral("port"), optionalNumber(r.port)}};
}

Fields bindingFields(const Binding &b)
{
    return {{QStringLiteral("host"), ports(b.host)},
            {QStringLiteral("container"), ports(b.container)},
            {QStringLiteral("protocol"), b.effectiveProtocol()},
            {QStringLiteral("bind"), b.bind},
            {QStringLiteral("exception"), b.exception},
            {QStringLiteral("notes"), b.notes}};
}

QVector<FieldChange> differences(const Fields &before, const Fields &after,
                                 const QString &prefix = QString())
{
    QVector<FieldChange> changes;
    for (int i = 0; i < before.size(); ++i) {
        if (before[i].second != after[i].second)
            changes.append({prefix + before[i].first, before[i].second, after[i].second});
    }
    return changes;
}

// Which matched elements keep their relative order: the longest increasing run of old
// positions taken in new order. Everything else was reordered.
std::vector<bool> keptInOrder(const QVector<int> &oldPositionsInNewOrder)
{
    const int n = int(oldPositionsInNewOrder.size());
    QVector<int> tailIndex; // index into the sequence of the smallest tail of each length
    std::vector<int> previous(std::size_t(n), -1);
    for (int i = 0; i < n; ++i) {
        const int value = oldPositionsInNewOrder[i];
        const auto at =
            std::lower_bound(tailIndex.begin(), tailIndex.end(), value,
                             [&](int index, int v) { return oldPositionsInNewOrder[index] < v; });
        const int length = int(at - tailIndex.begin());
        if (length > 0)
            previous[std::size_t(i)] = tailIndex[length - 1];
        if (at == tailIndex.end())
            tailIndex.append(i);
        else
            *at = i;
    }
    std::vector<bool> kept(std::size_t(n), false);
    for (int i = tailIndex.isEmpty() ? -1 : tailIndex.last(); i >= 0; i = previous[std::size_t(i)])
        kept[std::size_t(i)] = true;
    return kept;
}

QString tr(const char *text)
{
    return QCoreApplication::translate("portolan::RegistryDiff", text);
}

} // namespace

QString RegistryChange::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Added:
        return QStringLiteral("added");
    case Kind::Removed:
        return QStringLiteral("removed");
    case Kind::Changed:
        return QStringLiteral("changed");
    case Kind::Moved:
        return QStringLiteral("moved");
    case Kind::Reordered:
        return QStringLiteral("reordered");
    }
    return QString();
}

QString RegistryChange::elementName(Element element)
{
    switch (element) {
    case Element::Policy:
        return QStringLiteral("policy");
    case Element::Block:
        return QStringLiteral("block");
    case Element::Device:
        return QStringLiteral("device");
    case Element::Service:
        return QStringLiteral("service");
    case Element::Route:
        return QStringLiteral("route");
    case Element::Binding:
        return QStringLiteral("binding");
    }
    return QString();
}

QString RegistryDiff::bindingLabel(const Binding &binding)
{
    QString label = ports(binding.host) + u'/' + binding.effectiveProtocol();
    if (!binding.bind.isEmpty())
        label = (binding.bind.contains(u':') ? u'[' + binding.bind + u']' : binding.bind) + u':' +
                label;
    return label;
}

RegistryDiff RegistryDiff::compare(const Registry &before, const Registry &after)
{
    RegistryDiff diff;
    diff.m_before = before;
    diff.m_after = after;
    diff.comparePolicy();
    diff.compareDevices();
    return diff;
}

void RegistryDiff::comparePolicy()
{
    const QVector<FieldChange> fields =
        differences(policyFields(m_before.policy), policyFields(m_after.policy));
    if (!fields.isEmpty())
        m_changes.append(
            {RegistryChange::Kind::Changed, RegistryChange::Element::Policy, {}, {}, fields});
    const QVector<Block> &oldBlocks = m_before.policy.blocks;
    const QVector<Block> &newBlocks = m_after.policy.blocks;
    const int common = int(std::min(oldBlocks.size(), newBlocks.size()));
    for (int b = 0; b < common; ++b) {
        const QVector<FieldChange> blockChanges =
            differences(blockFields(oldBlocks[b]), blockFields(newBlocks[b]));
        if (!blockChanges.isEmpty()) {
            ElementPath path;
            path.block = b;
            m_changes.append({RegistryChange::Kind::Changed, RegistryChange::Element::Block, path,
                              path, blockChanges});
        }
    }
    for (int b = common; b < oldBlocks.size(); ++b) {
        ElementPath path;
        path.block = b;
        m_changes.append(
            {RegistryChange::Kind::Removed, RegistryChange::Element::Block, path, {}, {}});
    }
    for (int b = common; b < newBlocks.size(); ++b) {
        ElementPath path;
        path.block = b;
        m_changes.append(
            {RegistryChange::Kind::Added, RegistryChange::Element::Block, {}, path, {}});
    }
}

void RegistryDiff::compareDevices()
{
    const QVector<Device> &oldDevices = m_before.devices;
    const QVector<Device> &newDevices = m_after.devices;
    // First of a name wins, as lookups by name do; duplicates are a finding of their own.
    QHash<QString, int> oldByName;
    for (int d = int(oldDevices.size()) - 1; d >= 0; --d)
        oldByName.insert(oldDevices[d].name, d);
    QVector<int> matchOf(newDevices.size(), -1); // new device -> old device
    QVector<bool> oldMatched(oldDevices.size(), false);
    for (int d = 0; d < newDevices.size(); ++d) {
        const int old = oldByName.value(newDevices[d].name, -1);
        if (old >= 0 && !oldMatched[old]) {
            matchOf[d] = old;
            oldMatched[old] = true;
        }
    }

    for (int d = 0; d < oldDevices.size(); ++d) {
        if (oldMatched[d])
            continue;
        ElementPath path;
        path.device = d;
        m_changes.append(
            {RegistryChange::Kind::Removed, RegistryChange::Element::Device, path, {}, {}});
    }

    QVector<int> oldPositions;
    QVector<int> matchedNew;
    for (int d = 0; d < newDevices.size(); ++d) {
        if (matchOf[d] >= 0) {
            oldPositions.append(matchOf[d]);
            matchedNew.append(d);
        }
    }
    const std::vector<bool> kept = keptInOrder(oldPositions);
    QVector<bool> reordered(newDevices.size(), false);
    for (int i = 0; i < matchedNew.size(); ++i)
        reordered[matchedNew[i]] = !kept[std::size_t(i)];

    for (int d = 0; d < newDevices.size(); ++d) {
        ElementPath after;
        after.device = d;
        if (matchOf[d] < 0) {
            m_changes.append(
                {RegistryChange::Kind::Added, RegistryChange::Element::Device, {}, after, {}});
            continue;
        }
        ElementPath before;
        before.device = matchOf[d];
        const QVector<FieldChange> fields =
            differences(deviceFields(oldDevices[matchOf[d]]), deviceFields(newDevices[d]));
        if (!fields.isEmpty())
            m_changes.append({RegistryChange::Kind::Changed, RegistryChange::Element::Device,
                              before, after, fields});
        if (reordered[d])
            m_changes.append({RegistryChange::Kind::Reordered,
                              RegistryChange::Element::Device,
                              before,
                              after,
                              {}});
        compareServices(matchOf[d], d);
    }
}

// Where a service that is gone from a device went: the one device, present on both sides,
// that has it now and did not before. Invalid when there is none or more than one.
ElementPath RegistryDiff::moveTarget(const QString &fromDevice, const QString &service) const
{
    ElementPath found;
    int candidates = 0;
    const auto holders = m_afterNames->devicesWith.constFind(service);
    if (holders == m_afterNames->devicesWith.constEnd())
        return found;
    for (const int d : *holders) {
        const Device &device = m_after.devices[d];
        if (device.name == fromDevice)
            continue;
        const int s = device.findService(service);
        const int oldTwin = m_beforeNames->deviceByName.value(device.name, -1);
        if (oldTwin < 0 || m_before.devices[oldTwin].findService(service) >= 0)
            continue; // a new device (added whole), or it was there already
        ++candidates;
        found.device = d;
        found.service = s;
    }
    return candidates == 1 ? found : ElementPath();
}

RegistryDiff::NameIndex RegistryDiff::indexNames(const Registry &registry)
{
    NameIndex index;
    index.deviceByName.reserve(registry.devices.size());
    for (int d = 0; d < registry.devices.size(); ++d) {
        const Device &device = registry.devices[d];
        index.deviceByName.insert(device.name, d); // tryEmplace below keeps the first
        for (const Service &service : device.services) {
            QVector<int> &devices = index.devicesWith[service.name];
            if (devices.isEmpty() || devices.last() != d)
                devices.append(d);
        }
    }
    // The first device of a name, as Registry::findDevice finds it.
    for (int d = int(registry.devices.size()) - 1; d >= 0; --d)
        index.deviceByName.insert(registry.devices[d].name, d);
    return index;
}

void RegistryDiff::buildIndexes()
{
    if (!m_beforeNames)
        m_beforeNames = std::make_shared<const NameIndex>(indexNames(m_before));
    if (!m_afterNames)
        m_afterNames = std::make_shared<const NameIndex>(indexNames(m_after));
}

void RegistryDiff::compareServices(int oldDevice, int newDevice)
{
    const Device &oldOne = m_before.devices[oldDevice];
    const Device &newOne = m_after.devices[newDevice];
    // The same services in the same order: nothing left, arrived, moved or changed here.
    if (oldOne.services == newOne.services)
        return;
    buildIndexes();
    // A name given twice on a device (a duplicate-service finding) pairs by occurrence: the
    // second "a" with the second "a", so equal services never read as removed and added.
    QHash<QString, QVector<int>> oldByName;
    for (int s = 0; s < oldOne.services.size(); ++s)
        oldByName[oldOne.services[s].name].append(s);
    QHash<QString, int> pairedSoFar;
    QVector<int> matchOf(newOne.services.size(), -1);
    QVector<bool> oldMatched(oldOne.services.size(), false);
    for (int s = 0; s < newOne.services.size(); ++s) {
        const auto olds = oldByName.constFind(newOne.services[s].name);
        if (olds == oldByName.constEnd())
            continue;
        int &paired = pairedSoFar[newOne.services[s].name];
        if (paired < olds->size()) {
            const int old = (*olds)[paired++];
            matchOf[s] = old;
            oldMatched[old] = true;
        }
    }

    // A service gone from here that arrived on exactly one device that did not have it is a
    // move, reported here; its arrival there is not reported again as an addition.
    for (int s = 0; s < oldOne.services.size(); ++s) {
        if (oldMatched[s])
            continue;
        ElementPath before;
        before.device = oldDevice;
        before.service = s;
        const ElementPath target = moveTarget(oldOne.name, oldOne.services[s].name);
        if (target.device >= 0)
            compareService(before, target, /*moved=*/true);
        else
            m_changes.append(
                {RegistryChange::Kind::Removed, RegistryChange::Element::Service, before, {}, {}});
    }

    QVector<int> oldPositions;
    QVector<int> matchedNew;
    for (int s = 0; s < newOne.services.size(); ++s) {
        if (matchOf[s] >= 0) {
            oldPositions.append(matchOf[s]);
            matchedNew.append(s);
        }
    }
    const std::vector<bool> kept = keptInOrder(oldPositions);
    QVector<bool> reordered(newOne.services.size(), false);
    for (int i = 0; i < matchedNew.size(); ++i)
        reordered[matchedNew[i]] = !kept[std::size_t(i)];

    for (int s = 0; s < newOne.services.size(); ++s) {
        ElementPath after;
        after.device = newDevice;
        after.service = s;
        if (matchOf[s] < 0) {
            // Arrived by a move from a device that lost it: reported there.
            bool arrivedByMove = false;
            const QString &name = newOne.services[s].name;
            const QVector<int> holders = m_beforeNames->devicesWith.value(name);
            for (int i = 0; i < holders.size() && !arrivedByMove; ++i) {
                const Device &device = m_before.devices[holders[i]];
                if (device.name == newOne.name)
                    continue;
                const int newTwin = m_afterNames->deviceByName.value(device.name, -1);
                if (newTwin < 0 || m_after.devices[newTwin].findService(name) >= 0)
                    continue; // its device is gone whole, or it stayed there
                const ElementPath target = moveTarget(device.name, name);
                arrivedByMove = target.device == newDevice && target.service == s;
            }
            if (!arrivedByMove)
                m_changes.append(
                    {RegistryChange::Kind::Added, RegistryChange::Element::Service, {}, after, {}});
            continue;
        }
        ElementPath before;
        before.device = oldDevice;
        before.service = matchOf[s];
        if (reordered[s])
            m_changes.append({RegistryChange::Kind::Reordered,
                              RegistryChange::Element::Service,
                              before,
                              after,
                              {}});
        compareService(before, after, /*moved=*/false);
    }
}

void RegistryDiff::compareService(ElementPath before, ElementPath after, bool moved)
{
    const Service &oldOne = m_before.devices[before.device].services[before.service];
    const Service &newOne = m_after.devices[after.device].services[after.service];
    const QVector<FieldChange> fields = differences(serviceFields(oldOne), serviceFields(newOne));
    if (moved)
        m_changes.append(
            {RegistryChange::Kind::Moved, RegistryChange::Element::Service, before, after, fields});
    else if (!fields.isEmpty())
        m_changes.append({RegistryChange::Kind::Changed, RegistryChange::Element::Service, before,
                          after, fields});

    if (oldOne.route && !newOne.route) {
        m_changes.append(
            {RegistryChange::Kind::Removed, RegistryChange::Element::Route, before, {}, {}});
    } else if (!oldOne.route && newOne.route) {
        m_changes.append(
            {RegistryChange::Kind::Added, RegistryChange::Element::Route, {}, after, {}});
    } else if (oldOne.route && newOne.route) {
        const QVector<FieldChange> routeChanges =
            differences(routeFields(*oldOne.route), routeFields(*newOne.route));
        if (!routeChanges.isEmpty())
            m_changes.append({RegistryChange::Kind::Changed, RegistryChange::Element::Route, before,
                              after, routeChanges});
    }
    compareBindings(before, after);
}

void RegistryDiff::compareBindings(ElementPath before, ElementPath after)
{
    const QVector<Binding> &oldPorts =
        m_before.devices[before.device].services[before.service].ports;
    const QVector<Binding> &newPorts = m_after.devices[after.device].services[after.service].ports;
    auto identity = [](const Binding &binding) {
        return ports(binding.host) + u'/' + binding.effectiveProtocol() + u'@' + binding.bind;
    };
    QHash<QString, QVector<int>> oldByIdentity;
    for (int b = 0; b < oldPorts.size(); ++b)
        oldByIdentity[identity(oldPorts[b])].append(b);
    QVector<int> matchOf(newPorts.size(), -1);
    QVector<bool> oldMatched(oldPorts.size(), false);
    for (int b = 0; b < newPorts.size(); ++b) {
        QVector<int> &candidates = oldByIdentity[identity(newPorts[b])];
        if (!candidates.isEmpty()) {
            matchOf[b] = candidates.takeFirst();
            oldMatched[matchOf[b]] = true;
        }
    }
    // A host port (or bind address) that changed: the one unmatched binding of a container
    // port and protocol on each side is the same binding, changed.
    auto containerKey = [](const Binding &binding) {
        return ports(binding.container) + u'/' + binding.effectiveProtocol();
    };
    QHash<QString, QVector<int>> oldLeft;
    QHash<QString, QVector<int>> newLeft;
    for (int b = 0; b < oldPorts.size(); ++b) {
        if (!oldMatched[b])
            oldLeft[containerKey(oldPorts[b])].append(b);
    }
    for (int b = 0; b < newPorts.size(); ++b) {
        if (matchOf[b] < 0)
            newLeft[containerKey(newPorts[b])].append(b);
    }
    for (auto it = newLeft.constBegin(); it != newLeft.constEnd(); ++it) {
        const QVector<int> olds = oldLeft.value(it.key());
        if (it.value().size() == 1 && olds.size() == 1) {
            matchOf[it.value().first()] = olds.first();
            oldMatched[olds.first()] = true;
        }
    }

    for (int b = 0; b < oldPorts.size(); ++b) {
        if (oldMatched[b])
            continue;
        ElementPath path = before;
        path.binding = b;
        m_changes.append(
            {RegistryChange::Kind::Removed, RegistryChange::Element::Binding, path, {}, {}});
    }
    QVector<int> oldPositions;
    QVector<int> matchedNew;
    for (int b = 0; b < newPorts.size(); ++b) {
        if (matchOf[b] >= 0) {
            oldPositions.append(matchOf[b]);
            matchedNew.append(b);
        }
    }
    const std::vector<bool> kept = keptInOrder(oldPositions);
    QVector<bool> reordered(newPorts.size(), false);
    for (int i = 0; i < matchedNew.size(); ++i)
        reordered[matchedNew[i]] = !kept[std::size_t(i)];
    for (int b = 0; b < newPorts.size(); ++b) {
        ElementPath newPath = after;
        newPath.binding = b;
        if (matchOf[b] < 0) {
            m_changes.append(
                {RegistryChange::Kind::Added, RegistryChange::Element::Binding, {}, newPath, {}});
            continue;
        }
        ElementPath oldPath = before;
        oldPath.binding = matchOf[b];
        if (reordered[b])
            m_changes.append({RegistryChange::Kind::Reordered,
                              RegistryChange::Element::Binding,
                              oldPath,
                              newPath,
                              {}});
        const QVector<FieldChange> fields =
            differences(bindingFields(oldPorts[matchOf[b]]), bindingFields(newPorts[b]));
        if (!fields.isEmpty())
            m_changes.append({RegistryChange::Kind::Changed, RegistryChange::Element::Binding,
                              oldPath, newPath, fields});
    }
}

QString RegistryDiff::subject(const RegistryChange &change) const
{
    const bool fromOld = change.kind == RegistryChange::Kind::Removed;
    const Registry &side = fromOld ? m_before : m_after;
    const ElementPath &path = fromOld ? change.before : change.after;
    switch (change.element) {
    case RegistryChange::Element::Policy:
        return QStringLiteral("policy");
    case RegistryChange::Element::Block: {
        const Block &block = side.policy.blocks[path.block];
        return QStringLiteral("%1 (%2)").arg(path.block + 1).arg(block.displayName());
    }
    case RegistryChange::Element::Device:
        return side.devices[path.device].name;
    case RegistryChange::Element::Service:
    case RegistryChange::Element::Route: {
        const Device &device = side.devices[path.device];
        return device.name + u'/' + device.services[path.service].name;
    }
    case RegistryChange::Element::Binding: {
        const Device &device = side.devices[path.device];
        const Service &service = device.services[path.service];
        return device.name + u'/' + service.name + u' ' + bindingLabel(service.ports[path.binding]);
    }
    }
    return QString();
}

QString RegistryDiff::describe(const RegistryChange &change) const
{
    QString line =
        RegistryChange::kindName(change.kind) + u' ' + RegistryChange::elementName(change.element);
    if (change.element != RegistryChange::Element::Policy)
        line += u' ' + TextRules::forTerminal(subject(change));
    QStringList details;
    if (change.kind == RegistryChange::Kind::Moved)
        details << tr("from %1").arg(m_before.devices[change.before.device].name);
    if (change.kind == RegistryChange::Kind::Reordered) {
        // Where it stands among its siblings, named by the one before it: positions shift with
        // every addition and removal around it, neighbours say what the reader sees.
        auto previous = [&](const Registry &side, const ElementPath &path) -> QString {
            switch (change.element) {
            case RegistryChange::Element::Binding: {
                const Service &service = side.devices[path.device].services[path.service];
                return path.binding > 0 ? bindingLabel(service.ports[path.binding - 1]) : QString();
            }
            case RegistryChange::Element::Service: {
                const Device &device = side.devices[path.device];
                return path.service > 0 ? device.services[path.service - 1].name : QString();
            }
            default:
                return path.device > 0 ? side.devices[path.device - 1].name : QString();
            }
        };
        auto place = [](const QString &before) {
            return before.isEmpty() ? tr("first")
                                    : tr("after %1").arg(TextRules::forTerminal(before));
        };
        details << tr("now %1 (was %2)")
                       .arg(place(previous(m_after, change.after)),
                            place(previous(m_before, change.before)));
    }
    for (const FieldChange &field : change.fields) {
        auto shown = [](const QString &value) {
            return value.isEmpty() ? QStringLiteral("(none)") : TextRules::forTerminal(value);
        };
        details << QStringLiteral("%1 %2 -> %3")
                       .arg(field.field, shown(field.before), shown(field.after));
    }
    if (!details.isEmpty())
        line += QStringLiteral(": ") + details.join(QStringLiteral(", "));
    return line;
}

QStringList RegistryDiff::describeAll() const
{
    QStringList lines;
    lines.reserve(m_changes.size());
    for (const RegistryChange &change : m_changes)
        lines << describe(change);
    return lines;
}

} // namespace portolan
