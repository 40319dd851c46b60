#pragma once

#include "domain/PortRange.h"

#include <QString>
#include <QStringList>
#include <QVector>

#include <algorithm>
#include <optional>

namespace portolan {

// Plain values, not pointers: a registry copies cheaply into a dialog's candidate, compares in
// tests with ==, and order is data (vectors), exactly as the admin wrote it.

inline constexpr int CurrentFormatVersion = 1;
inline constexpr int DefaultBlockSize = 1000;

namespace Exceptions {
extern const QString ReverseProxy;
extern const QString NonHttp;
extern const QString Bootstrap;
extern const QString Agent;
// Opened for the reverse proxy on another device, which forwards a route to it.
extern const QString ProxyBackend;
QStringList all();
bool isKnown(const QString &exception);
} // namespace Exceptions

namespace Purposes {
extern const QString Reserved;
}

namespace Scopes {
extern const QString External;
extern const QString Internal;
} // namespace Scopes

namespace Protocols {
extern const QString Tcp;
extern const QString Udp;
extern const QString Sctp;
bool isKnown(const QString &protocol);
} // namespace Protocols

// Identity of a stored element: a database row id (or, for a registry read from YAML, an id
// the document hands out) and the row version that optimistic locking compares. Not part of
// an element's value: == ignores it, and the YAML file never sees it.
struct RowKey
{
    qint64 id = 0;
    int version = 0;
};

struct Block
{
    RowKey key;
    QString purpose;
    QString label; // empty: none written

    bool isReserved() const { return purpose == Purposes::Reserved; }
    QString displayName() const { return label.isEmpty() ? purpose : label; }

    friend bool operator==(const Block &a, const Block &b)
    {
        return a.purpose == b.purpose && a.label == b.label;
    }
    friend bool operator!=(const Block &a, const Block &b) { return !(a == b); }
};

struct Policy
{
    RowKey key;
    QString domain;
    QString internalSubdomain;
    PortRange range = PortRange::span(20000, 29999);
    std::optional<int> blockSize; // absent in the file: DefaultBlockSize
    QVector<Block> blocks;
    // Reverse proxy names for compose export; empty: not written, the defaults apply.
    QString proxyNetwork;
    QString externalEntrypoint;
    QString internalEntrypoint;
    // The device whose reverse proxy serves routes of devices that run none; empty: none.
    QString proxyDevice;

    int effectiveBlockSize() const { return blockSize.value_or(DefaultBlockSize); }
    QString effectiveProxyNetwork() const
    {
        return proxyNetwork.isEmpty() ? QStringLiteral("proxy") : proxyNetwork;
    }
    // The tunnel's entry point on :80 and the VPN's on :443.
    QString effectiveExternalEntrypoint() const
    {
        return externalEntrypoint.isEmpty() ? QStringLiteral("web") : externalEntrypoint;
    }
    QString effectiveInternalEntrypoint() const
    {
        return internalEntrypoint.isEmpty() ? QStringLiteral("websecure") : internalEntrypoint;
    }
    QString internalDomain() const { return internalSubdomain + u'.' + domain; }

    friend bool operator==(const Policy &a, const Policy &b)
    {
        return a.domain == b.domain && a.internalSubdomain == b.internalSubdomain &&
               a.range.first == b.range.first && a.range.last == b.range.last &&
               a.blockSize == b.blockSize && a.blocks == b.blocks &&
               a.proxyNetwork == b.proxyNetwork && a.externalEntrypoint == b.externalEntrypoint &&
               a.internalEntrypoint == b.internalEntrypoint && a.proxyDevice == b.proxyDevice;
    }
    friend bool operator!=(const Policy &a, const Policy &b) { return !(a == b); }
};

// route.host "@": the domain itself (external routes only).
extern const QString ApexHost;

struct Route
{
    QString host;
    QString scope;
    std::optional<int> port; // absent: route-without-port

    // scope == Scopes::Internal and host == ApexHost, asked of every route by every export and
    // check: compared unit by unit in place (QString's == went through its general comparison,
    // a tenth of a large dashboard's time).
    bool isInternal() const
    {
        constexpr char16_t internal[] = u"internal";
        return scope.size() == 8 && std::equal(internal, internal + 8, scope.utf16());
    }
    bool isApex() const { return host.size() == 1 && host.front() == u'@'; }

