#include "formats/FormatRegistry.h"

#include "domain/RouteTable.h"
#include "domain/TextRules.h"
#include "formats/compose/TraefikRule.h"

#include <QCoreApplication>
#include <QSet>

#include <yaml-cpp/yaml.h>

namespace portolan {

namespace {

// `export traefik`: the routes a proxy serves on other devices, which no Docker label on the
// proxy's host can describe: Traefik v3 file-provider dynamic configuration (a router and a
// load-balanced service each), or with --proxy caddy the same as a Caddyfile snippet. Entry
// points and TLS follow the compose export: external names on the tunnel's entry point,
// internal ones on the VPN's with TLS.
class ProxyRoutesExporter final : public Exporter
{
    Q_DECLARE_TR_FUNCTIONS(ProxyRoutesExporter)

public:
    ProxyRoutesExporter()
        : Exporter({QStringLiteral("traefik"), tr("Traefik or Caddy Routes"),
                    tr("Traefik file-provider routes (or a Caddyfile snippet) for the routes a "
                       "proxy serves on other devices"),
                    tr("Traefik dynamic configuration (*.yml *.yaml);;Caddyfile (*)"),
                    QStringLiteral("yaml"), QStringLiteral("routes.{domain}.yml")})
    {}

    QList<FormatOption> options() const override
    {
        return {
            FormatOption::value(QStringLiteral("proxy-device"), QStringLiteral("NAME"),
                                tr("The device whose proxy serves devices without one (default: "
                                   "the policy's proxy_device).")),
            FormatOption::proxy(tr("The reverse proxy the configuration is for."))};
    }

    bool write(const Registry &registry, const FormatValues &values, QByteArray *out,
               Error *error) const override
    {
        const QString override = values.value(QStringLiteral("proxy-device"));
        if (!override.isEmpty() && registry.findDevice(override) < 0) {
            *error =
                Error::fromText(tr("no device named \"%1\"").arg(TextRules::forTerminal(override)));
            return false;
        }
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
        const QString override = values.value(QStringLiteral("proxy-device"));
        const RouteTable routes(registry, override, RouteTable::Routes::NotServedOnTheirDevice);
        QVector<RouteTable::Entry> forwarded;
        QStringList unserved;
        QStringList portless;
        for (const RouteTable::Entry &entry : routes.entries()) {
            if (!entry.isServed())
                unserved << routes.describe(entry);
            else if (entry.proxyDevice != entry.device && !entry.port)
                portless << routes.describe(entry);
            else if (entry.isForwarded())
                forwarded.append(entry);
        }
        if (!unserved.isEmpty()) {
            *error = Error::fromText(
                tr("refusing to export proxy routes: no proxy serves %1 (its device runs no "
                   "reverse proxy and neither the policy's proxy_device nor --proxy-device "
                   "names one)")
                    .arg(unserved.join(QStringLiteral(", "))));
            return false;
        }
        if (!portless.isEmpty()) {
            *error = Error::fromText(tr("refusing to export proxy routes: %1 names no port to "
                                        "forward to")
                                         .arg(portless.join(QStringLiteral(", "))));
            return false;
        }

        QStringList proxies;
        for (const RouteTable::Entry &entry : forwarded) {
            const QString name = registry.devices[entry.proxyDevice].name;
            if (!proxies.contains(name))
                proxies << name;
        }
        const QString header =
            QStringLiteral("Routes %1 serves on other devices: %2, %3")
                .arg(proxies.isEmpty() ? QStringLiteral("the proxy")
                                       : proxies.join(QStringLiteral(", ")),
                     counted(forwarded.size(), "route", "routes"), provenance(registry, values));
        const bool caddy = values.value(QStringLiteral("proxy")) == QLatin1String("caddy");
        *out =
            caddy ? caddyfile(registry, forwarded, header) : traefik(registry, forwarded, header);
        return true;
    }

    // Names Traefik can hold, unique: DEVICE-SERVICE, numbered when two spell the same.
    static QStringList uniqueNames(const Registry &registry,
                                   const QVector<RouteTable::Entry> &entries)
    {
        QStringList names;
        QSet<QString> taken;
        // The next number to try for each name: 50,000 routes of one name (a registry being
        // refused for duplicate devices is written while it is checked) stay linear.
        QHash<QString, int> nextNumber;
        for (const RouteTable::Entry &entry : entries) {
            const Device &device = registry.devices[entry.device];
            const QString name =
                TraefikRule::identifier(device.name + u'-' + device.services[entry.service].name);
            QString unique = name;
            if (taken.contains(unique)) {
                int &n = nextNumber[name];
                n = std::max(n, 2);
                do
                    unique = name + u'-' + QString::number(n++);
                while (taken.contains(unique));
            }
            taken.insert(unique);
            names << unique;
        }
        return names;
    }

