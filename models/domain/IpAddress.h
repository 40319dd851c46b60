#pragma once

#include <QString>

namespace portolan {

// An IP address as the tools that read the registry's exports parse it (Go's net.ParseIP in
// Docker, Traefik and Headscale; inet_pton in dnsmasq and unbound): IPv4 is four decimal
// fields of at most 255 without leading zeros, IPv6 has no zone. QHostAddress alone also
// takes inet_aton's shorthands ("192.168.1", "10.1"), which those tools refuse.
namespace IpAddress {

bool isValid(const QString &text);

} // namespace IpAddress

} // namespace portolan