    friend bool operator==(const Route &a, const Route &b)
    {
        return a.host == b.host && a.scope == b.scope && a.port == b.port;
    }
    friend bool operator!=(const Route &a, const Route &b) { return !(a == b); }
};

struct Binding
{
    RowKey key;
    PortRange host;
    PortRange container;
    QString protocol; // empty: not written, means tcp
    QString bind;     // empty: not written, means all addresses
    QString exception;
    QString notes;

    const QString &effectiveProtocol() const
    {
        return protocol.isEmpty() ? Protocols::Tcp : protocol;
    }
    // "20022/tcp", "20000-20010/udp": how findings and tables name a binding.
    QString hostLabel() const { return host.toString() + u'/' + effectiveProtocol(); }

    friend bool operator==(const Binding &a, const Binding &b)
    {
        return a.host == b.host && a.container == b.container && a.protocol == b.protocol &&
               a.bind == b.bind && a.exception == b.exception && a.notes == b.notes;
    }
    friend bool operator!=(const Binding &a, const Binding &b) { return !(a == b); }
};

struct Service
{
    RowKey key;
    QString name;
    QString category;
    QString notes;
    QString image; // the container image, e.g. gitea/gitea:1.22; empty: not written
    std::optional<Route> route;
    QVector<Binding> ports;

    // A reverse proxy runs here: a binding whose exception is reverse-proxy.
    bool isReverseProxy() const;
    // The binding opened for a proxy on another device to reach the route: exception
    // proxy-backend, tcp, container port = the route's port. -1: none.
    int proxyBackend() const;

    friend bool operator==(const Service &a, const Service &b)
    {
        return a.name == b.name && a.category == b.category && a.notes == b.notes &&
               a.image == b.image && a.route == b.route && a.ports == b.ports;
    }
    friend bool operator!=(const Service &a, const Service &b) { return !(a == b); }
};

struct Device
{
    RowKey key;
    QString name;
    QString ip;
    QString description;
    QString vpnIp; // where internal names served by this device's proxy resolve; empty: ip
    QString ssh;   // the ssh destination drift --ssh uses; empty: none
    QVector<Service> services;

    int bindingCount() const;
    int findService(const QString &serviceName) const;
    bool runsReverseProxy() const;
    QString effectiveVpnIp() const { return vpnIp.isEmpty() ? ip : vpnIp; }

    friend bool operator==(const Device &a, const Device &b)
    {
        return a.name == b.name && a.ip == b.ip && a.description == b.description &&
               a.vpnIp == b.vpnIp && a.ssh == b.ssh && a.services == b.services;
    }
    friend bool operator!=(const Device &a, const Device &b) { return !(a == b); }
};

// Route names under a policy's domains, for many routes: the two domains are built once, not
// for every name. Registry::routeFqdn spells each name the same way.
class RouteNames
{
public:
    explicit RouteNames(const Policy &policy);
    // host.domain or host.internal_subdomain.domain, lower-cased; "@" is the domain itself.
    QString fqdn(const Route &route) const;
    // The same name appended to `out`: a writer that reuses one string for every route
    // allocates none per route.
    void appendFqdn(QString &out, const Route &route) const;

private:
    struct Domain
    {
        explicit Domain(const QString &name);
        QString spelled;
        QString lowered;
        bool ascii;
    };
    Domain m_internalDomain;
    Domain m_domain;
};

struct Registry
{
    int formatVersion = CurrentFormatVersion;
    Policy policy;
    QVector<Device> devices;

    int findDevice(const QString &deviceName) const;
    // host.domain or host.internal_subdomain.domain, lower-cased as DNS compares names.
    QString routeFqdn(const Route &route) const;
    int bindingCount() const;
    // The device whose reverse proxy serves routes of devices[deviceIndex]: that device when
    // it runs one, else policy.proxy_device; -1 when neither exists.
    int proxyDeviceFor(int deviceIndex) const;

    friend bool operator==(const Registry &a, const Registry &b)
    {
        return a.formatVersion == b.formatVersion && a.policy == b.policy && a.devices == b.devices;
    }
    friend bool operator!=(const Registry &a, const Registry &b) { return !(a == b); }
};

} // namespace portolan
