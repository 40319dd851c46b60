#pragma once

#include "domain/Error.h"
#include "domain/Registry.h"

#include <QString>

namespace portolan {

// The one place that decides what a path or URL names, and reads or writes a whole registry
// there: a YAML file (any name but the two below), a .portolan database file (SQLite), or a
// postgresql:// URL. The CLI, the loader, the document and the app's file dialogs all ask it.
class RegistryIo
{
public:
    enum class Format
    {
        Yaml,
        Portolan,
        Postgres
    };

    static Format formatOf(const QString &pathOrUrl);
    // A file the app takes as a registry when dropped or listed (.yaml, .yml, .portolan).
    static bool isRegistryFile(const QString &path);
    // File dialog filters: every registry, then each kind.
    static QString openFilter();
    static QString saveFilter();

    static bool load(const QString &pathOrUrl, Registry &registry, Error &error);

    // Writes the whole registry to a target. Files are replaced atomically (AtomicFile; a
    // .portolan file is built beside the target and renamed over it), so a failure or a kill
    // leaves the old file; "-" writes YAML to standard output. A database is replaced in one
    // transaction.
    static bool save(Registry registry, const QString &pathOrUrl, Error *error);
};

} // namespace portolan
