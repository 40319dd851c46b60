#pragma once

#include <atomic>
#include <future>

namespace portolan {

// An export's text, or a table made from the registry, is a run of sections (one per device, or
// per group) that only read the registry: a large one is written in two halves at once, the
// second into a part of its own that is appended after the first, so the result is exactly
// what one thread writes.
namespace ParallelSections {

// From how many sections the second thread is worth starting. Tests raise it past any count
// to compare with one thread's text.
inline std::atomic<int> &fromSections()
{
    static std::atomic<int> sections{64};
    return sections;
}

// writeSection(Text &text, int index) appends section `index`. The first half of the sections
// goes into `text`, the second into a part of its own that comes back (empty below
// fromSections(), when `text` holds them all): a caller that writes its output in parts saves
// appending it.
template <typename Text, typename WriteSection>
Text appendFirstHalf(Text &text, int count, const WriteSection &writeSection)
{
    if (count < fromSections().load(std::memory_order_relaxed)) {
        for (int i = 0; i < count; ++i)
            writeSection(text, i);
        return Text();
    }
    const int half = count / 2;
    // Read here, before the first half is written: the second thread must not look at `text`.
    const auto reserve = text.capacity() > text.size() ? (text.capacity() - text.size()) / 2 : 0;
    auto secondHalf = std::async(std::launch::async, [&, reserve] {
        Text part;
        part.reserve(reserve);
        for (int i = half; i < count; ++i)
            writeSection(part, i);
        return part;
    });
    for (int i = 0; i < half; ++i)
        writeSection(text, i);
    return secondHalf.get();
}

// writeSection(Text &text, int index) appends section `index`, every one into `text`.
template <typename Text, typename WriteSection>
void append(Text &text, int count, const WriteSection &writeSection)
{
    text += appendFirstHalf(text, count, writeSection);
}

// fn(index) for every index below count, on two threads that each take the next index in turn
// (sections may differ much in size), the second one running `besides` first; on one below
// fromSections(). fn may run on any thread and must only write what belongs to its index.
template <typename Fn, typename Besides = void (*)()>
void forEach(
    int count, const Fn &fn, const Besides &besides = [] {})
{
    if (count < fromSections().load(std::memory_order_relaxed)) {
        besides();
        for (int i = 0; i < count; ++i)
            fn(i);
        return;
    }
    std::atomic<int> next{0};
    const auto work = [&] {
        for (int i = next.fetch_add(1); i < count; i = next.fetch_add(1))
            fn(i);
    };
    auto other = std::async(std::launch::async, [&] {
        besides();
        work();
    });
    work();
    other.get();
}

} // namespace ParallelSections

} // namespace portolan
