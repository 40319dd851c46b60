#include "formats/FormatRegistry.h"

#include "formats/markdown/MarkdownImportPlan.h"
#include "formats/markdown/MarkdownReader.h"

#include <QCoreApplication>

namespace portolan {

namespace {

class PreparedMarkdown final : public PreparedImport
{
public:
    explicit PreparedMarkdown(MarkdownReader reader)
        : m_reader(std::move(reader))
    {}

    bool mergeInto(const Registry &, Registry &wanted, QStringList *warnings,
                   Error *) const override
    {
        QStringList report;
        MarkdownImportPlan::apply(m_reader.devices(), wanted, &report);
        // The merge's own lines name what it added; the diff says all of that, so only its
        // warnings are passed on.
        for (const QString &line : report) {
            if (line.startsWith(QLatin1String("warning: ")))
                *warnings << line.mid(9);
        }
        return true;
    }

private:
    MarkdownReader m_reader;
};

// `import markdown`: "### NAME (IP)" headings and their allocation tables, hand-kept or
// exported, merged into the registry.
class MarkdownImporter final : public Importer
{
public:
    MarkdownImporter()
        : Importer({QStringLiteral("markdown"),
                    QCoreApplication::translate("portolan::MarkdownImporter", "Markdown Registry"),
                    QCoreApplication::translate("portolan::MarkdownImporter",
                                                "per-device allocation tables under \"### NAME "
                                                "(IP)\" headings"),
                    QCoreApplication::translate("portolan::MarkdownImporter",
                                                "Markdown (*.md *.markdown)")})
    {}

    std::unique_ptr<PreparedImport> read(const QString &path, const FormatValues &values,
                                         Error *error) const override;
};

} // namespace

std::unique_ptr<PreparedImport> MarkdownImporter::read(const QString &path, const FormatValues &,
                                                       Error *error) const
{
    MarkdownReader reader;
    if (!reader.readFile(path)) {
        *error = reader.error();
        return nullptr;
    }
    return std::make_unique<PreparedMarkdown>(std::move(reader));
}

const Importer &markdownImporter()
{
    static const MarkdownImporter format;
    return format;
}

} // namespace portolan
