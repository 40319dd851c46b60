#pragma once

#include "cli/Command.h"

namespace portolan {

// The base of every command that opens one registry (as KeePassXC's DatabaseCommand): FILE or
// --db URL, the options it cannot run without, its own option checks before anything is read,
// then the registry loaded (a malformed one reported as FILE:LINE:COLUMN, exit 2) and handed
// to runWithRegistry. The registry is kept until the process ends (see retainUntilExit).
class RegistryCommand : public Command
{
public:
    int run(const QString &variant, const QCommandLineParser &parser,
            CommandContext &context) final;

protected:
    // "validate", "export dns": how usage errors name the command.
    QString commandLine(const QString &variant) const;
    // Options without which the command cannot run: {"device", "NAME"}.
    virtual QList<std::pair<QString, QString>>
    requiredOptions(const QString &variant, const QCommandLineParser &parser) const;
    // Checks the options before the registry is read; anything but ExitOk ends the command.
    virtual int checkOptions(const QString &variant, const QCommandLineParser &parser,
                             CommandContext &context);
    virtual int runWithRegistry(const QString &variant, const QCommandLineParser &parser,
                                CommandContext &context, const QString &source,
                                Registry &registry) = 0;
};

} // namespace portolan
