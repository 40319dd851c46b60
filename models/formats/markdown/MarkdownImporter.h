#pragma once

#include "formats/Importer.h"

namespace portolan {

// `import markdown`: "### NAME (IP)" headings and their allocation tables, hand-kept or
// exported, merged into the registry.
class MarkdownImporter final : public Importer
{
public:
    QString name() const override { return QStringLiteral("markdown"); }
    QString title() const override;
    QString summary() const override;
    QString fileFilter() const override;
    std::unique_ptr<PreparedImport> read(const QString &path, const FormatValues &values,
                                         Error *error) const override;
};

} // namespace portolan
