#pragma once

#include "domain/Registry.h"

namespace portolan {

// "Where is 20022 used?" across every device: the port map's search (every word must match; a
// number matches a host or container port range holding it, other words match the service's
// name, category, route name, ports and notes, case-insensitively), run over the whole registry.
class RegistrySearch
{
public:
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
};

} // namespace portolan
