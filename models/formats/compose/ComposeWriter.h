#pragma once

#include "domain/Registry.h"

#include <QByteArray>
#include <QStringList>

namespace portolan {

// The compose fragment a device's services need under the policy: routed services get
// `expose` and the reverse proxy's labels (Traefik or caddy-docker-proxy) and join the shared
// proxy network (declared external); each host binding becomes one quoted short-syntax port
// with a comment naming its exception. Written through YAML::Emitter only.
class ComposeWriter
{
public:
    enum class Proxy
    {
        Traefik,
        Caddy
    };

    // services: names to include; empty: every service of the device.
    static QByteArray toCompose(const Registry &registry, int deviceIndex,
                                const QStringList &services = {}, Proxy proxy = Proxy::Traefik);

    // Compose interpolates $: a literal dollar is written $$.
    static QString escapeDollars(const QString &text);
};

} // namespace portolan
