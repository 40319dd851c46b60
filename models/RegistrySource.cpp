#include "RegistrySource.h"

#include "YamlReader.h"

namespace portolan {

RegistryFormat formatOf(const QString &pathOrUrl)
{
    const QString lower = pathOrUrl.toLower();
    if (lower.endsWith(QLatin1String(".yaml")) || lower.endsWith(QLatin1String(".yml")))
        return RegistryFormat::Yaml;
    return RegistryFormat::Unknown;
}

bool loadRegistry(const QString &pathOrUrl, Registry &registry, LoadError &error)
{
    // Anything that is not known to be something else is read as YAML: a registry piped
    // through a temp file or named without an extension is still a registry.
    YamlReader reader;
    if (!reader.readFile(pathOrUrl, registry)) {
        error = reader.error();
        return false;
    }
    return true;
}

} // namespace portolan
