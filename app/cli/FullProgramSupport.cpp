#include "cli/FullProgram.h"

#include "check/ExportCheck.h"
#include "check/Validator.h"
#include "cli/Command.h"
#include "document/RegistryUpdate.h"
#include "domain/WellKnownPorts.h"
#include "io/InputFile.h"
#include "overview/OverviewRenderer.h"
#include "store/RegistryLocation.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QGuiApplication>

namespace portolan {

namespace {

int printOverview(const QCommandLineParser &parser, CommandContext &context, const QString &path,
                  Registry &registry)
{
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return context.usageError(QStringLiteral("print needs a GUI application object"));
    const QString size = parser.value(QStringLiteral("page-size")).toLower();
    OverviewRenderer::Options options;
    options.source = InputFile::displayName(path);
    if (!RegistryLocation::parse(path).isDatabase())
        options.source = QFileInfo(path).fileName();
    if (parser.isSet(QStringLiteral("device"))) {
        options.deviceFilter =
            context.findDevice(registry, parser.value(QStringLiteral("device")), path);
        if (options.deviceFilter < 0)
            return Command::ExitBadInput;
    }
    const Findings blocking =
        ExportCheck::blockingValues(registry, ExportCheck::Scope{options.deviceFilter, {}});
    if (!blocking.isEmpty())
        return context.fail(
            {{InputFile::displayName(path), 0, 0}, ExportCheck::describe(blocking).trimmed()});
    const Findings findings = Validator(&WellKnownPorts::system()).validate(registry);
    Error error;
    if (!OverviewRenderer::writePdf(
            registry, findings, options, parser.value(QStringLiteral("out")),
            size == QLatin1String("a4") ? QPageSize::A4 : QPageSize::Letter,
            parser.isSet(QStringLiteral("landscape")) ? QPageLayout::Landscape
                                                      : QPageLayout::Portrait,
            &error))
        return context.fail(error);
    return Command::ExitOk;
}

} // namespace

void FullProgram::enable()
{
    printHook() = &printOverview;
    RegistryUpdate::enableDatabases();
}

} // namespace portolan
