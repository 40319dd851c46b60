#include "formats/FormatRegistry.h"

#include "domain/ByteWriter.h"
#include "domain/RouteTable.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <vector>

#include <yaml-cpp/yaml.h>

namespace portolan {

namespace {

// `export dns`: split-DNS records for route names, in the fragment each resolver includes or
// merges. One record per name, A or AAAA by the address, in registry order.
class DnsExporter final : public Exporter
{
    Q_DECLARE_TR_FUNCTIONS(DnsExporter)

public:
    DnsExporter()
        : Exporter({QStringLiteral("dns"), tr("DNS Records"),
                    tr("split-DNS records for the route names, for hosts, dnsmasq, unbound, "
                       "AdGuard Home, Pi-hole or Headscale"),
                    tr("DNS records (*.conf *.hosts *.yaml *.toml *.json);;All files (*)"),
                    QStringLiteral("text"), QStringLiteral("dns.{domain}.conf")})
    {}

    QList<FormatOption> options() const override
    {
        return {
            FormatOption::choice(QStringLiteral("format"),
                                 {QStringLiteral("hosts"), QStringLiteral("dnsmasq"),
                                  QStringLiteral("unbound"), QStringLiteral("adguard"),
                                  QStringLiteral("pihole"), QStringLiteral("headscale")},
                                 tr("The resolver the records are for.")),
            FormatOption::choice(
                QStringLiteral("scope"), {QStringLiteral("internal"), QStringLiteral("all")},
                tr("Internal names only (split DNS), or external ones too (for LAN clients)."))};
    }

    // Each resolver's file as it is usually named, so Save suggests the right extension.
    QString suggestedFileName(const Registry &registry, const FormatValues &values) const override
    {
        const QString format = values.value(QStringLiteral("format"), QStringLiteral("hosts"));
        const QString domain = registry.policy.domain;
        if (format == QLatin1String("adguard"))
            return QStringLiteral("adguard-rewrites.%1.yaml").arg(domain);
        if (format == QLatin1String("pihole"))
            return QStringLiteral("pihole-hosts.%1.toml").arg(domain);
        if (format == QLatin1String("headscale"))
            return QStringLiteral("extra-records.%1.json").arg(domain);
        if (format == QLatin1String("hosts"))
            return QStringLiteral("hosts.%1").arg(domain);
        return QStringLiteral("%1.%2.conf").arg(format, domain);
    }

    bool write(const Registry &registry, const FormatValues &values, QByteArray *out,
               Error *error) const override
    {
        QByteArray text;
        if (!acceptableWhileWriting(registry, ExportCheck::Scope{-1, {}, true}, error,
                                    [&](Error *writeError) {
                                        return writeChecked(registry, values, &text, writeError);
                                    }))
            return false;
        *out = std::move(text);
        return true;
    }

private:
    static bool isIpv6(const QString &address) { return address.contains(u':'); }

