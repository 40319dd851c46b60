#pragma once

#include "domain/Error.h"
#include "domain/Registry.h"

#include <QByteArray>
#include <QString>

#include <algorithm>
#include <functional>
#include <istream>
#include <memory>
#include <optional>
#include <vector>

namespace portolan {

// Reads format v1 straight from a YAML event stream into the domain types: no node tree, so
// memory stays flat on large registries, and every value's mark is at hand when it turns out to
// be wrong. Never throws; on failure error() says file, line, column and what was expected.
//
// The events come from libyaml by default: its scanner is several times faster than yaml-cpp's
// (tests/bench/run measures both), which is what keeps a 100k-binding file under a second.
// yaml-cpp's event API stays selectable and is checked against libyaml on every fixture.
class YamlReader
{
public:
    enum class Engine
    {
        Libyaml,
        YamlCpp
    };

    void setEngine(Engine engine) { m_engine = engine; }
    Engine engine() const { return m_engine; }

    // Asked as the text is read (bytes so far, of total); returning false cancels the read,
    // which then fails with wasCanceled(). For a worker thread's progress dialog.
    using Progress = std::function<bool(qint64 done, qint64 total)>;
    void setProgress(Progress progress) { m_progress = std::move(progress); }
    bool wasCanceled() const { return m_canceled; }

    // A file, "-" (standard input) or a FIFO; only the last two are read into memory first,
    // up to MaxStreamBytes.
    bool readFile(const QString &path, Registry &registry);
    static constexpr qint64 MaxStreamBytes = qint64(1) << 30;
    // displayName stands in for the file name in error locations.
    bool readData(const QByteArray &data, const QString &displayName, Registry &registry);

    const Error &error() const { return m_error; }

    // From this size on, a registry is read in parts by two threads at once (DevicesSequenceCut),
    // with the same result, errors included, as one parser. Tests lower it to cut every file, or
    // raise it past any size to read as one.
    static constexpr qint64 ParallelFromBytes = qint64(512) * 1024;
    void setParallelFromBytes(qint64 bytes) { m_parallelFromBytes = bytes; }
    // About how large each part is (so that the faster of two cores can take more of them,
    // while each parser's start still costs nothing); tests lower it to cut into many parts.
    static constexpr qint64 PartBytes = qint64(1) << 20;
    static constexpr int MostParts = 16;
    void setPartBytes(qint64 bytes) { m_partBytes = std::max<qint64>(bytes, 1); }
    // The last read took two parsers (false when it fell back to one, or never tried), and
    // how many parts of the devices they read (0: none, one parse; the keys after the devices,
    // when a part of their own, are not counted).
    bool wasReadInTwo() const { return m_partsRead > 1; }
    int partsRead() const { return m_partsRead; }
    // The 0-based line where each device of the last successful read starts: read in parts,
    // the same lines one parse gives (the tests and the fuzzer compare them).
    const std::vector<int> &deviceLines() const { return m_deviceLines; }

    // Reads `text` beside an earlier version of it that `earlierReader` read from earlierText
    // into `earlier` (a diff's two sides, a file read again): a device whose lines are the
    // same as one of the earlier text's is taken from `earlier`, not parsed again. The result,
    // and any error, is what readData gives; it falls back to readData whenever it cannot
    // prove that (anchors, a sequence it cannot take apart by lines).
    bool readBeside(const QByteArray &text, const QString &displayName,
                    const YamlReader &earlierReader, const QByteArray &earlierText,
                    const Registry &earlier, Registry &registry);
    // How many devices the last readBeside took from the earlier registry.
    int devicesReused() const { return m_devicesReused; }

private:
    using StreamOpener = std::function<std::unique_ptr<std::istream>()>;
    bool readStream(std::istream &in, const StreamOpener &openAgain, const QString &displayName,
                    Registry &registry);
    // How many parts of the devices were read (0: the text was not cut, or a part failed).
    int parseInParts(std::istream &in, std::istream &again, qint64 total, Registry &result);
    // How many parts a text of `total` bytes is cut into (two to MostParts).
    int partsFor(qint64 total) const;
    std::optional<Registry> readReusing(const QByteArray &text, const QString &displayName,
                                        const YamlReader &earlierReader,
                                        const QByteArray &earlierText, const Registry &earlier);

    Engine m_engine = Engine::Libyaml;
    Progress m_progress;
    bool m_canceled = false;
    qint64 m_parallelFromBytes = ParallelFromBytes;
    qint64 m_partBytes = PartBytes;
    int m_partsRead = 0;
    // Of the last read that succeeded: the 0-based line where each device starts, and whether
    // the text defines anchors (readBeside relies on neither being in doubt).
    std::vector<int> m_deviceLines;
    bool m_sawAnchors = true;
    int m_devicesReused = 0;
    Error m_error;
};

} // namespace portolan
