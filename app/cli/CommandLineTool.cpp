#include "cli/CommandLineTool.h"

#include "cli/Commands.h"

#include "domain/Registry.h"

namespace portolan {

CommandLineTool::CommandLineTool(QTextStream &out, QTextStream &err)
    : m_out(out)
    , m_err(err)
{}

void CommandLineTool::printUsage(QTextStream &stream)
{
    stream << "Usage: portolan-cli COMMAND [OPTIONS]\n\n"
           << "Plans and checks homelab port allocations (registry format v" << CurrentFormatVersion
           << ").\n\nCommands:\n";
    for (const auto &command : allCommands()) {
        const QStringList variants =
            command->variants().isEmpty() ? QStringList{QString()} : command->variants();
        for (const QString &variant : variants) {
            const Command::Help help = command->help(variant);
            QString words = command->name();
            if (!variant.isEmpty())
                words += u' ' + variant;
            stream << "  " << words;
            if (!help.synopsis.isEmpty())
                stream << " " << help.synopsis;
            stream << "\n      " << help.summary << "\n";
        }
    }
    stream << "\nFILE is a .yaml registry, a .portolan database or - (standard input); --db "
              "postgresql://... reads a team database instead.\n"
           << "\n  --help     this text; COMMAND --help for a command's options\n"
           << "  --version  the version\n\n"
           << "Exit codes: 0 ok, 1 errors found (or no free port, or drift), 2 unreadable or "
              "malformed input, a failed write, or bad usage.\n";
}

int CommandLineTool::run(const QStringList &arguments)
{
    CommandContext context(m_out, m_err);
    if (arguments.size() < 2) {
        printUsage(m_err);
        return Command::ExitBadInput;
    }
    const QString name = arguments[1];
    if (name == QLatin1String("--version") || name == QLatin1String("-v")) {
        m_out << "portolan-cli " << PORTOLAN_VERSION << "\n";
        return Command::ExitOk;
    }
    if (name == QLatin1String("--help") || name == QLatin1String("-h") ||
        name == QLatin1String("help")) {
        printUsage(m_out);
        return Command::ExitOk;
    }
    Command *command = const_cast<Command *>(findCommand(name));
    if (!command)
        return context.usageError(QStringLiteral("unknown command \"%1\"").arg(name));
    QStringList rest = arguments.mid(2);
    QString variant;
    QString program = QStringLiteral("portolan-cli ") + name;
    const QStringList variants = command->variants();
    if (!variants.isEmpty()) {
        variant = rest.value(0);
        if (variant.isEmpty() || variant.startsWith(u'-'))
            return context.usageError(QStringLiteral("%1 needs a format: %2")
                                          .arg(name, variants.join(QStringLiteral(", "))));
        if (!variants.contains(variant))
            return context.usageError(QStringLiteral("unknown %1 format \"%2\"; known: %3")
                                          .arg(name, variant, variants.join(QStringLiteral(", "))));
        rest = rest.mid(1);
        program += u' ' + variant;
    }

    // Each command sees "portolan-cli COMMAND [VARIANT]" as its program name, so its --help
    // reads right.
    const Command::Help help = command->help(variant);
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.setApplicationDescription(help.description);
    for (const auto &[positional, description] : help.positionals)
        parser.addPositionalArgument(positional, description);
    parser.addOptions(command->options(variant));
    const QCommandLineOption helpOption = parser.addHelpOption();
    if (!parser.parse(QStringList{program} + rest)) {
        m_err << "portolan-cli: " << parser.errorText() << "\n";
        return Command::ExitBadInput;
    }
    if (parser.isSet(helpOption)) {
        // Qt names the program by its path; the user typed "portolan-cli export compose".
        QString text = parser.helpText();
        const qsizetype options = text.indexOf(QLatin1String(" [options]"));
        if (text.startsWith(QLatin1String("Usage: ")) && options > 0)
            text.replace(7, options - 7, program);
        m_out << text;
        return Command::ExitOk;
    }
    return command->run(variant, parser, context);
}

} // namespace portolan
