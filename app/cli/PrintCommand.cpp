#include "cli/Commands.h"
#include "cli/RegistryCommand.h"

#include "check/ExportCheck.h"
#include "check/Validator.h"
#include "domain/WellKnownPorts.h"
#include "io/InputFile.h"
#include "overview/OverviewRenderer.h"
#include "store/RegistryLocation.h"
#include "store/Store.h"

#include <QFileInfo>
#include <QGuiApplication>

namespace portolan {

namespace {

class PrintCommand final : public RegistryCommand
{
public:
    QString name() const override { return QStringLiteral("print"); }

    Help help(const QString &) const override
    {
        return {QStringLiteral("FILE --out overview.pdf [--device NAME] [--page-size A4|Letter] "
                               "[--landscape]"),
                QStringLiteral("the range overview as PDF"),
                QStringLiteral("Writes the printable range overview as PDF: policy, heatmap, "
                               "block table and every device's allocation table.\nNeeds no "
                               "display. --out - writes standard output.\nExit: 0 written, 2 bad "
                               "input or failed write."),
                {registryFileArgument()}};
    }

    QList<QCommandLineOption> options(const QString &) const override
    {
        return {
            {QStringLiteral("out"), QStringLiteral("The PDF to write (- for standard output)."),
             QStringLiteral("PDF")},
            {QStringLiteral("device"), QStringLiteral("Only this device."), QStringLiteral("NAME")},
            {QStringLiteral("page-size"), QStringLiteral("A4 (default) or Letter."),
             QStringLiteral("A4|Letter"), QStringLiteral("A4")},
            {QStringLiteral("landscape"), QStringLiteral("Landscape pages.")},
            CommandContext::dbOption()};
    }

    QStringList valueWords(const QString &option) const override
    {
        if (option == QLatin1String("page-size"))
            return {QStringLiteral("A4"), QStringLiteral("Letter")};
        return Command::valueWords(option);
    }

    QList<std::pair<QString, QString>> requiredOptions(const QString &,
                                                       const QCommandLineParser &) const override
    {
        return {{QStringLiteral("out"), QStringLiteral("FILE.pdf")}};
    }

    int checkOptions(const QString &, const QCommandLineParser &parser,
                     CommandContext &context) override
    {
        const QString size = parser.value(QStringLiteral("page-size")).toLower();
        if (size != QLatin1String("a4") && size != QLatin1String("letter"))
            return context.usageError(QStringLiteral("--page-size must be A4 or Letter"));
        if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
            return context.usageError(QStringLiteral("print needs a GUI application object"));
        return ExitOk;
    }

    int runWithRegistry(const QString &, const QCommandLineParser &parser, CommandContext &context,
                        const QString &path, Registry &registry) override
    {
        const QString size = parser.value(QStringLiteral("page-size")).toLower();
        OverviewRenderer::Options options;
        options.source = InputFile::displayName(path);
        if (!RegistryLocation::parse(path).isDatabase())
            options.source = QFileInfo(path).fileName();
        if (parser.isSet(QStringLiteral("device"))) {
            options.deviceFilter =
                context.findDevice(registry, parser.value(QStringLiteral("device")), path);
            if (options.deviceFilter < 0)
                return ExitBadInput;
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
        return ExitOk;
    }
};

} // namespace

std::unique_ptr<Command> createPrintCommand()
{
    return std::make_unique<PrintCommand>();
}

} // namespace portolan
