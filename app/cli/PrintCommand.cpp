#include "cli/Commands.h"
#include "cli/RegistryCommand.h"

#include "cli/FullProgram.h"

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

    // Painting needs QtGui: in portolan-cli, once the command line is known to be right, the
    // command runs in portolan-cli-full instead (FullProgram).
    int checkOptions(const QString &, const QCommandLineParser &parser,
                     CommandContext &context) override
    {
        const QString size = parser.value(QStringLiteral("page-size")).toLower();
        if (size != QLatin1String("a4") && size != QLatin1String("letter"))
            return context.usageError(QStringLiteral("--page-size must be A4 or Letter"));
        if (!FullProgram::enabled())
            return FullProgram::runInstead(context, QStringLiteral("print"));
        return ExitOk;
    }

    int runWithRegistry(const QString &, const QCommandLineParser &parser, CommandContext &context,
                        const QString &path, Registry &registry) override
    {
        return FullProgram::print()(parser, context, path, registry);
    }
};

} // namespace

std::unique_ptr<Command> createPrintCommand()
{
    return std::make_unique<PrintCommand>();
}

} // namespace portolan
