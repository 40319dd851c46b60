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

// What one word matched in one row, the first field that holds it; None: nothing did.
RegistrySearch::Field matchWord(const Registry &registry, const Service &service,
                                const Binding *binding, const Word &entry,
                                const Device *device = nullptr)
{
    using Field = RegistrySearch::Field;
    const QString &word = entry.text;
    const bool isNumber = entry.isNumber;
    const int port = entry.port;
    if (isNumber && binding && binding->host.contains(port))
        return Field::HostPort;
    if (isNumber && binding && binding->container.contains(port))
        return Field::ContainerPort;
    if (isNumber && service.route && service.route->port == port)
        return Field::RoutePort;
    auto in = [&word](const QString &field) {
        return field.contains(word, Qt::CaseInsensitive);
    };
    if (in(service.name))
        return Field::ServiceName;
    if (in(service.category))
        return Field::Category;
    if (service.route) {
        const Route &route = *service.route;
        // The parts of the route's name; the whole name only when the word spans a dot.
        const bool inName = word.contains(u'.') ? in(registry.routeFqdn(route))
                                                : in(route.host) || in(registry.policy.domain) ||
                                                      (route.scope == Scopes::Internal &&
                                                       in(registry.policy.internalSubdomain));
        if (inName)
            return Field::RouteName;
    }
    if (binding) {
        if (in(binding->notes))
            return Field::Notes;
        if (in(binding->exception))
            return Field::Exception;
        if (in(binding->bind))
            return Field::BindAddress;
        if ((word.contains(u'-') || isNumber) && in(binding->host.toString()))
            return Field::HostPort;
        if ((word.contains(u'-') || isNumber) && in(binding->container.toString()))
            return Field::ContainerPort;
    }
    if (in(service.notes))
        return binding ? Field::ServiceNotes : Field::Notes;
    if (isNumber && service.route && service.route->port &&
        in(QString::number(*service.route->port)))
        return Field::RoutePort;
    if (device) {
        if (in(device->name))
            return Field::DeviceName;
        if (in(device->ip) || in(device->vpnIp))
            return Field::DeviceAddress;
        if (in(device->description))
            return Field::DeviceDescription;
    }
    return Field::None;
}

bool matchesWords(const Registry &registry, const Service &service, const Binding *binding,
                  const QVector<Word> &words, const Device *device = nullptr)
{
    // Field by field, without joining them into one lower-cased text: the search runs over
    // every binding of every device on each keystroke.
    for (const Word &entry : words) {
        if (matchWord(registry, service, binding, entry, device) == RegistrySearch::Field::None)
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

QString RegistrySearch::whyMatched(const Registry &registry, const Service &service,
                                   const Binding *binding, const QString &text,
                                   const Device *device)
{
    // Each field once, in the order the words were typed: "host port 20022 · route name".
    QStringList said;
    for (const Word &entry : prepare(words(text))) {
        QString reason;
        switch (matchWord(registry, service, binding, entry, device)) {
        case Field::None:
            continue;
        case Field::HostPort:
            reason = tr("host port %1").arg(binding->host.toString());
            break;
        case Field::ContainerPort:
            reason = tr("container port %1").arg(binding->container.toString());
            break;
        case Field::RoutePort:
            reason = tr("route port %1").arg(service.route->port.value_or(0));
            break;
        case Field::ServiceName:
            reason = tr("service name");
            break;
        case Field::Category:
            reason = tr("category %1").arg(service.category);
            break;
        case Field::RouteName:
            reason = tr("route name");
            break;
        case Field::Notes:
            reason = tr("notes: %1").arg(binding ? binding->notes : service.notes);
            break;
        case Field::ServiceNotes:
            reason = tr("service notes: %1").arg(service.notes);
            break;
        case Field::Exception:
            reason = tr("exception %1").arg(binding->exception);
            break;
        case Field::BindAddress:
            reason = tr("bind %1").arg(binding->bind);
            break;
        case Field::DeviceName:
            reason = tr("device name");
            break;
        case Field::DeviceAddress:
            reason = tr("device address");
            break;
        case Field::DeviceDescription:
            reason = tr("device description: %1").arg(device->description);
            break;
        }
        if (!said.contains(reason))
            said << reason;
    }
    return said.join(QStringLiteral(" · "));
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
                if (matchesWords(registry, service, nullptr, wanted, &device))
                    hits.append({d, s, -1});
                continue;
            }
            for (int b = 0; b < service.ports.size(); ++b) {
                if (matchesWords(registry, service, &service.ports[b], wanted, &device))
                    hits.append({d, s, b});
            }
        }
    }
    return hits;
}

} // namespace portolan
