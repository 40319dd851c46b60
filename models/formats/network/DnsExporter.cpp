#include "formats/FormatRegistry.h"

#include "domain/ByteWriter.h"
#include "domain/RouteTable.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <algorithm>
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
    // write() once the registry is known acceptable (or while it is being checked).
    static bool writeChecked(const Registry &registry, const FormatValues &values, QByteArray *out,
                             Error *error)
    {
        const bool all = values.value(QStringLiteral("scope")) == QLatin1String("all");
        const QString format = values.value(QStringLiteral("format"), QStringLiteral("hosts"));
        const RouteTable routes(registry);

        struct Record
        {
            const QString *name;
            QStringView address;
            bool ipv6;
            bool external;
        };
        QVector<Record> records;
        records.reserve(routes.entries().size());
        QStringList unserved;
        // Two routes of one name (duplicate-route, which the check refuses): the first one
        // answers. Their names are hashed and sorted first; only when two hashes meet are they
        // looked up one by one.
        std::vector<size_t> hashes;
        hashes.reserve(size_t(routes.entries().size()));
        for (const RouteTable::Entry &entry : routes.entries())
            hashes.push_back(qHash(entry.fqdn));
        std::sort(hashes.begin(), hashes.end());
        const bool mayRepeat = std::adjacent_find(hashes.begin(), hashes.end()) != hashes.end();
        QSet<QString> seen;
        for (const RouteTable::Entry &entry : routes.entries()) {
            if (!all && entry.scope != Scopes::Internal)
                continue;
            if (!entry.isServed()) {
                unserved << routes.describe(entry);
                continue;
            }
            if (mayRepeat) {
                const qsizetype before = seen.size();
                seen.insert(entry.fqdn);
                if (seen.size() == before)
                    continue; // duplicate-route: the first one answers
            }
            // External names answer LAN clients: the proxy's own address, never its VPN one.
            const bool external = entry.scope != Scopes::Internal;
            const QStringView address = external ? entry.lanAddress : entry.address;
            records.append({&entry.fqdn, address, address.contains(u':'), external});
        }
        // What the resolver answers for by itself, never asking upstream: the internal zone
        // (names the plan does not hold get NXDOMAIN), and each external name with --scope
        // all. A planned name's other address family gets an empty answer (NODATA).
        // The apex (the domain itself, route host "@") is no zone of its own: it holds every
        // other name under the domain, planned or not. unbound answers it transparently (the
        // plan's records, NODATA for the other family, the rest as usual); dnsmasq by its
        // host-record alone.
        const QString apex = registry.policy.domain.toLower();
        QStringList zones{registry.policy.internalDomain().toLower()};
        bool hasApex = false;
        for (const Record &record : std::as_const(records)) {
            // Route names are lower-cased already (RouteTable).
            if (record.external && *record.name == apex)
                hasApex = true;
            else if (record.external)
                zones << *record.name;
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
                .arg(counted(records.size(), "name", "names"), provenance(registry, values));
        // Tens of thousands of lines: written as bytes, each name and address appended as
        // UTF-8 without a string of its own.
        ByteWriter text(records.size() * 48 + 4096);
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
            for (const Record &record : std::as_const(records)) {
                add(record.address);
                text += ' ';
                add(*record.name);
                text += '\n';
            }
        } else if (format == QLatin1String("dnsmasq")) {
            add(QStringLiteral("# %1\n").arg(header));
            for (const QString &zone : std::as_const(zones))
                line("local=/", zone, "/\n");
            for (const Record &record : std::as_const(records)) {
                line("host-record=", *record.name, ",");
                add(record.address);
                text += '\n';
            }
        } else if (format == QLatin1String("unbound")) {
            add(QStringLiteral("# %1\nserver:\n").arg(header));
            for (const QString &zone : std::as_const(zones))
                line("    local-zone: \"", zone, ".\" static\n");
            if (hasApex)
                line("    local-zone: \"", apex, ".\" transparent\n");
            for (const Record &record : std::as_const(records)) {
                line("    local-data: \"", *record.name, record.ipv6 ? ". IN AAAA " : ". IN A ");
                add(record.address);
                text += "\"\n";
            }
        } else if (format == QLatin1String("adguard")) {
            YAML::Emitter yaml;
            yaml.SetIndent(2);
            yaml << YAML::Comment(header.toStdString()) << YAML::Newline;
            yaml << YAML::BeginMap << YAML::Key << "filtering" << YAML::Value << YAML::BeginMap;
            yaml << YAML::Key << "rewrites" << YAML::Value << YAML::BeginSeq;
            for (const Record &record : std::as_const(records)) {
                yaml << YAML::BeginMap;
                yaml << YAML::Key << "domain" << YAML::Value << record.name->toStdString();
                yaml << YAML::Key << "answer" << YAML::Value
                     << record.address.toString().toStdString();
                yaml << YAML::Key << "enabled" << YAML::Value << true;
                yaml << YAML::EndMap;
            }
            yaml << YAML::EndSeq << YAML::EndMap << YAML::EndMap;
            text.truncate(0);
            text += QByteArrayView(yaml.c_str());
            text += '\n';
        } else if (format == QLatin1String("pihole")) {
            // Pi-hole v6's pihole.toml: dns.hosts, "IP NAME" strings; the zones it answers for
            // by itself as dnsmasq lines (misc.dnsmasq_lines).
            add(QStringLiteral("# %1\n[dns]\nhosts = [\n").arg(header));
            for (const Record &record : std::as_const(records)) {
                line("  \"", record.address, " ");
                add(*record.name);
                text += "\",\n";
            }
            text += "]\n\n[misc]\ndnsmasq_lines = [\n";
            for (const QString &zone : std::as_const(zones))
                line("  \"local=/", zone, "/\",\n");
            text += "]\n";
        } else {
            // Headscale's dns.extra_records_path: a JSON list, no room for a comment.
            QJsonArray list;
            for (const Record &record : std::as_const(records))
                list.append(
                    QJsonObject{{QStringLiteral("name"), *record.name},
                                {QStringLiteral("type"),
                                 record.ipv6 ? QStringLiteral("AAAA") : QStringLiteral("A")},
                                {QStringLiteral("value"), record.address.toString()}});
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
