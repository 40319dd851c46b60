#include "formats/yaml/RegistrySchema.h"

#include <QRegularExpression>
#include <QStringDecoder>

#include <unordered_map>

namespace portolan {

using ValueKind = RegistrySchema::ValueKind;

namespace {

// What each sequence holds.
YamlContext elementOf(YamlContext sequence)
{
    switch (sequence) {
    case YamlContext::Blocks:
        return YamlContext::Block;
    case YamlContext::Devices:
        return YamlContext::Device;
    case YamlContext::Services:
        return YamlContext::Service;
    case YamlContext::Ports:
        return YamlContext::Binding;
    default:
        return YamlContext::Document;
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

} // namespace

const RegistrySchema::ContextSpec &RegistrySchema::specOf(YamlContext context)
{
    using K = ValueKind;
    static const std::unordered_map<int, ContextSpec> specs = [] {
        std::unordered_map<int, ContextSpec> table = {
            {int(YamlContext::Root),
             {"the registry",
              {{"portolan", K::Integer, true, YamlContext::Document},
               {"policy", K::Mapping, true, YamlContext::Policy},
               {"devices", K::Sequence, false, YamlContext::Devices}}}},
            {int(YamlContext::Policy),
             {"the policy",
              {{"domain", K::String, true, YamlContext::Document},
               {"internal_subdomain", K::String, true, YamlContext::Document},
               {"range", K::Mapping, true, YamlContext::Range},
               {"block_size", K::Integer, false, YamlContext::Document},
               {"blocks", K::Sequence, false, YamlContext::Blocks},
               {"proxy_network", K::String, false, YamlContext::Document},
               {"external_entrypoint", K::String, false, YamlContext::Document},
               {"internal_entrypoint", K::String, false, YamlContext::Document},
               {"proxy_device", K::String, false, YamlContext::Document}}}},
            {int(YamlContext::Range),
             {"the range",
              {{"start", K::Integer, true, YamlContext::Document},
               {"end", K::Integer, true, YamlContext::Document}}}},
            {int(YamlContext::Block),
             {"a block",
              {{"purpose", K::String, true, YamlContext::Document},
               {"label", K::String, false, YamlContext::Document}}}},
            {int(YamlContext::Device),
             {"a device",
              {{"name", K::String, true, YamlContext::Document},
               {"ip", K::String, true, YamlContext::Document},
               {"description", K::String, false, YamlContext::Document},
               {"vpn_ip", K::String, false, YamlContext::Document},
               {"ssh", K::String, false, YamlContext::Document},
               {"services", K::Sequence, false, YamlContext::Services}}}},
            {int(YamlContext::Service),
             {"a service",
              {{"name", K::String, true, YamlContext::Document},
               {"category", K::String, true, YamlContext::Document},
               {"notes", K::String, false, YamlContext::Document},
               {"image", K::String, false, YamlContext::Document},
               {"route", K::Mapping, false, YamlContext::Route},
               {"ports", K::Sequence, false, YamlContext::Ports}}}},
            {int(YamlContext::Route),
             {"a route",
              {{"host", K::String, true, YamlContext::Document},
               {"scope", K::String, true, YamlContext::Document},
               {"port", K::Integer, false, YamlContext::Document}}}},
            {int(YamlContext::Binding),
             {"a port binding",
              {{"host", K::PortRange, true, YamlContext::Document},
               {"container", K::PortRange, true, YamlContext::Document},
               {"protocol", K::String, false, YamlContext::Document},
               {"bind", K::String, false, YamlContext::Document},
               {"exception", K::String, false, YamlContext::Document},
               {"notes", K::String, false, YamlContext::Document}}}},
        };
        int id = 0;
        for (auto &entry : table) {
            for (KeySpec &key : entry.second.keys)
                key.id = id++;
        }
        return table;
    }();
    return specs.at(int(context));
}

void RegistrySchema::onEvent(const YamlEvent &event)
{
    switch (event.type) {
    case YamlEvent::Type::Null:
        onNull(event.mark);
        return;
    case YamlEvent::Type::Scalar:
        onScalar(event.mark, event.tag, event.value);
        return;
    case YamlEvent::Type::SequenceStart:
        onSequenceStart(event.mark);
        return;
    case YamlEvent::Type::SequenceEnd:
        onSequenceEnd();
        return;
    case YamlEvent::Type::MapStart:
        onMapStart(event.mark);
        return;
    case YamlEvent::Type::MapEnd:
        onMapEnd();
        return;
    case YamlEvent::Type::Alias:
        // AliasReplay stands before this stage and never passes an alias on.
        failAt(event.mark, QStringLiteral("an alias reached the schema unexpanded"));
    }
}

bool RegistrySchema::isMapping(YamlContext context)
{
    return context != YamlContext::Blocks && context != YamlContext::Devices &&
           context != YamlContext::Services && context != YamlContext::Ports &&
           context != YamlContext::Document;
}

RegistrySchema::Slot RegistrySchema::slotForValue(const YamlMark &mark, const char *found)
{
    if (m_stack.empty())
        failAt(mark, QStringLiteral("unexpected content after the registry"));
    Frame &frame = top();
    if (frame.context == YamlContext::Document)
        return {ValueKind::Mapping, YamlContext::Root, nullptr};
    if (!isMapping(frame.context))
        return {ValueKind::Mapping, elementOf(frame.context), nullptr};
    if (!frame.pendingKey)
        failAt(mark,
               QStringLiteral("expected a key in %1, found %2")
                   .arg(QLatin1String(specOf(frame.context).description), QLatin1String(found)));
    const KeySpec *key = frame.pendingKey;
    frame.pendingKey = nullptr;
    return {key->kind, key->child, key};
}

void RegistrySchema::wrongType(const YamlMark &mark, const Slot &slot, const QString &found)
{
    if (slot.key)
        failAt(mark, QStringLiteral("expected %1 for \"%2\", found %3")
                         .arg(kindDescription(slot.kind), QLatin1String(slot.key->name), found));
    if (slot.child == YamlContext::Root)
        failAt(mark, QStringLiteral("expected a mapping at the top of the registry "
                                    "(portolan: 1, policy, devices), found %1")
                         .arg(found));
    failAt(mark, QStringLiteral("expected %1 as an element, found %2")
                     .arg(QLatin1String(specOf(slot.child).description), found));
}

unsigned RegistrySchema::rootKeyBit(std::string_view name)
{
    const std::vector<KeySpec> &keys = specOf(YamlContext::Root).keys;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (name == keys[i].name)
            return 1u << i;
    }
    return 0;
}

unsigned RegistrySchema::requiredRootKeys()
{
    unsigned bits = 0;
    const std::vector<KeySpec> &keys = specOf(YamlContext::Root).keys;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (keys[i].required)
            bits |= 1u << i;
    }
    return bits;
}

// A map frame expecting a key takes the scalar as that key.
bool RegistrySchema::takeKey(const YamlMark &mark, std::string_view value)
{
    if (m_stack.empty() || !isMapping(top().context) || top().pendingKey)
        return false;
    Frame &frame = top();
    // A part of the devices holds nothing else, and the keys after them no devices: more
    // means the cut was misplaced (the reader then reads the text as one).
    if (frame.context == YamlContext::Root &&
        ((m_part == Part::DevicesOnly && value != "devices") ||
         (m_part == Part::Tail && value == "devices")))
        failAt(mark, QStringLiteral("a part of a registry holds a key of another part"));
    const ContextSpec &spec = specOf(frame.context);
    for (std::size_t i = 0; i < spec.keys.size(); ++i) {
        if (value != spec.keys[i].name)
            continue;
        if (frame.seen[i].line >= 0)
            failAt(mark, QStringLiteral("duplicate key \"%1\" in %2 (first given at line %3, "
                                        "column %4)")
                             .arg(QString::fromUtf8(value.data(), qsizetype(value.size())),
                                  QLatin1String(spec.description))
                             .arg(frame.seen[i].line + 1)
                             .arg(frame.seen[i].column + 1));
        frame.seen[i] = mark;
        if (frame.context == YamlContext::Root)
            m_rootKeysSeen |= 1u << i;
        frame.pendingKey = &spec.keys[i];
        frame.pendingKeyMark = mark;
        return true;
    }
    QStringList expected;
    for (const KeySpec &key : spec.keys)
        expected << QLatin1String(key.name);
    failAt(mark, QStringLiteral("unknown key \"%1\" in %2; expected one of: %3")
                     .arg(QString::fromUtf8(value.data(), int(value.size())),
                          QLatin1String(spec.description), expected.join(QStringLiteral(", "))));
}

QString RegistrySchema::decode(const YamlMark &mark, std::string_view value)
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
    if (value.find('\0') != std::string_view::npos)
        failAt(mark, QStringLiteral("NUL character in a value"));
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder(QByteArrayView(value.data(), qsizetype(value.size())));
    if (decoder.hasError())
        failAt(mark, QStringLiteral("value is not valid UTF-8"));
    return text;
}

