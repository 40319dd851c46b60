#pragma once

#include "domain/Registry.h"

#include <QCoreApplication>

namespace portolan {

// "Where is 20022 used?" across every device: the port map's search (every word must match; a
// number matches a host or container port range holding it, other words match the service's
// name, category, route name, ports and notes, case-insensitively), run over the whole registry.
class RegistrySearch
{
    Q_DECLARE_TR_FUNCTIONS(RegistrySearch)

public:
    // Where a word was found in a row.
    enum class Field
    {
        None,
        HostPort,
        ContainerPort,
        RoutePort,
        ServiceName,
        Category,
        RouteName,
        Notes,
        ServiceNotes,
        Exception,
        BindAddress,
        DeviceName,
        DeviceAddress,
        DeviceDescription
    };

    struct Hit
    {
        int device = -1;
        int service = -1;
        int binding = -1; // -1: the service itself (a routed service without bindings)
    };

    static QVector<Hit> find(const Registry &registry, const QString &text);
    // The words the text is split into (compared without case); empty: no search.
    static QStringList words(const QString &text);
    // Whether one service row (binding -1 for the service alone) matches every word.
    static bool matches(const Registry &registry, const Service &service, const Binding *binding,
                        const QStringList &words);
    // Why a row matched, in words ("host port 20022 · route name"), for a result list that
    // otherwise leaves the user guessing which field held the word.
    // device: the row's device, whose name, addresses and description count too (the search of
    // every device); null in one device's port map.
    static QString whyMatched(const Registry &registry, const Service &service,
                              const Binding *binding, const QString &text,
                              const Device *device = nullptr);
};

} // namespace portolan
