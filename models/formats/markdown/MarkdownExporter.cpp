#include "formats/FormatRegistry.h"

#include "formats/markdown/MarkdownWriter.h"

#include <QCoreApplication>

namespace portolan {

namespace {

// `export markdown`: the document admins kept by hand, written from the registry.
class MarkdownExporter final : public Exporter
{
    Q_DECLARE_TR_FUNCTIONS(MarkdownExporter)

public:
    MarkdownExporter()
        : Exporter({QStringLiteral("markdown"), tr("Markdown Document"),
                    tr("the registry as a Markdown document: policy, range table, one "
                       "allocation table per device"),
                    tr("Markdown (*.md)"), QStringLiteral("markdown"),
                    QStringLiteral("{domain}-ports.md")})
    {}

    bool write(const Registry &registry, const FormatValues &, QByteArray *out,
               Error *error) const override
    {
        QByteArray text;
        if (!acceptableWhileWriting(registry, ExportCheck::Scope(), error, [&](Error *) {
                text = MarkdownWriter::toMarkdownUtf8(registry);
                return true;
            }))
            return false;
        *out = std::move(text);
        return true;
    }
};

} // namespace

const Exporter &markdownExporter()
{
    static const MarkdownExporter format;
    return format;
}

} // namespace portolan
