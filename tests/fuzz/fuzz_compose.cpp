// libFuzzer target: any bytes as a compose file.
#include "formats/compose/ComposeReader.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    portolan::ComposeReader importer;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QHash<QString, QString> variables{{QStringLiteral("PORT"), QStringLiteral("20000")}};
    if (!importer.readData(bytes, QStringLiteral("fuzz.yml"), variables) &&
        importer.error().location.line < 1)
        std::abort();
    return 0;
}
