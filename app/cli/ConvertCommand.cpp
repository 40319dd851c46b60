#include "cli/Command.h"
#include "cli/Commands.h"

#include "store/RegistryIo.h"
#include "store/RegistryLocation.h"
#include "store/Store.h"

#include <QFileInfo>

namespace portolan {

namespace {

class ConvertCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("convert"); }

    Help help(const QString &) const override
    {
        return {QStringLiteral("IN OUT"),
                QStringLiteral("between .yaml, .portolan and postgresql:// URLs, losslessly"),
                QStringLiteral("Copies a registry between formats, losslessly: .yaml, .portolan "
                               "(SQLite) and postgresql://user@host:port/dbname.\nThe target is "
                               "replaced atomically: on any failure it is left as it was. - "
                               "reads standard input or writes standard output (YAML).\nExit: "
                               "0 written, 2 unreadable input or failed write."),
                {{QStringLiteral("IN"), QStringLiteral("The registry to read.")},
                 {QStringLiteral("OUT"), QStringLiteral("Where to write it.")}}};
    }

    QList<QCommandLineOption> options(const QString &) const override { return {}; }

    int run(const QString &, const QCommandLineParser &parser, CommandContext &context) override
    {
        const QStringList positional = parser.positionalArguments();
        if (positional.size() != 2)
            return context.usageError(QStringLiteral("convert takes IN and OUT"));
        const QString in = positional[0];
        const QString out = positional[1];
        if (!RegistryLocation::parse(in).isDatabase() &&
            !RegistryLocation::parse(out).isDatabase() && in != QLatin1String("-") &&
            QFileInfo(in).absoluteFilePath() == QFileInfo(out).absoluteFilePath())
            return context.usageError(QStringLiteral("IN and OUT are the same file"));
        Registry registry;
        if (!context.load(in, registry))
            return ExitBadInput;
        Error error;
        if (!RegistryIo::save(registry, out, &error))
            return context.fail(error);
        return ExitOk;
    }
};

} // namespace

std::unique_ptr<Command> createConvertCommand()
{
    return std::make_unique<ConvertCommand>();
}

} // namespace portolan
