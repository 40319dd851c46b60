#include "Command.h"
#include "Commands.h"

#include "domain/WellKnownPorts.h"
#include "drift/DriftReport.h"
#include "drift/SocketTable.h"

#include <QJsonDocument>

namespace portolan {

namespace {

class DriftCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("drift"); }

    Help help(const QString &) const override
    {
        return {QStringLiteral("FILE --device NAME [--proc DIR] [--docker FILE] [--format json]"),
                QStringLiteral("plan vs listening sockets"),
                QStringLiteral("Compares a device's plan with the sockets really listening: on "
                               "this machine (/proc/net), in a folder holding copies of tcp, "
                               "tcp6, udp and udp6, and in saved `docker ps --format "
                               "'{{json .}}'` output.\nExit: 0 plan and reality agree, 1 drift, "
                               "2 bad input."),
                {registryFileArgument()}};
    }

    QList<QCommandLineOption> options(const QString &) const override
    {
        return {{QStringLiteral("device"), QStringLiteral("The device."), QStringLiteral("NAME")},
                {QStringLiteral("proc"),
                 QStringLiteral("Folder with tcp, tcp6, udp, udp6 (default /proc/net)."),
                 QStringLiteral("DIR")},
                {QStringLiteral("docker"), QStringLiteral("Saved docker ps JSON lines."),
                 QStringLiteral("FILE")},
                CommandContext::formatOption(),
                CommandContext::dbOption()};
    }

    int run(const QString &, const QCommandLineParser &parser, CommandContext &context) override
    {
        QString path;
        int exitCode = ExitOk;
        if (!context.registrySource(parser, name(), &path, &exitCode,
                                    {{QStringLiteral("device"), QStringLiteral("NAME")}}))
            return exitCode;
        const QString format = parser.value(QStringLiteral("format"));
        if (format != QLatin1String("text") && format != QLatin1String("json"))
            return context.usageError(QStringLiteral("--format must be text or json"));
        Registry registry;
        if (!context.load(path, registry))
            return ExitBadInput;
        const int d = context.findDevice(registry, parser.value(QStringLiteral("device")), path);
        if (d < 0)
            return ExitBadInput;
        SocketTable table;
        const QString proc = parser.isSet(QStringLiteral("proc"))
                                 ? parser.value(QStringLiteral("proc"))
                                 : QStringLiteral("/proc/net");
        if (!table.readProcFolder(proc) ||
            (parser.isSet(QStringLiteral("docker")) &&
             !table.readDockerPs(parser.value(QStringLiteral("docker")))))
            return context.fail(Error::fromText(table.error().toString()));
        const QVector<DriftEntry> entries =
            DriftCheck::compare(registry, d, table.sockets(), &WellKnownPorts::system());
        const Device &device = registry.devices[d];
        if (CommandContext::isJson(parser)) {
            context.out << QString::fromUtf8(QJsonDocument(DriftReport::toJson(device, entries))
                                                 .toJson(QJsonDocument::Indented));
        } else {
            context.out << DriftReport::toText(device, entries);
            context.err << DriftReport::summary(device, entries) << "\n";
        }
        return DriftCheck::driftCount(entries) > 0 ? ExitFindings : ExitOk;
    }
};

} // namespace

std::unique_ptr<Command> createDriftCommand()
{
    return std::make_unique<DriftCommand>();
}

} // namespace portolan
