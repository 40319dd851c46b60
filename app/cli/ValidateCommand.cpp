#include "cli/Commands.h"
#include "cli/RegistryCommand.h"

#include "check/FindingsReport.h"
#include "check/Validator.h"
#include "domain/WellKnownPorts.h"
#include "io/InputFile.h"

namespace portolan {

namespace {

class ValidateCommand final : public RegistryCommand
{
public:
    QString name() const override { return QStringLiteral("validate"); }

    Help help(const QString &) const override
    {
        return {QStringLiteral("FILE [--format text|json]"),
                QStringLiteral("check a registry against the policy"),
                QStringLiteral("Checks a registry against its policy and prints every finding.\n"
                               "Exit: 0 no errors (warnings allowed), 1 errors, 2 unreadable or "
                               "malformed input."),
                {registryFileArgument()}};
    }

    QList<QCommandLineOption> options(const QString &) const override
    {
        return {CommandContext::formatOption(), CommandContext::dbOption()};
    }

    int checkOptions(const QString &, const QCommandLineParser &parser,
                     CommandContext &context) override
    {
        const QString format = parser.value(QStringLiteral("format"));
        if (format != QLatin1String("text") && format != QLatin1String("json"))
            return context.usageError(
                QStringLiteral("--format must be text or json, not \"%1\"").arg(format));
        return ExitOk;
    }

    int runWithRegistry(const QString &, const QCommandLineParser &parser, CommandContext &context,
                        const QString &path, Registry &registry) override
    {
        const Findings findings = Validator(&WellKnownPorts::system()).validate(registry);
        const FindingCounts counts = countFindings(findings);
        if (CommandContext::isJson(parser)) {
            context.writeOut(FindingsReport::toJson(findings));
        } else {
            // Standard output failing (a full disk) still leaves the counts on stderr.
            const bool written = context.writeFindingsText(findings);
            context.err << InputFile::displayName(path) << ": " << counts.errors
                        << (counts.errors == 1 ? " error, " : " errors, ") << counts.warnings
                        << (counts.warnings == 1 ? " warning, " : " warnings, ") << counts.infos
                        << " info\n";
            if (!written)
                return context.outputFailed();
        }
        return counts.errors > 0 ? ExitFindings : ExitOk;
    }
};

} // namespace

std::unique_ptr<Command> createValidateCommand()
{
    return std::make_unique<ValidateCommand>();
}

} // namespace portolan
