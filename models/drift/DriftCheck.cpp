#include "drift/DriftCheck.h"

#include "domain/WellKnownPorts.h"

#include <QSet>

#include <algorithm>
#include <map>
#include <vector>

namespace portolan {

QString driftStatusName(DriftEntry::Status status)
{
    switch (status) {
    case DriftEntry::Status::Listening:
        return QStringLiteral("listening");
    case DriftEntry::Status::Missing:
        return QStringLiteral("missing");
    case DriftEntry::Status::OtherAddress:
        return QStringLiteral("other-address");
    case DriftEntry::Status::Unplanned:
        return QStringLiteral("unplanned");
    }
    return {};
}

namespace {

bool isWildcard(const QHostAddress &address)
{
    return address == QHostAddress(QHostAddress::AnyIPv4) ||
           address == QHostAddress(QHostAddress::AnyIPv6);
}

} // namespace

namespace {

// Listening sockets as spans of ports: a container published as 1-65535 is one span, not
// 65,535 sockets (a thousand such lines used to exhaust the memory).
struct Span
{
    int first;
    int last;
    QHostAddress address;
};

using SpansByProtocol = std::map<QString, std::vector<Span>>;

SpansByProtocol spansOf(const QVector<ListeningSocket> &sockets)
{
    SpansByProtocol spans;
    QSet<QString> seen; // the same socket twice (docker-proxy and the container) counts once
    for (const ListeningSocket &socket : sockets) {
        const QString key = socket.protocol + u' ' + QString::number(socket.port) + u' ' +
                            QString::number(socket.last()) + u' ' + socket.address.toString();
        if (seen.contains(key))
            continue;
        seen.insert(key);
        spans[socket.protocol].push_back({socket.port, socket.last(), socket.address});
    }
    for (auto &[protocol, list] : spans)
        std::stable_sort(list.begin(), list.end(),
                         [](const Span &a, const Span &b) { return a.first < b.first; });
    return spans;
}

// How many ports the union of these [first, last] pieces covers.
int coveredPorts(std::vector<std::pair<int, int>> pieces)
{
    std::sort(pieces.begin(), pieces.end());
    int count = 0;
    int reached = 0; // the last port counted
    for (const auto &[first, last] : pieces) {
        const int from = std::max(first, reached + 1);
        if (from <= last) {
            count += last - from + 1;
            reached = last;
        }
    }
    return count;
}

// The planned entry of one binding: which of its ports listen, on the planned address or not.
DriftEntry plannedEntry(const Binding &binding, const std::vector<Span> &spans, int longestSpan)
{
    const QString protocol = binding.effectiveProtocol();
    QHostAddress plannedAddress;
    const bool plannedAll = binding.bind.isEmpty() ||
                            (plannedAddress.setAddress(binding.bind) && isWildcard(plannedAddress));
    if (!binding.bind.isEmpty())
        plannedAddress.setAddress(binding.bind);
    std::vector<std::pair<int, int>> matching;
    std::vector<std::pair<int, int>> any;
    QStringList actual;
    // Spans are sorted by first port; none longer than longestSpan starts before this.
    const int from = binding.host.first - longestSpan;
    auto it = std::lower_bound(spans.begin(), spans.end(), from,
                               [](const Span &span, int port) { return span.first < port; });
    for (; it != spans.end() && it->first <= binding.host.last; ++it) {
        if (it->last < binding.host.first)
            continue;
        const std::pair<int, int> piece{std::max(it->first, binding.host.first),
                                        std::min(it->last, binding.host.last)};
        any.push_back(piece);
        if (!actual.contains(it->address.toString()))
            actual << it->address.toString();
        if (plannedAll ? isWildcard(it->address)
                       : it->address.isEqual(plannedAddress, QHostAddress::ConvertV4MappedToIPv4))
            matching.push_back(piece);
    }
    const int found = coveredPorts(matching);
    const int foundElsewhere = coveredPorts(any) - found;
    DriftEntry entry;
    entry.protocol = protocol;
    entry.ports = binding.host;
    entry.planned = plannedAll ? QStringLiteral("all") : binding.bind;
    entry.actual = actual.join(QStringLiteral(", "));
    if (found == binding.host.length())
        entry.status = DriftEntry::Status::Listening;
    else if (found + foundElsewhere == 0)
        entry.status = DriftEntry::Status::Missing;
    else if (foundElsewhere > 0)
        entry.status = DriftEntry::Status::OtherAddress;
    else
        entry.status = DriftEntry::Status::Missing; // part of a range is not up
    return entry;
}

// The ports that listen and no binding plans, as maximal pieces between the edges of spans
// and plans, each with the addresses that listen on it.
void appendUnplanned(const QString &protocol, const std::vector<Span> &spans,
                     const std::vector<std::pair<int, int>> &planned, const WellKnownPorts *names,
                     QVector<DriftEntry> &entries)
{
    struct Edge
    {
        int port;
        int change; // +1 opens, -1 closes
        int span;   // -1: a plan
    };
    std::vector<Edge> edges;
    edges.reserve((spans.size() + planned.size()) * 2);
    for (int i = 0; i < int(spans.size()); ++i) {
        edges.push_back({spans[i].first, +1, i});
        edges.push_back({spans[i].last + 1, -1, i});
    }
    for (const auto &[first, last] : planned) {
        edges.push_back({first, +1, -1});
        edges.push_back({last + 1, -1, -1});
    }
    std::sort(edges.begin(), edges.end(),
              [](const Edge &a, const Edge &b) { return a.port < b.port; });
    int plannedOpen = 0;
    std::vector<int> open; // spans covering the current piece, in the order they opened
    for (size_t i = 0; i < edges.size();) {
        const int port = edges[i].port;
        for (; i < edges.size() && edges[i].port == port; ++i) {
            const Edge &edge = edges[i];
            if (edge.span < 0)
                plannedOpen += edge.change;
            else if (edge.change > 0)
                open.push_back(edge.span);
            else
                open.erase(std::find(open.begin(), open.end(), edge.span));
        }
        if (plannedOpen > 0 || open.empty() || i >= edges.size())
            continue;
        const int last = edges[i].port - 1;
        QStringList actual;
        std::vector<int> ordered = open;
        std::sort(ordered.begin(), ordered.end());
        for (int span : ordered) {
            const QString address = spans[size_t(span)].address.toString();
            if (!actual.contains(address))
                actual << address;
        }
        DriftEntry entry;
        entry.status = DriftEntry::Status::Unplanned;
        entry.protocol = protocol;
        entry.ports = last == port ? PortRange::single(port) : PortRange::span(port, last);
        entry.actual = actual.join(QStringLiteral(", "));
        if (names && last == port)
            entry.wellKnownName = names->names(port, protocol).value(0);
        entries.append(entry);
    }
}

} // namespace

QVector<DriftEntry> DriftCheck::compare(const Registry &registry, int deviceIndex,
                                        const QVector<ListeningSocket> &sockets,
                                        const WellKnownPorts *names)
{
    const SpansByProtocol spans = spansOf(sockets);
    std::map<QString, int> longestSpan;
    for (const auto &[protocol, list] : spans) {
        for (const Span &span : list)
            longestSpan[protocol] = std::max(longestSpan[protocol], span.last - span.first);
    }
    static const std::vector<Span> none;
    QVector<DriftEntry> entries;
    std::map<QString, std::vector<std::pair<int, int>>> planned;
    const Device &device = registry.devices[deviceIndex];
    for (int s = 0; s < device.services.size(); ++s) {
        const Service &service = device.services[s];
        for (int b = 0; b < service.ports.size(); ++b) {
            const Binding &binding = service.ports[b];
            const QString protocol = binding.effectiveProtocol();
            const auto found = spans.find(protocol);
            DriftEntry entry = plannedEntry(binding, found == spans.end() ? none : found->second,
                                            longestSpan[protocol]);
            entry.service = s;
            entry.binding = b;
            entry.serviceName = service.name;
            entries.append(entry);
            if (binding.host.first <= binding.host.last)
                planned[protocol].push_back({binding.host.first, binding.host.last});
        }
    }
    for (const auto &[protocol, list] : spans)
        appendUnplanned(protocol, list, planned[protocol], names, entries);
    return entries;
}

int DriftCheck::driftCount(const QVector<DriftEntry> &entries)
{
    int count = 0;
    for (const DriftEntry &entry : entries)
        count += entry.status != DriftEntry::Status::Listening;
    return count;
}

} // namespace portolan
