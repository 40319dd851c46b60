#include "check/RegistrySearch.h"

namespace portolan {

QStringList RegistrySearch::words(const QString &text)
{
    return text.split(u' ', Qt::SkipEmptyParts);
}

namespace {

// A word read once per search, not once per binding.
struct Word
{
    QString text;
    bool isNumber = false;
    int port = 0;
};

QVector<Word> prepare(const QStringList &words)
{
    QVector<Word> prepared;
    for (const QString &word : words) {
        Word entry{word};
        entry.port = word.toInt(&entry.isNumber);
        prepared.append(entry);
    }
    return prepared;
}

bool matchesWords(const Registry &registry, const Service &service, const Binding *binding,
                  const QVector<Word> &words)
{
    // Field by field, without joining them into one lower-cased text: the search runs over
    // every binding of every device on each keystroke.
    for (const Word &entry : words) {
        const QString &word = entry.text;
        const bool isNumber = entry.isNumber;
        const int port = entry.port;
        if (isNumber && binding &&
            (binding->host.contains(port) || binding->container.contains(port)))
            continue;
        if (isNumber && service.route && service.route->port == port)
            continue;
        auto in = [&word](const QString &field) {
            return field.contains(word, Qt::CaseInsensitive);
        };
        if (in(service.name) || in(service.category))
            continue;
        if (service.route) {
            const Route &route = *service.route;
            // The parts of the route's name; the whole name only when the word spans a dot.
            const bool inName = word.contains(u'.')
                                    ? in(registry.routeFqdn(route))
                                    : in(route.host) || in(registry.policy.domain) ||
                                          (route.scope == Scopes::Internal &&
                                           in(registry.policy.internalSubdomain));
            if (inName)
                continue;
        }
        if (binding) {
            if (in(binding->notes))
                continue;
            if ((word.contains(u'-') || isNumber) &&
                (in(binding->host.toString()) || in(binding->container.toString())))
                continue;
        } else if (in(service.notes)) {
            continue;
        }
        if (isNumber && service.route && service.route->port &&
            in(QString::number(*service.route->port)))
            continue;
        return false;
    }
    return true;
}

} // namespace

bool RegistrySearch::matches(const Registry &registry, const Service &service,
                             const Binding *binding, const QStringList &words)
{
    return matchesWords(registry, service, binding, prepare(words));
}

QVector<RegistrySearch::Hit> RegistrySearch::find(const Registry &registry, const QString &text)
{
    QVector<Hit> hits;
    const QVector<Word> wanted = prepare(words(text));
    if (wanted.isEmpty())
        return hits;
    for (int d = 0; d < registry.devices.size(); ++d) {
        const Device &device = registry.devices[d];
        for (int s = 0; s < device.services.size(); ++s) {
            const Service &service = device.services[s];
            if (service.ports.isEmpty()) {
                if (matchesWords(registry, service, nullptr, wanted))
                    hits.append({d, s, -1});
                continue;
            }
            for (int b = 0; b < service.ports.size(); ++b) {
                if (matchesWords(registry, service, &service.ports[b], wanted))
                    hits.append({d, s, b});
            }
        }
    }
    return hits;
}

} // namespace portolan
