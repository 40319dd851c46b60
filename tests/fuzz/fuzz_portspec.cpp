// libFuzzer target: any text as a compose port specification; what parses must print back to
// a specification that parses to the same port.
#include "formats/compose/PortSpec.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString spec = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    portolan::Error error;
    const auto port = portolan::PortSpec::parse(spec, &error);
    if (!port)
        return error.isEmpty() ? (std::abort(), 0) : 0;
    if (!port->host)
        return 0;
    const auto again = portolan::PortSpec::parse(port->toShortSyntax(), &error);
    if (!again || again->container != port->container || again->protocol != port->protocol ||
        again->host->first != port->host->first || again->host->last != port->host->last)
        std::abort();
    return 0;
}
