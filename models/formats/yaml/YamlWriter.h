#pragma once

#include "domain/Error.h"
#include "domain/Registry.h"

#include <QByteArray>
#include <QString>

namespace portolan {

// Writes format v1 through YAML::Emitter in the key order and style of the bundled example:
// small records (range, blocks, routes, bindings) as flow mappings, the rest as blocks. The
// output is a pure function of the registry, so a second write is byte-identical to the first.
class YamlWriter
{
public:
    static QByteArray toYaml(const Registry &registry);

    // Atomic (AtomicFile): a failed or interrupted write leaves the old file byte for byte;
    // error() says "PATH: cannot write: <the OS's reason>".
    bool writeFile(const Registry &registry, const QString &path);
    const Error &error() const { return m_error; }

private:
    Error m_error;
};

} // namespace portolan
