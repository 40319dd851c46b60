#include "domain/HugePageHeap.h"

#include <QFile>
#include <QTest>

#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <thread>
#include <vector>

#include <malloc.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

using namespace portolan;

namespace {

// The line "VmFlags: ..." and the "AnonHugePages:" of the mapping that holds `address`, from
// the kernel's own account of this process.
struct Mapping
{
    bool found = false;
    QByteArray flags;
    qint64 hugeKiB = 0;
};

Mapping mappingOf(const void *address)
{
    const auto at = reinterpret_cast<std::uintptr_t>(address);
    QFile smaps(QStringLiteral("/proc/self/smaps"));
    Mapping mapping;
    if (!smaps.open(QIODevice::ReadOnly))
        return mapping;
    bool inside = false;
    for (const QByteArray &line : smaps.readAll().split('\n')) {
        const int dash = line.indexOf('-');
        const int space = line.indexOf(' ');
        // Field lines start with a capital ("Size:"), mapping lines with an address in hex.
        const bool startsMapping =
            !line.isEmpty() && std::isxdigit(uchar(line.at(0))) && !std::isupper(uchar(line.at(0)));
        if (startsMapping && dash > 0 && space > dash) {
            // A new mapping: "start-end perms offset dev inode path".
            bool ok = false;
            const auto start = line.left(dash).toULongLong(&ok, 16);
            const auto end = line.mid(dash + 1, space - dash - 1).toULongLong(&ok, 16);
            if (inside)
                break;
            inside = at >= start && at < end;
            mapping.found = inside;
        } else if (inside && line.startsWith("VmFlags:")) {
            mapping.flags = line.mid(8).trimmed();
        } else if (inside && line.startsWith("AnonHugePages:")) {
            mapping.hugeKiB = line.mid(14).trimmed().split(' ').value(0).toLongLong();
        }
    }
    return mapping;
}

bool advisedHuge(const Mapping &mapping)
{
    return mapping.flags.split(' ').contains("hg");
}

// Page faults taken so far by the calling thread (minor: memory first written).
long faultsOfThisThread()
{
    rusage usage{};
    getrusage(RUSAGE_THREAD, &usage);
    return usage.ru_minflt;
}

// How often the kernel had no free 2 MiB at hand for a huge-page fault and gave small pages.
qint64 hugePageFallbacks()
{
    QFile vmstat(QStringLiteral("/proc/vmstat"));
    if (!vmstat.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : vmstat.readAll().split('\n')) {
        if (line.startsWith("thp_fault_fallback "))
            return line.mid(19).trimmed().toLongLong();
    }
    return -1;
}

bool kernelOffersHugePages()
{
    QFile setting(QStringLiteral("/sys/kernel/mm/transparent_hugepage/enabled"));
    QFile overcommit(QStringLiteral("/proc/sys/vm/overcommit_memory"));
    return setting.open(QIODevice::ReadOnly) && !setting.readAll().contains("[never]") &&
           !(overcommit.open(QIODevice::ReadOnly) && overcommit.readAll().trimmed() == "2");
}

} // namespace

// The heap of a large registry on transparent huge pages (HugePageHeap): what the kernel says
// of this process's own mappings after prefer().
class TestHugePageHeap : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void turnedOffByTheEnvironment();
    void mainHeapIsAdvised();
    void aThreadsFirstBlocksAreOnHugePages();
    void threadsAllocatingAtOnceGetAdvisedHeaps();
    void largeBufferIsAdvised();
    void hugePagesBackWhatIsWritten();
};

void TestHugePageHeap::initTestCase()
{
#if defined(__SANITIZE_ADDRESS__)
    QSKIP("AddressSanitizer's allocator replaces glibc's heaps; the default build tests them");
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    QSKIP("AddressSanitizer's allocator replaces glibc's heaps; the default build tests them");
#endif
#endif
    if (!kernelOffersHugePages())
        QSKIP("this kernel offers no transparent huge pages: prefer() leaves the heap as it is");
}

void TestHugePageHeap::turnedOffByTheEnvironment()
{
    // First, while nothing is advised yet: with the switch set, prefer() leaves all as it is.
    qputenv("PORTOLAN_NO_HUGEPAGES", "1");
    HugePageHeap::prefer(2);
    QVERIFY(!HugePageHeap::preferred());
    void *block = std::malloc(64 * 1024);
    QVERIFY(!advisedHuge(mappingOf(block)));
    std::free(block);
    qunsetenv("PORTOLAN_NO_HUGEPAGES");
}

