#include "cli/Commands.h"
#include "cli/RegistryCommand.h"

#include "drift/PortAudit.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>

namespace portolan {

namespace {

// `audit`: the plan checked from where an attacker stands, this machine. Connects to each
// device's addresses on its planned ports, the range and 1-1023, bounded in rate, in flight and
// in time, and reports what answers that should not (exposed) and what should and does not
// (closed).
class AuditCommand final : public RegistryCommand
{
public:
    QString name() const override { return QStringLiteral("audit"); }

    Help help(const QString &) const override
    {
        return {QStringLiteral("FILE (--device NAME | --all) [--format json] [--parallel N] "
                               "[--rate N] [--timeout MS]"),
                QStringLiteral("probe devices from here: exposed and closed ports"),
                QStringLiteral(
                    "From this machine, connects to each device's addresses (ip, vpn_ip) on its "
                    "planned ports, every port of the range and 1-1023 (tcp by connect; udp by a "
                    "DNS query where the port is DNS, other udp and sctp reported unknown), and "
                    "judges each answer for the source address this machine sends from, by the "
                    "rules `export firewall` writes. exposed: answers, and the plan does not "
                    "open it for that source. closed: the plan opens it for that source, and "
                    "nothing answers. The device's ssh port is never exposed. Only the "
                    "registry's own addresses are probed.\nA probe waits at most --timeout "
                    "milliseconds (default 1000), less once the host has answered (a few times "
                    "its slowest answer, at least 250 ms); at most --parallel probes are in "
                    "flight (default 512) and --rate new ones start a second (default 5000, 0: "
                    "no bound).\nExit: 0 as planned, 1 exposed or closed ports, 2 bad input or "
                    "an address that could not be probed (the others are still reported)."),
                {registryFileArgument()}};
    }

    QList<QCommandLineOption> options(const QString &) const override
    {
        return {{QStringLiteral("device"), QStringLiteral("The device to probe."),
                 QStringLiteral("NAME")},
                {QStringLiteral("all"), QStringLiteral("Every device of the registry.")},
                {QStringLiteral("parallel"),
                 QStringLiteral("Probes in flight at once (default 512)."), QStringLiteral("N"),
                 QStringLiteral("512")},
                {QStringLiteral("rate"),
                 QStringLiteral("New probes a second (default 5000; 0: no bound)."),
                 QStringLiteral("N"), QStringLiteral("5000")},
                {QStringLiteral("timeout"),
                 QStringLiteral("Longest wait for one answer, in ms (default 1000)."),
                 QStringLiteral("MS"), QStringLiteral("1000")},
                CommandContext::formatOption(),
                CommandContext::dbOption()};
    }

    int checkOptions(const QString &, const QCommandLineParser &parser,
                     CommandContext &context) override
    {
        const QString format = parser.value(QStringLiteral("format"));
        if (format != QLatin1String("text") && format != QLatin1String("json"))
            return context.usageError(QStringLiteral("--format must be text or json"));
        if (!parser.isSet(QStringLiteral("device")) && !parser.isSet(QStringLiteral("all")))
            return context.usageError(QStringLiteral("audit needs --device NAME, or --all for "
                                                     "every device"));
        if (parser.values(QStringLiteral("device")).size() > 1)
            return context.usageError(QStringLiteral("audit takes one --device NAME; --all "
                                                     "probes every device"));
        if (parser.isSet(QStringLiteral("all")) && parser.isSet(QStringLiteral("device")))
            return context.usageError(QStringLiteral("--all probes every device: it takes no "
                                                     "--device"));
        struct Bound
        {
            const char *option;
            int least;
            int most;
            int *value;
        };
        const Bound bounds[] = {{"parallel", 1, 4096, &m_limits.parallel},
                                {"rate", 0, 1000000, &m_limits.rate},
                                {"timeout", 10, 60000, &m_limits.timeoutMs}};
        for (const Bound &bound : bounds) {
            const QString option = QLatin1String(bound.option);
            bool ok = false;
            const int value = parser.value(option).toInt(&ok);
            if (!ok || value < bound.least || value > bound.most)
                return context.usageError(QStringLiteral("--%1 must be a whole number from %2 "
                                                         "to %3, not \"%4\"")
                                              .arg(option)
                                              .arg(bound.least)
                                              .arg(bound.most)
                                              .arg(parser.value(option)));
            *bound.value = value;
        }
        return ExitOk;
    }

    int runWithRegistry(const QString &, const QCommandLineParser &parser, CommandContext &context,
                        const QString &path, Registry &registry) override
    {
        QVector<int> devices;
        if (parser.isSet(QStringLiteral("all"))) {
            for (int d = 0; d < registry.devices.size(); ++d)
                devices << d;
            if (devices.isEmpty())
                return context.usageError(QStringLiteral("the registry has no devices"));
        } else {
            const int d =
                context.findDevice(registry, parser.value(QStringLiteral("device")), path);
            if (d < 0)
                return ExitBadInput;
            devices << d;
        }

        PortAudit audit(registry, devices, m_limits);
        QEventLoop loop;
        QObject::connect(&audit, &PortAudit::finished, &loop, &QEventLoop::quit);
        audit.start();
        if (!audit.isFinished())
            loop.exec();

        const QVector<DeviceAudit> &results = audit.results();
        if (CommandContext::isJson(parser)) {
            context.out << QString::fromUtf8(QJsonDocument(PortAudit::toJson(registry, results))
                                                 .toJson(QJsonDocument::Indented));
        } else {
            context.out << PortAudit::toText(registry, results);
        }
        if (PortAudit::hasErrors(results))
            return ExitBadInput;
        return PortAudit::hasFindings(results) ? ExitFindings : ExitOk;
    }

private:
    PortProber::Limits m_limits;
};

} // namespace

std::unique_ptr<Command> createAuditCommand()
{
    return std::make_unique<AuditCommand>();
}

} // namespace portolan
