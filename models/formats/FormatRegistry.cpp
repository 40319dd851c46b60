#include "formats/FormatRegistry.h"

#include "formats/compose/ComposeExporter.h"
#include "formats/compose/ComposeImporter.h"
#include "formats/markdown/MarkdownExporter.h"
#include "formats/markdown/MarkdownImporter.h"

namespace portolan {

const QList<const Exporter *> &FormatRegistry::exporters()
{
    static const MarkdownExporter markdown;
    static const ComposeExporter compose;
    static const QList<const Exporter *> all = {&markdown, &compose};
    return all;
}

const QList<const Importer *> &FormatRegistry::importers()
{
    static const ComposeImporter compose;
    static const MarkdownImporter markdown;
    static const QList<const Importer *> all = {&compose, &markdown};
    return all;
}

const Exporter *FormatRegistry::exporter(const QString &name)
{
    for (const Exporter *format : exporters()) {
        if (format->name() == name)
            return format;
    }
    return nullptr;
}

const Importer *FormatRegistry::importer(const QString &name)
{
    for (const Importer *format : importers()) {
        if (format->name() == name)
            return format;
    }
    return nullptr;
}

} // namespace portolan
