#pragma once

#include <QString>

#include <cstddef>
#include <string_view>

namespace portolan {

// Where an event starts, 0-based, whichever parser produced it. line < 0: nowhere.
struct YamlMark
{
    int line = -1;
    int column = -1;
};

// 0 means "no anchor"; each parser maps its own anchor names or numbers to these.
using YamlAnchor = std::size_t;

// Thrown by any stage of the reader and caught at its boundary: the parsers unwind cleanly,
// and the first problem is the one reported.
struct YamlReadFailure
{
    YamlMark mark;
    QString message;
};

// The progress callback asked to stop.
struct YamlReadCanceled
{};

[[noreturn]] inline void failAt(const YamlMark &mark, const QString &message)
{
    throw YamlReadFailure{mark, message};
}

// The events of a YAML parse as the reader's stages hand them on (parser -> AliasReplay ->
// RegistrySchema -> RegistryAssembler): the tag is "?" for a plain untagged value, "!" for a
// quoted one, else the tag itself; a plain untagged null spelling arrives as onNull. Views are
// valid only during the call.
class YamlEventSink
{
public:
    virtual ~YamlEventSink() = default;
    virtual void onNull(const YamlMark &mark, YamlAnchor anchor) = 0;
    virtual void onAlias(const YamlMark &mark, YamlAnchor anchor) = 0;
    virtual void onScalar(const YamlMark &mark, std::string_view tag, YamlAnchor anchor,
                          std::string_view value) = 0;
    virtual void onSequenceStart(const YamlMark &mark, std::string_view tag,
                                 YamlAnchor anchor) = 0;
    virtual void onSequenceEnd() = 0;
    virtual void onMapStart(const YamlMark &mark, std::string_view tag, YamlAnchor anchor) = 0;
    virtual void onMapEnd() = 0;
};

} // namespace portolan
