#pragma once

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
    // errorString() is "PATH: cannot write: <the OS's reason>".
    bool writeFile(const Registry &registry, const QString &path);
    QString errorString() const { return m_error; }

private:
    QString m_error;
};

} // namespace portolan
