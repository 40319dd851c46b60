#pragma once

#include "Registry.h"
#include "SourceLocation.h"

#include <QString>

namespace portolan {

// Where a registry lives, as the command line and the app name it: a YAML file, a .portolan
// database file (SQLite), or a postgresql:// URL.
enum class RegistryFormat
{
    Yaml,
    Portolan,
    Postgres
};

RegistryFormat formatOf(const QString &pathOrUrl);

bool loadRegistry(const QString &pathOrUrl, Registry &registry, LoadError &error);

// Writes the whole registry to a target. Files are replaced atomically: a YAML file through
// QSaveFile, a .portolan file built next to the target and renamed over it, so a failure or a
// kill leaves the old file. A database is replaced in one transaction.
bool saveRegistry(Registry registry, const QString &pathOrUrl, QString *error);

} // namespace portolan
