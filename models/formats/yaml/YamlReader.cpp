#include "formats/yaml/YamlReader.h"

#include "domain/HugePageHeap.h"
#include "formats/yaml/AliasReplay.h"
#include "formats/yaml/DevicesSequenceCut.h"
#include "formats/yaml/RegistrySchema.h"
#include "formats/yaml/YamlEventSources.h"
#include "io/InputFile.h"
#include "io/PositionedFileBuffer.h"

#include <QFile>
#include <QHash>
#include <QRandomGenerator>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <istream>
#include <mutex>
#include <optional>
#include <streambuf>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace portolan {

namespace {

// Reads a QByteArray in place (std::istringstream would copy it twice), seekable as the reader
// needs: it looks for NUL bytes first and then parses from the start.
class MemoryBuffer : public std::streambuf
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

// A stream of its own over the same open file, for the second part's thread.
class FileStream final : private PositionedFileBuffer, public std::istream
{
public:
    FileStream(int descriptor, qint64 size)
        : PositionedFileBuffer(descriptor, size)
        , std::istream(static_cast<PositionedFileBuffer *>(this))
    {}
};

// A stream of its own over the same bytes, for the second part's thread.
class MemoryStream final : private MemoryBuffer, public std::istream
{
public:
    explicit MemoryStream(const QByteArray &data)
        : MemoryBuffer(data)
        , std::istream(static_cast<MemoryBuffer *>(this))
    {}
};

// Pieces of another stream (and text of its own) read as one: how each part of a cut
// registry is handed to its parser without copying the file.
class SplicedBuffer final : public std::streambuf
{
public:
    struct Piece
    {
        std::string text;  // read as is when not empty
        qint64 offset = 0; // else this range of the source
        qint64 length = 0;
    };

    SplicedBuffer(std::istream &source, std::vector<Piece> pieces)
        : m_source(source)
        , m_pieces(std::move(pieces))
    {}

