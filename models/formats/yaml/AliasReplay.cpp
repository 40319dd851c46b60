#include "formats/yaml/AliasReplay.h"

namespace portolan {

using Type = YamlEvent::Type;

void AliasReplay::onEvent(const YamlEvent &event)
{
    const bool opens = event.type == Type::SequenceStart || event.type == Type::MapStart;
    if (opens && event.anchor != 0 && m_replayDepth == 0)
        m_recordings.push_back({event.anchor, 0, {}});
    // Only what an anchor may be asked for later is copied; the common case passes through.
    if (!m_recordings.empty())
        record(event);
    const bool scalar = event.type == Type::Scalar || event.type == Type::Null;
    // A scalar or null with an anchor is a whole node by itself.
    if (scalar && event.anchor != 0 && m_replayDepth == 0)
        m_anchors[event.anchor] = {{event.type, event.mark, event.anchor, std::string(event.tag),
                                    std::string(event.value)}};
    if (event.type == Type::Alias) {
        replay(event.mark, event.anchor);
        return;
    }
    forward(event);
    if (event.type == Type::SequenceEnd || event.type == Type::MapEnd)
        finishCollection();
}

void AliasReplay::forward(const YamlEvent &event)
{
    YamlEvent plain = event;
    plain.anchor = 0; // later stages know nothing of anchors
    m_next.onEvent(plain);
}

void AliasReplay::record(const YamlEvent &event)
{
    for (Recording &recording : m_recordings) {
        recording.events.push_back({event.type, event.mark, event.anchor, std::string(event.tag),
                                    std::string(event.value)});
        if (event.type == Type::SequenceStart || event.type == Type::MapStart)
            ++recording.depth;
        else if (event.type == Type::SequenceEnd || event.type == Type::MapEnd)
            --recording.depth;
    }
}

void AliasReplay::finishCollection()
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

void AliasReplay::replay(const YamlMark &mark, YamlAnchor anchor)
{
    const auto found = m_anchors.find(anchor);
    if (found == m_anchors.end())
        failAt(mark, QStringLiteral("alias refers to an anchor that is not yet complete"));
    if (m_replayDepth >= MaxAliasDepth)
        failAt(mark, QStringLiteral("aliases nest deeper than %1 levels").arg(MaxAliasDepth));
    ++m_replayDepth;
    // Copy: replaying may add anchors and rehash the table.
    const std::vector<RecordedEvent> events = found->second;
    try {
        replayEvents(mark, events);
    } catch (YamlReadFailure &failure) {
        // Point at the alias the user wrote, not only at the anchored original.
        if (m_replayDepth == 1) {
            failure.message += QStringLiteral(" (in the value alias at line %1, column %2 stands "
                                              "for, defined at line %3, column %4)")
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

void AliasReplay::replayEvents(const YamlMark &mark, const std::vector<RecordedEvent> &events)
{
    for (const RecordedEvent &event : events) {
        if (++m_replayedEvents > MaxReplayedEvents)
            failAt(mark, QStringLiteral("aliases expand to more than %1 values; refusing to "
                                        "expand further")
                             .arg(MaxReplayedEvents));
        m_replayedBytes += event.value.size() + event.tag.size();
        if (m_replayedBytes > MaxReplayedBytes)
            failAt(mark, QStringLiteral("aliases expand to more than %1 MB of text; refusing to "
                                        "expand further")
                             .arg(MaxReplayedBytes / (1024 * 1024)));
        if (event.type == Type::Alias)
            replay(event.mark, event.anchor);
        else
            forward(event.view());
    }
}

} // namespace portolan
