#include "check/CrossDeviceIndex.h"

#include "domain/TextRules.h"

#include <QHostAddress>

#include <algorithm>
#include <future>

namespace portolan {

namespace {

template <typename Entries, typename Entry>
void insertSorted(Entries &entries, const Entry &entry)
{
    entries.insert(std::lower_bound(entries.begin(), entries.end(), entry), entry);
}

template <typename Entries>
void track(QSet<QString> &duplicates, const QString &key, const Entries &entries)
{
    if (entries.size() > 1)
        duplicates.insert(key);
    else
        duplicates.remove(key);
}

} // namespace

CrossDeviceIndex::Keys CrossDeviceIndex::keysOf(const Registry &registry, int deviceIndex)
{
    const Device &device = registry.devices[deviceIndex];
    Keys keys;
    keys.name = device.name;
    if (QHostAddress address; address.setAddress(device.ip))
        keys.ip = address.toString(); // "::1" and "0:0::1" are one address
    // Registry::routeFqdn's result, with the two domain suffixes built once per device.
    QString externalSuffix;
    QString internalSuffix;
    for (int s = 0; s < device.services.size(); ++s) {
        const std::optional<Route> &route = device.services[s].route;
        if (!route)
            continue;
        const bool internal = route->isInternal();
        QString &suffix = internal ? internalSuffix : externalSuffix;
        if (suffix.isEmpty())
            suffix =
                u'.' +
                (internal ? registry.policy.internalDomain() : registry.policy.domain).toLower();
        keys.routes.append({route->host.toLower() + suffix, s});
    }
    return keys;
}

void CrossDeviceIndex::add(int d, const Keys &keys)
{
    // Adding can only make a key a duplicate, never stop it being one.
    auto &names = m_names[keys.name];
    insertSorted(names, d);
    if (names.size() > 1)
        m_duplicateNames.insert(keys.name);
    if (!keys.ip.isEmpty()) {
        auto &ips = m_ips[keys.ip];
        insertSorted(ips, d);
        if (ips.size() > 1)
            m_duplicateIps.insert(keys.ip);
    }
    for (const auto &[fqdn, service] : keys.routes) {
        auto &routes = m_routes[fqdn];
        insertSorted(routes, ServiceRef(d, service));
        if (routes.size() > 1)
            m_duplicateRoutes.insert(fqdn);
    }
}

void CrossDeviceIndex::remove(int d, const Keys &keys)
{
    auto names = m_names.find(keys.name);
    if (names != m_names.end()) {
        names->removeAll(d);
        track(m_duplicateNames, keys.name, *names);
        if (names->isEmpty())
            m_names.erase(names);
    }
    auto ips = m_ips.find(keys.ip);
    if (!keys.ip.isEmpty() && ips != m_ips.end()) {
        ips->removeAll(d);
        track(m_duplicateIps, keys.ip, *ips);
        if (ips->isEmpty())
            m_ips.erase(ips);
    }
    for (const auto &[fqdn, service] : keys.routes) {
        auto routes = m_routes.find(fqdn);
        if (routes == m_routes.end())
            continue;
        routes->removeAll(ServiceRef(d, service));
        track(m_duplicateRoutes, fqdn, *routes);
        if (routes->isEmpty())
            m_routes.erase(routes);
    }
}

void CrossDeviceIndex::rebuild(const Registry &registry)
{
    m_keys.clear();
    m_names.clear();
    m_ips.clear();
    m_routes.clear();
    m_duplicateNames.clear();
    m_duplicateIps.clear();
    m_duplicateRoutes.clear();
    m_keys.reserve(registry.devices.size());
    qsizetype routes = 0;
    for (const Device &device : registry.devices)
        routes += device.services.size();
    m_names.reserve(registry.devices.size());
    m_ips.reserve(registry.devices.size());
    m_routes.reserve(routes);
    // Each device's keys (its route names built and lower-cased) on two threads for a large
    // registry; the index itself is filled in device order.
    const int devices = int(registry.devices.size());
    m_keys.resize(devices);
    Keys *keys = m_keys.data(); // detached once, before two threads write
    const int half = devices >= 64 ? devices / 2 : devices;
    auto secondHalf = std::async(devices >= 64 ? std::launch::async : std::launch::deferred, [&] {
        for (int d = half; d < devices; ++d)
            keys[d] = keysOf(registry, d);
    });
    for (int d = 0; d < half; ++d)
        keys[d] = keysOf(registry, d);
    secondHalf.get();
    for (int d = 0; d < devices; ++d)
        add(d, keys[d]);
}

void CrossDeviceIndex::updateDevice(const Registry &registry, int deviceIndex)
{
    if (deviceIndex < 0 || deviceIndex >= m_keys.size() ||
        m_keys.size() != registry.devices.size()) {
        rebuild(registry);
        return;
    }
    remove(deviceIndex, m_keys[deviceIndex]);
    m_keys[deviceIndex] = keysOf(registry, deviceIndex);
    add(deviceIndex, m_keys[deviceIndex]);
}

Findings CrossDeviceIndex::findings(const Registry &registry) const
{
    Findings out;
    for (const QString &name : m_duplicateNames) {
        const auto &devices = m_names[name];
        for (int i = 1; i < devices.size(); ++i) {
            Finding finding;
            finding.severity = Severity::Error;
            finding.code = FindingCode::DuplicateDevice;
            finding.device = registry.devices[devices[i]].name;
            finding.where.device = devices[i];
            finding.related.device = devices[0];
            finding.field = QStringLiteral("name");
            finding.message = tr("device name \"%1\" is already used by device %2")
                                  .arg(TextRules::forTerminal(name))
                                  .arg(devices[0] + 1);
            out.append(finding);
        }
    }
    for (const QString &ip : m_duplicateIps) {
        const auto &devices = m_ips[ip];
        for (int i = 1; i < devices.size(); ++i) {
            const Device &device = registry.devices[devices[i]];
            Finding finding;
            finding.severity = Severity::Warning;
            finding.code = FindingCode::DuplicateIp;
            finding.device = device.name;
            finding.where.device = devices[i];
            finding.related.device = devices[0];
            finding.field = QStringLiteral("ip");
            finding.message = tr("ip %1 is also the address of %2")
                                  .arg(device.ip, registry.devices[devices[0]].name);
            out.append(finding);
        }
    }
    for (const QString &fqdn : m_duplicateRoutes) {
        const auto &services = m_routes[fqdn];
        const Device &firstDevice = registry.devices[services[0].first];
        for (int i = 1; i < services.size(); ++i) {
            const Device &device = registry.devices[services[i].first];
            const Service &service = device.services[services[i].second];
            Finding finding;
            finding.severity = Severity::Error;
            finding.code = FindingCode::DuplicateRoute;
            finding.device = device.name;
            finding.service = service.name;
            finding.where = {services[i].first, services[i].second, -1};
            finding.related = {services[0].first, services[0].second, -1};
            finding.field = QStringLiteral("route.host");
            if (service.route && service.route->port)
                finding.port = PortRange::single(*service.route->port);
            finding.message =
                tr("route %1 is also the route of %2/%3")
                    .arg(fqdn, firstDevice.name, firstDevice.services[services[0].second].name);
            out.append(finding);
        }
    }
    const auto named = m_names.constFind(registry.policy.proxyDevice);
    appendProxyFindings(out, registry, named == m_names.cend() ? -1 : named->first());
    // Hash order is arbitrary; the contract's order is the registry's.
    std::stable_sort(out.begin(), out.end(), [](const Finding &a, const Finding &b) {
        if (a.where == b.where)
            return a.code < b.code;
        return a.where < b.where;
    });
    return out;
}

void CrossDeviceIndex::appendProxyFindings(Findings &out, const Registry &registry, int named)
{
    const QString &proxyDevice = registry.policy.proxyDevice;
    if (proxyDevice.isEmpty())
        return;
    if (named >= 0 && !registry.devices[named].runsReverseProxy()) {
        Finding finding;
        finding.severity = Severity::Error;
        finding.code = FindingCode::ProxyDeviceWithoutProxy;
        finding.field = QStringLiteral("proxy_device");
        finding.related.device = named;
        finding.message = tr("proxy_device \"%1\" runs no reverse proxy (no binding with "
                             "exception reverse-proxy): the routes it should serve go "
                             "nowhere")
                              .arg(TextRules::forTerminal(proxyDevice));
        out.append(finding);
    }
    if (named < 0) {
        Finding finding;
        finding.severity = Severity::Error;
        finding.code = FindingCode::UnknownProxyDevice;
        finding.field = QStringLiteral("proxy_device");
        finding.message =
            tr("proxy_device \"%1\" names no device").arg(TextRules::forTerminal(proxyDevice));
        out.append(finding);
    }
}

namespace {

// FNV-1a over UTF-16 units: only a filter, two equal hashes are checked by the index.
constexpr quint64 HashBasis = 14695981039346656037ull;
quint64 hashUnits(quint64 hash, QStringView text)
{
    for (const QChar c : text)
        hash = (hash ^ c.unicode()) * 1099511628211ull;
    return hash;
}

} // namespace

CrossDeviceIndex::KeyHashes::KeyHashes(const Registry &registry, bool ips)
    : m_registry(registry)
    , m_ips(ips)
    , m_names(std::size_t(registry.devices.size()))
    , m_addresses(ips ? std::size_t(registry.devices.size()) : 0)
    , m_routes(routesAtMost(registry))
{
    // keysOf()'s route name: the host lower-cased, then '.' and its scope's domain lower-cased.
    // The internal domain is a subdomain of the external one, so every name ends with the
    // external suffix: two names are the same exactly when what comes before it is, and only
    // that is hashed (for an internal route, the host and ".home"; the host alone otherwise).
    const QString external = u'.' + registry.policy.domain.toLower();
    const QString internal = u'.' + registry.policy.internalDomain().toLower();
    if (internal.endsWith(external)) {
        m_routeSuffix[1] = internal.chopped(external.size());
    } else {
        // Not reached while the internal domain is built as "sub.domain"; should lower-casing
        // ever make the two disagree, each name is hashed whole.
        m_routeSuffix[0] = external;
        m_routeSuffix[1] = internal;
    }
}

std::size_t CrossDeviceIndex::KeyHashes::routesAtMost(const Registry &registry)
{
    std::size_t services = 0;
    for (const Device &device : registry.devices)
        services += std::size_t(device.services.size());
    return services;
}

void CrossDeviceIndex::KeyHashes::take(int d)
{
    const Device &device = m_registry.devices[d];
    bool repeat = !m_names.add(hashUnits(HashBasis, device.name));
    if (m_ips) {
        // keysOf()'s normal form: "::1" and "0:0::1" are one address.
        if (QHostAddress address; address.setAddress(device.ip))
            repeat = !m_addresses.add(hashUnits(HashBasis, address.toString())) || repeat;
    }
    for (const Service &service : device.services) {
        if (!service.route)
            continue;
        const QString &host = service.route->host;
        quint64 hash = HashBasis;
        const bool ascii =
            std::all_of(host.cbegin(), host.cend(), [](QChar c) { return c.unicode() < 0x80; });
        if (ascii) {
            for (const QChar c : host) {
                const char16_t unit = c.unicode();
                hash = (hash ^ (unit >= 'A' && unit <= 'Z' ? unit + 32 : unit)) * 1099511628211ull;
            }
        } else {
            hash = hashUnits(hash, host.toLower());
        }
        hash = hashUnits(hash, m_routeSuffix[service.route->isInternal() ? 1 : 0]);
        repeat = !m_routes.add(hash) || repeat;
    }
    if (repeat)
        m_repeat.store(true, std::memory_order_relaxed);
    m_taken.fetch_add(1, std::memory_order_relaxed);
}

void CrossDeviceIndex::KeyHashes::takeEvery()
{
    for (int d = 0; d < m_registry.devices.size(); ++d)
        take(d);
}

bool CrossDeviceIndex::KeyHashes::mayRepeat() const
{
    Q_ASSERT(m_taken.load() == m_registry.devices.size());
    return m_repeat.load(std::memory_order_relaxed);
}

bool CrossDeviceIndex::mayRepeatKeys(const Registry &registry, bool ips)
{
    KeyHashes hashes(registry, ips);
    hashes.takeEvery();
    return hashes.mayRepeat();
}

Findings CrossDeviceIndex::namingFindings(const Registry &registry)
{
    KeyHashes hashes(registry, /*ips=*/false);
    hashes.takeEvery();
    return namingFindings(registry, hashes);
}

Findings CrossDeviceIndex::namingFindings(const Registry &registry, const KeyHashes &hashes)
{
    Findings out;
    if (hashes.mayRepeat()) {
        CrossDeviceIndex index;
        index.rebuild(registry);
        for (const Finding &finding : index.findings(registry)) {
            if (finding.code != FindingCode::DuplicateIp)
                out.append(finding);
        }
        return out;
    }
    appendProxyFindings(out, registry, registry.findDevice(registry.policy.proxyDevice));
    return out;
}

Findings CrossDeviceIndex::freshFindings(const Registry &registry)
{
    if (mayRepeatKeys(registry, /*ips=*/true)) {
        CrossDeviceIndex index;
        index.rebuild(registry);
        return index.findings(registry);
    }
    Findings out;
    appendProxyFindings(out, registry, registry.findDevice(registry.policy.proxyDevice));
    return out;
}

} // namespace portolan
