#include "formats/yaml/YamlEventSources.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <yaml.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <unordered_map>

namespace portolan {

namespace {

YamlMark markOf(const YAML::Mark &mark)
{
    return {mark.line, mark.column};
}

class YamlCppEvents final : public YAML::EventHandler
{
public:
    explicit YamlCppEvents(YamlEventSink &sink)
        : m_sink(sink)
    {}

    void OnDocumentStart(const YAML::Mark &) override {}
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark &mark, YAML::anchor_t anchor) override
    {
        m_sink.onEvent({YamlEvent::Type::Null, markOf(mark), anchor, {}, {}});
    }
    void OnAlias(const YAML::Mark &mark, YAML::anchor_t anchor) override
    {
        m_sink.onEvent({YamlEvent::Type::Alias, markOf(mark), anchor, {}, {}});
    }
    void OnScalar(const YAML::Mark &mark, const std::string &tag, YAML::anchor_t anchor,
                  const std::string &value) override
    {
        m_sink.onEvent({YamlEvent::Type::Scalar, markOf(mark), anchor, tag, value});
    }
    void OnSequenceStart(const YAML::Mark &mark, const std::string &tag, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override
    {
        m_sink.onEvent({YamlEvent::Type::SequenceStart, markOf(mark), anchor, tag, {}});
    }
    void OnSequenceEnd() override { m_sink.onEvent({YamlEvent::Type::SequenceEnd, {}, 0, {}, {}}); }
    void OnMapStart(const YAML::Mark &mark, const std::string &tag, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override
    {
        m_sink.onEvent({YamlEvent::Type::MapStart, markOf(mark), anchor, tag, {}});
    }
    void OnMapEnd() override { m_sink.onEvent({YamlEvent::Type::MapEnd, {}, 0, {}, {}}); }

private:
    YamlEventSink &m_sink;
};

// Any event after the first document means the file holds more than one.
class SecondDocumentDetector final : public YAML::EventHandler
{
public:
    void OnDocumentStart(const YAML::Mark &mark) override { reject(mark); }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark &mark, YAML::anchor_t) override { reject(mark); }
    void OnAlias(const YAML::Mark &mark, YAML::anchor_t) override { reject(mark); }
    void OnScalar(const YAML::Mark &mark, const std::string &, YAML::anchor_t,
                  const std::string &) override
    {
        reject(mark);
    }
    void OnSequenceStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t,
                         YAML::EmitterStyle::value) override
    {
        reject(mark);
    }
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t,
                    YAML::EmitterStyle::value) override
    {
        reject(mark);
    }
    void OnMapEnd() override {}

private:
    [[noreturn]] static void reject(const YAML::Mark &mark)
    {
        failAt(markOf(mark), QStringLiteral("expected one YAML document, found a second"));
    }
};

// What libyaml's read callback works with: the stream, and whom to tell how far it got.
struct StreamSource
{
    std::istream *in;
    const YamlEventSources::Progress *progress;
    qint64 total;
    qint64 done = 0;
    bool canceled = false;
};

int readFromStream(void *data, unsigned char *buffer, size_t size, size_t *sizeRead)
{
    auto *source = static_cast<StreamSource *>(data);
    source->in->read(reinterpret_cast<char *>(buffer), std::streamsize(size));
    *sizeRead = size_t(source->in->gcount());
    source->done += qint64(*sizeRead);
    if (*source->progress && !(*source->progress)(source->done, source->total)) {
        source->canceled = true;
        return 0; // libyaml stops with a reader error; the caller sees `canceled`
    }
    return source->in->bad() ? 0 : 1;
}

// libyaml's reader reports a byte offset only; count lines and characters up to it the way
// its own marks do (one column per character).
YamlMark markAtOffset(std::istream &in, std::size_t offset)
{
    in.clear();
    in.seekg(0);
    YamlMark mark{0, 0};
    char buffer[65536];
    std::size_t position = 0;
    while (position < offset && in) {
        in.read(buffer, std::streamsize(std::min(sizeof buffer, offset - position)));
        const std::streamsize got = in.gcount();
        for (std::streamsize i = 0; i < got; ++i) {
            const auto byte = static_cast<unsigned char>(buffer[i]);
            if (byte == '\n') {
                ++mark.line;
                mark.column = 0;
            } else if ((byte & 0xC0) != 0x80) {
                ++mark.column;
            }
        }
        position += std::size_t(got);
    }
    return mark;
}

