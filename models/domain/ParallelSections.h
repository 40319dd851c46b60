#pragma once

#include <QtGlobal>

#include <algorithm>
#include <atomic>
#include <exception>
#include <future>
#include <mutex>
#include <optional>
#include <vector>

namespace portolan {

// An export's text, or a table made from the registry, is a run of sections (one per device, or
// per group) that only read the registry: a large one is written by two threads at once, in
// runs of sections that each goes into a part of its own, so the result is exactly what one
// thread writes.
namespace ParallelSections {

// From how many sections the second thread is worth starting. Tests raise it past any count
// to compare with one thread's text.
inline std::atomic<int> &fromSections()
{
    static std::atomic<int> sections{64};
    return sections;
}

// Into how many runs appendInParts cuts the sections at most: enough for the faster thread to
// take more of them, few enough that each part's own buffer costs nothing.
constexpr int MostRuns = 16;
// writeInOrder keeps only the runs written and not handed on yet: smaller runs, less memory.
constexpr int MostStreamedRuns = 64;

// The first exception either of two threads threw, kept to be thrown again once both are
// done; the other thread stops taking work as soon as one is (without it, it went on through
// every section left, and the work it did was thrown away).
class FirstFailure
{
public:
    template <typename Fn>
    void run(const Fn &fn)
    {
        try {
            fn();
        } catch (...) {
            const std::lock_guard<std::mutex> held(m_lock);
            if (!m_error)
                m_error = std::current_exception();
            m_failed = true;
        }
    }
    bool failed() const { return m_failed.load(std::memory_order_relaxed); }
    void rethrow() const
    {
        if (m_error)
            std::rethrow_exception(m_error);
    }

private:
    std::mutex m_lock;
    std::exception_ptr m_error;
    std::atomic<bool> m_failed{false};
};

// writeSection(Text &text, int index) appends section `index`. The sections are cut into runs
// of consecutive ones, which two threads take in turn, each the next run nobody has taken: the
// faster thread (on a machine where one core runs slower, or is busy) takes more of them. The
// first run goes into `text`, each later one into a part of its own; the parts come back in
// order, each to follow `text` and those before it, so the result is exactly what one thread
// writes (none below fromSections(), when `text` holds them all). A caller that writes its
// output in parts saves appending them.
template <typename Text, typename WriteSection>
std::vector<Text> appendInParts(Text &text, int count, const WriteSection &writeSection)
{
    if (count < fromSections().load(std::memory_order_relaxed)) {
        for (int i = 0; i < count; ++i)
            writeSection(text, i);
        return {};
    }
    const int runs = std::clamp(count / 4, 2, MostRuns);
    // Read here, before any run is written: only the thread that takes run 0 touches `text`.
    const auto room = text.capacity() > text.size() ? (text.capacity() - text.size()) / runs : 0;
    std::vector<Text> parts(static_cast<std::size_t>(runs - 1));
    std::atomic<int> next{0};
    FirstFailure failure;
    const auto work = [&] {
        for (int run = next.fetch_add(1); run < runs && !failure.failed();
             run = next.fetch_add(1)) {
            Text &out = run == 0 ? text : parts[static_cast<std::size_t>(run - 1)];
            if (run > 0)
                out.reserve(room);
            const int to = int(qint64(count) * (run + 1) / runs);
            for (int i = int(qint64(count) * run / runs); i < to; ++i)
                writeSection(out, i);
        }
    };
    auto other = std::async(std::launch::async, [&] { failure.run(work); });
    failure.run(work);
    other.get();
    failure.rethrow();
    return parts;
}

// writeSection(Text &text, int index) as for appendInParts, the runs taken the same way; each
// run, once written, goes to handOn(const Text &) in the sections' order (on either thread, one
// at a time), and its buffer is then reused for a later run: a large text is never held whole,
// and written into memory already touched. Text needs truncate(0). False once handOn returns
// false (no run is started after that).
template <typename Text, typename WriteSection, typename HandOn>
bool writeInOrder(int count, const WriteSection &writeSection, const HandOn &handOn)
{
    if (count < fromSections().load(std::memory_order_relaxed)) {
        Text text;
        for (int i = 0; i < count; ++i)
            writeSection(text, i);
        return handOn(static_cast<const Text &>(text));
    }
    const int runs = std::clamp(count / 4, 2, MostStreamedRuns);
    std::mutex lock;
    std::vector<std::optional<Text>> written(static_cast<std::size_t>(runs));
    std::vector<Text> spare; // buffers of runs handed on
    int nextToHandOn = 0;
    std::atomic<bool> failed{false}; // handOn said no: nothing more is handed on
    std::atomic<int> next{0};
    FirstFailure failure;
    const auto work = [&] {
        for (int run = next.fetch_add(1); run < runs && !failed.load() && !failure.failed();
             run = next.fetch_add(1)) {
            Text text;
            {
                const std::lock_guard<std::mutex> held(lock);
                if (!spare.empty()) {
                    text = std::move(spare.back());
                    spare.pop_back();
                }
            }
            const int to = int(qint64(count) * (run + 1) / runs);
            for (int i = int(qint64(count) * run / runs); i < to; ++i)
                writeSection(text, i);
            const std::lock_guard<std::mutex> held(lock);
            written[static_cast<std::size_t>(run)] = std::move(text);
            // Whichever thread finishes the run next in order hands it on, and those after it
            // that are written already; each once, even if handOn throws.
            while (nextToHandOn < runs && written[static_cast<std::size_t>(nextToHandOn)]) {
                Text ready = std::move(*written[static_cast<std::size_t>(nextToHandOn)]);
                written[static_cast<std::size_t>(nextToHandOn)].reset();
                ++nextToHandOn;
                if (!failed.load() && !failure.failed()) {
                    // Marked before the lock is let go: the other thread, waiting for it,
                    // hands on nothing more (FirstFailure learns of the throw only after).
                    try {
                        if (!handOn(static_cast<const Text &>(ready)))
                            failed = true;
                    } catch (...) {
                        failed = true;
                        throw;
                    }
                }
                ready.truncate(0);
                spare.push_back(std::move(ready));
            }
        }
    };
    auto other = std::async(std::launch::async, [&] { failure.run(work); });
    failure.run(work);
    other.get();
    failure.rethrow();
    return !failed.load() && nextToHandOn == runs;
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
    FirstFailure failure;
    const auto work = [&] {
        for (int i = next.fetch_add(1); i < count && !failure.failed(); i = next.fetch_add(1))
            fn(i);
    };
    auto other = std::async(std::launch::async, [&] {
        failure.run([&] {
            besides();
            work();
        });
    });
    failure.run(work);
    other.get();
    failure.rethrow();
}

} // namespace ParallelSections

} // namespace portolan
