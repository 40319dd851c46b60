#include "cli/Commands.h"

#include "check/FindingsReport.h"
#include "check/Validator.h"
#include "domain/WellKnownPorts.h"
#include "io/InputFile.h"
#include "rehearsal/NetworkNamespaces.h"
#include "rehearsal/Rehearsal.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSocketNotifier>

#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace portolan {

namespace {

// Ctrl+C, a closed terminal or a kill: the rehearsal still removes what it made. The handler
// only writes a byte; the event loop reads it and stops the rehearsal at its next step.
int signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const ssize_t written = ::write(signalPipe[1], &byte, 1);
}

class InterruptGuard
{
public:
    explicit InterruptGuard(Rehearsal &rehearsal)
    {
        if (::pipe2(signalPipe, O_CLOEXEC | O_NONBLOCK) != 0)
            return;
        m_notifier = std::make_unique<QSocketNotifier>(signalPipe[0], QSocketNotifier::Read);
        QObject::connect(m_notifier.get(), &QSocketNotifier::activated, [&rehearsal] {
            char byte = 0;
            while (::read(signalPipe[0], &byte, 1) > 0) {
            }
            rehearsal.interrupt();
        });
        struct sigaction action = {};
        action.sa_handler = onSignal;
        sigemptyset(&action.sa_mask);
        for (int signal : {SIGINT, SIGTERM, SIGHUP})
            ::sigaction(signal, &action, nullptr);
    }
    ~InterruptGuard()
    {
        for (int signal : {SIGINT, SIGTERM, SIGHUP})
            ::signal(signal, SIG_DFL);
        m_notifier.reset();
        for (int &fd : signalPipe) {
            if (fd >= 0)
                ::close(fd);
            fd = -1;
        }
    }

private:
    std::unique_ptr<QSocketNotifier> m_notifier;
};

