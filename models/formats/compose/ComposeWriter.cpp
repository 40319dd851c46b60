#include "formats/compose/ComposeWriter.h"

#include "domain/TextRules.h"
#include "formats/compose/PortSpec.h"
#include "formats/compose/TraefikRule.h"

#include <QRegularExpression>
#include <QSet>

#include <yaml-cpp/emitter.h>

namespace portolan {

namespace {

std::string text(const QString &value)
{
    return ComposeWriter::escapeDollars(value).toStdString();
}

// Names that YAML 1.1 readers would take for a number, a boolean or null are quoted.
void name(YAML::Emitter &out, const QString &value)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z_][A-Za-z0-9._-]*\\z"));
    static const QStringList keywords = {
        QStringLiteral("y"),    QStringLiteral("n"),     QStringLiteral("yes"),
        QStringLiteral("no"),   QStringLiteral("on"),    QStringLiteral("off"),
        QStringLiteral("true"), QStringLiteral("false"), QStringLiteral("null")};
    if (plain.match(value).hasMatch() && !keywords.contains(value.toLower()))
        out << text(value);
    else
        out << YAML::DoubleQuoted << text(value);
}

void label(YAML::Emitter &out, const QString &key, const QString &value)
{
    out << YAML::Key << text(key) << YAML::Value << YAML::DoubleQuoted << text(value);
}

// The labels a proxy on the same device reads for a route: Traefik's router and service, or
// caddy-docker-proxy's site.
void proxyLabels(YAML::Emitter &out, const Registry &registry, const Service &service,
                 ComposeWriter::Proxy proxy, const QString &routerName)
{
    const Policy &policy = registry.policy;
    const Route &route = *service.route;
    const QString fqdn = registry.routeFqdn(route);
    const bool internal = route.isInternal();
    const QString network = policy.effectiveProxyNetwork();
    out << YAML::Key << "labels" << YAML::Value << YAML::BeginMap;
    if (proxy == ComposeWriter::Proxy::Traefik) {
        const QString router = QStringLiteral("traefik.http.routers.") + routerName;
        label(out, QStringLiteral("traefik.enable"), QStringLiteral("true"));
        // Quoted so that no host can close the string and add a matcher of its own.
        label(out, router + QStringLiteral(".rule"),
              QStringLiteral("Host(%1)").arg(TraefikRule::quoted(fqdn)));
        label(out, router + QStringLiteral(".entrypoints"),
              internal ? policy.effectiveInternalEntrypoint()
                       : policy.effectiveExternalEntrypoint());
        if (internal)
            label(out, router + QStringLiteral(".tls"), QStringLiteral("true"));
        label(out,
              QStringLiteral("traefik.http.services.%1.loadbalancer.server.port").arg(routerName),
              QString::number(*route.port));
        label(out, QStringLiteral("traefik.docker.network"), network);
    } else {
        label(out, QStringLiteral("caddy"), internal ? fqdn : QStringLiteral("http://") + fqdn);
        label(out, QStringLiteral("caddy.reverse_proxy"),
              QStringLiteral("{{upstreams %1}}").arg(*route.port));
        if (internal)
            label(out, QStringLiteral("caddy.tls"), QStringLiteral("internal"));
    }
    out << YAML::EndMap;
}

} // namespace

QString ComposeWriter::escapeDollars(const QString &text)
{
    QString escaped = text;
    escaped.replace(u'$', QStringLiteral("$$"));
    return escaped;
}