static QString describeScalar(std::string_view tag, const QString &text)
{
    const QString shown = text.size() > 40 ? text.left(37) + QStringLiteral("...") : text;
    return tag == "!" ? QStringLiteral("the quoted string \"%1\"").arg(shown)
                      : QStringLiteral("\"%1\"").arg(shown);
}

int RegistrySchema::parseInteger(const YamlMark &mark, const Slot &slot, std::string_view tag,
                                 const QString &text)
{
    if (tag != "?" && tag != "tag:yaml.org,2002:int")
        wrongType(mark, slot, describeScalar(tag, text));
    const auto parsed = PortRange::parse(text);
    if (!parsed || parsed->isRange()) {
        static const QRegularExpression digits(QStringLiteral("^[0-9]+\\z"));
        if (digits.match(text).hasMatch())
            failAt(mark, QStringLiteral("number %1 for \"%2\" is too large")
                             .arg(text.size() > 20 ? text.left(17) + QStringLiteral("...") : text,
                                  QLatin1String(slot.key->name)));
        if (text.startsWith(u'-'))
            failAt(mark, QStringLiteral("expected a non-negative integer for \"%1\", found %2")
                             .arg(QLatin1String(slot.key->name), text));
        wrongType(mark, slot, describeScalar(tag, text));
    }
    return parsed->first;
}

