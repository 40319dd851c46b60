#include "YamlReader.h"

#include "store/InputFile.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QStringDecoder>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <yaml.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <vector>

namespace portolan {

namespace {

// Where an event starts, 0-based, whichever parser produced it. line < 0: nowhere.
struct Mark
{
    int line = -1;
    int column = -1;
};

// 0 means "no anchor"; each parser maps its own anchor names or numbers to these.
using AnchorId = std::size_t;

// Thrown inside the event handler and caught at the reader's boundary: both parsers unwind
// cleanly, and the first problem is the one reported.
struct ReadFailure
{
    Mark mark;
    QString message;
};

// The progress callback asked to stop.
struct ReadCanceled
{};

[[noreturn]] void fail(const Mark &mark, const QString &message)
{
    throw ReadFailure{mark, message};
}

enum class Context
{
    Document,
    Root,
    Policy,
    Range,
    Blocks,
    Block,
    Devices,
    Device,
    Services,
    Service,
    Route,
    Ports,
    Binding,
};

enum class ValueKind
{
    String,
    Integer,
    PortRange,
    Mapping,
    Sequence
};

struct KeySpec
{
    const char *name;
    ValueKind kind;
    bool required;
    Context child; // for mappings and sequences
};

struct ContextSpec
{
    const char *description; // "a binding": used in messages
    std::vector<KeySpec> keys;
};

const ContextSpec &specOf(Context context)
{
    using K = ValueKind;
    static const std::unordered_map<int, ContextSpec> specs = {
        {int(Context::Root),
         {"the registry",
          {{"portolan", K::Integer, true, Context::Document},
           {"policy", K::Mapping, true, Context::Policy},
           {"devices", K::Sequence, false, Context::Devices}}}},
        {int(Context::Policy),
         {"the policy",
          {{"domain", K::String, true, Context::Document},
           {"internal_subdomain", K::String, true, Context::Document},
           {"range", K::Mapping, true, Context::Range},
           {"block_size", K::Integer, false, Context::Document},
           {"blocks", K::Sequence, false, Context::Blocks},
           {"proxy_network", K::String, false, Context::Document},
           {"external_entrypoint", K::String, false, Context::Document},
           {"internal_entrypoint", K::String, false, Context::Document}}}},
        {int(Context::Range),
         {"the range",
          {{"start", K::Integer, true, Context::Document},
           {"end", K::Integer, true, Context::Document}}}},
        {int(Context::Block),
         {"a block",
          {{"purpose", K::String, true, Context::Document},
           {"label", K::String, false, Context::Document}}}},
        {int(Context::Device),
         {"a device",
          {{"name", K::String, true, Context::Document},
           {"ip", K::String, true, Context::Document},
           {"description", K::String, false, Context::Document},
           {"services", K::Sequence, false, Context::Services}}}},
        {int(Context::Service),
         {"a service",
          {{"name", K::String, true, Context::Document},
           {"category", K::String, true, Context::Document},
           {"notes", K::String, false, Context::Document},
           {"route", K::Mapping, false, Context::Route},
           {"ports", K::Sequence, false, Context::Ports}}}},
        {int(Context::Route),
         {"a route",
          {{"host", K::String, true, Context::Document},
           {"scope", K::String, true, Context::Document},
           {"port", K::Integer, false, Context::Document}}}},
        {int(Context::Binding),
         {"a port binding",
          {{"host", K::PortRange, true, Context::Document},
           {"container", K::PortRange, true, Context::Document},
           {"protocol", K::String, false, Context::Document},
           {"bind", K::String, false, Context::Document},
           {"exception", K::String, false, Context::Document},
           {"notes", K::String, false, Context::Document}}}},
    };
    return specs.at(int(context));
}

// What each sequence holds.
Context elementOf(Context sequence)
{
    switch (sequence) {
    case Context::Blocks:
        return Context::Block;
    case Context::Devices:
        return Context::Device;
    case Context::Services:
        return Context::Service;
    case Context::Ports:
        return Context::Binding;
    default:
        return Context::Document;
    }
}

QString kindDescription(ValueKind kind)
{
    switch (kind) {
    case ValueKind::String:
        return QStringLiteral("a string");
    case ValueKind::Integer:
        return QStringLiteral("an integer");
    case ValueKind::PortRange:
        return QStringLiteral("a port number or a range \"A-B\"");
    case ValueKind::Mapping:
        return QStringLiteral("a mapping");
    case ValueKind::Sequence:
        return QStringLiteral("a sequence");
    }
    return QString();
}

// One event, kept so an anchored node can be replayed where an alias names it.
struct RecordedEvent
{
    enum Type
    {
        Null,
        Alias,
        Scalar,
        SequenceStart,
        SequenceEnd,
        MapStart,
        MapEnd
    } type;
    Mark mark;
    AnchorId anchor = 0;
    std::string tag;
    std::string value;
};

// Alias expansion is bounded so a "billion laughs" file fails fast instead of eating memory.
constexpr std::size_t MaxReplayedEvents = 1'000'000;
constexpr int MaxAliasDepth = 64;

// Turns the event stream of either parser into a Registry, checking it against the schema
// table as it goes.
class RegistryBuilder final
{
public:
    explicit RegistryBuilder(Registry &registry)
        : m_registry(registry)
    {}

