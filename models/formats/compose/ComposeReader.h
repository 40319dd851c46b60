#pragma once

#include "domain/Error.h"
#include "domain/Registry.h"
#include "formats/Importer.h"
#include "formats/compose/PortSpec.h"

#include <QHash>
#include <QStringList>

namespace portolan {

// A compose service as Portolan sees it: its published ports, exposed ports and the route its
// reverse-proxy labels describe.
struct ComposeService
{
    QString name;
    QString image;
    QVector<PublishedPort> ports;
    QVector<PortRange> expose;
    // From Traefik or caddy-docker-proxy labels: the full host name and the container port.
    // The registry keeps one route per service: of several routers, the first in label order
    // whose service has a port, else the first; the others are named in `warnings`.
    QString routeHost;
    std::optional<int> routePort;
    QStringList warnings; // what could not be taken over as it was, for the report
    // Labels as read (deploy.labels after labels, an extended service's first).
    QVector<std::pair<QString, QString>> labels;
    // Non-empty: the service starts only with one of these profiles, so `docker compose up`
    // publishes nothing for it; the import leaves it out and says so.
    QStringList profiles;

    // Traefik and Caddy labels, in label order; keys of Traefik labels in any case.
    void readProxyLabels(const QVector<std::pair<QString, QString>> &labels);
};

// Reads a compose file as Docker Compose does: every `ports` form (short and long syntax,
// numbers and strings, IPv6 in brackets, ranges), `expose`, `image`, Traefik and Caddy labels
// (and Swarm's deploy.labels) in map and list form, anchors, aliases and `<<` merge keys, and
// Compose's variable substitution (ComposeVariables: the environment first, then the env
// file, which is `.env` beside the compose file unless one is named).
class ComposeReader
{
public:
    // Compose files are a few kilobytes; the reader builds yaml-cpp's node tree, so a larger
    // file (hostile, or the wrong file) is refused before it can stall the app.
    static constexpr qint64 MaxFileBytes = 4 * 1024 * 1024;

    // Variables come from the env file (else the project's .env) and, of the environment, only
    // from the names in `fromEnvironment` (--env NAME): a CI job's secrets never reach the
    // registry unless named. Every other variable the file uses is named in warnings().
    bool readFile(const QString &path, const QString &envFile = QString(),
                  const QStringList &fromEnvironment = {});
    bool readData(const QByteArray &data, const QString &displayName,
                  const QHash<QString, QString> &variables = {});

    const Error &error() const { return m_error; }
    // About the file as a whole (variables not set), for the import report.
    const QStringList &warnings() const { return m_warnings; }
    const QVector<ComposeService> &services() const { return m_services; }
    // COMPOSE_PROFILES as docker compose reads it: from the environment, else the env file.
    const QStringList &composeProfiles() const { return m_composeProfiles; }

    // Variables of an env file, the shell's environment winning over the file's lines.
    static bool readEnvFile(const QString &path, QHash<QString, QString> *variables, Error *error,
                            const QStringList &fromEnvironment = {});

private:
    Error m_error;
    QVector<ComposeService> m_services;
    QStringList m_warnings;
    QStringList m_unsetVariables;
    QStringList m_composeProfiles;
};

} // namespace portolan