void TestHugePageHeap::mainHeapIsAdvised()
{
    // Three heaps: the thread that made them may not have ended yet and still hold its own.
    HugePageHeap::prefer(3);
    QVERIFY(HugePageHeap::preferred());
    // Long enough for a loaded machine: the program's own threads wait 20 ms at most. (It
    // allocates nothing here.)
    HugePageHeap::waitForThreadHeaps(std::chrono::seconds(30));
    // The heap's unused part starts where a huge page does (the pad), give or take what this
    // thread allocated since (the preparing thread's own state): without the pad, anywhere in
    // its 2 MiB block.
    const auto topStart = reinterpret_cast<std::uintptr_t>(sbrk(0)) - mallinfo2().keepcost;
    QVERIFY2(topStart % (2 << 20) < 64 * 1024,
             QByteArray::number(topStart % (2 << 20)).constData());
    // Small blocks on the main thread: once what was free before is used up, they come from
    // the step of the main heap that prefer() advised.
    // 8 MiB, each block's header written by malloc: a fault each 2 MiB, not each 4 KiB, also
    // for the part of the heap's 2 MiB block that was in use before prefer() (up to 512
    // faults when it is not kept out of use). Not compared when the kernel had no free 2 MiB
    // at hand for one of them (it then gives 512 small pages).
    std::vector<void *> blocks(2048);
    const qint64 fallbacksBefore = hugePageFallbacks();
    const long faultsBefore = faultsOfThisThread();
    for (void *&block : blocks)
        block = std::malloc(4096);
    const long faults = faultsOfThisThread() - faultsBefore;
    if (hugePageFallbacks() == fallbacksBefore)
        QVERIFY2(faults < 64, QByteArray::number(faults).constData());
    else
        qWarning("the kernel gave small pages for a huge-page fault: fault count not compared");
    const Mapping mapping = mappingOf(blocks.back());
    QVERIFY(mapping.found);
    QVERIFY2(advisedHuge(mapping), mapping.flags.constData());
    for (void *block : blocks)
        std::free(block);
}

void TestHugePageHeap::aThreadsFirstBlocksAreOnHugePages()
{
    // The first thread after prefer(), as a registry's second reader: its heap starts with
    // glibc's own state, written before the heap could be advised, and the rest of that 2 MiB
    // block would be small pages, some 500 faults for the thread's first 2 MiB of blocks.
    // Measured before any other test's thread has written to the prepared heaps.
    long faults = -1;
    const qint64 fallbacksBefore = hugePageFallbacks();
    std::thread reader([&] {
        constexpr int Blocks = 3 * 512 * 1024 / 96; // 1.5 MiB
        std::vector<char *> blocks(Blocks);
        const long before = faultsOfThisThread();
        for (char *&block : blocks) {
            block = static_cast<char *>(std::malloc(80));
            block[0] = 1;
        }
        faults = faultsOfThisThread() - before;
        for (char *block : blocks)
            std::free(block);
    });
    reader.join();
    if (hugePageFallbacks() != fallbacksBefore)
        QSKIP("the kernel gave small pages for a huge-page fault: the fault count says nothing");
    QVERIFY2(faults >= 0 && faults < 64, QByteArray::number(faults).constData());
}

void TestHugePageHeap::threadsAllocatingAtOnceGetAdvisedHeaps()
{
    // Two threads alive together, as an export's check and its second half run: each its own
    // heap, each advised.
    void *first = nullptr;
    void *second = nullptr;
    void *third = nullptr;
    std::thread one([&] { first = std::malloc(4096); });
    one.join();
    std::thread both([&] {
        second = std::malloc(4096);
        std::thread other([&] { third = std::malloc(4096); });
        other.join();
    });
    both.join();
    QVERIFY(first && second && third);
    for (void *block : {first, second, third}) {
        const Mapping mapping = mappingOf(block);
        QVERIFY(mapping.found);
        QVERIFY2(advisedHuge(mapping), mapping.flags.constData());
        std::free(block);
    }
}

void TestHugePageHeap::largeBufferIsAdvised()
{
    // Memory of its own, as glibc maps a large buffer when its heap has no room: advised only
    // when asked.
    const std::size_t size = 16 << 20;
    void *mapped = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    QVERIFY(mapped != MAP_FAILED);
    char *buffer = static_cast<char *>(mapped);
    QVERIFY(!advisedHuge(mappingOf(buffer + size / 2)));
    HugePageHeap::adviseLargeBuffer(buffer, size);
    QVERIFY(advisedHuge(mappingOf(buffer + size / 2)));
    // Only whole 2 MiB blocks: the first bytes of an unaligned buffer stay as they were, the
    // block after them is advised.
    munmap(mapped, size);
    mapped = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    QVERIFY(mapped != MAP_FAILED);
    buffer = static_cast<char *>(mapped);
    const auto misalignment = reinterpret_cast<std::uintptr_t>(buffer) % (2 << 20);
    char *start = buffer + ((2 << 20) - misalignment) % (2 << 20) + 4096;
    HugePageHeap::adviseLargeBuffer(start, 5 << 20);
    QVERIFY(!advisedHuge(mappingOf(start)));
    QVERIFY(advisedHuge(mappingOf(start + (2 << 20))));
    munmap(mapped, size);
}

void TestHugePageHeap::hugePagesBackWhatIsWritten()
{
    // 24 MiB written in small blocks on a thread, as a registry's reader does.
    qint64 hugeKiB = 0;
    std::thread reader([&] {
        constexpr int Blocks = 24 * 1024 * 1024 / 96;
        auto **blocks = static_cast<char **>(std::malloc(sizeof(char *) * Blocks));
        for (int i = 0; i < Blocks; ++i) {
            blocks[i] = static_cast<char *>(std::malloc(80));
            blocks[i][0] = char(i);
        }
        hugeKiB = mappingOf(blocks[Blocks / 2]).hugeKiB;
        for (int i = 0; i < Blocks; ++i)
            std::free(blocks[i]);
        std::free(blocks);
    });
    reader.join();
    // The kernel may hand out a few 4 KiB pages when it has no free 2 MiB at hand; most of
    // the written memory is on huge pages all the same.
    QVERIFY2(hugeKiB >= 12 * 1024, QByteArray::number(hugeKiB).constData());
}

QTEST_GUILESS_MAIN(TestHugePageHeap)
#include "tst_hugepageheap.moc"