    void OnNull(const Mark &mark, AnchorId anchor)
    {
        const RecordedEvent event{RecordedEvent::Null, mark, anchor, {}, {}};
        record(event);
        onNull(mark);
        rememberScalar(anchor, event);
    }

    void OnAlias(const Mark &mark, AnchorId anchor)
    {
        record({RecordedEvent::Alias, mark, anchor, {}, {}});
        replay(mark, anchor);
    }

    void OnScalar(const Mark &mark, const std::string &tag, AnchorId anchor,
                  const std::string &value)
    {
        const RecordedEvent event{RecordedEvent::Scalar, mark, anchor, tag, value};
        record(event);
        onScalar(mark, tag, value);
        rememberScalar(anchor, event);
    }

    void OnSequenceStart(const Mark &mark, const std::string &tag, AnchorId anchor)
    {
        startRecording(anchor);
        record({RecordedEvent::SequenceStart, mark, anchor, tag, {}});
        onSequenceStart(mark);
    }

    void OnSequenceEnd()
    {
        record({RecordedEvent::SequenceEnd, {}, 0, {}, {}});
        onSequenceEnd();
        finishCollection();
    }

    void OnMapStart(const Mark &mark, const std::string &tag, AnchorId anchor)
    {
        startRecording(anchor);
        record({RecordedEvent::MapStart, mark, anchor, tag, {}});
        onMapStart(mark);
    }

    void OnMapEnd()
    {
        record({RecordedEvent::MapEnd, {}, 0, {}, {}});
        onMapEnd();
        finishCollection();
    }

    bool sawRoot() const { return m_sawRoot; }

private:
    struct Frame
    {
        Frame(Context context, const Mark &start)
            : context(context)
            , start(start)
        {}

        Context context;
        Mark start;
        // mappings: the key waiting for its value, and which keys were seen (by index)
        const KeySpec *pendingKey = nullptr;
        Mark pendingKeyMark;
        std::vector<Mark> seen; // line < 0: not seen
    };

    // --- anchors and aliases ---------------------------------------------------------------

    struct Recording
    {
        AnchorId anchor;
        int depth;
        std::vector<RecordedEvent> events;
    };

    void record(const RecordedEvent &event)
    {
        for (Recording &recording : m_recordings) {
            recording.events.push_back(event);
            if (event.type == RecordedEvent::SequenceStart || event.type == RecordedEvent::MapStart)
                ++recording.depth;
            else if (event.type == RecordedEvent::SequenceEnd ||
                     event.type == RecordedEvent::MapEnd)
                --recording.depth;
        }
    }

    void startRecording(AnchorId anchor)
    {
        if (anchor != 0 && m_replayDepth == 0)
            m_recordings.push_back({anchor, 0, {}});
    }

    // A scalar or null with an anchor is a whole node by itself.
    void rememberScalar(AnchorId anchor, const RecordedEvent &event)
    {
        if (anchor != 0 && m_replayDepth == 0)
            m_anchors[anchor] = {event};
    }

    void finishCollection()
    {
        if (m_replayDepth > 0)
            return;
        for (auto it = m_recordings.begin(); it != m_recordings.end(); ++it) {
            if (it->depth == 0) {
                m_anchors[it->anchor] = std::move(it->events);
                m_recordings.erase(it);
                return;
            }
        }
    }