    qint64 size() const
    {
        qint64 total = 0;
        for (const Piece &piece : m_pieces)
            total += piece.text.empty() ? piece.length : qint64(piece.text.size());
        return total;
    }

protected:
    int_type underflow() override
    {
        while (m_next < m_pieces.size()) {
            Piece &piece = m_pieces[m_next];
            if (!piece.text.empty()) {
                ++m_next;
                setg(piece.text.data(), piece.text.data(), piece.text.data() + piece.text.size());
                return traits_type::to_int_type(*gptr());
            }
            if (piece.length <= 0) {
                ++m_next;
                continue;
            }
            m_source.clear();
            m_source.seekg(piece.offset);
            const qint64 wanted = std::min<qint64>(piece.length, qint64(m_buffer.size()));
            m_source.read(m_buffer.data(), std::streamsize(wanted));
            const qint64 got = m_source.gcount();
            if (got <= 0)
                return traits_type::eof();
            piece.offset += got;
            piece.length -= got;
            setg(m_buffer.data(), m_buffer.data(), m_buffer.data() + got);
            return traits_type::to_int_type(*gptr());
        }
        return traits_type::eof();
    }

private:
    std::istream &m_source;
    std::vector<Piece> m_pieces;
    std::size_t m_next = 0;
    std::vector<char> m_buffer = std::vector<char>(std::size_t(1) << 16);
};

// What a thread read of one part (YamlReader::parseInParts).
struct PartRead
{
    std::optional<Registry> registry;
    std::vector<int> lines; // of the part: for part k > 0, its line 1 is cut k-1's line
    std::size_t anchors = 0;
    unsigned rootKeys = 0; // RegistrySchema::rootKeysSeen
};

// Every part read, and the keys before the devices and those after them (tail: the last part)
// as one parse takes them: one parse refuses a key given in both, or a required one given in
// neither (and says where).
bool joinable(const std::vector<PartRead> &read, bool tail)
{
    for (const PartRead &part : read) {
        if (!part.registry)
            return false;
    }
    // The first part is read as a Head (it may start before the scan knows whether keys follow
    // the devices): without a tail, it must hold every required key itself.
    const unsigned before = read.front().rootKeys;
    const unsigned required = RegistrySchema::requiredRootKeys();
    if (!tail)
        return (before & required) == required;
    const unsigned after = read.back().rootKeys;
    return (before & after) == 0 && ((before | after) & required) == required;
}

// The cuts as the scan finds them, handed from the thread that scans to those that read parts:
// a part can be read as soon as the scan has passed its end, not once the scan is over (it took
// 8-12 ms of one core at 100,000 bindings, with the other idle).
class CutFeed
{
public:
    void found(const DevicesSequenceCut &cut)
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        m_cuts.push_back(cut);
        m_changed.notify_all();
    }
    // The scan's result: every cut (those found() gave first), or none when it failed.
    void finish(std::vector<DevicesSequenceCut> cuts)
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        m_failed = cuts.empty();
        m_cuts = std::move(cuts);
        m_done = true;
        m_changed.notify_all();
    }

    // Scans `in` from its start (DevicesSequenceCut::findAll), then rewinds it. It always ends
    // in finish(), which wakes every thread waiting for a part.
    void scan(std::istream &in, qint64 total, int parts)
    {
        std::vector<DevicesSequenceCut> cuts;
        try {
            cuts = DevicesSequenceCut::findAll(
                in, total, parts, [this](const DevicesSequenceCut &cut) { found(cut); });
        } catch (...) {
            cuts.clear();
        }
        finish(std::move(cuts));
        in.clear();
        in.seekg(0);
    }

    // The scan's cuts once it is over (empty: it failed).
    std::vector<DevicesSequenceCut> result()
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_changed.wait(lock, [&] { return m_done; });
        return m_cuts;
    }

    enum class Part
    {
        Known,   // *cuts holds the cuts around it
        Missing, // the scan is over, with fewer parts
        Failed   // the scan failed: nothing is cut
    };
    // Waits until part `part`'s end is known (its cut, or the scan's end) and copies the cuts
    // so far to *cuts; *final: those are all of them.
    Part waitFor(int part, std::vector<DevicesSequenceCut> *cuts, bool *final)
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_changed.wait(lock, [&] { return m_done || part < int(m_cuts.size()); });
        if (m_failed)
            return Part::Failed;
        if (m_done && part > int(m_cuts.size()))
            return Part::Missing;
        *cuts = m_cuts;
        *final = m_done;
        return Part::Known;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<DevicesSequenceCut> m_cuts;
    bool m_done = false;
    bool m_failed = false;
};

// Part 0 runs from the start of the file to the first cut, part k from cut k-1 to cut k (after
// a "devices:" line of its own), the last to the end. When keys follow the devices, the last
// part is those keys, as they are (in a flow registry, from after the "]," that ends the
// devices). Part 0 is a Head either way (whether keys follow is known only at the scan's end,
// `final`): joinable() then asks it for every required key when none follow.
RegistrySchema::Part kindOfPart(int part, const std::vector<DevicesSequenceCut> &cuts, bool final)
{
    if (part == 0)
        return RegistrySchema::Part::Head;
    return final && cuts.back().tail && part == int(cuts.size())
               ? RegistrySchema::Part::Tail
               : RegistrySchema::Part::DevicesOnly;
}

// The text of part `part` of a text cut at `cuts` (`total` bytes): its range of the source, and
// what makes it a document of its own. A block sequence's part gets a "devices:" line of its
// own. A flow sequence (JSON) is closed where a part ends and opened where one starts: each
// part is then a flow mapping of its own, "{devices: [" elements "]}" (a comma before the "]"
// is allowed), the part before the devices' end with the root's "}" as written, the keys after
// it opened with a "{".
std::vector<SplicedBuffer::Piece> partPieces(const std::vector<DevicesSequenceCut> &cuts, int part,
                                             RegistrySchema::Part kind, qint64 total)
{
    const int parts = int(cuts.size()) + 1;
    const qint64 from = part == 0                            ? 0
                        : kind == RegistrySchema::Part::Tail ? cuts[size_t(part - 1)].resume
                                                             : cuts[size_t(part - 1)].cut;
    const qint64 to = part + 1 < parts ? cuts[size_t(part)].cut : total;
    const SplicedBuffer::Piece text{{}, from, to - from};
    if (!cuts.front().flow) {
        if (kind != RegistrySchema::Part::DevicesOnly)
            return {text};
        return {{"devices:\n", 0, 0}, text};
    }
    switch (kind) {
    case RegistrySchema::Part::Tail:
        return {{"{\n", 0, 0}, text};
    case RegistrySchema::Part::DevicesOnly:
        if (part + 1 == parts)
            return {{"{devices: [\n", 0, 0}, text};
        return {{"{devices: [\n", 0, 0}, text, {"]}\n", 0, 0}};
    case RegistrySchema::Part::Whole:
    case RegistrySchema::Part::Head:
        break;
    }
    return {text, {"]}\n", 0, 0}};
}

