// libFuzzer target: any bytes as a registry file. Must never crash, hang or leak; a failure is
// fine, and then it must carry a position.
#include "YamlReader.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    portolan::YamlReader reader;
    portolan::Registry registry;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    if (!reader.readData(bytes, QStringLiteral("fuzz.yaml"), registry) &&
        reader.error().location.line < 1)
        std::abort();
    return 0;
}
