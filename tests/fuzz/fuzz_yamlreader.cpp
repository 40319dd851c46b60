// libFuzzer target: any bytes as a registry file, through both event sources (libyaml, the
// default, and yaml-cpp). Must never crash, hang or leak; a failure is fine, and then it must
// carry a position.
#include "formats/yaml/YamlReader.h"

#include <cstdlib>

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
    return 0;
}
