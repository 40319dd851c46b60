// libFuzzer target: any bytes as a registry file, through both event sources (libyaml, the
// default, and yaml-cpp). Must never crash, hang or leak; a failure is fine, and then it must
// carry a position. libyaml's reader also cuts every input in parts where it can, and must
// read exactly what one parse reads; and read beside an earlier text (a diff's two sides: the
// input before a "---8<---" line, else the input itself), it must read the same again.
#include "formats/yaml/YamlReader.h"

#include <cstdlib>
#include <limits>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    for (const auto engine :
         {portolan::YamlReader::Engine::Libyaml, portolan::YamlReader::Engine::YamlCpp}) {
        portolan::YamlReader reader;
        reader.setEngine(engine);
        portolan::Registry registry;
        if (!reader.readData(bytes, QStringLiteral("fuzz.yaml"), registry) &&
            reader.error().location.line < 1)
            std::abort();
    }
    portolan::YamlReader whole;
    whole.setParallelFromBytes(std::numeric_limits<qint64>::max());
    portolan::Registry fromWhole;
    const bool wholeRead = whole.readData(bytes, QStringLiteral("fuzz.yaml"), fromWhole);
    // In two parts, and in as many as it can be cut into (up to MostParts).
    for (const qint64 partBytes : {std::numeric_limits<qint64>::max(), qint64(1)}) {
        portolan::YamlReader parts;
        parts.setParallelFromBytes(0);
        parts.setPartBytes(partBytes);
        portolan::Registry fromParts;
        const bool partsRead = parts.readData(bytes, QStringLiteral("fuzz.yaml"), fromParts);
        if (wholeRead != partsRead ||
            (wholeRead && (fromWhole != fromParts || whole.deviceLines() != parts.deviceLines())) ||
            (!wholeRead && whole.error().toString() != parts.error().toString()))
            std::abort();
    }

    static const QByteArray Scissors = "\n---8<---\n";
    const qsizetype cut = bytes.indexOf(Scissors);
    const QByteArray earlierText = cut >= 0 ? bytes.left(cut + 1) : bytes;
    const QByteArray text = cut >= 0 ? bytes.mid(cut + Scissors.size()) : bytes;
    portolan::YamlReader earlierReader;
    portolan::Registry earlier;
    if (!earlierReader.readData(earlierText, QStringLiteral("old.yaml"), earlier))
        return 0;
    portolan::YamlReader alone;
    portolan::Registry fromAlone;
    const bool aloneRead = alone.readData(text, QStringLiteral("fuzz.yaml"), fromAlone);
    portolan::YamlReader beside;
    portolan::Registry fromBeside;
    const bool besideRead = beside.readBeside(text, QStringLiteral("fuzz.yaml"), earlierReader,
                                              earlierText, earlier, fromBeside);
    if (aloneRead != besideRead || (aloneRead && fromAlone != fromBeside) ||
        (!aloneRead && alone.error().toString() != beside.error().toString()))
        std::abort();
    return 0;
}
