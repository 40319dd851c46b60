#include "domain/HugePageHeap.h"

#include <chrono>
#include <cstdlib>

#if defined(__linux__)
#include <sys/mman.h>
#endif
#if defined(__linux__) && defined(__GLIBC__) && defined(MADV_HUGEPAGE)
#define PORTOLAN_HUGE_PAGE_HEAP 1
#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <future>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include <malloc.h>
#include <unistd.h>
#endif

namespace portolan::HugePageHeap {

namespace {

bool g_preferred = false;

#ifdef PORTOLAN_HUGE_PAGE_HEAP

// Where the kernel offers no transparent huge pages there is nothing to gain. Under strict
// overcommit every heap made usable at once is charged in full against the commit limit. A
// user who set glibc's own huge-page tunable has chosen how the heaps are made.
bool worthPreferring()
{
    std::ifstream enabled("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string setting;
    if (!std::getline(enabled, setting) || setting.find("[never]") != std::string::npos)
        return false;
    std::ifstream overcommit("/proc/sys/vm/overcommit_memory");
    int mode = 0;
    if (overcommit >> mode && mode == 2)
        return false;
    // glibc writes every block it hands out when asked to perturb them (MALLOC_PERTURB_, a
    // debugging aid): the fillers and pads below would then be hundreds of MB of memory.
    const char *perturb = std::getenv("MALLOC_PERTURB_");
    if (perturb && std::atoi(perturb) != 0)
        return false;
    const char *tunables = std::getenv("GLIBC_TUNABLES");
    return !(tunables && (std::strstr(tunables, "glibc.malloc.hugetlb") ||
                          std::strstr(tunables, "glibc.malloc.perturb")));
}

std::shared_future<void> &threadHeapsMade()
{
    static std::shared_future<void> made;
    return made;
}

constexpr std::uintptr_t HugePage = std::uintptr_t(2) << 20;
// glibc reserves each thread heap as this much address space, aligned to its own size
// (HEAP_MAX_SIZE, twice the largest mmap threshold: 64 MiB with 8-byte longs). With a top pad
// at least as large, a new thread heap is usable in full from the start instead of page by
// page (an mprotect call each).
constexpr std::uintptr_t ThreadHeapSize = std::uintptr_t(2) * 4 * 1024 * 1024 * sizeof(long);
// The main heap's step, and the top pad: address space only until written. An import of the
// 100k registry's Markdown holds some 200 MiB at its peak, most of it on the main thread. Heaps
// are trimmed only past twice as much free at their top, and a thread heap that empties is
// kept: memory once advised stays advised, for the next registry the app opens.
constexpr std::uintptr_t MainHeapStep = std::uintptr_t(256) << 20;
// Heaps made ready for each thread's arena: an import of the 100k registry's Markdown reads
// its tables on a second thread that holds some 150 MiB.
constexpr std::size_t HeapsPerArena = 3;
// The largest block glibc serves from an arena rather than from a mapping of its own (half a
// heap, its largest mmap threshold), less room for the heap's own header.
constexpr std::size_t ArenaBlock = ThreadHeapSize / 2 - 64 * 1024;
// glibc's defaults, put back when the heap cannot be prepared.
constexpr int DefaultTopPad = 128 * 1024;
constexpr int DefaultTrimThreshold = 128 * 1024;
constexpr int DefaultMmapThreshold = 128 * 1024;

// Blocks that keep the small-page head of a heap out of use (see padToHugePage), one for the
// main heap and one for each thread heap prepared: held here (and kept by the compiler) so
// that they stay reachable for tools that look for leaks.
[[gnu::used]] std::array<void *, 16> g_pads{};
std::atomic<std::size_t> g_padsTaken{0};

// A block's header: its size word and the one before it, below the address malloc returns.
constexpr std::uintptr_t BlockHeader = 2 * sizeof(std::size_t);

// `top` is where the heap's unused part starts, `written` the highest address of the heap
// written before it was advised. What is left of the 2 MiB block that holds it stays on 4 KiB
// pages, as a page table once made keeps a block on them: up to 512 faults, half of those of a
// whole `validate`. A block from `top` to the next 2 MiB boundary past both, kept and never
// written (it costs address space, and what glibc had written below the boundary already),
// moves every later block of the heap to where huge pages start. Returns where the heap's top
// starts then: the boundary, or 0 when the block did not come from `top` (it is given back).
std::uintptr_t padToHugePage(std::uintptr_t top, std::uintptr_t written)
{
    const std::uintptr_t boundary = (std::max(top, written) + HugePage - 1) & ~(HugePage - 1);
    if (boundary == top)
        return top;
    const std::size_t slot = g_padsTaken.fetch_add(1);
    if (slot >= g_pads.size() || boundary - top < 2 * BlockHeader)
        return 0;
    // Less its header, which malloc adds: the block ends on the boundary.
    void *pad = std::malloc(boundary - top - BlockHeader);
    if (reinterpret_cast<std::uintptr_t>(pad) != top + BlockHeader) {
        std::free(pad);
        return 0;
    }
    g_pads[slot] = pad;
    return boundary;
}

void adviseHuge(std::uintptr_t from, std::uintptr_t to)
{
    // Only whole, aligned 2 MiB blocks can be huge pages; advising just those leaves the
    // neighbouring memory as it was.
    const std::uintptr_t begin = (from + HugePage - 1) & ~(HugePage - 1);
    const std::uintptr_t end = to & ~(HugePage - 1);
    if (end > begin)
        madvise(reinterpret_cast<void *>(begin), end - begin, MADV_HUGEPAGE);
}

// The main heap takes its next step now, while nothing else allocates, so that the step is
// known and can be advised: a few blocks below the mmap threshold, until the break moves. The
// step is kept (not trimmed): a later step would be memory the kernel was not advised of.
bool adviseMainHeapStep()
{
    const auto before = reinterpret_cast<std::uintptr_t>(sbrk(0));
    std::array<void *, 64> probes{};
    std::size_t taken = 0;
    while (taken < probes.size() && reinterpret_cast<std::uintptr_t>(sbrk(0)) == before)
        probes[taken++] = std::malloc(64 * 1024);
    const auto after = reinterpret_cast<std::uintptr_t>(sbrk(0));
    // Freed into the top of the heap, which stays below the trim threshold: kept for what comes.
    for (std::size_t i = 0; i < taken; ++i)
        std::free(probes[i]);
    if (after <= before)
        return false;
    adviseHuge(before, after);
#if __GLIBC_PREREQ(2, 33)
    // The main heap's top ends at the break, and glibc reports its size as keepcost (the
    // probes may have come from free blocks elsewhere: where they were says nothing). Written
    // last, before the advice: the header of the top that followed the last probe. The pad
    // may be larger than the mmap threshold, which would give it a mapping of its own: raised
    // while it is taken (before the top is measured: mallopt tidies the heap first).
    if (mallopt(M_MMAP_THRESHOLD, int(4 * HugePage)) == 1) {
        const std::size_t topSize = mallinfo2().keepcost;
        const auto end = reinterpret_cast<std::uintptr_t>(sbrk(0));
        const auto lastWritten =
            reinterpret_cast<std::uintptr_t>(probes[taken - 1]) + 64 * 1024 + BlockHeader;
        if (topSize > 0 && topSize < end)
            padToHugePage(end - topSize, lastWritten);
        mallopt(M_MMAP_THRESHOLD, DefaultMmapThreshold);
    }
#endif
    return true;
}

// Whether glibc served `block` from a thread arena's heap: the size word before each block
// says whether the block is a mapping of its own (bit 1) and whether it belongs to an arena
// other than the main one (bit 2). Anything else (the main heap, a mapping when no heap could
// be made) is not a heap to advise.
// (Not inlined, and given an address: the compiler, which knows malloc, would otherwise take
// the word before a block for a read out of its bounds.)
[[gnu::noinline]] bool inThreadHeapAt(std::uintptr_t block)
{
    if (block == 0)
        return false;
    std::size_t header;
    std::memcpy(&header, reinterpret_cast<const void *>(block - sizeof header), sizeof header);
    return (header & 0x2) == 0 && (header & 0x4) != 0;
}

// On a thread of its own: the heaps of the arena glibc gives this thread, `HeapsPerArena` of
// them, advised. An arena outgrowing its first heap chains another, which glibc would neither
// make usable at once nor advise; so the arena is grown here, with blocks as large as an arena
// serves (the mmap threshold is raised meanwhile), which reserve address space and touch only
// their headers. Of the first heap, the first 2 MiB block (glibc's state, written already) is
// kept out of use (padToHugePage) and the last one takes what the fillers write at its end;
// both stay on small pages, and every block between is advised before anything is written
// there. Each later heap starts with glibc's header, so its first 2 MiB stay on small pages (a
// thread past 60 MiB is rare).
void adviseArenaHeaps(std::uintptr_t first)
{
    const auto heapOf = [](std::uintptr_t block) {
        return block & ~(ThreadHeapSize - 1);
    };
    if (!inThreadHeapAt(first))
        return;
    std::array<std::uintptr_t, HeapsPerArena> heaps{};
    heaps[0] = heapOf(first);
    std::size_t found = 1;
    // A 2 MiB block written first on small pages stays on them: the blocks where the thread's
    // own will go are advised before the pad's end is written there. Not the last: a block
    // written there, unused by most threads, would take a huge page in every arena.
    const std::uintptr_t lastBlock = heaps[0] + ThreadHeapSize - HugePage;
    madvise(reinterpret_cast<void *>(heaps[0] + HugePage), lastBlock - heaps[0] - HugePage,
            MADV_HUGEPAGE);
    // glibc wrote the arena's own state at the start of its first heap, and `first` after it;
    // the top follows `first`, whose size word says how far.
    std::size_t firstSize;
    std::memcpy(&firstSize, reinterpret_cast<const void *>(first - sizeof firstSize),
                sizeof firstSize);
    const std::uintptr_t top = first - BlockHeader + (firstSize & ~std::size_t(0x7));
    const std::uintptr_t padded = padToHugePage(top, top);
    std::array<void *, 3 * HeapsPerArena> fillers{};
    std::size_t filled = 0;
    while (found < heaps.size() && filled < fillers.size()) {
        // The first filler takes the first heap up to its last block, where the header after
        // it goes (glibc serves it from the top, whatever the mmap threshold): one of half a
        // heap would write its header 32 MiB on, in an advised block that then takes a huge
        // page of its own.
        const bool restOfHeap = filled == 0 && padded != 0 && padded < lastBlock;
        void *filler = std::malloc(restOfHeap ? lastBlock - padded - BlockHeader : ArenaBlock);
        if (!filler)
            break;
        fillers[filled++] = filler;
        const auto at = reinterpret_cast<std::uintptr_t>(filler);
        if (!inThreadHeapAt(at))
            break;
        const std::uintptr_t heap = heapOf(at);
        if (heap != heaps[found - 1])
            heaps[found++] = heap;
    }
    for (std::size_t i = 1; i < found; ++i)
        madvise(reinterpret_cast<void *>(heaps[i]), ThreadHeapSize, MADV_HUGEPAGE);
    for (std::size_t i = 0; i < filled; ++i)
        std::free(fillers[i]);
}

// Arenas for `count` threads: glibc gives each thread an arena on its first allocation and,
// when the thread ends, keeps it for the next thread. Made by this thread and count - 1 more,
// all alive at the same time (so each gets a new one), advised, and left for the program's
// own threads.
void prepareThreadHeaps(int count)
{
    if (count < 1 || mallopt(M_MMAP_THRESHOLD, int(ThreadHeapSize / 2)) != 1)
        return;
    void *own = std::malloc(64);
    adviseArenaHeaps(reinterpret_cast<std::uintptr_t>(own));
    std::mutex mutex;
    std::condition_variable allHaveOne;
    int withHeap = 1;
    std::vector<std::thread> threads;
    threads.reserve(std::size_t(count - 1));
    for (int i = 1; i < count; ++i) {
        try {
            threads.emplace_back([&] {
                void *first = std::malloc(64);
                adviseArenaHeaps(reinterpret_cast<std::uintptr_t>(first));
                std::unique_lock<std::mutex> lock(mutex);
                ++withHeap;
                allHaveOne.notify_all();
                allHaveOne.wait(lock, [&] { return withHeap == count; });
                lock.unlock();
                std::free(first);
            });
        } catch (const std::system_error &) {
            // No more threads to be had: the ones started make do, and stop waiting for more.
            const std::lock_guard<std::mutex> lock(mutex);
            count = int(threads.size()) + 1;
            allHaveOne.notify_all();
            break;
        }
    }
    for (auto &thread : threads)
        thread.join();
    std::free(own);
    mallopt(M_MMAP_THRESHOLD, DefaultMmapThreshold);
}

#endif

} // namespace

void prefer(int threadHeaps)
{
#ifdef PORTOLAN_HUGE_PAGE_HEAP
    if (g_preferred || std::getenv("PORTOLAN_NO_HUGEPAGES") || !worthPreferring())
        return;
    if (mallopt(M_TOP_PAD, int(MainHeapStep)) != 1 ||
        mallopt(M_TRIM_THRESHOLD, int(2 * MainHeapStep)) != 1 || !adviseMainHeapStep()) {
        mallopt(M_TOP_PAD, DefaultTopPad);
        mallopt(M_TRIM_THRESHOLD, DefaultTrimThreshold);
        return;
    }
    g_preferred = true;
    // Threads and mappings cost 5-7 ms on a virtual machine: made on the second core while the
    // program starts, before its first reading thread (this one is the first of them), which
    // waits for them (waitForThreadHeaps): a thread that starts sooner gets a heap glibc makes on
    // the spot, not advised.
    std::promise<void> done;
    threadHeapsMade() = done.get_future().share();
    try {
        std::thread([threadHeaps, done = std::move(done)]() mutable {
            prepareThreadHeaps(threadHeaps);
            done.set_value();
        }).detach();
    } catch (const std::system_error &) {
        // No thread to be had: the main heap alone is advised.
        threadHeapsMade() = {};
    }
#else
    (void)threadHeaps;
#endif
}

void waitForThreadHeaps(std::chrono::milliseconds most)
{
#ifdef PORTOLAN_HUGE_PAGE_HEAP
    if (threadHeapsMade().valid())
        threadHeapsMade().wait_for(most);
#else
    (void)most;
#endif
}

void adviseLargeBuffer(void *data, std::size_t bytes)
{
#ifdef PORTOLAN_HUGE_PAGE_HEAP
    if (g_preferred && bytes >= 2 * HugePage) {
        const auto from = reinterpret_cast<std::uintptr_t>(data);
        adviseHuge(from, from + bytes);
    }
#else
    (void)data;
    (void)bytes;
#endif
}

bool preferred()
{
    return g_preferred;
}

} // namespace portolan::HugePageHeap