// The registry of the parts, in order, and the line of each of its devices.
Registry join(std::vector<PartRead> &read, const std::vector<DevicesSequenceCut> &cuts,
              std::vector<int> &deviceLines)
{
    const bool tail = cuts.back().tail;
    const std::size_t devicesParts = tail ? read.size() - 1 : read.size();
    qsizetype devices = 0;
    for (const PartRead &part : read)
        devices += part.registry->devices.size();
    Registry first = std::move(*read[0].registry);
    if (tail) {
        const Registry &after = *read.back().registry;
        const unsigned given = read.back().rootKeys;
        if (given & RegistrySchema::rootKeyBit("portolan"))
            first.formatVersion = after.formatVersion;
        if (given & RegistrySchema::rootKeyBit("policy"))
            first.policy = after.policy;
    }
    first.devices.reserve(devices);
    deviceLines = std::move(read[0].lines);
    for (std::size_t part = 1; part < devicesParts; ++part) {
        for (Device &device : read[part].registry->devices)
            first.devices.append(std::move(device));
        const int cutLine = cuts[part - 1].cutLine;
        for (const int line : read[part].lines)
            deviceLines.push_back(cutLine + line - 1);
    }
    return first;
}

Registry emptyResult()
{
    Registry result;
    result.formatVersion = 0; // "portolan" is required; 0 until read
    result.policy.range = PortRange::span(0, 0);
    return result;
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
    // Opened once: both parts of a cut read this open file (PositionedFileBuffer), never the
    // path again, which another program may have replaced meanwhile.
    const int descriptor = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    struct stat status;
    if (descriptor < 0 || ::fstat(descriptor, &status) != 0) {
        if (descriptor >= 0)
            ::close(descriptor);
        m_error = {{path, 0, 0}, QStringLiteral("cannot open the file for reading")};
        return false;
    }
    const std::unique_ptr<int, void (*)(int *)> closer(new int(descriptor), [](int *fd) {
        ::close(*fd);
        delete fd;
    });
    PositionedFileBuffer buffer(descriptor, qint64(status.st_size));
    std::istream in(&buffer);
    return readStream(
        in,
        [descriptor, size = qint64(status.st_size)]() -> std::unique_ptr<std::istream> {
            return std::make_unique<FileStream>(descriptor, size);
        },
        path, registry);
}

bool YamlReader::readData(const QByteArray &data, const QString &displayName, Registry &registry)
{
    MemoryStream in(data);
    return readStream(
        in,
        [&data]() -> std::unique_ptr<std::istream> { return std::make_unique<MemoryStream>(data); },
        displayName, registry);
}

