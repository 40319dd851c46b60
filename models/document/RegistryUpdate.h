#pragma once

#include "domain/Error.h"
#include "domain/Registry.h"
#include "domain/RegistryDiff.h"

#include <QString>

#include <functional>

namespace portolan {

// How a command changes a registry where it lives (import, adopt) so that concurrent writers
// never lose each other's work: the registry is read under a lock, the change is computed
// from what is really there now, and only what differs is written.
//
//  - YAML: an exclusive flock on FILE.lock for the whole read-modify-write, the file replaced
//    atomically; a file whose comments a rewrite would drop is refused unless allowed.
//  - .portolan and PostgreSQL: one transaction that holds the write lock from its start; the
//    difference is applied as row-level changes (the ImportChanges an app would push), so
//    rows nobody else touched stay as they are and a colleague's newer row is a conflict.
//
// Nothing is written when nothing differs (the file stays byte for byte).
class RegistryUpdate
{
public:
    struct Options
    {
        bool dryRun = false;
        bool dropComments = false;
        QString description = QStringLiteral("Import");
        // PostgreSQL: told each time a lost connection makes the update run again.
        std::function<void(const QString &message)> onRetry;
        // A YAML file locked by another writer: asked while waiting for it; false gives up.
        std::function<bool()> keepWaiting;
    };

    // Computes what the registry should become from what it is; false (with *error) stops
    // the update with nothing written.
    using Change = std::function<bool(const Registry &current, Registry &wanted, Error *error)>;

    struct Outcome
    {
        bool ok = false;
        Error error;          // one line: file, line and column where there is one
        RegistryDiff diff;    // current -> wanted
        Registry result;      // what the registry is now, or would be after a dry run
        bool written = false; // something was written
    };

    static Outcome apply(const QString &target, const Change &change, const Options &options);

    // A .portolan file or a PostgreSQL database is updated through a Document (the same
    // ImportChanges the app pushes), which lives in portolan_models; a program linked with it
    // calls this once, before any apply(). Without it apply() refuses a database target:
    // portolan-cli, which stays without QtGui to start fast, hands such a command to
    // portolan-cli-full (cli/FullProgram).
    static void enableDatabases();
    static bool databasesEnabled();

private:
    using DatabaseApply = Outcome (*)(const QString &target, const Change &change,
                                      const Options &options);
    static DatabaseApply &databaseApply();
    static Outcome applyToYaml(const QString &target, const Change &change, const Options &options);
    static Outcome applyToDatabase(const QString &target, const Change &change,
                                   const Options &options);
    static Outcome applyToDatabaseOnce(const QString &target, const Change &change,
                                       const Options &options, bool *connectionLost);
};

} // namespace portolan
