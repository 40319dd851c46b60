#include "AliasReplay.h"

namespace portolan {

void AliasReplay::onNull(const YamlMark &mark, YamlAnchor anchor)
{
    if (recording() || anchor != 0) {
        const RecordedEvent event{RecordedEvent::Null, mark, anchor, {}, {}};
        record(event);
        rememberScalar(anchor, event);
    }
    m_next.onNull(mark, 0);
}

void AliasReplay::onAlias(const YamlMark &mark, YamlAnchor anchor)
{
    if (recording())
        record({RecordedEvent::Alias, mark, anchor, {}, {}});
    replay(mark, anchor);
}

void AliasReplay::onScalar(const YamlMark &mark, std::string_view tag, YamlAnchor anchor,
                           std::string_view value)
{
    // Only what an anchor may be asked for later is copied; the common case passes through.
    if (recording() || anchor != 0) {
        const RecordedEvent event{RecordedEvent::Scalar, mark, anchor, std::string(tag),
                                  std::string(value)};
        record(event);
        rememberScalar(anchor, event);
    }
    m_next.onScalar(mark, tag, 0, value);
}

void AliasReplay::onSequenceStart(const YamlMark &mark, std::string_view tag, YamlAnchor anchor)
{
    startRecording(anchor);
    if (recording())
        record({RecordedEvent::SequenceStart, mark, anchor, std::string(tag), {}});
    m_next.onSequenceStart(mark, tag, 0);
}

void AliasReplay::onSequenceEnd()
{
    if (recording())
        record({RecordedEvent::SequenceEnd, {}, 0, {}, {}});
    m_next.onSequenceEnd();
    finishCollection();
}

void AliasReplay::onMapStart(const YamlMark &mark, std::string_view tag, YamlAnchor anchor)
{
    startRecording(anchor);
    if (recording())
        record({RecordedEvent::MapStart, mark, anchor, std::string(tag), {}});
    m_next.onMapStart(mark, tag, 0);
}

void AliasReplay::onMapEnd()
{
    if (recording())
        record({RecordedEvent::MapEnd, {}, 0, {}, {}});
    m_next.onMapEnd();
    finishCollection();
}

void AliasReplay::record(RecordedEvent event)
{
    for (Recording &recording : m_recordings) {
        recording.events.push_back(event);
        if (event.type == RecordedEvent::SequenceStart || event.type == RecordedEvent::MapStart)
            ++recording.depth;
        else if (event.type == RecordedEvent::SequenceEnd || event.type == RecordedEvent::MapEnd)
            --recording.depth;
    }
}

void AliasReplay::startRecording(YamlAnchor anchor)
{
    if (anchor != 0 && m_replayDepth == 0)
        m_recordings.push_back({anchor, 0, {}});
}

// A scalar or null with an anchor is a whole node by itself.
void AliasReplay::rememberScalar(YamlAnchor anchor, const RecordedEvent &event)
{
    if (anchor != 0 && m_replayDepth == 0)
        m_anchors[anchor] = {event};
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
        switch (event.type) {
        case RecordedEvent::Null:
            m_next.onNull(event.mark, 0);
            break;
        case RecordedEvent::Alias:
            replay(event.mark, event.anchor);
            break;
        case RecordedEvent::Scalar:
            m_next.onScalar(event.mark, event.tag, 0, event.value);
            break;
        case RecordedEvent::SequenceStart:
            m_next.onSequenceStart(event.mark, event.tag, 0);
            break;
        case RecordedEvent::SequenceEnd:
            m_next.onSequenceEnd();
            break;
        case RecordedEvent::MapStart:
            m_next.onMapStart(event.mark, event.tag, 0);
            break;
        case RecordedEvent::MapEnd:
            m_next.onMapEnd();
            break;
        }
    }
}

} // namespace portolan