    static QByteArray traefik(const Registry &registry, const QVector<RouteTable::Entry> &entries,
                              const QString &header)
    {
        const Policy &policy = registry.policy;
        const QStringList names = uniqueNames(registry, entries);
        YAML::Emitter yaml;
        yaml.SetIndent(2);
        yaml << YAML::Comment(header.toStdString()) << YAML::Newline;
        yaml << YAML::BeginMap << YAML::Key << "http" << YAML::Value << YAML::BeginMap;
        if (entries.isEmpty()) {
            // The schema wants the sections to be mappings; an empty plan is still valid.
            yaml << YAML::Key << "routers" << YAML::Value << YAML::Flow << YAML::BeginMap
                 << YAML::EndMap;
            yaml << YAML::Key << "services" << YAML::Value << YAML::Flow << YAML::BeginMap
                 << YAML::EndMap;
        } else {
            yaml << YAML::Key << "routers" << YAML::Value << YAML::BeginMap;
            for (int i = 0; i < entries.size(); ++i) {
                const RouteTable::Entry &entry = entries[i];
                const bool internal = entry.scope == Scopes::Internal;
                yaml << YAML::Key << names[i].toStdString() << YAML::Value << YAML::BeginMap;
                yaml << YAML::Key << "rule" << YAML::Value
                     << QStringLiteral("Host(%1)")
                            .arg(TraefikRule::quoted(entry.fqdn))
                            .toStdString();
                yaml << YAML::Key << "entryPoints" << YAML::Value << YAML::Flow << YAML::BeginSeq
                     << (internal ? policy.effectiveInternalEntrypoint()
                                  : policy.effectiveExternalEntrypoint())
                            .toStdString()
                     << YAML::EndSeq;
                yaml << YAML::Key << "service" << YAML::Value << names[i].toStdString();
                if (internal)
                    yaml << YAML::Key << "tls" << YAML::Value << YAML::Flow << YAML::BeginMap
                         << YAML::EndMap;
                yaml << YAML::EndMap;
            }
            yaml << YAML::EndMap;
            yaml << YAML::Key << "services" << YAML::Value << YAML::BeginMap;
            for (int i = 0; i < entries.size(); ++i) {
                yaml << YAML::Key << names[i].toStdString() << YAML::Value << YAML::BeginMap;
                yaml << YAML::Key << "loadBalancer" << YAML::Value << YAML::BeginMap;
                yaml << YAML::Key << "servers" << YAML::Value << YAML::BeginSeq << YAML::BeginMap
                     << YAML::Key << "url" << YAML::Value << entries[i].upstream.toStdString()
                     << YAML::EndMap << YAML::EndSeq;
                yaml << YAML::EndMap << YAML::EndMap;
            }
            yaml << YAML::EndMap;
        }
        yaml << YAML::EndMap << YAML::EndMap;
        QByteArray text(yaml.c_str(), qsizetype(yaml.size()));
        text.append('\n');
        return text;
    }

    static QByteArray caddyfile(const Registry &registry, const QVector<RouteTable::Entry> &entries,
                                const QString &header)
    {
        Q_UNUSED(registry);
        // The same addresses as the compose export's Caddy labels: external names on plain
        // http behind the tunnel, internal ones with Caddy's own certificate authority.
        QString text = QStringLiteral("# %1\n").arg(header);
        for (const RouteTable::Entry &entry : entries) {
            const bool internal = entry.scope == Scopes::Internal;
            text += u'\n';
            text += (internal ? entry.fqdn : QStringLiteral("http://") + entry.fqdn) +
                    QStringLiteral(" {\n");
            if (internal)
                text += QStringLiteral("\ttls internal\n");
            text += QStringLiteral("\treverse_proxy %1\n}\n").arg(entry.upstream);
        }
        return text.toUtf8();
    }
};

} // namespace

const Exporter &proxyRoutesExporter()
{
    static const ProxyRoutesExporter format;
    return format;
}

} // namespace portolan
