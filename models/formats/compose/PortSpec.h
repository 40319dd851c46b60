#pragma once

#include "domain/Error.h"
#include "domain/PortRange.h"

#include <QString>

#include <optional>

namespace portolan {

// One entry of a compose service's `ports`, read as Docker reads it.
struct PublishedPort
{
    QString hostIp;                // empty: every address
    std::optional<PortRange> host; // empty: Docker picks a random host port
    PortRange container;
    QString protocol = QStringLiteral("tcp");
    // Docker chose the host port (nothing or 0 asked for, or one of the kernel's ephemeral
    // ports 32768-60999 in saved output): a plan names its own.
    bool chosenByDocker = false;

    // The short syntax Portolan writes: "[IP:]HOST:CONTAINER/PROTO", IPv6 in brackets.
    QString toShortSyntax() const;
};

namespace PortSpec {

// "[IP:][HOST[-HOST]:]CONTAINER[-CONTAINER][/PROTO]", IPv6 addresses in brackets. Returns
// nullopt and a message Docker would give for anything Docker rejects.
std::optional<PublishedPort> parse(const QString &spec, Error *error);

// A single port or "A-B" as Docker's ParsePortRange takes it (1-65535, start <= end).
std::optional<PortRange> parseRange(const QString &text, Error *error);
// An address as Go's net.ParseIP reads it: "127.0.1" and "01.2.3.4" are not addresses.
bool isAddress(const QString &text);

} // namespace PortSpec

} // namespace portolan
