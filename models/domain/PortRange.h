#pragma once

#include <QString>

#include <optional>

namespace portolan {

// A single port is a range of one: every port-bearing value in the registry is an interval, so
// conflict checks and block arithmetic never need a special case for singles.
struct PortRange
{
    int first = 0;
    int last = 0;
    // Written as "A-B" rather than a plain number; kept so a round trip writes what was read,
    // including a one-port range spelled "20000-20000".
    bool spelledAsRange = false;

    static PortRange single(int port) { return {port, port, false}; }
    static PortRange span(int first, int last) { return {first, last, true}; }

    bool isRange() const { return spelledAsRange; }
    int length() const { return last - first + 1; }
    bool contains(int port) const { return port >= first && port <= last; }
    bool overlaps(const PortRange &other) const
    {
        return first <= other.last && other.first <= last;
    }

    QString toString() const;

    // Parses "20022" or "20000-20010" (whitespace around the dash allowed). Returns nullopt
    // on text that is no port range at all; values outside 1..65535 and reversed ranges parse
    // fine, since the validator reports them as invalid-value with context.
    static std::optional<PortRange> parse(const QString &text);

    friend bool operator==(const PortRange &a, const PortRange &b)
    {
        return a.first == b.first && a.last == b.last && a.spelledAsRange == b.spelledAsRange;
    }
    friend bool operator!=(const PortRange &a, const PortRange &b) { return !(a == b); }
};

} // namespace portolan