    void replay(const Mark &mark, AnchorId anchor)
    {
        const auto found = m_anchors.find(anchor);
        if (found == m_anchors.end())
            fail(mark, QStringLiteral("alias refers to an anchor that is not yet complete"));
        if (m_replayDepth >= MaxAliasDepth)
            fail(mark, QStringLiteral("aliases nest deeper than %1 levels").arg(MaxAliasDepth));
        ++m_replayDepth;
        // Copy: replaying may add anchors and rehash the table.
        const std::vector<RecordedEvent> events = found->second;
        try {
            replayEvents(mark, events);
        } catch (ReadFailure &failure) {
            // Point at the alias the user wrote, not only at the anchored original.
            if (m_replayDepth == 1) {
                failure.message +=
                    QStringLiteral(" (in the value alias at line %1, column %2 stands for, "
                                   "defined at line %3, column %4)")
                        .arg(mark.line + 1)
                        .arg(mark.column + 1)
                        .arg(failure.mark.line + 1)
                        .arg(failure.mark.column + 1);
                failure.mark = mark;
            }
            --m_replayDepth;
            throw;
        }
        --m_replayDepth;
    }

    void replayEvents(const Mark &mark, const std::vector<RecordedEvent> &events)
    {
        for (const RecordedEvent &event : events) {
            if (++m_replayedEvents > MaxReplayedEvents)
                fail(mark, QStringLiteral("aliases expand to more than %1 values; refusing "
                                          "to expand further")
                               .arg(MaxReplayedEvents));
            switch (event.type) {
            case RecordedEvent::Null:
                onNull(event.mark);
                break;
            case RecordedEvent::Alias:
                replay(event.mark, event.anchor);
                break;
            case RecordedEvent::Scalar:
                onScalar(event.mark, event.tag, event.value);
                break;
            case RecordedEvent::SequenceStart:
                onSequenceStart(event.mark);
                break;
            case RecordedEvent::SequenceEnd:
                onSequenceEnd();
                break;
            case RecordedEvent::MapStart:
                onMapStart(event.mark);
                break;
            case RecordedEvent::MapEnd:
                onMapEnd();
                break;
            }
        }
    }

    // --- the schema --------------------------------------------------------------------------

    Frame &top() { return m_stack.back(); }

    static bool isMapping(Context context)
    {
        return context != Context::Blocks && context != Context::Devices &&
               context != Context::Services && context != Context::Ports &&
               context != Context::Document;
    }

    // Where a value event lands: the key it answers, or the element of a sequence.
    struct Slot
    {
        ValueKind kind;
        Context child;
        const KeySpec *key; // null for sequence elements
    };

    Slot slotForValue(const Mark &mark, const char *found)
    {
        if (m_stack.empty())
            fail(mark, QStringLiteral("unexpected content after the registry"));
        Frame &frame = top();
        if (frame.context == Context::Document)
            return {ValueKind::Mapping, Context::Root, nullptr};
        if (!isMapping(frame.context))
            return {ValueKind::Mapping, elementOf(frame.context), nullptr};
        if (!frame.pendingKey)
            fail(mark,
                 QStringLiteral("expected a key in %1, found %2")
                     .arg(QLatin1String(specOf(frame.context).description), QLatin1String(found)));
        const KeySpec *key = frame.pendingKey;
        frame.pendingKey = nullptr;
        return {key->kind, key->child, key};
    }

    [[noreturn]] void wrongType(const Mark &mark, const Slot &slot, const QString &found)
    {
        if (slot.key)
            fail(mark, QStringLiteral("expected %1 for \"%2\", found %3")
                           .arg(kindDescription(slot.kind), QLatin1String(slot.key->name), found));
        if (slot.child == Context::Root)
            fail(mark, QStringLiteral("expected a mapping at the top of the registry "
                                      "(portolan: 1, policy, devices), found %1")
                           .arg(found));
        fail(mark, QStringLiteral("expected %1 as an element, found %2")
                       .arg(QLatin1String(specOf(slot.child).description), found));
    }