// `rehearse`: the whole plan built on this machine in network namespaces, loaded into the real
// programs, and checked from the clients and devices it is meant for.
class RehearseCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("rehearse"); }

    Help help(const QString &) const override
    {
        return {QStringLiteral("(FILE [--format json] | --clean)"),
                QStringLiteral("build the plan in namespaces and check it"),
                QStringLiteral(
                    "Linux, as root: builds the plan on this machine in network namespaces (one "
                    "per device with its containers behind a simulated Docker, a LAN, a VPN, an "
                    "internet, a LAN and a VPN client), loads what Portolan exports into the "
                    "real programs (each device's firewall into nftables, the DNS into unbound "
                    "or dnsmasq, the routes into Caddy), starts a stand-in on every planned "
                    "binding and a rogue listener on unplanned ports, and reports each route "
                    "that does not answer with its own service from the clients it is for, and "
                    "each port that answers a vantage point it should not (or does not answer "
                    "one it should). Everything it made (namespaces named portolan-PID-...) is "
                    "removed at the end, also when interrupted; --clean removes what a killed "
                    "run left.\nNeeds ip, nft, nsenter and sysctl; with routes also caddy, "
                    "unbound or dnsmasq, curl and dig.\nExit: 0 all as planned, 1 findings (or "
                    "a registry with errors: nothing is built), 2 bad input, or this machine "
                    "cannot rehearse (says what is missing)."),
                {registryFileArgument()}};
    }

    QList<QCommandLineOption> options(const QString &) const override
    {
        return {CommandContext::formatOption(),
                {QStringLiteral("clean"),
                 QStringLiteral("Remove namespaces an interrupted rehearsal left behind.")},
                CommandContext::dbOption()};
    }

    int run(const QString &, const QCommandLineParser &parser, CommandContext &context) override
    {
        const QString format = parser.value(QStringLiteral("format"));
        if (format != QLatin1String("text") && format != QLatin1String("json"))
            return context.usageError(QStringLiteral("--format must be text or json"));
        if (parser.isSet(QStringLiteral("clean"))) {
            if (!parser.positionalArguments().isEmpty() || parser.isSet(QStringLiteral("db")))
                return context.usageError(
                    QStringLiteral("rehearse --clean takes no FILE: it removes the namespaces "
                                   "of rehearsals that are no longer running"));
            return clean(context, CommandContext::isJson(parser));
        }
        QString source;
        int exitCode = ExitOk;
        if (!context.registrySource(parser, name(), &source, &exitCode))
            return exitCode;
        Registry registry;
        if (!context.load(source, registry))
            return ExitBadInput;
        const bool json = CommandContext::isJson(parser);

        Findings findings = Validator(&WellKnownPorts::system()).validate(registry);
        if (countFindings(findings).errors > 0) {
            findings.erase(
                std::remove_if(findings.begin(), findings.end(),
                               [](const Finding &f) { return f.severity != Severity::Error; }),
                findings.end());
            context.err << InputFile::displayName(source)
                        << ": the registry has errors; nothing was built\n";
            if (json) {
                // The rehearsal's own shape, its registry findings under their own key.
                const QJsonDocument registryFindings =
                    QJsonDocument::fromJson(FindingsReport::toJson(findings));
                const QJsonObject report{{QStringLiteral("source"), InputFile::displayName(source)},
                                         {QStringLiteral("built"), false},
                                         {QStringLiteral("ok"), false},
                                         {QStringLiteral("findings"), QJsonArray()},
                                         {QStringLiteral("registry_findings"),
                                          registryFindings.isArray()
                                              ? QJsonValue(registryFindings.array())
                                              : QJsonValue(registryFindings.object())}};
                context.out << QString::fromUtf8(
                    QJsonDocument(report).toJson(QJsonDocument::Indented));
            } else {
                context.out << FindingsReport::toText(findings);
            }
            return ExitFindings;
        }

        Rehearsal rehearsal(registry, InputFile::displayName(source));
        const QStringList missing = rehearsal.missing();
        if (!missing.isEmpty()) {
            context.err << "rehearse cannot run here:\n";
            for (const QString &line : missing)
                context.err << "  " << line << "\n";
            return ExitBadInput;
        }
        QObject::connect(&rehearsal, &Rehearsal::stage, [&context](const QString &what) {
            context.err << "rehearse: " << what << "\n";
            context.err.flush();
        });
        InterruptGuard guard(rehearsal);
        if (!rehearsal.run()) {
            context.err << "rehearse: " << rehearsal.error() << "\n";
            return rehearsal.wasInterrupted() ? 130 : ExitBadInput;
        }
        context.out << (json
                            ? QString::fromUtf8(
                                  QJsonDocument(rehearsal.toJson()).toJson(QJsonDocument::Indented))
                            : rehearsal.toText());
        return rehearsal.findings().isEmpty() ? ExitOk : ExitFindings;
    }

private:
    static int clean(CommandContext &context, bool json)
    {
        const QStringList leftovers = NetworkNamespaces::leftovers();
        QJsonArray removed;
        QJsonArray failed;
        for (const QString &name : leftovers) {
            QString error;
            if (NetworkNamespaces::removeLeftover(name, &error)) {
                removed.append(name);
                if (!json)
                    context.out << "removed " << name << "\n";
            } else {
                failed.append(QJsonObject{{QStringLiteral("namespace"), name},
                                          {QStringLiteral("error"), error}});
                context.err << "cannot remove " << name << ": " << error << "\n";
            }
        }
        if (json)
            context.out << QString::fromUtf8(
                QJsonDocument(QJsonObject{{QStringLiteral("removed"), removed},
                                          {QStringLiteral("failed"), failed}})
                    .toJson(QJsonDocument::Indented));
        else if (leftovers.isEmpty())
            context.out << "nothing to remove\n";
        return failed.isEmpty() ? ExitOk : ExitBadInput;
    }
};

} // namespace

std::unique_ptr<Command> createRehearseCommand()
{
    return std::make_unique<RehearseCommand>();
}

} // namespace portolan
