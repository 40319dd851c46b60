#include "cli/Command.h"
#include "cli/Commands.h"
#include "cli/FullProgram.h"

#include "check/Validator.h"
#include "document/RegistryUpdate.h"
#include "domain/HugePageHeap.h"
#include "domain/TextRules.h"
#include "domain/WellKnownPorts.h"
#include "formats/FormatRegistry.h"
#include "store/RegistryIo.h"

#include <chrono>
#include <future>
#include <optional>

namespace portolan {

namespace {

// `import FORMAT INPUT --into FILE`: read the input, then merge it into the target under the
// target's lock (RegistryUpdate), print what changed and the findings of the result.
class ImportCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("import"); }

    QStringList variants() const override
    {
        QStringList names;
        for (const Importer *importer : FormatRegistry::importers())
            names << importer->name();
        return names;
    }

    Help help(const QString &variant) const override
    {
        const Importer *importer = FormatRegistry::importer(variant);
        if (!importer)
            return {};
        QString synopsis = QStringLiteral("INPUT");
        for (const FormatOption &option : importer->options()) {
            const QString word = QStringLiteral("--%1 %2").arg(option.name, option.valueName);
            synopsis += u' ' + (option.required ? word : u'[' + word + u']');
        }
        synopsis += QStringLiteral(" --into FILE [--dry-run] [--drop-comments]");
        return {synopsis,
                importer->summary(),
                QStringLiteral("Reads %1 into a registry, then validates the result.\nThe "
                               "target is read, merged and written under its lock, only what "
                               "differs is written, and nothing when nothing differs.\nExit: 0 "
                               "no errors, 1 errors, 2 bad input or a failed write.")
                    .arg(importer->summary()),
                {{QStringLiteral("INPUT"), QStringLiteral("The file to import (- for standard "
                                                          "input).")}}};
    }

    QList<QCommandLineOption> options(const QString &variant) const override
    {
        QList<QCommandLineOption> result;
        if (const Importer *importer = FormatRegistry::importer(variant)) {
            for (const FormatOption &option : importer->options())
                result << QCommandLineOption(option.name, option.description, option.valueName,
                                             option.defaultValue);
        }
        result << QCommandLineOption(QStringLiteral("into"),
                                     QStringLiteral("The registry to update."),
                                     QStringLiteral("FILE"))
               << QCommandLineOption(QStringLiteral("dry-run"),
                                     QStringLiteral("Print what would change; write nothing."))
               << QCommandLineOption(
                      QStringLiteral("drop-comments"),
                      QStringLiteral("Write a YAML registry that has comments (they are not "
                                     "kept)."));
        return result;
    }

    int run(const QString &variant, const QCommandLineParser &parser,
            CommandContext &context) override
    {
        const Importer *importer = FormatRegistry::importer(variant);
        if (parser.positionalArguments().size() != 1)
            return context.usageError(
                QStringLiteral("import %1 takes one INPUT file").arg(variant));
        if (!parser.isSet(QStringLiteral("into")))
            return context.usageError(QStringLiteral("import %1 needs --into FILE").arg(variant));
        FormatValues values;
        for (const FormatOption &option : importer->options()) {
            if (option.required && !parser.isSet(option.name))
                return context.usageError(QStringLiteral("import %1 needs --%2 %3")
                                              .arg(variant, option.name, option.valueName));
            values.set(option.name, parser.values(option.name));
        }
        // A database is updated through a Document, which needs QtGui (FullProgram).
        if (RegistryIo::formatOf(parser.value(QStringLiteral("into"))) !=
                RegistryIo::Format::Yaml &&
            !RegistryUpdate::databasesEnabled())
            return FullProgram::runInstead(context, QStringLiteral("import into a database"));
        // A YAML target is read while the input is: at scale both take a while, and neither
        // needs the other. The input's own error still comes first, as when read before, and
        // a locked target is not waited for once the input is known to be bad. A database
        // target (a connection, a server's lock) is opened once the input is read.
        struct Read
        {
            std::unique_ptr<PreparedImport> prepared;
            Error error;
        };
        const QString input = parser.positionalArguments().first();
        const QString target = parser.value(QStringLiteral("into"));
        const bool alongside = RegistryIo::formatOf(target) == RegistryIo::Format::Yaml;
        if (alongside)
            HugePageHeap::waitForThreadHeaps();
        std::future<Read> reading = std::async(
            alongside ? std::launch::async : std::launch::deferred, [importer, input, values] {
                Read read;
                read.prepared = importer->read(input, values, &read.error);
                return read;
            });
        std::optional<Read> read;
        const auto takeRead = [&]() -> Read & {
            if (!read)
                read = reading.get();
            return *read;
        };
        if (!alongside && !takeRead().prepared)
            return context.fail(takeRead().error);

        RegistryUpdate::Options options;
        options.dryRun = parser.isSet(QStringLiteral("dry-run"));
        options.dropComments = parser.isSet(QStringLiteral("drop-comments"));
        options.description = importer->title();
        options.keepWaiting = [&] {
            if (!read && reading.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
                return true; // still reading the input
            return takeRead().prepared != nullptr;
        };
        QStringList warnings;
        RegistryUpdate::Outcome outcome = RegistryUpdate::apply(
            target,
            [&](const Registry &current, Registry &wanted, Error *mergeError) {
                const Read &input = takeRead();
                if (!input.prepared) {
                    *mergeError = input.error;
                    return false;
                }
                warnings.clear();
                return input.prepared->mergeInto(current, wanted, &warnings, mergeError);
            },
            options);
        if (!takeRead().prepared)
            return context.fail(takeRead().error);
        if (!outcome.ok)
            return context.fail(outcome.error);
        for (const QString &line : outcome.diff.describeAll())
            context.err << line << "\n";
        for (const QString &warning : warnings)
            context.err << "warning: " << TextRules::forTerminal(warning) << "\n";
        if (outcome.diff.isEmpty())
            context.err << "nothing to change\n";
        const Findings findings = Validator(&WellKnownPorts::system()).validate(outcome.result);
        // Standard output failing (a full disk) still says what became of the target.
        const bool written = context.writeFindingsText(findings);
        const FindingCounts counts = countFindings(findings);
        // What was read is large at scale and the process ends here: not freed piece by piece.
        CommandContext::retainUntilExit(std::move(*read));
        CommandContext::retainUntilExit(std::move(outcome));
        context.err << target << ": " << counts.errors << " errors, " << counts.warnings
                    << " warnings" << (options.dryRun ? " (dry run: nothing written)" : "") << "\n";
        if (!written)
            return context.outputFailed();
        return counts.errors > 0 ? ExitFindings : ExitOk;
    }
};

} // namespace

std::unique_ptr<Command> createImportCommand()
{
    return std::make_unique<ImportCommand>();
}

} // namespace portolan