// The parts are parsed by two threads at once, each part with its own parser, schema and
// assembler; each thread takes the next part nobody has taken (on a machine where one core is
// slower, or busy with something else, the other reads more of them). The second thread first
// scans the text for the cuts (DevicesSequenceCut) while the main one reads the first part as
// soon as its end is found. Any failure in any part or in the scan (bad YAML, a cut inside a
// quoted scalar, an anchor another part may need, a NUL byte) returns 0, and the caller parses
// the whole text as one, so every message, mark and alias is exactly what a single parse gives.
int YamlReader::parseInParts(std::istream &in, std::istream &again, qint64 total, Registry &result)
{
    CutFeed feed;
    // At most partsFor() parts of the devices (a cut near each boundary, or the one before the
    // first) and the tail's.
    std::vector<PartRead> read(static_cast<size_t>(partsFor(total) + 1));
    std::atomic<int> next{0};
    std::atomic<bool> stop{false};
    // Bytes the other thread has read, counted as it goes: the main thread's progress reports
    // both threads' reading.
    std::atomic<qint64> doneElsewhere{0};
    // Reads parts until none is left; only the main thread reports progress (and may cancel).
    // doneHere: bytes of this thread's parts before the one it reads.
    const auto readParts = [&](std::istream &stream, bool mainThread, qint64 &doneHere) {
        std::vector<DevicesSequenceCut> cuts;
        for (int part = next.fetch_add(1); !stop.load(); part = next.fetch_add(1)) {
            bool final = false;
            const CutFeed::Part known = feed.waitFor(part, &cuts, &final);
            if (known == CutFeed::Part::Failed)
                stop = true;
            if (known != CutFeed::Part::Known)
                break;
            PartRead &out = read[size_t(part)];
            const RegistrySchema::Part partKind = kindOfPart(part, cuts, final);
            qint64 size = 0;
            // Both threads stop reading a part once the other has failed (a scan that fails
            // late, with the first part begun, need not have it read to its end); only the
            // caller's own cancel is a cancel.
            bool stopped = false;
            try {
                SplicedBuffer text(stream, partPieces(cuts, part, partKind, total));
                size = text.size();
                Registry registry = emptyResult();
                std::istream partStream(&text);
                RegistryAssembler assembler(registry);
                RegistrySchema schema(assembler);
                schema.setPart(partKind);
                schema.setDeviceLines(&out.lines);
                AliasReplay aliases(schema);
                const YamlEventSources::Progress wholeProgress = [&](qint64 done, qint64) {
                    if (stop.load(std::memory_order_relaxed)) {
                        stopped = true;
                        return false;
                    }
                    return !m_progress ||
                           m_progress(std::min(total, doneHere + done + doneElsewhere.load()),
                                      total);
                };
                const YamlEventSources::Progress keepGoing = [&](qint64 done, qint64) {
                    doneElsewhere = doneHere + done;
                    return !stop.load(std::memory_order_relaxed);
                };
                YamlEventSources::parseWithLibyaml(partStream, size,
                                                   mainThread ? &wholeProgress : &keepGoing,
                                                   aliases, &out.anchors);
                out.rootKeys = schema.rootKeysSeen();
                // Only the first part may define anchors: an alias in a later part to one
                // defined in another part would read differently in one parse.
                if (schema.sawRoot() && (part == 0 || out.anchors == 0))
                    out.registry = std::move(registry);
                else
                    stop = true;
            } catch (const YamlReadCanceled &) {
                stop = true;
                if (mainThread && !stopped)
                    throw; // canceled by the caller; otherwise the other thread's failure
            } catch (...) {
                stop = true; // any other failure: the whole text is read as one instead
            }
            doneHere += size;
            if (!mainThread)
                doneElsewhere = doneHere;
        }
    };
    HugePageHeap::waitForThreadHeaps();
    auto elsewhere = std::async(std::launch::async, [&] {
        feed.scan(again, total, partsFor(total));
        qint64 done = 0;
        readParts(again, false, done);
    });
    qint64 doneByMain = 0;
    try {
        readParts(in, true, doneByMain);
        // The other thread's last parts: still reported, and the caller may still cancel.
        while (m_progress &&
               elsewhere.wait_for(std::chrono::milliseconds(20)) != std::future_status::ready) {
            if (!m_progress(std::min(total, doneByMain + doneElsewhere.load()), total))
                throw YamlReadCanceled();
        }
    } catch (const YamlReadCanceled &) {
        stop = true;
        elsewhere.wait();
        throw;
    }
    elsewhere.get();
    const std::vector<DevicesSequenceCut> cuts = feed.result();
    if (stop.load() || cuts.empty())
        return 0;
    const bool tail = cuts.back().tail;
    read.resize(cuts.size() + 1);
    if (!joinable(read, tail))
        return 0;
    if (m_progress)
        m_progress(total, total); // all read: what is left is the caller's (a cancel too late)
    result = join(read, cuts, m_deviceLines);
    m_sawAnchors = read[0].anchors > 0; // later parts have none, or it would have failed
    return int(tail ? cuts.size() : cuts.size() + 1);
}

