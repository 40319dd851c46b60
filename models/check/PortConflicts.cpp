// Validator::checkConflicts: bindings of one device that overlap in port and protocol and whose
// bind addresses can collide (the contract's port-conflict).
#include "check/Validator.h"

#include "domain/IpAddress.h"

#include <QHash>
#include <QHostAddress>

#include <algorithm>
#include <tuple>
#include <vector>

namespace portolan {

namespace {

// Host part of a bind address as the conflict check sees it.
struct BindAddress
{
    bool all = true;
    QHostAddress address;
    QString text; // for unparsable input: compared textually

    static BindAddress parse(const QString &bind)
    {
        BindAddress result;
        if (bind.isEmpty())
            return result;
        QHostAddress address;
        if (!IpAddress::isValid(bind) || !address.setAddress(bind)) {
            result.all = false;
            result.text = bind;
            return result;
        }
        if (address == QHostAddress(QHostAddress::AnyIPv4) ||
            address == QHostAddress(QHostAddress::AnyIPv6))
            return result;
        result.all = false;
        result.address = address;
        return result;
    }

    bool collidesWith(const BindAddress &other) const
    {
        if (all || other.all)
            return true;
        if (!text.isEmpty() || !other.text.isEmpty())
            return text == other.text;
        return address.isEqual(other.address, QHostAddress::ConvertV4MappedToIPv4);
    }
};

QString describeBind(const QString &bind)
{
    return bind.isEmpty() ? QStringLiteral("all addresses") : bind;
}

// A binding's host ports; `bind` indexes its device's distinct bind addresses, -1 for all.
// Small and trivially copied: 100,000 of them are sorted, and a QHostAddress each (allocated
// even when empty) was a tenth of the check.
struct Interval
{
    int first;
    int last;
    int protocol;
    int service;
    int binding;
    int bind;
};

// The distinct bind addresses of one device, each parsed once.
class BindAddresses
{
public:
    int indexOf(const QString &bind)
    {
        if (bind.isEmpty())
            return -1;
        const auto known = m_indexes.constFind(bind);
        if (known != m_indexes.cend())
            return *known;
        const int index = int(m_parsed.size());
        m_parsed.push_back(BindAddress::parse(bind));
        m_indexes.insert(bind, index);
        return index;
    }
    bool collide(int a, int b) const
    {
        if (a < 0 || b < 0 || a == b)
            return true;
        return m_parsed[std::size_t(a)].collidesWith(m_parsed[std::size_t(b)]);
    }

private:
    QHash<QString, int> m_indexes;
    std::vector<BindAddress> m_parsed;
};

bool inFileOrder(const Interval &a, const Interval &b)
{
    return std::tie(a.service, a.binding) < std::tie(b.service, b.binding);
}

// A binding that collides with bindings before it in the file: the first of them, and how
// many more.
struct Collision
{
    const Interval *first = nullptr;
    int others = 0;
};

std::vector<Interval> intervalsOf(const Device &device, BindAddresses &binds)
{
    std::vector<Interval> intervals;
    intervals.reserve(device.bindingCount());
    for (int s = 0; s < device.services.size(); ++s) {
        const Service &service = device.services[s];
        for (int b = 0; b < service.ports.size(); ++b) {
            const Binding &binding = service.ports[b];
            const QString protocol = binding.effectiveProtocol();
            const int protocolKey = protocol == Protocols::Tcp    ? 0
                                    : protocol == Protocols::Udp  ? 1
                                    : protocol == Protocols::Sctp ? 2
                                                                  : -1;
            if (protocolKey < 0 || binding.host.first > binding.host.last)
                continue;
            intervals.push_back({binding.host.first, binding.host.last, protocolKey, s, b,
                                 binds.indexOf(binding.bind)});
        }
    }
    std::sort(intervals.begin(), intervals.end(), [](const Interval &a, const Interval &b) {
        if (a.protocol != b.protocol)
            return a.protocol < b.protocol;
        if (a.first != b.first)
            return a.first < b.first;
        return inFileOrder(a, b);
    });
    return intervals;
}

// Sweep per protocol: intervals by first port, each compared only with those still open.
QHash<const Interval *, Collision> collisionsOf(const std::vector<Interval> &intervals,
                                                const BindAddresses &binds)
{
    QHash<const Interval *, Collision> collisions;
    std::vector<const Interval *> open;
    int currentProtocol = -1;
    for (const Interval &interval : intervals) {
        if (interval.protocol != currentProtocol) {
            open.clear();
            currentProtocol = interval.protocol;
        }
        open.erase(std::remove_if(open.begin(), open.end(),
                                  [&](const Interval *o) { return o->last < interval.first; }),
                   open.end());
        for (const Interval *other : open) {
            if (!binds.collide(interval.bind, other->bind))
                continue;
            const bool intervalLater = inFileOrder(*other, interval);
            const Interval *later = intervalLater ? &interval : other;
            const Interval *earlier = intervalLater ? other : &interval;
            Collision &collision = collisions[later];
            if (!collision.first) {
                collision.first = earlier;
            } else {
                ++collision.others;
                if (inFileOrder(*earlier, *collision.first))
                    collision.first = earlier;
            }
        }
        open.push_back(&interval);
    }
    return collisions;
}

} // namespace

void Validator::checkConflicts(const Registry &registry, int deviceIndex, Findings &out) const
{
    // Each binding that collides with one before it in the file gets one finding, naming the
    // first of them and how many more: a group of n identical bindings gives n - 1 findings in
    // memory linear in the input, not n(n-1)/2 (2,000 copies of one binding gave two million).
    const Device &device = registry.devices[deviceIndex];
    BindAddresses binds;
    const std::vector<Interval> intervals = intervalsOf(device, binds);
    const QHash<const Interval *, Collision> collisions = collisionsOf(intervals, binds);
    std::vector<const Interval *> colliding;
    colliding.reserve(size_t(collisions.size()));
    for (auto it = collisions.cbegin(); it != collisions.cend(); ++it)
        colliding.push_back(it.key());
    std::sort(colliding.begin(), colliding.end(),
              [](const Interval *a, const Interval *b) { return inFileOrder(*a, *b); });

    for (const Interval *later : colliding) {
        const Collision &collision = collisions[later];
        const Interval &earlier = *collision.first;
        const Service &laterService = device.services[later->service];
        const Service &earlierService = device.services[earlier.service];
        const Binding &laterBinding = laterService.ports[later->binding];
        const Binding &earlierBinding = earlierService.ports[earlier.binding];

        Finding finding;
        finding.severity = Severity::Error;
        finding.code = FindingCode::PortConflict;
        finding.message = tr("overlaps %1/%2 %3")
                              .arg(device.name, earlierService.name, earlierBinding.hostLabel());
        if (!laterBinding.bind.isEmpty() || !earlierBinding.bind.isEmpty())
            finding.message +=
                tr(" (bound to %1 and %2)")
                    .arg(describeBind(laterBinding.bind), describeBind(earlierBinding.bind));
        if (collision.others > 0)
            finding.message += tr(" and %n more binding(s) before it", nullptr, collision.others);
        finding.field = QStringLiteral("host");
        finding.device = device.name;
        finding.service = laterService.name;
        finding.where = {deviceIndex, later->service, later->binding};
        finding.related = {deviceIndex, earlier.service, earlier.binding};
        finding.port = laterBinding.host;
        finding.protocol = laterBinding.effectiveProtocol();
        out.append(finding);
    }
}

} // namespace portolan
