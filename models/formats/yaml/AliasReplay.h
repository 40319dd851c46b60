#pragma once

#include "formats/yaml/YamlEvents.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace portolan {

// The first stage after the parser: anchored nodes are recorded as they pass, and an alias
// is replayed as the events of the node it names, so the stages after it never see an alias.
// Expansion is bounded ("billion laughs" files fail fast instead of eating memory), and a
// failure inside a replay is reported at the alias the user wrote.
class AliasReplay final : public YamlEventSink
{
public:
    static constexpr std::size_t MaxReplayedEvents = 1'000'000;
    // The text aliases may repeat, in bytes: one anchored 1 MB description aliased 3,000 times
    // is 3 GB once read, however few the events.
    static constexpr std::size_t MaxReplayedBytes = 64u * 1024 * 1024;
    static constexpr int MaxAliasDepth = 64;

    explicit AliasReplay(YamlEventSink &next)
        : m_next(next)
    {}

    void onEvent(const YamlEvent &event) override;

private:
    // An event kept beyond its handling: the views' text owned.
    struct RecordedEvent
    {
        YamlEvent::Type type;
        YamlMark mark;
        YamlAnchor anchor;
        std::string tag;
        std::string value;

        YamlEvent view() const { return {type, mark, anchor, tag, value}; }
    };
    struct Recording
    {
        YamlAnchor anchor;
        int depth;
        std::vector<RecordedEvent> events;
    };

    void record(const YamlEvent &event);
    void finishCollection();
    void replay(const YamlMark &mark, YamlAnchor anchor);
    void replayEvents(const YamlMark &mark, const std::vector<RecordedEvent> &events);
    void forward(const YamlEvent &event);

    YamlEventSink &m_next;
    std::vector<Recording> m_recordings;
    std::unordered_map<YamlAnchor, std::vector<RecordedEvent>> m_anchors;
    int m_replayDepth = 0;
    std::size_t m_replayedEvents = 0;
    std::size_t m_replayedBytes = 0;
};

} // namespace portolan
