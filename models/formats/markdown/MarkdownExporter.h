#pragma once

#include "formats/Exporter.h"

namespace portolan {

// `export markdown`: the document admins kept by hand, written from the registry.
class MarkdownExporter final : public Exporter
{
public:
    QString name() const override { return QStringLiteral("markdown"); }
    QString title() const override;
    QString summary() const override;
    QString fileFilter() const override;
    QString suggestedFileName(const Registry &registry, const FormatValues &values) const override;
    QString syntax() const override { return QStringLiteral("markdown"); }
    bool write(const Registry &registry, const FormatValues &values, QByteArray *out,
               Error *error) const override;
};

} // namespace portolan
