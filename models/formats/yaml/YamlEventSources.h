#pragma once

#include "formats/yaml/YamlEvents.h"

#include <QtGlobal>

#include <cstddef>
#include <functional>
#include <istream>

namespace portolan {

// The first stage of the reader: a parser turning text into events. libyaml is the default
// (its scanner is several times faster); yaml-cpp's event API gives the same events and is
// checked against it on every fixture. Both throw YamlReadFailure with a mark on bad YAML.
namespace YamlEventSources {

using Progress = std::function<bool(qint64 done, qint64 total)>;

// progress may be null; returning false from it throws YamlReadCanceled. anchorsDefined, if
// given, counts the anchors the text defines.
void parseWithLibyaml(std::istream &in, qint64 total, const Progress *progress, YamlEventSink &sink,
                      std::size_t *anchorsDefined = nullptr);
void parseWithYamlCpp(std::istream &in, YamlEventSink &sink);

// yaml-cpp reads a NUL byte as the end of a string, and libyaml would decode a UTF-16 file
// that the rest of the toolchain reads as binary: where the first NUL is (1-based), if any.
bool findNul(std::istream &in, int *line, int *column);

} // namespace YamlEventSources

} // namespace portolan
