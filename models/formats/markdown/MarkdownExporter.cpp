#include "MarkdownExporter.h"

#include "MarkdownWriter.h"
#include "check/ExportCheck.h"

#include <QCoreApplication>

namespace portolan {

QString MarkdownExporter::title() const
{
    return QCoreApplication::translate("portolan::MarkdownExporter", "Markdown Document");
}

QString MarkdownExporter::summary() const
{
    return QCoreApplication::translate("portolan::MarkdownExporter",
                                       "the registry as a Markdown document: policy, range "
                                       "table, one allocation table per device");
}

QString MarkdownExporter::fileFilter() const
{
    return QCoreApplication::translate("portolan::MarkdownExporter", "Markdown (*.md)");
}

QString MarkdownExporter::suggestedFileName(const Registry &registry, const FormatValues &) const
{
    return QStringLiteral("%1-ports.md").arg(registry.policy.domain);
}

bool MarkdownExporter::write(const Registry &registry, const FormatValues &, QByteArray *out,
                             Error *error) const
{
    const Findings blocking = ExportCheck::blockingValues(registry);
    if (!blocking.isEmpty()) {
        *error = Error::fromText(ExportCheck::describe(blocking).trimmed());
        return false;
    }
    *out = MarkdownWriter::toMarkdown(registry).toUtf8();
    return true;
}

} // namespace portolan
