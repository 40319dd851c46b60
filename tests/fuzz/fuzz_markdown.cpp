// libFuzzer target: any bytes as a Markdown registry, read and merged into a registry.
#include "formats/markdown/MarkdownImportPlan.h"
#include "formats/markdown/MarkdownReader.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    portolan::MarkdownReader reader;
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    if (!reader.readText(text, QStringLiteral("fuzz.md"))) {
        if (reader.error().location.line < 1)
            std::abort();
        return 0;
    }
    portolan::Registry registry;
    registry.policy.domain = QStringLiteral("example.org");
    registry.policy.internalSubdomain = QStringLiteral("home");
    registry.policy.blocks = {portolan::Block{{}, QStringLiteral("ssh-git"), QString()}};
    QStringList report;
    portolan::MarkdownImportPlan::apply(reader.devices(), registry, &report);
    return 0;
}
