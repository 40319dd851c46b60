#pragma once

#include "domain/Finding.h"
#include "domain/Registry.h"

#include <QStringList>

#include <functional>

namespace portolan {

// Exports refuse a registry that has an invalid-value among what they would write: a value
// that breaks its rule can change the meaning of the file (a line break ends a YAML comment
// and starts a key of its own, a backtick ends a Traefik rule). Validation finds them; this
// picks those that reach the output. Exports that configure the network (compose, DNS, proxy
// routes, dashboards, inventories, firewalls) also refuse what makes a name mean two things:
// two devices of one name (the last would win in Ansible), two routes of one name, a proxy
// device that does not exist.
class ExportCheck
{
public:
    struct Scope
    {
        int device = -1;      // -1: every device
        QStringList services; // empty: every service of the device(s)
        bool network = false; // the output configures the network: cross-device findings too
    };
    // The codes a network export refuses, besides invalid-value.
    static const QStringList &networkCodes();

    // The invalid-value findings of the policy and of the devices and services in scope.
    static Findings blockingValues(const Registry &registry, const Scope &scope);
    // The same, calling alsoEachDevice(d) once for every device while the check has it at hand
    // (on either of two threads for a large registry: it must only write what is device d's):
    // an export that looks at each device before it writes saves a walk of its own.
    static Findings blockingValues(const Registry &registry, const Scope &scope,
                                   const std::function<void(int)> &alsoEachDevice);
    static Findings blockingValues(const Registry &registry)
    {
        return blockingValues(registry, Scope());
    }
    // One line per finding, "refusing to export: atlas/gitea: notes holds ... (invalid-value)"
    // (escaped).
    static QString describe(const Findings &blocking);
};

} // namespace portolan