    // A map frame expecting a key takes the scalar as that key.
    bool takeKey(const Mark &mark, const std::string &value)
    {
        if (m_stack.empty() || !isMapping(top().context) || top().pendingKey)
            return false;
        Frame &frame = top();
        const ContextSpec &spec = specOf(frame.context);
        for (std::size_t i = 0; i < spec.keys.size(); ++i) {
            if (value != spec.keys[i].name)
                continue;
            if (frame.seen[i].line >= 0)
                fail(mark, QStringLiteral("duplicate key \"%1\" in %2 (first given at line %3, "
                                          "column %4)")
                               .arg(QString::fromStdString(value), QLatin1String(spec.description))
                               .arg(frame.seen[i].line + 1)
                               .arg(frame.seen[i].column + 1));
            frame.seen[i] = mark;
            frame.pendingKey = &spec.keys[i];
            frame.pendingKeyMark = mark;
            return true;
        }
        QStringList expected;
        for (const KeySpec &key : spec.keys)
            expected << QLatin1String(key.name);
        fail(mark, QStringLiteral("unknown key \"%1\" in %2; expected one of: %3")
                       .arg(QString::fromUtf8(value.data(), int(value.size())),
                            QLatin1String(spec.description), expected.join(QStringLiteral(", "))));
    }

    QString decode(const Mark &mark, const std::string &value)
    {
        bool ascii = true;
        for (unsigned char c : value) {
            if (c >= 0x80 || c == 0) {
                ascii = false;
                break;
            }
        }
        if (ascii)
            return QString::fromLatin1(value.data(), qsizetype(value.size()));
        if (value.find('\0') != std::string::npos)
            fail(mark, QStringLiteral("NUL character in a value"));
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        QString text = decoder(QByteArrayView(value.data(), qsizetype(value.size())));
        if (decoder.hasError())
            fail(mark, QStringLiteral("value is not valid UTF-8"));
        return text;
    }

    static QString describeScalar(const std::string &tag, const QString &text)
    {
        const QString shown = text.size() > 40 ? text.left(37) + QStringLiteral("...") : text;
        return tag == "!" ? QStringLiteral("the quoted string \"%1\"").arg(shown)
                          : QStringLiteral("\"%1\"").arg(shown);
    }

    int parseInteger(const Mark &mark, const Slot &slot, const std::string &tag,
                     const QString &text)
    {
        if (tag != "?" && tag != "tag:yaml.org,2002:int")
            wrongType(mark, slot, describeScalar(tag, text));
        const auto parsed = PortRange::parse(text);
        if (!parsed || parsed->isRange()) {
            static const QRegularExpression digits(QStringLiteral("^[0-9]+$"));
            if (digits.match(text).hasMatch())
                fail(mark, QStringLiteral("number %1 for \"%2\" is too large")
                               .arg(text.size() > 20 ? text.left(17) + QStringLiteral("...") : text,
                                    QLatin1String(slot.key->name)));
            if (text.startsWith(u'-'))
                fail(mark, QStringLiteral("expected a non-negative integer for \"%1\", found %2")
                               .arg(QLatin1String(slot.key->name), text));
            wrongType(mark, slot, describeScalar(tag, text));
        }
        return parsed->first;
    }

    PortRange parsePortRange(const Mark &mark, const Slot &slot, const QString &text)
    {
        const auto parsed = PortRange::parse(text);
        if (!parsed)
            fail(mark, QStringLiteral("bad port range \"%1\" for \"%2\": expected a port number "
                                      "1-65535 or a range \"A-B\"")
                           .arg(text.size() > 40 ? text.left(37) + QStringLiteral("...") : text,
                                QLatin1String(slot.key->name)));
        return *parsed;
    }

    void onScalar(const Mark &mark, const std::string &tag, const std::string &value)
    {
        if (takeKey(mark, value))
            return;
        const Slot slot = slotForValue(mark, "a scalar");
        const QString text = decode(mark, value);
        switch (slot.kind) {
        case ValueKind::Mapping:
        case ValueKind::Sequence:
            wrongType(mark, slot, describeScalar(tag, text));
        case ValueKind::String:
            assignString(slot, text);
            return;
        case ValueKind::Integer:
            assignInteger(mark, slot, parseInteger(mark, slot, tag, text));
            return;
        case ValueKind::PortRange:
            assignPortRange(slot, parsePortRange(mark, slot, text));
            return;
        }
    }