QByteArray ComposeWriter::toCompose(const Registry &registry, int deviceIndex,
                                    const QStringList &services, Proxy proxy)
{
    const Device &device = registry.devices[deviceIndex];
    const Policy &policy = registry.policy;
    const QString network = policy.effectiveProxyNetwork();
    // Labels are for a proxy that reads this device's Docker: only when the device runs one.
    // Routes another device's proxy serves are reached through their proxy-backend binding,
    // published like any port; no labels, no proxy network for them here.
    const bool proxyHere = device.runsReverseProxy();
    bool usesNetwork = false;
    QSet<QString> routers; // router names in use, [a-z0-9-], unique in this file

    YAML::Emitter out;
    out.SetIndent(2);
    out << YAML::BeginMap;
    out << YAML::Key << "services" << YAML::Value << YAML::BeginMap;
    for (const Service &service : device.services) {
        if (!services.isEmpty() && !services.contains(service.name))
            continue;
        out << YAML::Key;
        name(out, service.name);
        out << YAML::Value << YAML::BeginMap;
        out << YAML::Key << "image" << YAML::Value;
        if (!service.image.isEmpty()) {
            name(out, service.image);
        } else {
            // No image planned: the service name stands in, to be checked.
            name(out, service.name);
            out << YAML::Comment("the registry keeps no image for this service: set it");
        }

        if (!service.ports.isEmpty()) {
            out << YAML::Key << "ports" << YAML::Value << YAML::BeginSeq;
            for (const Binding &binding : service.ports) {
                PublishedPort port;
                port.hostIp = binding.bind;
                port.host = binding.host;
                port.container = binding.container;
                port.protocol = binding.effectiveProtocol();
                // Quoted: unquoted 22:22 is a base-60 number to YAML 1.1 readers.
                out << YAML::DoubleQuoted << text(port.toShortSyntax());
                // A comment ends at a line break: registry text in it is escaped, whatever the
                // caller checked, so it cannot start a key of its own.
                out << YAML::Comment(
                    binding.exception.isEmpty()
                        ? std::string("no exception: closed by default, check the policy")
                        : ("exception: " + TextRules::forTerminal(binding.exception).toStdString() +
                           (binding.notes.isEmpty()
                                ? std::string()
                                : " (" + TextRules::forTerminal(binding.notes).toStdString() +
                                      ")")));
            }
            out << YAML::EndSeq;
        }

        if (service.route && service.route->port && !proxyHere && service.proxyBackend() < 0) {
            // No proxy here and no port opened for one elsewhere: the container port, for a
            // proxy to be planned (validate says route-unreachable or route-without-proxy).
            out << YAML::Key << "expose" << YAML::Value << YAML::BeginSeq << YAML::DoubleQuoted
                << std::to_string(*service.route->port) << YAML::EndSeq;
        }
        if (service.isReverseProxy() && proxyHere && device.services.size() > 1) {
            // The proxy joins the network of the services whose labels it reads, and keeps the
            // default one.
            out << YAML::Key << "networks" << YAML::Value << YAML::BeginSeq << "default";
            name(out, network);
            out << YAML::EndSeq;
            usesNetwork = true;
        }
        if (proxyHere && service.route && service.route->port) {
            out << YAML::Key << "expose" << YAML::Value << YAML::BeginSeq << YAML::DoubleQuoted
                << std::to_string(*service.route->port) << YAML::EndSeq;
            QString routerName = TraefikRule::identifier(service.name);
            for (int n = 2; routers.contains(routerName); ++n)
                routerName = TraefikRule::identifier(service.name) + u'-' + QString::number(n);
            routers.insert(routerName);
            proxyLabels(out, registry, service, proxy, routerName);
            out << YAML::Key << "networks" << YAML::Value << YAML::BeginSeq;
            name(out, network);
            out << YAML::EndSeq;
            usesNetwork = true;
        }
        out << YAML::EndMap;
    }
    out << YAML::EndMap;
    if (usesNetwork) {
        out << YAML::Key << "networks" << YAML::Value << YAML::BeginMap;
        out << YAML::Key;
        name(out, network);
        out << YAML::Value << YAML::BeginMap;
        out << YAML::Key << "external" << YAML::Value << true;
        out << YAML::EndMap << YAML::EndMap;
    }
    out << YAML::EndMap;
    QByteArray yaml(out.c_str(), qsizetype(out.size()));
    yaml.append('\n');
    return yaml;
}

} // namespace portolan
