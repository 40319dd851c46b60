#include "formats/FormatRegistry.h"

#include "domain/TextRules.h"
#include "formats/compose/ComposeReader.h"
#include "formats/compose/ImportPlan.h"
#include "io/InputFile.h"

#include <QCoreApplication>

namespace portolan {

namespace {

class PreparedCompose final : public PreparedImport
{
public:
    PreparedCompose(QVector<ComposeService> services, QString device, QString category,
                    QString source, QStringList readWarnings, QStringList profiles)
        : m_services(std::move(services))
        , m_device(std::move(device))
        , m_category(std::move(category))
        , m_source(std::move(source))
        , m_readWarnings(std::move(readWarnings))
        , m_profiles(std::move(profiles))
    {}

    bool mergeInto(const Registry &current, Registry &wanted, QStringList *warnings,
                   Error *error) const override
    {
        const int d = current.findDevice(m_device);
        if (d < 0) {
            QStringList names;
            for (const Device &device : current.devices)
                names << device.name;
            *error = Error::fromText(
                QCoreApplication::translate("portolan::ComposeImporter",
                                            "no device named \"%1\"; devices: %2")
                    .arg(TextRules::forTerminal(m_device),
                         names.isEmpty()
                             ? QCoreApplication::translate("portolan::ComposeImporter", "none")
                             : names.join(QStringLiteral(", "))));
            return false;
        }
        ImportPlan plan;
        Error problem;
        if (!planComposeImport(current, d, m_services, m_category, m_profiles, &plan, &problem)) {
            *error = Error::fromText(m_source + QStringLiteral(": ") + problem.toString());
            return false;
        }
        *warnings += m_readWarnings;
        *warnings += plan.warnings;
        plan.applyTo(wanted, d);
        return true;
    }

private:
    QVector<ComposeService> m_services;
    QString m_device;
    QString m_category;
    QString m_source;
    QStringList m_readWarnings;
    QStringList m_profiles;
};

// `import compose`: a compose file's services, bindings and routes onto one device; services
// are matched by name and updated, planned bindings keep their exception.
class ComposeImporter final : public Importer
{
    Q_DECLARE_TR_FUNCTIONS(ComposeImporter)

public:
    ComposeImporter()
        : Importer({QStringLiteral("compose"), tr("Compose File"),
                    tr("a compose file's services, bindings and routes onto a device"),
                    tr("Compose files (*.yml *.yaml)")})
    {}

    QList<FormatOption> options() const override;
    std::unique_ptr<PreparedImport> read(const QString &path, const FormatValues &values,
                                         Error *error) const override;
};

} // namespace

QList<FormatOption> ComposeImporter::options() const
{
    return {FormatOption::device(tr("The device.")),
            FormatOption::value(QStringLiteral("env-file"), QStringLiteral("F"),
                                tr("Variables for ${...}.")),
            FormatOption::value(QStringLiteral("env"), QStringLiteral("VAR"),
                                tr("Take this variable from the environment (repeatable); no "
                                   "other is substituted from it (COMPOSE_PROFILES, a setting, "
                                   "is read as docker compose reads it)."))
                .makeRepeatable(),
            FormatOption::value(QStringLiteral("profile"), QStringLiteral("NAME"),
                                tr("A profile to activate, as docker compose --profile "
                                   "(repeatable; without it COMPOSE_PROFILES from the "
                                   "environment or the env file; \"*\" activates all)."))
                .makeRepeatable(),
            categoryOption()};
}

std::unique_ptr<PreparedImport>
ComposeImporter::read(const QString &path, const FormatValues &values, Error *error) const
{
    ComposeReader reader;
    if (!reader.readFile(path, values.value(QStringLiteral("env-file")),
                         values.values(QStringLiteral("env")))) {
        *error = reader.error();
        return nullptr;
    }
    const QStringList profiles = values.isSet(QStringLiteral("profile"))
                                     ? values.values(QStringLiteral("profile"))
                                     : reader.composeProfiles();
    return prepareServicesImport(reader.services(), values.value(QStringLiteral("device")),
                                 values.value(QStringLiteral("category")),
                                 InputFile::displayName(path), reader.warnings(), profiles);
}

std::unique_ptr<PreparedImport> prepareServicesImport(QVector<ComposeService> services,
                                                      QString device, QString category,
                                                      QString source, QStringList readWarnings,
                                                      QStringList profiles)
{
    return std::make_unique<PreparedCompose>(std::move(services), std::move(device),
                                             std::move(category), std::move(source),
                                             std::move(readWarnings), std::move(profiles));
}

const Importer &composeImporter()
{
    static const ComposeImporter format;
    return format;
}

} // namespace portolan