    void onNull(const Mark &mark)
    {
        if (!m_stack.empty() && isMapping(top().context) && !top().pendingKey)
            fail(mark, QStringLiteral("expected a key in %1, found an empty key")
                           .arg(QLatin1String(specOf(top().context).description)));
        const Slot slot = slotForValue(mark, "nothing");
        if (!slot.key)
            wrongType(mark, slot, QStringLiteral("an empty value"));
        // An empty optional value is the same as leaving the key out; an empty collection
        // is an empty list.
        if (slot.kind == ValueKind::Sequence)
            return;
        if (slot.key->required)
            fail(mark, QStringLiteral("\"%1\" needs a value: expected %2")
                           .arg(QLatin1String(slot.key->name), kindDescription(slot.kind)));
    }

    void onMapStart(const Mark &mark)
    {
        if (!m_stack.empty() && isMapping(top().context) && !top().pendingKey)
            fail(mark,
                 QStringLiteral("expected a key in %1, found a mapping (is a closing } missing "
                                "before it?)")
                     .arg(QLatin1String(specOf(top().context).description)));
        const Slot slot = slotForValue(mark, "a mapping");
        if (slot.kind != ValueKind::Mapping)
            wrongType(mark, slot, QStringLiteral("a mapping"));
        if (slot.child == Context::Root)
            m_sawRoot = true;
        openElement(slot.child);
        Frame frame{slot.child, mark};
        frame.seen.assign(specOf(slot.child).keys.size(), Mark());
        m_stack.push_back(std::move(frame));
    }

    void onMapEnd()
    {
        Frame &frame = top();
        if (frame.pendingKey)
            fail(frame.pendingKeyMark, QStringLiteral("key \"%1\" has no value")
                                           .arg(QLatin1String(frame.pendingKey->name)));
        const ContextSpec &spec = specOf(frame.context);
        for (std::size_t i = 0; i < spec.keys.size(); ++i) {
            if (spec.keys[i].required && frame.seen[i].line < 0)
                fail(frame.start,
                     QStringLiteral("missing required key \"%1\" in %2")
                         .arg(QLatin1String(spec.keys[i].name), QLatin1String(spec.description)));
        }
        m_stack.pop_back();
    }

    void onSequenceStart(const Mark &mark)
    {
        if (!m_stack.empty() && isMapping(top().context) && !top().pendingKey)
            fail(mark, QStringLiteral("expected a key in %1, found a sequence")
                           .arg(QLatin1String(specOf(top().context).description)));
        const Slot slot = slotForValue(mark, "a sequence");
        if (slot.kind != ValueKind::Sequence)
            wrongType(mark, slot, QStringLiteral("a sequence"));
        m_stack.push_back(Frame{slot.child, mark});
    }

    void onSequenceEnd() { m_stack.pop_back(); }

    // --- writing into the registry -------------------------------------------------------

    Device &device() { return m_registry.devices.back(); }
    Service &service() { return device().services.back(); }
    Binding &binding() { return service().ports.back(); }

    void openElement(Context context)
    {
        switch (context) {
        case Context::Block:
            m_registry.policy.blocks.append(Block());
            break;
        case Context::Device:
            m_registry.devices.append(Device());
            break;
        case Context::Service:
            device().services.append(Service());
            break;
        case Context::Route:
            service().route = Route();
            break;
        case Context::Binding:
            service().ports.append(Binding());
            break;
        default:
            break;
        }
    }

    void assignString(const Slot &slot, const QString &text)
    {
        const std::string_view key = slot.key->name;
        switch (top().context) {
        case Context::Policy: {
            Policy &policy = m_registry.policy;
            (key == "domain"                ? policy.domain
             : key == "internal_subdomain"  ? policy.internalSubdomain
             : key == "proxy_network"       ? policy.proxyNetwork
             : key == "external_entrypoint" ? policy.externalEntrypoint
                                            : policy.internalEntrypoint) = text;
            break;
        }
        case Context::Block:
            (key == "purpose" ? m_registry.policy.blocks.back().purpose
                              : m_registry.policy.blocks.back().label) = text;
            break;
        case Context::Device:
            (key == "name" ? device().name
             : key == "ip" ? device().ip
                           : device().description) = text;
            break;
        case Context::Service:
            (key == "name"       ? service().name
             : key == "category" ? service().category
                                 : service().notes) = text;
            break;
        case Context::Route:
            (key == "host" ? service().route->host : service().route->scope) = text;
            break;
        case Context::Binding:
            (key == "protocol"    ? binding().protocol
             : key == "bind"      ? binding().bind
             : key == "exception" ? binding().exception
                                  : binding().notes) = text;
            break;
        default:
            break;
        }
    }

