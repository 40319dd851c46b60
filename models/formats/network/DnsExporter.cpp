#include "formats/FormatRegistry.h"

#include "domain/ByteWriter.h"
#include "domain/ParallelSections.h"
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
        return writeJoined(registry, values, out, error);
    }

    bool writeParts(const Registry &registry, const FormatValues &values, QList<QByteArray> *parts,
                    Error *error) const override
    {
        QList<QByteArray> written;
        if (!acceptableWhileWriting(registry, ExportCheck::Scope{-1, {}, true}, error,
                                    [&](Error *writeError) {
                                        Records records(registry, values);
                                        if (!records.servable(writeError))
                                            return false;
                                        written = records.parts();
                                        return true;
                                    }))
            return false;
        *parts = std::move(written);
        return true;
    }

    // Checked first, then written in runs of devices that go out as they are done: no copy of
    // the whole text is held.
    bool writeTo(const Registry &registry, const FormatValues &values, const Sink &sink,
                 Error *error) const override
    {
        if (!acceptable(registry, ExportCheck::Scope{-1, {}, true}, error))
            return false;
        Records records(registry, values);
        if (!records.servable(error))
            return false;
        if (records.streamed(sink))
            return true;
        *error = sinkFailed();
        return false;
    }

private:
    // The records of one registry in one resolver's format. No route table: a record needs only
    // the route's name and its proxy's address, and a table of 50,000 routes and their names was
    // megabytes of fresh memory. Two routes of one name (duplicate-route) are for the check to
    // refuse, which every write runs.
    class Records
    {
    public:
        Records(const Registry &registry, const FormatValues &values)
            : m_registry(registry)
            , m_names(registry.policy)
            , m_all(values.value(QStringLiteral("scope")) == QLatin1String("all"))
            , m_format(values.value(QStringLiteral("format"), QStringLiteral("hosts")))
            , m_apex(registry.policy.domain.toLower())
        {
            const RouteTable::Proxies proxies(registry);
            m_proxyOf.resize(size_t(registry.devices.size()));
            for (int d = 0; d < registry.devices.size(); ++d)
                m_proxyOf[size_t(d)] = proxies.of(d);
            m_header =
                QStringLiteral("Split-DNS records for %1, %2")
                    .arg(counted(countRecords(), "name", "names"), provenance(registry, values));
        }

        // False, with the reason, when a route in scope has no proxy to answer for it.
        bool servable(Error *error) const
        {
            if (m_unserved.isEmpty())
                return true;
            *error = Error::fromText(
                tr("refusing to export DNS records: no proxy serves %1 (its device runs no "
                   "reverse proxy and the policy names no proxy_device)")
                    .arg(m_unserved.join(QStringLiteral(", "))));
            return false;
        }

        // What comes before the records, the records in runs of devices, and what comes after.
        QList<QByteArray> parts() const
        {
            if (!byLines())
                return {wholeText()};
            ByteWriter text(m_records * 48 + 4096);
            opening(text);
            std::vector<ByteWriter> later = ParallelSections::appendInParts(
                text, int(m_registry.devices.size()),
                [this](ByteWriter &part, int d) { writeDevice(part, d); });
            QList<QByteArray> parts = ByteWriter::takeParts(text, later);
            parts << closing();
            return parts;
        }

        bool streamed(const Sink &sink) const
        {
            if (!byLines())
                return sink(wholeText());
            ByteWriter text;
            opening(text);
            const QByteArray tail = closing();
            return sink(text.view()) &&
                   ParallelSections::writeInOrder<ByteWriter>(
                       int(m_registry.devices.size()),
                       [this](ByteWriter &part, int d) { writeDevice(part, d); },
                       [&sink](const ByteWriter &part) { return sink(part.view()); }) &&
                   (tail.isEmpty() || sink(tail));
        }

    private:
        bool inScope(const Route &route) const { return m_all || route.isInternal(); }
        static bool isIpv6(const QString &address) { return address.contains(u':'); }

        // How many records there are, which routes no proxy serves, and what the resolver
        // answers for by itself, never asking upstream: the internal zone (names the plan does
        // not hold get NXDOMAIN), and each external name with --scope all. A planned name's
        // other address family gets an empty answer (NODATA). The apex (the domain itself,
        // route host "@") is no zone of its own: it holds every other name under the domain,
        // planned or not. unbound answers it transparently (the plan's records, NODATA for the
        // other family, the rest as usual); dnsmasq by its host-record alone. The hosts,
        // AdGuard and Headscale formats list no zones.
        qsizetype countRecords()
        {
            const bool listsZones = m_format == QLatin1String("dnsmasq") ||
                                    m_format == QLatin1String("unbound") ||
                                    m_format == QLatin1String("pihole");
            m_zones = {m_registry.policy.internalDomain().toLower()};
            for (int d = 0; d < m_registry.devices.size(); ++d) {
                const Device &device = m_registry.devices[d];
                for (int s = 0; s < device.services.size(); ++s) {
                    const std::optional<Route> &route = device.services[s].route;
                    if (!route || !inScope(*route))
                        continue;
                    if (m_proxyOf[size_t(d)] < 0) {
                        m_unserved << RouteTable::describe(m_registry, d, s, m_names.fqdn(*route));
                        continue;
                    }
                    ++m_records;
                    if (listsZones && !route->isInternal()) {
                        // Route names are lower-cased already (RouteNames).
                        QString name = m_names.fqdn(*route);
                        if (name == m_apex)
                            m_hasApex = true;
                        else
                            m_zones << std::move(name);
                    }
                }
            }
            return m_records;
        }

        // fn(name, address) for each record of device d, in service order. External names
        // answer LAN clients: the proxy's own address, never its VPN one.
        template <typename Fn>
        void forEachRecord(int d, const Fn &fn) const
        {
            const int proxy = m_proxyOf[size_t(d)];
            if (proxy < 0)
                return;
            const Device &proxyDevice = m_registry.devices[proxy];
            const QString &lanAddress = proxyDevice.ip;
            const QString &address = proxyDevice.vpnIp.isEmpty() ? lanAddress : proxyDevice.vpnIp;
            QString name; // one string for every route of the device
            for (const Service &service : m_registry.devices[d].services) {
                if (!service.route || !inScope(*service.route))
                    continue;
                const bool external = !service.route->isInternal();
                name.truncate(0);
                m_names.appendFqdn(name, *service.route);
                fn(std::as_const(name), external ? lanAddress : address);
            }
        }

        // The formats of one line per record, written in runs of devices on two threads; the
        // others are written whole by their libraries.
        bool byLines() const
        {
            return m_format == QLatin1String("hosts") || m_format == QLatin1String("dnsmasq") ||
                   m_format == QLatin1String("unbound") || m_format == QLatin1String("pihole");
        }

        // Tens of thousands of lines: written as bytes, each name and address appended as
        // UTF-8 without a string of its own.
        static void line(ByteWriter &text, QByteArrayView before, QStringView name,
                         QByteArrayView after)
        {
            text += before;
            text.appendUtf8(name);
            text += after;
        }

        void opening(ByteWriter &text) const
        {
            if (m_format == QLatin1String("hosts")) {
                text.appendUtf8(QStringLiteral("# %1\n").arg(m_header));
                text.appendUtf8(
                    QStringLiteral(
                        "# A hosts file cannot answer for a zone: a resolver that reads it still "
                        "forwards the other address family of these names, and names "
                        "under %1 that the plan does not hold, to its upstream. Use the "
                        "dnsmasq, unbound or pihole format for split DNS that does not "
                        "leak.\n")
                        .arg(m_registry.policy.internalDomain()));
            } else if (m_format == QLatin1String("dnsmasq")) {
                text.appendUtf8(QStringLiteral("# %1\n").arg(m_header));
                for (const QString &zone : m_zones)
                    line(text, "local=/", zone, "/\n");
            } else if (m_format == QLatin1String("unbound")) {
                text.appendUtf8(QStringLiteral("# %1\nserver:\n").arg(m_header));
                for (const QString &zone : m_zones)
                    line(text, "    local-zone: \"", zone, ".\" static\n");
                if (m_hasApex)
                    line(text, "    local-zone: \"", m_apex, ".\" transparent\n");
            } else {
                // Pi-hole v6's pihole.toml: dns.hosts, "IP NAME" strings; the zones it answers
                // for by itself as dnsmasq lines (misc.dnsmasq_lines).
                text.appendUtf8(QStringLiteral("# %1\n[dns]\nhosts = [\n").arg(m_header));
            }
        }

        void writeDevice(ByteWriter &text, int d) const
        {
            if (m_format == QLatin1String("hosts")) {
                forEachRecord(d, [&](const QString &name, const QString &address) {
                    text.appendUtf8(address);
                    text += ' ';
                    text.appendUtf8(name);
                    text += '\n';
                });
            } else if (m_format == QLatin1String("dnsmasq")) {
                forEachRecord(d, [&](const QString &name, const QString &address) {
                    line(text, "host-record=", name, ",");
                    text.appendUtf8(address);
                    text += '\n';
                });
            } else if (m_format == QLatin1String("unbound")) {
                forEachRecord(d, [&](const QString &name, const QString &address) {
                    line(text, "    local-data: \"", name,
                         isIpv6(address) ? ". IN AAAA " : ". IN A ");
                    text.appendUtf8(address);
                    text += "\"\n";
                });
            } else {
                forEachRecord(d, [&](const QString &name, const QString &address) {
                    line(text, "  \"", address, " ");
                    text.appendUtf8(name);
                    text += "\",\n";
                });
            }
        }

        QByteArray closing() const
        {
            if (m_format != QLatin1String("pihole"))
                return {};
            ByteWriter text;
            text += "]\n\n[misc]\ndnsmasq_lines = [\n";
            for (const QString &zone : m_zones)
                line(text, "  \"local=/", zone, "/\",\n");
            text += "]\n";
            return text.take();
        }

        // AdGuard Home's rewrites (YAML) and Headscale's extra records (JSON), whole.
        QByteArray wholeText() const
        {
            const int devices = int(m_registry.devices.size());
            if (m_format == QLatin1String("adguard")) {
                YAML::Emitter yaml;
                yaml.SetIndent(2);
                yaml << YAML::Comment(m_header.toStdString()) << YAML::Newline;
                yaml << YAML::BeginMap << YAML::Key << "filtering" << YAML::Value << YAML::BeginMap;
                yaml << YAML::Key << "rewrites" << YAML::Value << YAML::BeginSeq;
                for (int d = 0; d < devices; ++d) {
                    forEachRecord(d, [&](const QString &name, const QString &address) {
                        yaml << YAML::BeginMap;
                        yaml << YAML::Key << "domain" << YAML::Value << name.toStdString();
                        yaml << YAML::Key << "answer" << YAML::Value << address.toStdString();
                        yaml << YAML::Key << "enabled" << YAML::Value << true;
                        yaml << YAML::EndMap;
                    });
                }
                yaml << YAML::EndSeq << YAML::EndMap << YAML::EndMap;
                return QByteArray(yaml.c_str()) + '\n';
            }
            // Headscale's dns.extra_records_path: a JSON list, no room for a comment.
            QJsonArray list;
            for (int d = 0; d < devices; ++d) {
                forEachRecord(d, [&](const QString &name, const QString &address) {
                    list.append(QJsonObject{{QStringLiteral("name"), name},
                                            {QStringLiteral("type"), isIpv6(address)
                                                                         ? QStringLiteral("AAAA")
                                                                         : QStringLiteral("A")},
                                            {QStringLiteral("value"), address}});
                });
            }
            return QJsonDocument(list).toJson(QJsonDocument::Indented);
        }

        const Registry &m_registry;
        const RouteNames m_names;
        const bool m_all;
        const QString m_format;
        const QString m_apex;
        std::vector<int> m_proxyOf; // each device's proxy (RouteTable::Proxies)
        qsizetype m_records = 0;
        QStringList m_unserved;
        QStringList m_zones;
        bool m_hasApex = false;
        QString m_header;
    };
};

} // namespace

const Exporter &dnsExporter()
{
    static const DnsExporter format;
    return format;
}

} // namespace portolan
