#include "ComposeExporter.h"

#include "ComposeWriter.h"
#include "check/ExportCheck.h"
#include "domain/TextRules.h"

#include <QCoreApplication>

namespace portolan {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("portolan::ComposeExporter", text);
}

} // namespace

QString ComposeExporter::title() const
{
    return tr("Compose for This Device");
}

QString ComposeExporter::summary() const
{
    return tr("the compose snippet a device's services need: expose and proxy labels for "
              "routes, quoted ports for bindings");
}

QString ComposeExporter::fileFilter() const
{
    return tr("Compose files (*.yml *.yaml)");
}

QString ComposeExporter::suggestedFileName(const Registry &, const FormatValues &values) const
{
    return QStringLiteral("compose.%1.yml").arg(values.value(QStringLiteral("device")));
}

QList<FormatOption> ComposeExporter::options() const
{
    FormatOption device{QStringLiteral("device"), QStringLiteral("NAME"), tr("The device."),
                        {}, {}, true, false, true};
    FormatOption service{QStringLiteral("service"), QStringLiteral("S"),
                         tr("Only this service (repeatable)."), {}, {}, false, true, false};
    FormatOption proxy{QStringLiteral("proxy"), QStringLiteral("traefik|caddy"),
                       tr("The reverse proxy whose labels are written."),
                       {QStringLiteral("traefik"), QStringLiteral("caddy")},
                       QStringLiteral("traefik"), false, false, false};
    return {device, service, proxy};
}

bool ComposeExporter::write(const Registry &registry, const FormatValues &values, QByteArray *out,
                            Error *error) const
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
            *error = Error::fromText(tr("%1 has no service \"%2\"")
                                         .arg(registry.devices[d].name,
                                              TextRules::forTerminal(name)));
            return false;
        }
    }
    const Findings blocking =
        ExportCheck::blockingValues(registry, ExportCheck::Scope{d, services});
    if (!blocking.isEmpty()) {
        *error = Error::fromText(ExportCheck::describe(blocking).trimmed());
        return false;
    }
    const bool caddy = values.value(QStringLiteral("proxy")) == QLatin1String("caddy");
    *out = ComposeWriter::toCompose(registry, d, services,
                                    caddy ? ComposeWriter::Proxy::Caddy
                                          : ComposeWriter::Proxy::Traefik);
    return true;
}

} // namespace portolan