    void assignInteger(const Mark &mark, const Slot &slot, int value)
    {
        const std::string_view key = slot.key->name;
        switch (top().context) {
        case Context::Root:
            if (value != CurrentFormatVersion)
                fail(mark, QStringLiteral("unsupported format version %1: this build reads "
                                          "\"portolan: %2\"")
                               .arg(value)
                               .arg(CurrentFormatVersion));
            m_registry.formatVersion = value;
            break;
        case Context::Policy:
            m_registry.policy.blockSize = value;
            break;
        case Context::Range:
            (key == "start" ? m_registry.policy.range.first : m_registry.policy.range.last) = value;
            break;
        case Context::Route:
            service().route->port = value;
            break;
        default:
            break;
        }
    }

    void assignPortRange(const Slot &slot, const PortRange &range)
    {
        (std::string_view(slot.key->name) == "host" ? binding().host : binding().container) = range;
    }

    Registry &m_registry;
    std::vector<Frame> m_stack{Frame{Context::Document, {}}};
    bool m_sawRoot = false;

    std::vector<Recording> m_recordings;
    std::unordered_map<AnchorId, std::vector<RecordedEvent>> m_anchors;
    int m_replayDepth = 0;
    std::size_t m_replayedEvents = 0;
};

// --- yaml-cpp as the event source -------------------------------------------------------------

Mark markOf(const YAML::Mark &mark)
{
    return {mark.line, mark.column};
}

class YamlCppEvents final : public YAML::EventHandler
{
public:
    explicit YamlCppEvents(RegistryBuilder &builder)
        : m_builder(builder)
    {}

