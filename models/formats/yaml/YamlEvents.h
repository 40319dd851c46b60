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

// One event of a YAML parse as the reader's stages hand it on (parser -> AliasReplay ->
// RegistrySchema -> RegistryAssembler): the tag is "?" for a plain untagged value, "!" for a
// quoted one, else the tag itself; a plain untagged null spelling arrives as Null. The views
// are valid only while the event is being handled.
struct YamlEvent
{
    enum class Type
    {
        Null,
        Alias,
        Scalar,
        SequenceStart,
        SequenceEnd,
        MapStart,
        MapEnd,
    };
    Type type = Type::Null;
    YamlMark mark;
    YamlAnchor anchor = 0; // the node's anchor; for an alias, the anchor it names
    std::string_view tag;
    std::string_view value;
};

class YamlEventSink
{
public:
    virtual ~YamlEventSink() = default;
    virtual void onEvent(const YamlEvent &event) = 0;
};

} // namespace portolan
