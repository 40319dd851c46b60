#pragma once

#include "Registry.h"
#include "SourceLocation.h"

#include <QByteArray>
#include <QString>

#include <istream>

namespace portolan {

// Reads format v1 straight from yaml-cpp's event stream into the domain types: no node tree,
// so memory stays flat on large registries, and every value's mark is at hand when it turns out
// to be wrong. Never throws; on failure error() says file, line, column and what was expected.
class YamlReader
{
public:
    bool readFile(const QString &path, Registry &registry);
    // displayName stands in for the file name in error locations.
    bool readData(const QByteArray &data, const QString &displayName, Registry &registry);

    const LoadError &error() const { return m_error; }

private:
    bool readStream(std::istream &in, const QString &displayName, Registry &registry);

    LoadError m_error;
};

} // namespace portolan