int YamlReader::partsFor(qint64 total) const
{
    return int(std::clamp<qint64>(total / m_partBytes, 2, MostParts));
}

bool YamlReader::readStream(std::istream &in, const StreamOpener &openAgain,
                            const QString &displayName, Registry &registry)
{
    m_partsRead = 0;
    m_deviceLines.clear();
    m_sawAnchors = true;
    m_canceled = false;
    in.seekg(0, std::ios::end);
    const qint64 total = qint64(in.tellg());
    in.seekg(0);
    Registry result = emptyResult();
    try {
        if (m_engine == Engine::Libyaml && total >= m_parallelFromBytes &&
            QThread::idealThreadCount() > 1) {
            const auto again = openAgain();
            if (const int parts = again ? parseInParts(in, *again, total, result) : 0) {
                registry = std::move(result);
                m_partsRead = parts;
                return true;
            }
            in.clear();
            in.seekg(0);
            result = emptyResult();
        }
        // A NUL byte is reported before one parse (libyaml would stop at it with a message of
        // its own). Reading in parts looked for one as it scanned for the cuts.
        int nulLine = 0;
        int nulColumn = 0;
        const bool hasNul = YamlEventSources::findNul(in, &nulLine, &nulColumn);
        in.clear();
        in.seekg(0);
        if (hasNul) {
            m_error = {{displayName, nulLine, nulColumn},
                       QStringLiteral("NUL byte in the file: not a text registry")};
            return false;
        }
        // parser -> alias replay -> schema -> assembler
        RegistryAssembler assembler(result);
        RegistrySchema schema(assembler);
        std::vector<int> lines;
        schema.setDeviceLines(&lines);
        AliasReplay aliases(schema);
        std::size_t anchors = 0;
        if (m_engine == Engine::YamlCpp)
            YamlEventSources::parseWithYamlCpp(in, aliases);
        else
            YamlEventSources::parseWithLibyaml(in, total, m_progress ? &m_progress : nullptr,
                                               aliases, &anchors);
        m_deviceLines = std::move(lines);
        // yaml-cpp's events do not count anchors: in doubt.
        m_sawAnchors = m_engine == Engine::YamlCpp || anchors > 0;
        if (!schema.sawRoot()) {
            m_error = {{displayName, 1, 1},
                       QStringLiteral("empty file: expected a registry mapping starting "
                                      "with \"portolan: 1\"")};
            return false;
        }
    } catch (const YamlReadCanceled &) {
        m_canceled = true;
        m_error = {{displayName, 0, 0}, QStringLiteral("reading was canceled")};
        return false;
    } catch (const YamlReadFailure &failure) {
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

bool YamlReader::readBeside(const QByteArray &text, const QString &displayName,
                            const YamlReader &earlierReader, const QByteArray &earlierText,
                            const Registry &earlier, Registry &registry)
{
    m_devicesReused = 0;
    if (m_engine == Engine::Libyaml) {
        if (std::optional<Registry> read =
                readReusing(text, displayName, earlierReader, earlierText, earlier)) {
            registry = std::move(*read);
            m_error = {};
            return true;
        }
    }
    return readData(text, displayName, registry);
}

// The text with each element of its devices sequence that the earlier text holds, byte for
// byte, replaced by a one-line stand-in (a device named by a random marker and its index) and
// as many empty lines, so every other line keeps its number: that skeleton is parsed, and each
// stand-in found where it was put is swapped for the earlier device.
//
// Why the result is what a parse of the text gives: the earlier text had no anchors, and each
// of its devices started on the line of an element found by lines (so each element's text is
// exactly one device, read from the state a sequence entry starts in, and ends in that state);
// the skeleton parses with every device starting on its element's line. An element's text then
// reads as the same device wherever such a state precedes it. Anything else (no sequence found,
// a line out of place, anchors, a parse failure) reads the text itself.
//
// The earlier text's last element is proven one device only when it runs to the end of that
// text. When keys follow the devices, where it ends is a guess from lines (a quoted scalar may
// carry on at column 0 over a line that looks like a key): it is not taken.
std::optional<Registry> YamlReader::readReusing(const QByteArray &text, const QString &displayName,
                                                const YamlReader &earlierReader,
                                                const QByteArray &earlierText,
                                                const Registry &earlier)
{
    if (earlierReader.m_sawAnchors ||
        qsizetype(earlierReader.m_deviceLines.size()) != earlier.devices.size())
        return std::nullopt;
    const DevicesSequenceElements before = DevicesSequenceElements::find(earlierText);
    if (!before.found || before.lines.size() != earlier.devices.size() ||
        !std::equal(before.lines.cbegin(), before.lines.cend(),
                    earlierReader.m_deviceLines.cbegin()))
        return std::nullopt;
    const DevicesSequenceElements after = DevicesSequenceElements::find(text);
    if (!after.found)
        return std::nullopt;
    const auto element = [](const QByteArray &bytes, const DevicesSequenceElements &elements,
                            qsizetype i) {
        const qint64 end = i + 1 < elements.starts.size() ? elements.starts[i + 1] : elements.end;
        return QByteArrayView(bytes.constData() + elements.starts[i], end - elements.starts[i]);
    };
    QHash<QByteArrayView, int> earlierIndex;
    earlierIndex.reserve(before.starts.size());
    const qsizetype proven =
        before.end < earlierText.size() ? before.starts.size() - 1 : before.starts.size();
    for (qsizetype j = proven - 1; j >= 0; --j)
        earlierIndex.insert(element(earlierText, before, j), int(j));

    const QByteArray marker =
        "portolan-unchanged-" + QByteArray::number(QRandomGenerator::system()->generate64(), 16);
    const QByteArray indent(after.indent, ' ');
    QByteArray skeleton;
    skeleton.reserve(text.size() / 8 + 4096);
    skeleton.append(text.constData(), after.starts.first());
    QVector<int> sourceOf(after.starts.size(), -1);
    int reused = 0;
    for (qsizetype i = 0; i < after.starts.size(); ++i) {
        const QByteArrayView mine = element(text, after, i);
        const auto found = earlierIndex.constFind(mine);
        if (found == earlierIndex.constEnd()) {
            skeleton.append(mine);
            continue;
        }
        sourceOf[i] = *found;
        ++reused;
        skeleton +=
            indent + "- {name: \"" + marker + '-' + QByteArray::number(i) + "\", ip: \"-\"}";
        skeleton.append(qsizetype(mine.count('\n')), '\n');
    }
    skeleton.append(text.constData() + after.end, text.size() - after.end); // keys after them
    if (reused == 0)
        return std::nullopt;

    YamlReader reader;
    reader.setParallelFromBytes(m_parallelFromBytes);
    reader.setPartBytes(m_partBytes);
    Registry read;
    if (!reader.readData(skeleton, displayName, read) || reader.m_sawAnchors ||
        read.devices.size() != after.starts.size() ||
        !std::equal(after.lines.cbegin(), after.lines.cend(), reader.m_deviceLines.cbegin(),
                    reader.m_deviceLines.cend()))
        return std::nullopt;
    for (qsizetype i = 0; i < read.devices.size(); ++i) {
        Device &device = read.devices[i];
        if (sourceOf[i] < 0)
            continue;
        const QString expected = QString::fromLatin1(marker + '-' + QByteArray::number(i));
        if (device.name != expected || device.ip != QLatin1String("-") ||
            !device.description.isEmpty() || !device.vpnIp.isEmpty() || !device.ssh.isEmpty() ||
            !device.services.isEmpty())
            return std::nullopt;
        device = earlier.devices[sourceOf[i]];
    }
    m_deviceLines = std::move(reader.m_deviceLines);
    m_sawAnchors = false;
    m_partsRead = reader.m_partsRead;
    m_devicesReused = reused;
    return read;
}

} // namespace portolan
