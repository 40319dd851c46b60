#pragma once

#include "domain/RecentTexts.h"
#include "formats/yaml/RegistryAssembler.h"
#include "formats/yaml/YamlEvents.h"

#include <optional>
#include <vector>

namespace portolan {

// The middle stage of the reader: format v1 as a table of contexts, their keys and the kind
// of each value, checked as the events pass. Unknown, duplicate and missing keys and values of
// the wrong kind are errors with their mark; what passes goes to the assembler.
class RegistrySchema final : public YamlEventSink
{
public:
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
        YamlContext child; // for mappings and sequences
        int id = 0;        // the key's place among every context's keys, from 0
    };
    struct ContextSpec
    {
        const char *description; // "a binding": used in messages
        std::vector<KeySpec> keys;
    };

    explicit RegistrySchema(RegistryAssembler &assembler)
        : m_assembler(assembler)
    {}

    static const ContextSpec &specOf(YamlContext context);

    void onEvent(const YamlEvent &event) override;

    // What a text holds of a registry cut in parts (DevicesSequenceCut).
    enum class Part
    {
        Whole,       // the whole registry
        Head,        // its start, whose devices are followed by top-level keys in the Tail
        DevicesOnly, // a stretch of its devices, under a "devices:" of its own
        Tail         // the top-level keys after the devices
    };

    bool sawRoot() const { return m_sawRoot; }
    // In a part, the top-level keys it lacks are in another, so none is required here; the
    // reader checks them across the parts (rootKeysSeen).
    void setPart(Part part) { m_part = part; }
    // The top-level keys given, a bit each by their place in specOf(YamlContext::Root).
    unsigned rootKeysSeen() const { return m_rootKeysSeen; }
    static unsigned rootKeyBit(std::string_view name);
    static unsigned requiredRootKeys();
    // Gets the 0-based line where each device's mapping starts, in order.
    void setDeviceLines(std::vector<int> *lines) { m_deviceLines = lines; }

private:
    struct Frame
    {
        Frame(YamlContext context, const YamlMark &start)
            : context(context)
            , start(start)
        {}

        YamlContext context;
        YamlMark start;
        // mappings: the key waiting for its value, and which keys were seen (by index)
        const KeySpec *pendingKey = nullptr;
        YamlMark pendingKeyMark;
        std::vector<YamlMark> seen; // line < 0: not seen
    };
    // Where a value event lands: the key it answers, or the element of a sequence.
    struct Slot
    {
        ValueKind kind;
        YamlContext child;
        const KeySpec *key; // null for sequence elements
    };

    void onNull(const YamlMark &mark);
    void onScalar(const YamlMark &mark, std::string_view tag, std::string_view value);
    void onSequenceStart(const YamlMark &mark);
    void onSequenceEnd();
    void onMapStart(const YamlMark &mark);
    void onMapEnd();

    Frame &top() { return m_stack.back(); }
    static bool isMapping(YamlContext context);
    Slot slotForValue(const YamlMark &mark, const char *found);
    [[noreturn]] void wrongType(const YamlMark &mark, const Slot &slot, const QString &found);
    bool takeKey(const YamlMark &mark, std::string_view value);
    static QString decode(const YamlMark &mark, std::string_view value);
    QString sharedText(const YamlMark &mark, const KeySpec &key, std::string_view value);
    static std::optional<PortRange> asciiPortRange(std::string_view value);
    int parseInteger(const YamlMark &mark, const Slot &slot, std::string_view tag,
                     const QString &text);
    PortRange parsePortRange(const YamlMark &mark, const Slot &slot, const QString &text);

    RegistryAssembler &m_assembler;
    std::vector<Frame> m_stack{Frame{YamlContext::Document, {}}};
    bool m_sawRoot = false;
    Part m_part = Part::Whole;
    unsigned m_rootKeysSeen = 0;
    std::vector<int> *m_deviceLines = nullptr;
    RecentTexts m_recent; // per key (KeySpec::id), shared by the values that repeat one
};

} // namespace portolan
