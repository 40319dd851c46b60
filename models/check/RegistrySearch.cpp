#include "check/RegistrySearch.h"

namespace portolan {

QStringList RegistrySearch::words(const QString &text)
{
    return text.toLower().split(u' ', Qt::SkipEmptyParts);
}

bool RegistrySearch::matches(const Registry &registry, const Service &service,
                             const Binding *binding, const QStringList &words)
{
    QStringList haystack{service.name, service.category};
    if (service.route)
        haystack << registry.routeFqdn(*service.route);
    if (binding)
        haystack << binding->host.toString() << binding->container.toString() << binding->notes;
    else
        haystack << service.notes;
    if (service.route && service.route->port)
        haystack << QString::number(*service.route->port);
    const QString text = haystack.join(u' ').toLower();
    for (const QString &word : words) {
        bool isNumber = false;
        const int port = word.toInt(&isNumber);
        if (isNumber && binding &&
            (binding->host.contains(port) || binding->container.contains(port)))
            continue;
        if (isNumber && !binding && service.route && service.route->port == port)
            continue;
        if (!text.contains(word))
            return false;
    }
    return true;
}

QVector<RegistrySearch::Hit> RegistrySearch::find(const Registry &registry, const QString &text)
{
    QVector<Hit> hits;
    const QStringList wanted = words(text);
    if (wanted.isEmpty())
        return hits;
    for (int d = 0; d < registry.devices.size(); ++d) {
        const Device &device = registry.devices[d];
        for (int s = 0; s < device.services.size(); ++s) {
            const Service &service = device.services[s];
            if (service.ports.isEmpty()) {
                if (matches(registry, service, nullptr, wanted))
                    hits.append({d, s, -1});
                continue;
            }
            for (int b = 0; b < service.ports.size(); ++b) {
                if (matches(registry, service, &service.ports[b], wanted))
                    hits.append({d, s, b});
            }
        }
    }
    return hits;
}

} // namespace portolan
