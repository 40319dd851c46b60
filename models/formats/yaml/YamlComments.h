#pragma once

#include <QByteArray>

#include <optional>

namespace portolan {

// Where the first comment of a YAML text is (1-based line and column), if it has one.
// Portolan writes registries back from their values, so comments do not survive a save: the
// app asks before the first save of a file with comments, and CLI commands that would rewrite
// one refuse unless told --drop-comments. Never a silent loss.
//
// libyaml's events carry no comments, so the text is scanned for '#' that starts a comment (at
// the start of a line or after white space) outside every scalar the parser reports, which
// rules out a '#' inside quotes, block scalars and plain values like "a#b".
class YamlComments
{
public:
    struct Position
    {
        int line = 0;
        int column = 0;
    };

    // Nothing for text that does not parse: the reader reports that on its own.
    static std::optional<Position> first(const QByteArray &yaml);
};

} // namespace portolan