PortRange RegistrySchema::parsePortRange(const YamlMark &mark, const Slot &slot,
                                         const QString &text)
{
    const auto parsed = PortRange::parse(text);
    if (!parsed)
        failAt(mark, QStringLiteral("bad port range \"%1\" for \"%2\": expected a port number "
                                    "1-65535 or a range \"A-B\"")
                         .arg(text.size() > 40 ? text.left(37) + QStringLiteral("...") : text,
                              QLatin1String(slot.key->name)));
    return *parsed;
}

// Most values of a registry repeat (protocols, exceptions, categories, scopes): a value read
// before for the same key shares that text instead of holding a copy of its own. On 100,000
// bindings that is some 300,000 strings fewer, each an allocation and ~48 bytes.
QString RegistrySchema::sharedText(const YamlMark &mark, const KeySpec &key, std::string_view value)
{
    return m_recent.text(std::size_t(key.id), value,
                         [&mark](std::string_view bytes) { return decode(mark, bytes); });
}

// Numbers and port ranges, most of a registry's values, read from the bytes without a string
// made for them: "N" or "N-M", digits only. Anything else (spaces, signs, too many digits) is
// left to the slower path, which accepts the same and says why it refuses the rest.
std::optional<PortRange> RegistrySchema::asciiPortRange(std::string_view value)
{
    int numbers[2] = {0, 0};
    int count = 0;
    int digits = 0;
    for (const char c : value) {
        if (c >= '0' && c <= '9') {
            if (++digits > 6)
                return std::nullopt;
            numbers[count] = numbers[count] * 10 + (c - '0');
        } else if (c == '-' && count == 0 && digits > 0) {
            count = 1;
            digits = 0;
        } else {
            return std::nullopt;
        }
    }
    if (digits == 0)
        return std::nullopt;
    return count == 0 ? PortRange::single(numbers[0]) : PortRange::span(numbers[0], numbers[1]);
}

