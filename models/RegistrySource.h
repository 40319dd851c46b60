#pragma once

#include "Registry.h"
#include "SourceLocation.h"

#include <QString>

namespace portolan {

// Where a registry comes from, as the command line names it: a YAML file for now; the store
// adds .portolan files and postgresql:// URLs behind the same call.
enum class RegistryFormat { Yaml, Unknown };

RegistryFormat formatOf(const QString &pathOrUrl);

bool loadRegistry(const QString &pathOrUrl, Registry &registry, LoadError &error);

} // namespace portolan
