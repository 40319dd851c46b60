#include "formats/Exporter.h"

namespace portolan {

QString Exporter::suggestedFileName(const Registry &registry, const FormatValues &values) const
{
    QString name = m_description.fileName;
    name.replace(QLatin1String("{device}"), values.value(QStringLiteral("device")));
    name.replace(QLatin1String("{domain}"), registry.policy.domain);
    return name;
}

bool Exporter::acceptable(const Registry &registry, const ExportCheck::Scope &scope, Error *error)
{
    const Findings blocking = ExportCheck::blockingValues(registry, scope);
    if (blocking.isEmpty())
        return true;
    *error = Error::fromText(ExportCheck::describe(blocking).trimmed());
    return false;
}

} // namespace portolan
