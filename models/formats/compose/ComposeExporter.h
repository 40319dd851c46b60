#pragma once

#include "formats/Exporter.h"

namespace portolan {

// `export compose`: the compose fragment one device's services need under the policy.
class ComposeExporter final : public Exporter
{
public:
    QString name() const override { return QStringLiteral("compose"); }
    QString title() const override;
    QString summary() const override;
    QString fileFilter() const override;
    QString suggestedFileName(const Registry &registry, const FormatValues &values) const override;
    QString syntax() const override { return QStringLiteral("yaml"); }
    QList<FormatOption> options() const override;
    bool write(const Registry &registry, const FormatValues &values, QByteArray *out,
               Error *error) const override;
};

} // namespace portolan
