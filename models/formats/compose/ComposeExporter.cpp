#include "formats/FormatRegistry.h"

#include "domain/TextRules.h"
#include "formats/compose/ComposeWriter.h"

#include <QCoreApplication>

namespace portolan {

namespace {

// `export compose`: the compose fragment one device's services need under the policy.
class ComposeExporter final : public Exporter
{
    Q_DECLARE_TR_FUNCTIONS(ComposeExporter)

public:
    ComposeExporter()
        : Exporter({QStringLiteral("compose"), tr("Compose for This Device"),
                    tr("the compose snippet a device's services need: expose and proxy labels "
                       "for routes, quoted ports for bindings"),
                    tr("Compose files (*.yml *.yaml)"), QStringLiteral("yaml"),
                    QStringLiteral("compose.{device}.yml")})
    {}

    QList<FormatOption> options() const override
    {
        return {FormatOption::device(tr("The device.")),
                FormatOption::value(QStringLiteral("service"), QStringLiteral("S"),
                                    tr("Only this service (repeatable)."))
                    .makeRepeatable(),
                FormatOption::proxy(tr("The reverse proxy whose labels are written."))};
    }

    bool write(const Registry &registry, const FormatValues &values, QByteArray *out,
               Error *error) const override
    {
        const QString deviceName = values.value(QStringLiteral("device"));
        const int d = registry.findDevice(deviceName);
        if (d < 0) {
            *error = Error::fromText(
                tr("no device named \"%1\"").arg(TextRules::forTerminal(deviceName)));
            return false;
        }
        const QStringList services = values.values(QStringLiteral("service"));
        for (const QString &name : services) {
            if (registry.devices[d].findService(name) < 0) {
                *error = Error::fromText(
                    tr("%1 has no service \"%2\"")
                        .arg(registry.devices[d].name, TextRules::forTerminal(name)));
                return false;
            }
        }
        if (!acceptable(registry, ExportCheck::Scope{d, services, true}, error))
            return false;
        const bool caddy = values.value(QStringLiteral("proxy")) == QLatin1String("caddy");
        *out = ComposeWriter::toCompose(registry, d, services,
                                        caddy ? ComposeWriter::Proxy::Caddy
                                              : ComposeWriter::Proxy::Traefik);
        return true;
    }
};

} // namespace

const Exporter &composeExporter()
{
    static const ComposeExporter format;
    return format;
}

} // namespace portolan
