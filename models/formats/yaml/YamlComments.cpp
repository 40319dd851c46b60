#include "formats/yaml/YamlComments.h"

#include <yaml.h>

#include <cstring>
#include <vector>

namespace portolan {

namespace {

struct Span
{
    // 0-based line and column (characters), as libyaml marks them; end is exclusive.
    std::size_t startLine, startColumn, endLine, endColumn;
};

bool before(std::size_t line, std::size_t column, std::size_t otherLine, std::size_t otherColumn)
{
    return line < otherLine || (line == otherLine && column < otherColumn);
}

// Every scalar's extent, in document order; false when the text does not parse.
bool scalarSpans(const QByteArray &yaml, std::vector<Span> &spans)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return false;
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char *>(yaml.constData()),
                                 std::size_t(yaml.size()));
    bool ok = true;
    for (;;) {
        yaml_event_t event;
        if (!yaml_parser_parse(&parser, &event)) {
            ok = false;
            break;
        }
        const yaml_event_type_t type = event.type;
        if (type == YAML_SCALAR_EVENT)
            spans.push_back({event.start_mark.line, event.start_mark.column, event.end_mark.line,
                             event.end_mark.column});
        yaml_event_delete(&event);
        if (type == YAML_STREAM_END_EVENT)
            break;
    }
    yaml_parser_delete(&parser);
    return ok;
}

} // namespace

std::optional<YamlComments::Position> YamlComments::first(const QByteArray &yaml)
{
    if (!std::memchr(yaml.constData(), '#', std::size_t(yaml.size())))
        return std::nullopt;
    std::vector<Span> spans;
    if (!scalarSpans(yaml, spans))
        return std::nullopt;
    std::size_t line = 0;
    std::size_t column = 0;
    std::size_t next = 0; // first span that may still contain or follow the position
    bool afterSpace = true;
    for (qsizetype i = 0; i < yaml.size(); ++i) {
        const auto byte = static_cast<unsigned char>(yaml[i]);
        if (byte == '#' && afterSpace) {
            while (next < spans.size() &&
                   !before(line, column, spans[next].endLine, spans[next].endColumn))
                ++next;
            const bool insideScalar =
                next < spans.size() &&
                !before(line, column, spans[next].startLine, spans[next].startColumn);
            if (!insideScalar)
                return Position{int(line) + 1, int(column) + 1};
        }
        if (byte == '\n') {
            ++line;
            column = 0;
            afterSpace = true;
            continue;
        }
        afterSpace = byte == ' ' || byte == '\t' || byte == '\r';
        if ((byte & 0xC0) != 0x80)
            ++column;
    }
    return std::nullopt;
}

} // namespace portolan
