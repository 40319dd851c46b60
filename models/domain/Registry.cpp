#include "domain/Registry.h"

#include <algorithm>

namespace portolan {

// Defined once here rather than inline in the header: as inline variables each of the
// hundred files that include it carried their own guarded start-up code, run before main.
namespace Exceptions {
const QString ReverseProxy = QStringLiteral("reverse-proxy");
const QString NonHttp = QStringLiteral("non-http");
const QString Bootstrap = QStringLiteral("bootstrap");
const QString Agent = QStringLiteral("agent");
const QString ProxyBackend = QStringLiteral("proxy-backend");
} // namespace Exceptions

namespace Purposes {
const QString Reserved = QStringLiteral("reserved");
} // namespace Purposes

namespace Scopes {
const QString External = QStringLiteral("external");
const QString Internal = QStringLiteral("internal");
} // namespace Scopes

namespace Protocols {
const QString Tcp = QStringLiteral("tcp");
const QString Udp = QStringLiteral("udp");
const QString Sctp = QStringLiteral("sctp");
} // namespace Protocols

const QString ApexHost = QStringLiteral("@");

QStringList Exceptions::all()
{
    return {ReverseProxy, NonHttp, Bootstrap, Agent, ProxyBackend};
}

bool Exceptions::isKnown(const QString &exception)
{
    return exception == ReverseProxy || exception == NonHttp || exception == Bootstrap ||
           exception == Agent || exception == ProxyBackend;
}

bool Protocols::isKnown(const QString &protocol)
{
    return protocol == Tcp || protocol == Udp || protocol == Sctp;
}

bool Service::isReverseProxy() const
{
    for (const Binding &binding : ports) {
        if (binding.exception == Exceptions::ReverseProxy)
            return true;
    }
    return false;
}

int Service::proxyBackend() const
{
    if (!route || !route->port)
        return -1;
    for (int b = 0; b < ports.size(); ++b) {
        const Binding &binding = ports[b];
        if (binding.exception == Exceptions::ProxyBackend &&
            binding.effectiveProtocol() == Protocols::Tcp &&
            binding.container.first == *route->port && binding.container.last == *route->port)
            return b;
    }
    return -1;
}

bool Device::runsReverseProxy() const
{
    for (const Service &service : services) {
        if (service.isReverseProxy())
            return true;
    }
    return false;
}

int Device::bindingCount() const
{
    int count = 0;
    for (const Service &service : services)
        count += service.ports.size();
    return count;
}

int Device::findService(const QString &serviceName) const
{
    for (int i = 0; i < services.size(); ++i) {
        if (services[i].name == serviceName)
            return i;
    }
    return -1;
}

int Registry::findDevice(const QString &deviceName) const
{
    for (int i = 0; i < devices.size(); ++i) {
        if (devices[i].name == deviceName)
            return i;
    }
    return -1;
}

RouteNames::Domain::Domain(const QString &name)
    : spelled(name)
    , lowered(name.toLower())
    , ascii(std::all_of(name.cbegin(), name.cend(), [](QChar c) { return c.unicode() < 0x80; }))
{}

RouteNames::RouteNames(const Policy &policy)
    : m_internalDomain(policy.internalDomain())
    , m_domain(policy.domain)
{}

QString RouteNames::fqdn(const Route &route) const
{
    const Domain &base = route.isInternal() ? m_internalDomain : m_domain;
    // "@" is the domain itself (an apex route, external only): shared, not copied.
    if (route.isApex())
        return base.lowered;
    QString name;
    name.reserve(route.host.size() + 1 + base.lowered.size());
    appendFqdn(name, route);
    return name;
}

void RouteNames::appendFqdn(QString &out, const Route &route) const
{
    const Domain &base = route.isInternal() ? m_internalDomain : m_domain;
    if (route.isApex()) {
        out += base.lowered;
        return;
    }
    // A plain ASCII name is lowered here, the domain once for all: a table has one name per
    // route, and QString::toLower looks up every character's case properties. Anything else
    // is lowered whole by Qt, whose lowering of a lone surrogate depends on what came before.
    const qsizetype at = out.size();
    const auto loweredWhole = [&] {
        out.truncate(at);
        out += (route.host + u'.' + base.spelled).toLower();
    };
    if (!base.ascii)
        return loweredWhole();
    const qsizetype hostLength = route.host.size();
    out.resize(at + hostLength + 1 + base.lowered.size());
    char16_t *name = reinterpret_cast<char16_t *>(out.data()) + at;
    const char16_t *host = reinterpret_cast<const char16_t *>(route.host.constData());
    for (qsizetype i = 0; i < hostLength; ++i) {
        const char16_t c = host[i];
        if (c >= 0x80)
            return loweredWhole();
        name[i] = (c >= u'A' && c <= u'Z') ? char16_t(c + 32) : c;
    }
    name[hostLength] = u'.';
    std::copy_n(reinterpret_cast<const char16_t *>(base.lowered.constData()), base.lowered.size(),
                name + hostLength + 1);
}

QString Registry::routeFqdn(const Route &route) const
{
    return RouteNames(policy).fqdn(route);
}

int Registry::bindingCount() const
{
    int count = 0;
    for (const Device &device : devices)
        count += device.bindingCount();
    return count;
}

int Registry::proxyDeviceFor(int deviceIndex) const
{
    if (deviceIndex >= 0 && deviceIndex < devices.size() && devices[deviceIndex].runsReverseProxy())
        return deviceIndex;
    return policy.proxyDevice.isEmpty() ? -1 : findDevice(policy.proxyDevice);
}

} // namespace portolan
