#include "cli/Commands.h"
#include "cli/RegistryCommand.h"

#include "check/Validator.h"
#include "domain/TextRules.h"
#include "domain/WellKnownPorts.h"
#include "drift/DriftReport.h"
#include "drift/RemoteSockets.h"
#include "drift/SocketTable.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>

namespace portolan {

namespace {

// `drift`: a device's plan against the sockets really listening, read here (/proc/net), from
// copies, from saved docker output, over ssh (--ssh), or for every device with an ssh
// destination at once (--all).
class DriftCommand final : public RegistryCommand
{
public:
    QString name() const override { return QStringLiteral("drift"); }

    Help help(const QString &) const override
    {
        return {QStringLiteral("FILE (--device NAME [--proc DIR] [--docker FILE] [--ssh "
                               "[--ssh-target DEST]] | --all) [--format json]"),
                QStringLiteral("plan vs listening sockets"),
                QStringLiteral(
                    "Compares a device's plan with the sockets really listening: on this machine "
                    "(/proc/net), in a folder holding copies of tcp, tcp6, udp and udp6, in saved "
                    "`docker ps --format '{{json .}}'` output, or on the device itself over ssh "
                    "(--ssh: its `ssh` destination or --ssh-target, through your own OpenSSH "
                    "client and ~/.ssh/config, BatchMode, read-only). --all checks every device "
                    "that has an ssh destination, 8 at a time.\nPORTOLAN_SSH names another ssh "
                    "command (e.g. \"ssh -F FILE\"), PORTOLAN_SSH_TIMEOUT the connect timeout in "
                    "seconds (default 10).\nExit: 0 plan and reality agree, 1 drift, 2 bad input "
                    "or a device that could not be read (the others are still reported)."),
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
                {QStringLiteral("ssh"),
                 QStringLiteral("Read the device's sockets (and docker ps) over ssh.")},
                {QStringLiteral("ssh-target"),
                 QStringLiteral("The ssh destination, instead of the device's ssh key."),
                 QStringLiteral("DEST")},
                {QStringLiteral("all"),
                 QStringLiteral("Every device with an ssh destination, in parallel.")},
                CommandContext::formatOption(),
                CommandContext::dbOption()};
    }

    QList<std::pair<QString, QString>>
    requiredOptions(const QString &, const QCommandLineParser &parser) const override
    {
        if (parser.isSet(QStringLiteral("all")))
            return {};
        return {{QStringLiteral("device"), QStringLiteral("NAME")}};
    }

    int checkOptions(const QString &, const QCommandLineParser &parser,
                     CommandContext &context) override
    {
        const bool all = parser.isSet(QStringLiteral("all"));
        const QString format = parser.value(QStringLiteral("format"));
        if (format != QLatin1String("text") && format != QLatin1String("json"))
            return context.usageError(QStringLiteral("--format must be text or json"));
        if (all &&
            (parser.isSet(QStringLiteral("device")) || parser.isSet(QStringLiteral("proc")) ||
             parser.isSet(QStringLiteral("docker")) || parser.isSet(QStringLiteral("ssh-target"))))
            return context.usageError(
                QStringLiteral("--all reads every device over ssh: it takes no --device, --proc, "
                               "--docker or --ssh-target"));
        const bool ssh =
            parser.isSet(QStringLiteral("ssh")) || parser.isSet(QStringLiteral("ssh-target"));
        if (ssh && (parser.isSet(QStringLiteral("proc")) || parser.isSet(QStringLiteral("docker"))))
            return context.usageError(
                QStringLiteral("--ssh reads the device itself: it takes no --proc or --docker"));
        return ExitOk;
    }