    void OnDocumentStart(const YAML::Mark &) override {}
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark &mark, YAML::anchor_t anchor) override
    {
        m_builder.OnNull(markOf(mark), anchor);
    }
    void OnAlias(const YAML::Mark &mark, YAML::anchor_t anchor) override
    {
        m_builder.OnAlias(markOf(mark), anchor);
    }
    void OnScalar(const YAML::Mark &mark, const std::string &tag, YAML::anchor_t anchor,
                  const std::string &value) override
    {
        m_builder.OnScalar(markOf(mark), tag, anchor, value);
    }
    void OnSequenceStart(const YAML::Mark &mark, const std::string &tag, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override
    {
        m_builder.OnSequenceStart(markOf(mark), tag, anchor);
    }
    void OnSequenceEnd() override { m_builder.OnSequenceEnd(); }
    void OnMapStart(const YAML::Mark &mark, const std::string &tag, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override
    {
        m_builder.OnMapStart(markOf(mark), tag, anchor);
    }
    void OnMapEnd() override { m_builder.OnMapEnd(); }

private:
    RegistryBuilder &m_builder;
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
        fail(markOf(mark), QStringLiteral("expected one YAML document, found a second"));
    }
};

void parseWithYamlCpp(std::istream &in, RegistryBuilder &builder)
{
    try {
        YAML::Parser parser(in);
        YamlCppEvents events(builder);
        if (!parser.HandleNextDocument(events))
            return;
        SecondDocumentDetector detector;
        parser.HandleNextDocument(detector);
    } catch (const YAML::Exception &e) {
        fail(markOf(e.mark),
             QStringLiteral("not valid YAML: %1").arg(QString::fromStdString(e.msg)));
    }
}

// --- libyaml as the event source ---------------------------------------------------------------

// What libyaml's read callback works with: the stream, and whom to tell how far it got.
struct StreamSource
{
    std::istream *in;
    const YamlReader::Progress *progress;
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
Mark markAtOffset(std::istream &in, std::size_t offset)
{
    in.clear();
    in.seekg(0);
    Mark mark{0, 0};
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
        const Mark mark = markAtOffset(in, parser.problem_offset);
        if (problem.contains(QLatin1String("UTF-8")))
            fail(mark, QStringLiteral("the file is not valid UTF-8 (%1)").arg(problem));
        fail(mark, QStringLiteral("not valid YAML text: %1").arg(problem));
    }
    if (parser.error == YAML_MEMORY_ERROR)
        fail(Mark{0, 0}, QStringLiteral("out of memory while parsing"));
    QString message = QStringLiteral("not valid YAML: %1").arg(problem);
    if (parser.context)
        message += QStringLiteral(" (%1 at line %2, column %3)")
                       .arg(QString::fromUtf8(parser.context))
                       .arg(parser.context_mark.line + 1)
                       .arg(parser.context_mark.column + 1);
    fail(Mark{int(parser.problem_mark.line), int(parser.problem_mark.column)}, message);
}

// The same events yaml-cpp gives: "?" tags plain untagged values, "!" quoted ones, and a plain
// untagged null spelling is a null.
void parseWithLibyaml(StreamSource &source, RegistryBuilder &builder)
{
    std::istream &in = *source.in;
    LibyamlParser parser(source);
    std::unordered_map<std::string, AnchorId> anchors;
    AnchorId lastAnchor = 0;
    auto defineAnchor = [&](const yaml_char_t *name) -> AnchorId {
        if (!name)
            return 0;
        // A name may be anchored again; aliases after that mean the newer node.
        anchors[reinterpret_cast<const char *>(name)] = ++lastAnchor;
        return lastAnchor;
    };
    auto tagOf = [](const yaml_char_t *tag, bool plain) -> std::string {
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
                throw ReadCanceled();
            failLibyaml(in, *parser.get());
        }
        const Mark mark{int(event.start_mark.line), int(event.start_mark.column)};
        switch (event.type) {
        case YAML_STREAM_END_EVENT:
            return;
        case YAML_DOCUMENT_START_EVENT:
            if (++documents > 1)
                fail(mark, QStringLiteral("expected one YAML document, found a second"));
            break;
        case YAML_SCALAR_EVENT: {
            const auto &scalar = event.data.scalar;
            const std::string_view value(reinterpret_cast<const char *>(scalar.value),
                                         scalar.length);
            const bool plain = scalar.style == YAML_PLAIN_SCALAR_STYLE && scalar.plain_implicit;
            const AnchorId anchor = defineAnchor(scalar.anchor);
            if (plain && !scalar.tag &&
                (value.empty() || value == "~" || value == "null" || value == "Null" ||
                 value == "NULL"))
                builder.OnNull(mark, anchor);
            else
                builder.OnScalar(mark, tagOf(scalar.tag, plain), anchor, std::string(value));
            break;
        }
        case YAML_ALIAS_EVENT: {
            const char *name = reinterpret_cast<const char *>(event.data.alias.anchor);
            const auto found = anchors.find(name);
            if (found == anchors.end())
                fail(mark, QStringLiteral("not valid YAML: alias \"*%1\" names no anchor "
                                          "defined before it")
                               .arg(QString::fromUtf8(name)));
            builder.OnAlias(mark, found->second);
            break;
        }
        case YAML_SEQUENCE_START_EVENT:
            builder.OnSequenceStart(
                mark, tagOf(event.data.sequence_start.tag, event.data.sequence_start.implicit),
                defineAnchor(event.data.sequence_start.anchor));
            break;
        case YAML_SEQUENCE_END_EVENT:
            builder.OnSequenceEnd();
            break;
        case YAML_MAPPING_START_EVENT:
            builder.OnMapStart(
                mark, tagOf(event.data.mapping_start.tag, event.data.mapping_start.implicit),
                defineAnchor(event.data.mapping_start.anchor));
            break;
        case YAML_MAPPING_END_EVENT:
            builder.OnMapEnd();
            break;
        default:
            break;
        }
    }
}

// yaml-cpp reads a NUL byte as the end of a string and then reports something unrelated, and
// libyaml would decode a UTF-16 file that the rest of the toolchain reads as binary; say what
// is really there, and where.
bool findNul(std::istream &in, int *line, int *column)
{
    char buffer[65536];
    int currentLine = 1;
    int currentColumn = 1;
    while (in) {
        in.read(buffer, sizeof buffer);
        const std::streamsize got = in.gcount();
        // memchr first: almost every file has no NUL at all.
        const char *nul = static_cast<const char *>(std::memchr(buffer, '\0', std::size_t(got)));
        for (const char *c = buffer; c != (nul ? nul : buffer + got); ++c) {
            if (*c == '\n') {
                ++currentLine;
                currentColumn = 1;
            } else {
                ++currentColumn;
            }
        }
        if (nul) {
            *line = currentLine;
            *column = currentColumn;
            return true;
        }
    }
    return false;
}

} // namespace

