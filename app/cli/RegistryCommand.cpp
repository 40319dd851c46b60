#include "cli/RegistryCommand.h"

namespace portolan {

int RegistryCommand::run(const QString &variant, const QCommandLineParser &parser,
                         CommandContext &context)
{
    QString source;
    int exitCode = ExitOk;
    if (!context.registrySource(parser, commandLine(variant), &source, &exitCode,
                                requiredOptions(variant, parser)))
        return exitCode;
    exitCode = checkOptions(variant, parser, context);
    if (exitCode != ExitOk)
        return exitCode;
    Registry registry;
    if (!context.load(source, registry))
        return ExitBadInput;
    exitCode = runWithRegistry(variant, parser, context, source, registry);
    CommandContext::retainUntilExit(registry);
    return exitCode;
}

QString RegistryCommand::commandLine(const QString &variant) const
{
    return variant.isEmpty() ? name() : name() + QLatin1Char(' ') + variant;
}

QList<std::pair<QString, QString>>
RegistryCommand::requiredOptions(const QString &, const QCommandLineParser &) const
{
    return {};
}

int RegistryCommand::checkOptions(const QString &, const QCommandLineParser &, CommandContext &)
{
    return ExitOk;
}

} // namespace portolan
