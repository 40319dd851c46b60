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

    bool write(const Registry &registry, const FormatValues &values, QByteArray *out,
               Error *error) const override
    {
        return writeJoined(registry, values, out, error);
    }

    // Checked first, then streamed (as the Ansible inventory): an 8 MB document is never held
    // whole.
    bool writeTo(const Registry &registry, const FormatValues &, const Sink &sink,
                 Error *error) const override
    {
        return streamedOnceAcceptable(registry, ExportCheck::Scope(), error, [&] {
            return MarkdownWriter::writeMarkdown(registry, sink);
        });
    }

    // In parts: an 8 MB document is not copied together only to be written out.
    bool writeParts(const Registry &registry, const FormatValues &, QList<QByteArray> *parts,
                    Error *error) const override
    {
        QList<QByteArray> written;
        if (!acceptableWhileWriting(registry, ExportCheck::Scope(), error, [&](Error *) {
                written = MarkdownWriter::toMarkdownParts(registry);
                return true;
            }))
            return false;
        *parts = std::move(written);
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