    int runWithRegistry(const QString &, const QCommandLineParser &parser, CommandContext &context,
                        const QString &path, Registry &registry) override
    {
        const bool ssh =
            parser.isSet(QStringLiteral("ssh")) || parser.isSet(QStringLiteral("ssh-target"));
        if (parser.isSet(QStringLiteral("all")))
            return runAll(registry, parser, context);

        const int d = context.findDevice(registry, parser.value(QStringLiteral("device")), path);
        if (d < 0)
            return ExitBadInput;
        const Device &device = registry.devices[d];
        SocketTable table;
        QVector<ListeningSocket> sockets;
        if (ssh) {
            const QString destination = parser.isSet(QStringLiteral("ssh-target"))
                                            ? parser.value(QStringLiteral("ssh-target"))
                                            : device.ssh;
            if (destination.isEmpty())
                return context.usageError(
                    QStringLiteral("%1 has no ssh destination: set its ssh key, or pass "
                                   "--ssh-target DEST")
                        .arg(device.name));
            if (!Validator::isValidSshDestination(destination))
                return context.usageError(QStringLiteral("\"%1\" is not an ssh destination")
                                              .arg(TextRules::forTerminal(destination)));
            const RemoteSockets::Result result = RemoteSockets::read(destination);
            if (!result.ok) {
                context.err << device.name << ": cannot read over ssh (" << destination
                            << "): " << TextRules::forTerminal(result.error) << "\n";
                return ExitBadInput;
            }
            for (const QString &note : result.notes)
                context.err << device.name << ": " << TextRules::forTerminal(note) << "\n";
            sockets = result.sockets;
        } else {
            const QString proc = parser.isSet(QStringLiteral("proc"))
                                     ? parser.value(QStringLiteral("proc"))
                                     : QStringLiteral("/proc/net");
            if (!table.readProcFolder(proc) ||
                (parser.isSet(QStringLiteral("docker")) &&
                 !table.readDockerPs(parser.value(QStringLiteral("docker")))))
                return context.fail(Error::fromText(table.error().toString()));
            sockets = table.sockets();
        }
        const QVector<DriftEntry> entries =
            DriftCheck::compare(registry, d, sockets, &WellKnownPorts::system());
        if (CommandContext::isJson(parser)) {
            context.out << QString::fromUtf8(QJsonDocument(DriftReport::toJson(device, entries))
                                                 .toJson(QJsonDocument::Indented));
        } else {
            context.out << DriftReport::toText(device, entries);
            context.err << DriftReport::summary(device, entries) << "\n";
        }
        return DriftCheck::driftCount(entries) > 0 ? ExitFindings : ExitOk;
    }

private:
    static int runAll(const Registry &registry, const QCommandLineParser &parser,
                      CommandContext &context)
    {
        QVector<RemoteSocketsRun::Target> targets;
        QVector<RemoteSocketsRun::Target> reachable;
        QStringList skipped;
        QHash<int, RemoteSockets::Result> results;
        for (int d = 0; d < registry.devices.size(); ++d) {
            const Device &device = registry.devices[d];
            if (device.ssh.isEmpty()) {
                skipped << device.name;
                continue;
            }
            targets.append({d, device.ssh});
            if (Validator::isValidSshDestination(device.ssh)) {
                reachable.append({d, device.ssh});
                continue;
            }
            // Never handed to ssh (it could read as an option), and reported, not dropped.
            RemoteSockets::Result refused;
            refused.destination = device.ssh;
            refused.error = QStringLiteral("not an ssh destination (invalid-value in validate)");
            results.insert(d, refused);
        }
        if (targets.isEmpty())
            return context.usageError(
                QStringLiteral("no device has an ssh destination: set a device's ssh key"));

        RemoteSocketsRun run(reachable);
        QEventLoop loop;
        QObject::connect(&run, &RemoteSocketsRun::deviceFinished,
                         [&](int device, const RemoteSockets::Result &result) {
                             results.insert(device, result);
                         });
        QObject::connect(&run, &RemoteSocketsRun::finished, &loop, &QEventLoop::quit);
        if (!reachable.isEmpty()) {
            run.start();
            if (results.size() < targets.size())
                loop.exec();
        }

        // Reported in registry order, whatever order the hosts answered in.
        const bool json = CommandContext::isJson(parser);
        int agree = 0;
        int drifted = 0;
        int unreadable = 0;
        QJsonArray devices;
        for (const RemoteSocketsRun::Target &target : targets) {
            const Device &device = registry.devices[target.device];
            const RemoteSockets::Result result = results.value(target.device);
            QJsonObject object;
            if (!result.ok) {
                ++unreadable;
                if (json) {
                    object.insert(QStringLiteral("device"), device.name);
                    object.insert(QStringLiteral("ssh"), target.destination);
                    object.insert(QStringLiteral("status"), QStringLiteral("unreadable"));
                    object.insert(QStringLiteral("error"), result.error);
                    devices.append(object);
                } else {
                    context.out << "== " << device.name << " (" << target.destination << ")\n";
                    context.out << "unreadable  " << device.name << "  -  "
                                << TextRules::forTerminal(result.error) << "\n\n";
                    context.err << device.name << ": cannot read over ssh (" << target.destination
                                << "): " << TextRules::forTerminal(result.error) << "\n";
                }
                continue;
            }
            const QVector<DriftEntry> entries = DriftCheck::compare(
                registry, target.device, result.sockets, &WellKnownPorts::system());
            const bool differs = DriftCheck::driftCount(entries) > 0;
            differs ? ++drifted : ++agree;
            if (json) {
                object = DriftReport::toJson(device, entries);
                object.insert(QStringLiteral("ssh"), target.destination);
                object.insert(QStringLiteral("status"),
                              differs ? QStringLiteral("drift") : QStringLiteral("agree"));
                object.insert(QStringLiteral("docker"), result.docker);
                if (!result.notes.isEmpty())
                    object.insert(QStringLiteral("notes"),
                                  QJsonArray::fromStringList(result.notes));
                devices.append(object);
            } else {
                context.out << "== " << device.name << " (" << target.destination << ")\n";
                context.out << DriftReport::toText(device, entries);
                for (const QString &note : result.notes)
                    context.out << "note  " << device.name << "  -  "
                                << TextRules::forTerminal(note) << "\n";
                context.out << DriftReport::summary(device, entries) << "\n\n";
            }
        }
        const QString summary =
            QCoreApplication::translate(
                "DriftCommand",
                "%n device(s) checked over ssh: %1 agree, %2 drift, %3 could not be read", nullptr,
                int(targets.size()))
                .arg(agree)
                .arg(drifted)
                .arg(unreadable) +
            (skipped.isEmpty()
                 ? QString()
                 : QStringLiteral("; without ssh: %1").arg(skipped.join(QStringLiteral(", "))));
        if (json) {
            QJsonObject report{{QStringLiteral("devices"), devices},
                               {QStringLiteral("agree"), agree},
                               {QStringLiteral("drift"), drifted},
                               {QStringLiteral("unreadable"), unreadable},
                               {QStringLiteral("skipped"), QJsonArray::fromStringList(skipped)}};
            context.out << QString::fromUtf8(QJsonDocument(report).toJson(QJsonDocument::Indented));
        }
        context.err << summary << "\n";
        return unreadable > 0 ? ExitBadInput : drifted > 0 ? ExitFindings : ExitOk;
    }
};

} // namespace

std::unique_ptr<Command> createDriftCommand()
{
    return std::make_unique<DriftCommand>();
}

} // namespace portolan
