#pragma once

#include "formats/Importer.h"

namespace portolan {

// `import compose`: a compose file's services, bindings and routes onto one device; services
// are matched by name and updated, planned bindings keep their exception.
class ComposeImporter final : public Importer
{
public:
    QString name() const override { return QStringLiteral("compose"); }
    QString title() const override;
    QString summary() const override;
    QString fileFilter() const override;
    QList<FormatOption> options() const override;
    std::unique_ptr<PreparedImport> read(const QString &path, const FormatValues &values,
                                         Error *error) const override;
};

} // namespace portolan
