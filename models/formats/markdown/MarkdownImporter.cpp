#include "MarkdownImporter.h"

#include "MarkdownReader.h"

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
        m_reader.mergeInto(wanted, &report);
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

} // namespace

QString MarkdownImporter::title() const
{
    return QCoreApplication::translate("portolan::MarkdownImporter", "Markdown Registry");
}

QString MarkdownImporter::summary() const
{
    return QCoreApplication::translate("portolan::MarkdownImporter",
                                       "per-device allocation tables under \"### NAME (IP)\" "
                                       "headings");
}

QString MarkdownImporter::fileFilter() const
{
    return QCoreApplication::translate("portolan::MarkdownImporter", "Markdown (*.md *.markdown)");
}

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

} // namespace portolan
