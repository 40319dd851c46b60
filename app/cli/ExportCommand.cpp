#include "cli/Commands.h"
#include "cli/RegistryCommand.h"

#include <QFileInfo>

#include "formats/FormatRegistry.h"
#include "io/InputFile.h"

namespace portolan {

namespace {

// `export FORMAT FILE ...`: every format of the format registry, its options from there.
class ExportCommand final : public RegistryCommand
{
public:
    QString name() const override { return QStringLiteral("export"); }

    QStringList variants() const override
    {
        QStringList names;
        for (const Exporter *exporter : FormatRegistry::exporters())
            names << exporter->name();
        return names;
    }

    Help help(const QString &variant) const override
    {
        const Exporter *exporter = FormatRegistry::exporter(variant);
        if (!exporter)
            return {};
        QString synopsis = QStringLiteral("FILE");
        for (const FormatOption &option : exporter->options()) {
            QString word = QStringLiteral("--%1 %2").arg(option.name, option.valueName);
            if (option.repeatable)
                word += QStringLiteral("...");
            synopsis += u' ' + (option.required ? word : u'[' + word + u']');
        }
        return {synopsis,
                exporter->summary(),
                QStringLiteral("Writes %1 to standard output.\nExit: 0 written, 2 bad input, or "
                               "a registry with an invalid value among what it would write.")
                    .arg(exporter->summary()),
                {registryFileArgument()}};
    }

    QList<QCommandLineOption> options(const QString &variant) const override
    {
        QList<QCommandLineOption> result;
        if (const Exporter *exporter = FormatRegistry::exporter(variant)) {
            for (const FormatOption &option : exporter->options())
                result << QCommandLineOption(option.name, option.description, option.valueName,
                                             option.defaultValue);
        }
        result << CommandContext::dbOption();
        return result;
    }

    QStringList valueWords(const QString &option) const override
    {
        for (const Exporter *exporter : FormatRegistry::exporters()) {
            for (const FormatOption &candidate : exporter->options()) {
                if (candidate.name == option && !candidate.choices.isEmpty())
                    return candidate.choices;
            }
        }
        return Command::valueWords(option);
    }

    int checkOptions(const QString &variant, const QCommandLineParser &parser,
                     CommandContext &context) override
    {
        const Exporter *exporter = FormatRegistry::exporter(variant);
        FormatValues &values = m_values;
        for (const FormatOption &option : exporter->options()) {
            if (option.required && !parser.isSet(option.name))
                return context.usageError(QStringLiteral("export %1 needs --%2 %3")
                                              .arg(variant, option.name, option.valueName));
            const QString value = parser.value(option.name);
            if (!option.choices.isEmpty() && !option.choices.contains(value.toLower()))
                return context.usageError(
                    QStringLiteral("--%1 must be %2").arg(option.name, option.valueName));
            values.set(option.name, option.choices.isEmpty() ? parser.values(option.name)
                                                             : QStringList{value.toLower()});
        }
        return ExitOk;
    }

    int runWithRegistry(const QString &variant, const QCommandLineParser &, CommandContext &context,
                        const QString &path, Registry &registry) override
    {
        const Exporter *exporter = FormatRegistry::exporter(variant);
        FormatValues values = m_values;
        // The file's name, not where this run found it: the same registry gives the same bytes.
        const QString shown = InputFile::displayName(path);
        values.set(Exporter::SourceValue,
                   {shown.contains(QLatin1String("://")) ? shown : QFileInfo(shown).fileName()});
        Error error;
        // Piece by piece as the export writes it: nothing before it is known acceptable.
        bool outputFailed = false;
        const bool written = exporter->writeTo(
            registry, values,
            [&](QByteArrayView text) {
                outputFailed = !context.writeOut(text);
                return !outputFailed;
            },
            &error);
        if (outputFailed)
            return context.outputFailed();
        if (!written) {
            // One line each, every one naming the registry.
            const QString source = InputFile::displayName(path);
            for (const QString &line : error.toString().split(u'\n'))
                context.err << source << ": " << line << "\n";
            return ExitBadInput;
        }
        return ExitOk;
    }

private:
    FormatValues m_values;
};

} // namespace

std::unique_ptr<Command> createExportCommand()
{
    return std::make_unique<ExportCommand>();
}

} // namespace portolan