    // write() once the registry is known acceptable (or while it is being checked).
    static bool writeChecked(const Registry &registry, const FormatValues &values, QByteArray *out,
                             Error *error)
    {
        const bool all = values.value(QStringLiteral("scope")) == QLatin1String("all");
        const QString format = values.value(QStringLiteral("format"), QStringLiteral("hosts"));
        // No route table: a record needs only the route's name and its proxy's address, and a
        // table of 50,000 routes and their names was megabytes of fresh memory. Two routes of
        // one name (duplicate-route) are refused by the check this is written beside.
        const RouteTable::Proxies proxies(registry);
        const RouteNames names(registry.policy);
        const int devices = int(registry.devices.size());
        std::vector<int> proxyOf(static_cast<size_t>(devices));
        for (int d = 0; d < devices; ++d)
            proxyOf[size_t(d)] = proxies.of(d);
        const auto inScope = [all](const Route &route) {
            return all || route.scope == Scopes::Internal;
        };
        // fn(name, address, external) for each record, in registry order. External names
        // answer LAN clients: the proxy's own address, never its VPN one.
        const auto forEachRecord = [&](const auto &fn) {
            for (int d = 0; d < devices; ++d) {
                const int proxy = proxyOf[size_t(d)];
                if (proxy < 0)
                    continue;
                const Device &proxyDevice = registry.devices[proxy];
                const QString &lanAddress = proxyDevice.ip;
                const QString &address =
                    proxyDevice.vpnIp.isEmpty() ? lanAddress : proxyDevice.vpnIp;
                for (const Service &service : registry.devices[d].services) {
                    if (!service.route || !inScope(*service.route))
                        continue;
                    const bool external = service.route->scope != Scopes::Internal;
                    fn(names.fqdn(*service.route), external ? lanAddress : address);
                }
            }
        };
        // What the resolver answers for by itself, never asking upstream: the internal zone
        // (names the plan does not hold get NXDOMAIN), and each external name with --scope
        // all. A planned name's other address family gets an empty answer (NODATA).
        // The apex (the domain itself, route host "@") is no zone of its own: it holds every
        // other name under the domain, planned or not. unbound answers it transparently (the
        // plan's records, NODATA for the other family, the rest as usual); dnsmasq by its
        // host-record alone. The hosts, AdGuard and Headscale formats list no zones.
        const bool listsZones = format == QLatin1String("dnsmasq") ||
                                format == QLatin1String("unbound") ||
                                format == QLatin1String("pihole");
        const QString apex = registry.policy.domain.toLower();
        QStringList zones{registry.policy.internalDomain().toLower()};
        bool hasApex = false;
        qsizetype records = 0;
        QStringList unserved;
        for (int d = 0; d < devices; ++d) {
            const Device &device = registry.devices[d];
            for (int s = 0; s < device.services.size(); ++s) {
                const std::optional<Route> &route = device.services[s].route;
                if (!route || !inScope(*route))
                    continue;
                if (proxyOf[size_t(d)] < 0) {
                    unserved << RouteTable::describe(registry, d, s, names.fqdn(*route));
                    continue;
                }
                ++records;
                if (listsZones && route->scope != Scopes::Internal) {
                    // Route names are lower-cased already (RouteNames).
                    QString name = names.fqdn(*route);
                    if (name == apex)
                        hasApex = true;
                    else
                        zones << std::move(name);
                }
            }
        }
        if (!unserved.isEmpty()) {
            *error = Error::fromText(
                tr("refusing to export DNS records: no proxy serves %1 (its device runs no "
                   "reverse proxy and the policy names no proxy_device)")
                    .arg(unserved.join(QStringLiteral(", "))));
            return false;
        }

        const QString header =
            QStringLiteral("Split-DNS records for %1, %2")
                .arg(counted(records, "name", "names"), provenance(registry, values));
        // Tens of thousands of lines: written as bytes, each name and address appended as
        // UTF-8 without a string of its own.
        ByteWriter text(records * 48 + 4096);
        const auto add = [&text](QStringView piece) {
            text.appendUtf8(piece);
        };
        const auto line = [&](QByteArrayView before, QStringView zone, QByteArrayView after) {
            text += before;
            add(zone);
            text += after;
        };
        if (format == QLatin1String("hosts")) {
            add(QStringLiteral("# %1\n").arg(header));
            add(QStringLiteral(
                    "# A hosts file cannot answer for a zone: a resolver that reads it still "
                    "forwards the other address family of these names, and names "
                    "under %1 that the plan does not hold, to its upstream. Use the "
                    "dnsmasq, unbound or pihole format for split DNS that does not "
                    "leak.\n")
                    .arg(registry.policy.internalDomain()));
            forEachRecord([&](const QString &name, const QString &address) {
                add(address);
                text += ' ';
                add(name);
                text += '\n';
            });
        } else if (format == QLatin1String("dnsmasq")) {
            add(QStringLiteral("# %1\n").arg(header));
            for (const QString &zone : std::as_const(zones))
                line("local=/", zone, "/\n");
            forEachRecord([&](const QString &name, const QString &address) {
                line("host-record=", name, ",");
                add(address);
                text += '\n';
            });
        } else if (format == QLatin1String("unbound")) {
            add(QStringLiteral("# %1\nserver:\n").arg(header));
            for (const QString &zone : std::as_const(zones))
                line("    local-zone: \"", zone, ".\" static\n");
            if (hasApex)
                line("    local-zone: \"", apex, ".\" transparent\n");
            forEachRecord([&](const QString &name, const QString &address) {
                line("    local-data: \"", name, isIpv6(address) ? ". IN AAAA " : ". IN A ");
                add(address);
                text += "\"\n";
            });
        } else if (format == QLatin1String("adguard")) {
            YAML::Emitter yaml;
            yaml.SetIndent(2);
            yaml << YAML::Comment(header.toStdString()) << YAML::Newline;
            yaml << YAML::BeginMap << YAML::Key << "filtering" << YAML::Value << YAML::BeginMap;
            yaml << YAML::Key << "rewrites" << YAML::Value << YAML::BeginSeq;
            forEachRecord([&](const QString &name, const QString &address) {
                yaml << YAML::BeginMap;
                yaml << YAML::Key << "domain" << YAML::Value << name.toStdString();
                yaml << YAML::Key << "answer" << YAML::Value << address.toStdString();
                yaml << YAML::Key << "enabled" << YAML::Value << true;
                yaml << YAML::EndMap;
            });
            yaml << YAML::EndSeq << YAML::EndMap << YAML::EndMap;
            text.truncate(0);
            text += QByteArrayView(yaml.c_str());
            text += '\n';
        } else if (format == QLatin1String("pihole")) {
            // Pi-hole v6's pihole.toml: dns.hosts, "IP NAME" strings; the zones it answers for
            // by itself as dnsmasq lines (misc.dnsmasq_lines).
            add(QStringLiteral("# %1\n[dns]\nhosts = [\n").arg(header));
            forEachRecord([&](const QString &name, const QString &address) {
                line("  \"", address, " ");
                add(name);
                text += "\",\n";
            });
            text += "]\n\n[misc]\ndnsmasq_lines = [\n";
            for (const QString &zone : std::as_const(zones))
                line("  \"local=/", zone, "/\",\n");
            text += "]\n";
        } else {
            // Headscale's dns.extra_records_path: a JSON list, no room for a comment.
            QJsonArray list;
            forEachRecord([&](const QString &name, const QString &address) {
                list.append(
                    QJsonObject{{QStringLiteral("name"), name},
                                {QStringLiteral("type"),
                                 isIpv6(address) ? QStringLiteral("AAAA") : QStringLiteral("A")},
                                {QStringLiteral("value"), address}});
            });
            *out = QJsonDocument(list).toJson(QJsonDocument::Indented);
            return true;
        }
        *out = text.take();
        return true;
    }
};

} // namespace

const Exporter &dnsExporter()
{
    static const DnsExporter format;
    return format;
}

} // namespace portolan
