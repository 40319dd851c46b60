#pragma once

#include "domain/Error.h"
#include "formats/compose/ComposeReader.h"

#include <QVector>

namespace portolan {

// What runs on a host, from saved Docker or Podman output, pretty-printed or not:
// `docker ps --format json` (objects one after another), `docker compose ps --format json`
// (lines, or the array Compose wrote before 2.21), `docker inspect` (an array, or one object),
// `podman ps --format json` and `podman inspect`. A host port Docker chose at random is marked.
// Each container with its name, compose service, image, labels in order, published ports as Docker
// reports them (an address per family: 0.0.0.0 and ::) and ports exposed only.
class DockerReader
{
public:
    struct Container
    {
        QString name;    // the container's name
        QString service; // com.docker.compose.service, else the name
        QString image;
        QVector<std::pair<QString, QString>> labels;
        QVector<PublishedPort> published;
        QVector<PortRange> exposed;
    };

    static constexpr qint64 MaxFileBytes = 32 * 1024 * 1024;

    bool readFile(const QString &path);
    bool readData(const QByteArray &data, const QString &displayName);

    const Error &error() const { return m_error; }
    const QVector<Container> &containers() const { return m_containers; }

    // As compose services: one per compose service (replicas merged), published ports on both
    // 0.0.0.0 and :: (or on one of them alone) as one binding on all addresses, routes from
    // the Traefik and Caddy labels, images kept.
    QVector<ComposeService> services() const;

private:
    bool readObject(const QJsonObject &object, int line, const QString &displayName);
    bool readPsLine(const QJsonObject &object, int line, const QString &displayName);
    bool readPodmanPs(const QJsonObject &object, int line, const QString &displayName);
    bool readInspect(const QJsonObject &object, const QString &displayName);

    Error m_error;
    QVector<Container> m_containers;
};

} // namespace portolan
