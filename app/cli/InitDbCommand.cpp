#include "cli/Command.h"
#include "cli/Commands.h"

#include "store/RegistryLocation.h"
#include "store/Store.h"

namespace portolan {

namespace {

class InitDbCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("init-db"); }

    Help help(const QString &) const override
    {
        return {QStringLiteral("--db URL"),
                QStringLiteral("create the schema in a PostgreSQL database"),
                QStringLiteral("Creates the Portolan schema in a PostgreSQL database (or "
                               "migrates an older one).\nThe password comes from PGPASSWORD or "
                               "~/.pgpass.\nExit: 0 ready, 2 failure."),
                {}};
    }

    QList<QCommandLineOption> options(const QString &) const override
    {
        return {CommandContext::dbOption()};
    }

    int run(const QString &, const QCommandLineParser &parser, CommandContext &context) override
    {
        if (!parser.isSet(QStringLiteral("db")) || !parser.positionalArguments().isEmpty())
            return context.usageError(
                QStringLiteral("init-db takes --db postgresql://user@host:port/dbname"));
        const QString url = parser.value(QStringLiteral("db"));
        if (!RegistryLocation::parse(url).isDatabase())
            return context.usageError(QStringLiteral("--db takes a postgresql:// URL"));
        Error error;
        std::unique_ptr<Store> store = Store::openUrl(url, &error, /*initialize=*/true);
        if (!store)
            return context.fail(error);
        context.out << store->displayName() << ": schema version " << store->schemaVersion()
                    << "\n";
        return ExitOk;
    }
};

} // namespace

std::unique_ptr<Command> createInitDbCommand()
{
    return std::make_unique<InitDbCommand>();
}

} // namespace portolan