class LibyamlParser
{
public:
    explicit LibyamlParser(StreamSource &source)
    {
        yaml_parser_initialize(&m_parser);
        yaml_parser_set_input(&m_parser, readFromStream, &source);
    }
    ~LibyamlParser() { yaml_parser_delete(&m_parser); }
    LibyamlParser(const LibyamlParser &) = delete;
    LibyamlParser &operator=(const LibyamlParser &) = delete;

    yaml_parser_t *get() { return &m_parser; }

private:
    yaml_parser_t m_parser;
};

class LibyamlEvent
{
public:
    LibyamlEvent() = default;
    ~LibyamlEvent() { yaml_event_delete(&event); }
    LibyamlEvent(const LibyamlEvent &) = delete;
    LibyamlEvent &operator=(const LibyamlEvent &) = delete;

    yaml_event_t event{};
};

[[noreturn]] void failLibyaml(std::istream &in, const yaml_parser_t &parser)
{
    const QString problem = QString::fromUtf8(parser.problem ? parser.problem : "unknown error");
    if (parser.error == YAML_READER_ERROR) {
        const YamlMark mark = markAtOffset(in, parser.problem_offset);
        if (problem.contains(QLatin1String("UTF-8")))
            failAt(mark, QStringLiteral("the file is not valid UTF-8 (%1)").arg(problem));
        failAt(mark, QStringLiteral("not valid YAML text: %1").arg(problem));
    }
    if (parser.error == YAML_MEMORY_ERROR)
        failAt(YamlMark{0, 0}, QStringLiteral("out of memory while parsing"));
    QString message = QStringLiteral("not valid YAML: %1").arg(problem);
    if (parser.context)
        message += QStringLiteral(" (%1 at line %2, column %3)")
                       .arg(QString::fromUtf8(parser.context))
                       .arg(parser.context_mark.line + 1)
                       .arg(parser.context_mark.column + 1);
    failAt(YamlMark{int(parser.problem_mark.line), int(parser.problem_mark.column)}, message);
}

} // namespace

void YamlEventSources::parseWithYamlCpp(std::istream &in, YamlEventSink &sink)
{
    try {
        YAML::Parser parser(in);
        YamlCppEvents events(sink);
        if (!parser.HandleNextDocument(events))
            return;
        SecondDocumentDetector detector;
        parser.HandleNextDocument(detector);
    } catch (const YAML::Exception &e) {
        failAt(markOf(e.mark),
               QStringLiteral("not valid YAML: %1").arg(QString::fromStdString(e.msg)));
    }
}