void RegistrySchema::onScalar(const YamlMark &mark, std::string_view tag, std::string_view value)
{
    if (takeKey(mark, value))
        return;
    const Slot slot = slotForValue(mark, "a scalar");
    if (slot.kind == ValueKind::String && slot.key) {
        m_assembler.assignString(top().context, slot.key->name, sharedText(mark, *slot.key, value));
        return;
    }
    if (slot.kind == ValueKind::PortRange) {
        if (const auto range = asciiPortRange(value)) {
            m_assembler.assignPortRange(slot.key->name, *range);
            return;
        }
    }
    if (slot.kind == ValueKind::Integer && (tag == "?" || tag == "tag:yaml.org,2002:int")) {
        if (const auto number = asciiPortRange(value); number && !number->isRange()) {
            m_assembler.assignInteger(mark, top().context, slot.key->name, number->first);
            return;
        }
    }
    const QString text = decode(mark, value);
    switch (slot.kind) {
    case ValueKind::Mapping:
    case ValueKind::Sequence:
        wrongType(mark, slot, describeScalar(tag, text));
    case ValueKind::String:
        m_assembler.assignString(top().context, slot.key->name, text);
        return;
    case ValueKind::Integer:
        m_assembler.assignInteger(mark, top().context, slot.key->name,
                                  parseInteger(mark, slot, tag, text));
        return;
    case ValueKind::PortRange:
        m_assembler.assignPortRange(slot.key->name, parsePortRange(mark, slot, text));
        return;
    }
}

void RegistrySchema::onNull(const YamlMark &mark)
{
    if (!m_stack.empty() && isMapping(top().context) && !top().pendingKey)
        failAt(mark, QStringLiteral("expected a key in %1, found an empty key")
                         .arg(QLatin1String(specOf(top().context).description)));
    const Slot slot = slotForValue(mark, "nothing");
    if (!slot.key)
        wrongType(mark, slot, QStringLiteral("an empty value"));
    // An empty optional value is the same as leaving the key out; an empty collection
    // is an empty list.
    if (slot.kind == ValueKind::Sequence)
        return;
    if (slot.key->required)
        failAt(mark, QStringLiteral("\"%1\" needs a value: expected %2")
                         .arg(QLatin1String(slot.key->name), kindDescription(slot.kind)));
}

void RegistrySchema::onMapStart(const YamlMark &mark)
{
    if (!m_stack.empty() && isMapping(top().context) && !top().pendingKey)
        failAt(mark, QStringLiteral("expected a key in %1, found a mapping (is a closing } missing "
                                    "before it?)")
                         .arg(QLatin1String(specOf(top().context).description)));
    const Slot slot = slotForValue(mark, "a mapping");
    if (slot.kind != ValueKind::Mapping)
        wrongType(mark, slot, QStringLiteral("a mapping"));
    if (slot.child == YamlContext::Root)
        m_sawRoot = true;
    if (slot.child == YamlContext::Device && m_deviceLines)
        m_deviceLines->push_back(mark.line);
    m_assembler.openElement(slot.child);
    Frame frame{slot.child, mark};
    frame.seen.assign(specOf(slot.child).keys.size(), YamlMark());
    m_stack.push_back(std::move(frame));
}

void RegistrySchema::onMapEnd()
{
    Frame &frame = top();
    if (frame.pendingKey)
        failAt(
            frame.pendingKeyMark,
            QStringLiteral("key \"%1\" has no value").arg(QLatin1String(frame.pendingKey->name)));
    const ContextSpec &spec = specOf(frame.context);
    const bool partOfRoot = m_part != Part::Whole && frame.context == YamlContext::Root;
    for (std::size_t i = 0; i < spec.keys.size() && !partOfRoot; ++i) {
        if (spec.keys[i].required && frame.seen[i].line < 0)
            failAt(frame.start,
                   QStringLiteral("missing required key \"%1\" in %2")
                       .arg(QLatin1String(spec.keys[i].name), QLatin1String(spec.description)));
    }
    m_stack.pop_back();
}

void RegistrySchema::onSequenceStart(const YamlMark &mark)
{
    if (!m_stack.empty() && isMapping(top().context) && !top().pendingKey)
        failAt(mark, QStringLiteral("expected a key in %1, found a sequence")
                         .arg(QLatin1String(specOf(top().context).description)));
    const Slot slot = slotForValue(mark, "a sequence");
    if (slot.kind != ValueKind::Sequence)
        wrongType(mark, slot, QStringLiteral("a sequence"));
    m_stack.push_back(Frame{slot.child, mark});
}

void RegistrySchema::onSequenceEnd()
{
    m_assembler.closeList(top().context);
    m_stack.pop_back();
}

} // namespace portolan
