// libFuzzer target: any bytes as a registry file, through both event sources (libyaml, the
// default, and yaml-cpp). Must never crash, hang or leak; a failure is fine, and then it must
// carry a position. libyaml's reader also cuts every input in two parts where it can, and must
// read exactly what one parse reads.
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
    portolan::YamlReader parts;
    parts.setParallelFromBytes(0);
    portolan::Registry fromWhole;
    portolan::Registry fromParts;
    const bool wholeRead = whole.readData(bytes, QStringLiteral("fuzz.yaml"), fromWhole);
    const bool partsRead = parts.readData(bytes, QStringLiteral("fuzz.yaml"), fromParts);
    if (wholeRead != partsRead || (wholeRead && fromWhole != fromParts) ||
        (!wholeRead && whole.error().toString() != parts.error().toString()))
        std::abort();
    return 0;
}