// The same events yaml-cpp gives: "?" tags plain untagged values, "!" quoted ones, and a plain
// untagged null spelling is a null.
void YamlEventSources::parseWithLibyaml(std::istream &in, qint64 total, const Progress *progress,
                                        YamlEventSink &sink, std::size_t *anchorsDefined)
{
    const Progress none;
    StreamSource source{&in, progress ? progress : &none, total};
    LibyamlParser parser(source);
    std::unordered_map<std::string, YamlAnchor> anchors;
    YamlAnchor lastAnchor = 0;
    auto defineAnchor = [&](const yaml_char_t *name) -> YamlAnchor {
        if (!name)
            return 0;
        // A name may be anchored again; aliases after that mean the newer node.
        anchors[reinterpret_cast<const char *>(name)] = ++lastAnchor;
        if (anchorsDefined)
            *anchorsDefined = lastAnchor;
        return lastAnchor;
    };
    auto tagOf = [](const yaml_char_t *tag, bool plain) -> std::string_view {
        if (tag)
            return reinterpret_cast<const char *>(tag);
        return plain ? "?" : "!";
    };
    int documents = 0;
    for (;;) {
        LibyamlEvent holder;
        yaml_event_t &event = holder.event;
        if (!yaml_parser_parse(parser.get(), &event)) {
            if (source.canceled)
                throw YamlReadCanceled();
            failLibyaml(in, *parser.get());
        }
        const YamlMark mark{int(event.start_mark.line), int(event.start_mark.column)};
        // A sequence or a mapping opens: its anchor and tag read alike.
        const auto collectionStart = [&](YamlEvent::Type type, const auto &start) {
            sink.onEvent(
                {type, mark, defineAnchor(start.anchor), tagOf(start.tag, start.implicit), {}});
        };
        switch (event.type) {
        case YAML_STREAM_END_EVENT:
            return;
        case YAML_DOCUMENT_START_EVENT:
            if (++documents > 1)
                failAt(mark, QStringLiteral("expected one YAML document, found a second"));
            break;
        case YAML_SCALAR_EVENT: {
            const auto &scalar = event.data.scalar;
            const std::string_view value(reinterpret_cast<const char *>(scalar.value),
                                         scalar.length);
            const bool plain = scalar.style == YAML_PLAIN_SCALAR_STYLE && scalar.plain_implicit;
            const bool null = plain && !scalar.tag &&
                              (value.empty() || value == "~" || value == "null" ||
                               value == "Null" || value == "NULL");
            sink.onEvent({null ? YamlEvent::Type::Null : YamlEvent::Type::Scalar, mark,
                          defineAnchor(scalar.anchor), tagOf(scalar.tag, plain), value});
            break;
        }
        case YAML_ALIAS_EVENT: {
            const char *name = reinterpret_cast<const char *>(event.data.alias.anchor);
            const auto found = anchors.find(name);
            if (found == anchors.end())
                failAt(mark, QStringLiteral("not valid YAML: alias \"*%1\" names no anchor "
                                            "defined before it")
                                 .arg(QString::fromUtf8(name)));
            sink.onEvent({YamlEvent::Type::Alias, mark, found->second, {}, {}});
            break;
        }
        case YAML_SEQUENCE_START_EVENT:
            collectionStart(YamlEvent::Type::SequenceStart, event.data.sequence_start);
            break;
        case YAML_MAPPING_START_EVENT:
            collectionStart(YamlEvent::Type::MapStart, event.data.mapping_start);
            break;
        case YAML_SEQUENCE_END_EVENT:
            sink.onEvent({YamlEvent::Type::SequenceEnd, mark, 0, {}, {}});
            break;
        case YAML_MAPPING_END_EVENT:
            sink.onEvent({YamlEvent::Type::MapEnd, mark, 0, {}, {}});
            break;
        default:
            break;
        }
    }
}

bool YamlEventSources::findNul(std::istream &in, int *line, int *column)
{
    // memchr alone first: almost every file has no NUL at all, and only the rare one that has
    // is read again to count lines up to it.
    char buffer[65536];
    std::size_t before = 0; // bytes before the NUL
    bool found = false;
    while (in && !found) {
        in.read(buffer, sizeof buffer);
        const std::size_t got = std::size_t(in.gcount());
        const char *nul = static_cast<const char *>(std::memchr(buffer, '\0', got));
        found = nul != nullptr;
        before += found ? std::size_t(nul - buffer) : got;
    }
    if (!found)
        return false;
    in.clear();
    in.seekg(0);
    int currentLine = 1;
    int currentColumn = 1;
    while (before > 0 && in) {
        in.read(buffer, std::streamsize(std::min(sizeof buffer, before)));
        const std::size_t got = std::size_t(in.gcount());
        for (std::size_t i = 0; i < got; ++i) {
            if (buffer[i] == '\n') {
                ++currentLine;
                currentColumn = 1;
            } else {
                ++currentColumn;
            }
        }
        before -= got;
        if (got == 0)
            break;
    }
    *line = currentLine;
    *column = currentColumn;
    return true;
}

} // namespace portolan
