#include "cli/Command.h"

#include <QIODevice>

#include <vector>

#include "check/FindingsReport.h"
#include "domain/TextRules.h"
#include "io/InputFile.h"
#include "store/RegistryIo.h"
#include "store/RegistryLocation.h"
#include "store/Store.h"

namespace portolan {

Command::ValueKind Command::valueKind(const QString &option) const
{
    static const QStringList files = {QStringLiteral("out"), QStringLiteral("into"),
                                      QStringLiteral("env-file"), QStringLiteral("docker")};
    if (files.contains(option))
        return ValueKind::File;
    if (option == QLatin1String("proc"))
        return ValueKind::Folder;
    return valueWords(option).isEmpty() ? ValueKind::None : ValueKind::Word;
}

QStringList Command::valueWords(const QString &option) const
{
    if (option == QLatin1String("format"))
        return {QStringLiteral("text"), QStringLiteral("json")};
    return {};
}

bool CommandContext::writeOut(QByteArrayView utf8)
{
    QIODevice *device = out.device();
    if (!device) {
        out << QString::fromUtf8(utf8);
        return out.status() == QTextStream::Ok;
    }
    out.flush();
    return device->write(utf8.data(), utf8.size()) == utf8.size();
}

bool CommandContext::writeFindingsText(const Findings &findings)
{
    return FindingsReport::writeText(findings,
                                     [this](QByteArrayView text) { return writeOut(text); });
}

int CommandContext::outputFailed()
{
    const QIODevice *device = out.device();
    err << "portolan-cli: cannot write standard output";
    if (device && !device->errorString().isEmpty())
        err << ": " << device->errorString();
    err << "\n";
    return Command::ExitBadInput;
}

int CommandContext::usageError(const QString &message)
{
    err << "portolan-cli: " << message << "\n";
    err << "Try 'portolan-cli --help'.\n";
    return Command::ExitBadInput;
}

int CommandContext::fail(const Error &error)
{
    err << error.toString() << "\n";
    return Command::ExitBadInput;
}

QCommandLineOption CommandContext::dbOption()
{
    return QCommandLineOption(QStringLiteral("db"),
                              QStringLiteral("Read the registry from a PostgreSQL database "
                                             "instead of FILE."),
                              QStringLiteral("postgresql://user@host:port/dbname"));
}

QCommandLineOption CommandContext::formatOption()
{
    return QCommandLineOption(QStringLiteral("format"),
                              QStringLiteral("Output format: text (default) or json."),
                              QStringLiteral("text|json"), QStringLiteral("text"));
}

bool CommandContext::isJson(const QCommandLineParser &parser)
{
    return parser.value(QStringLiteral("format")) == QLatin1String("json");
}

bool CommandContext::registrySource(const QCommandLineParser &parser, const QString &command,
                                    QString *source, int *exitCode,
                                    const QList<std::pair<QString, QString>> &requiredOptions)
{
    const QStringList positional = parser.positionalArguments();
    const bool fromDb = parser.isSet(QStringLiteral("db"));
    if (fromDb ? !positional.isEmpty() : positional.size() != 1) {
        *exitCode =
            usageError(QStringLiteral("%1 takes exactly one FILE, or --db URL").arg(command));
        return false;
    }
    *source = fromDb ? parser.value(QStringLiteral("db")) : positional.first();
    if (fromDb && !RegistryLocation::parse(*source).isDatabase()) {
        *exitCode = usageError(QStringLiteral("--db takes a postgresql:// URL"));
        return false;
    }
    for (const auto &[option, valueName] : requiredOptions) {
        if (!parser.isSet(option)) {
            *exitCode =
                usageError(QStringLiteral("%1 needs --%2 %3").arg(command, option, valueName));
            return false;
        }
    }
    return true;
}

void CommandContext::retainUntilExit(Registry &registry)
{
    retainUntilExit(std::move(registry));
}

std::vector<std::shared_ptr<void>> &CommandContext::keptObjects()
{
    static auto *kept = new std::vector<std::shared_ptr<void>>();
    return *kept;
}

bool CommandContext::load(const QString &source, Registry &registry)
{
    Error error;
    if (RegistryIo::load(source, registry, error))
        return true;
    fail(error);
    return false;
}

int CommandContext::findDevice(const Registry &registry, const QString &name, const QString &source)
{
    const int index = registry.findDevice(name);
    if (index >= 0)
        return index;
    QStringList names;
    for (const Device &device : registry.devices)
        names << device.name;
    err << InputFile::displayName(source) << ": no device named \"" << TextRules::forTerminal(name)
        << "\"; devices: "
        << (names.isEmpty() ? QStringLiteral("none")
                            : TextRules::forTerminal(names.join(QStringLiteral(", "))))
        << "\n";
    return -1;
}

} // namespace portolan