bool YamlReader::readFile(const QString &path, Registry &registry)
{
    if (!InputFile::isRegularFile(path)) {
        // Standard input, a FIFO, /dev/stdin: read whole first (they cannot be seeked).
        QByteArray data;
        if (!InputFile::readAll(path, MaxStreamBytes, QStringLiteral("a registry"), &data,
                                &m_error))
            return false;
        return readData(data, InputFile::displayName(path), registry);
    }
    std::ifstream in(QFile::encodeName(path).toStdString(), std::ios::binary);
    if (!in) {
        m_error = {{path, 0, 0}, QStringLiteral("cannot open the file for reading")};
        return false;
    }
    return readStream(in, path, registry);
}

namespace {

// Reads a QByteArray in place (std::istringstream would copy it twice), seekable as the reader
// needs: it looks for NUL bytes first and then parses from the start.
class MemoryBuffer final : public std::streambuf
{
public:
    explicit MemoryBuffer(const QByteArray &data)
    {
        char *begin = const_cast<char *>(data.constData());
        setg(begin, begin, begin + data.size());
    }

protected:
    pos_type seekoff(off_type offset, std::ios_base::seekdir direction,
                     std::ios_base::openmode) override
    {
        char *target = direction == std::ios_base::beg   ? eback() + offset
                       : direction == std::ios_base::cur ? gptr() + offset
                                                         : egptr() + offset;
        if (target < eback() || target > egptr())
            return pos_type(off_type(-1));
        setg(eback(), target, egptr());
        return pos_type(target - eback());
    }
    pos_type seekpos(pos_type position, std::ios_base::openmode mode) override
    {
        return seekoff(off_type(position), std::ios_base::beg, mode);
    }
};

} // namespace

bool YamlReader::readData(const QByteArray &data, const QString &displayName, Registry &registry)
{
    MemoryBuffer buffer(data);
    std::istream in(&buffer);
    return readStream(in, displayName, registry);
}

bool YamlReader::readStream(std::istream &in, const QString &displayName, Registry &registry)
{
    {
        int line = 0;
        int column = 0;
        const bool hasNul = findNul(in, &line, &column);
        in.clear();
        in.seekg(0);
        if (hasNul) {
            m_error = {{displayName, line, column},
                       QStringLiteral("NUL byte in the file: not a text registry")};
            return false;
        }
    }
    m_canceled = false;
    in.seekg(0, std::ios::end);
    const qint64 total = qint64(in.tellg());
    in.seekg(0);
    Registry result;
    result.formatVersion = 0; // "portolan" is required; 0 until read
    result.policy.range = PortRange::span(0, 0);
    try {
        RegistryBuilder builder(result);
        if (m_engine == Engine::YamlCpp)
            parseWithYamlCpp(in, builder);
        else {
            StreamSource source{&in, &m_progress, total};
            parseWithLibyaml(source, builder);
        }
        if (!builder.sawRoot()) {
            m_error = {{displayName, 1, 1},
                       QStringLiteral("empty file: expected a registry mapping starting "
                                      "with \"portolan: 1\"")};
            return false;
        }
    } catch (const ReadCanceled &) {
        m_canceled = true;
        m_error = {{displayName, 0, 0}, QStringLiteral("reading was canceled")};
        return false;
    } catch (const ReadFailure &failure) {
        m_error = {
            {displayName, std::max(failure.mark.line, 0) + 1, std::max(failure.mark.column, 0) + 1},
            failure.message};
        return false;
    } catch (const std::exception &e) {
        m_error = {{displayName, 1, 1},
                   QStringLiteral("cannot read: %1").arg(QString::fromLocal8Bit(e.what()))};
        return false;
    }
    registry = std::move(result);
    return true;
}

} // namespace portolan
