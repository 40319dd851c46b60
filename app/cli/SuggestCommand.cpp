#include "cli/Commands.h"
#include "cli/RegistryCommand.h"

#include "check/FreePortFinder.h"
#include "domain/WellKnownPorts.h"
#include "io/InputFile.h"

namespace portolan {

namespace {

class SuggestCommand final : public RegistryCommand
{
public:
    QString name() const override { return QStringLiteral("suggest"); }

    Help help(const QString &) const override
    {
        return {QStringLiteral("FILE --device NAME --category PURPOSE [--count N] "
                               "[--protocol tcp|udp|both]"),
                QStringLiteral("the next free host ports in a purpose's block"),
                QStringLiteral("Prints the lowest free host ports of a device in the block(s) of "
                               "a purpose, one per line.\nExit: 0 found, 1 fewer free than "
                               "asked, 2 bad input."),
                {registryFileArgument()}};
    }

    QList<QCommandLineOption> options(const QString &) const override
    {
        return {{QStringLiteral("device"), QStringLiteral("Device name."), QStringLiteral("NAME")},
                {QStringLiteral("category"), QStringLiteral("Block purpose, e.g. monitoring."),
                 QStringLiteral("PURPOSE")},
                {QStringLiteral("count"), QStringLiteral("How many ports (default 1)."),
                 QStringLiteral("N"), QStringLiteral("1")},
                {QStringLiteral("protocol"),
                 QStringLiteral("Free for tcp, udp, or both (default both)."),
                 QStringLiteral("tcp|udp|both"), QStringLiteral("both")},
                {QStringLiteral("allow-registered"),
                 QStringLiteral("Also offer ports that /etc/services (or the IANA list) "
                                "registers.")},
                CommandContext::dbOption()};
    }

    QStringList valueWords(const QString &option) const override
    {
        if (option == QLatin1String("protocol"))
            return {QStringLiteral("tcp"), QStringLiteral("udp"), QStringLiteral("both")};
        return Command::valueWords(option);
    }

    QList<std::pair<QString, QString>> requiredOptions(const QString &,
                                                       const QCommandLineParser &) const override
    {
        return {{QStringLiteral("device"), QStringLiteral("NAME")},
                {QStringLiteral("category"), QStringLiteral("PURPOSE")}};
    }

    int checkOptions(const QString &, const QCommandLineParser &parser,
                     CommandContext &context) override
    {
        bool countOk = false;
        m_wanted = parser.value(QStringLiteral("count")).toInt(&countOk);
        if (!countOk || m_wanted < 1 || m_wanted > 65535)
            return context.usageError(
                QStringLiteral("--count must be a whole number from 1 to 65535"));
        m_protocol = parser.value(QStringLiteral("protocol")).toLower();
        if (m_protocol == QLatin1String("both"))
            m_protocol.clear();
        else if (m_protocol != Protocols::Tcp && m_protocol != Protocols::Udp)
            return context.usageError(QStringLiteral("--protocol must be tcp, udp or both"));
        return ExitOk;
    }

    int runWithRegistry(const QString &, const QCommandLineParser &parser, CommandContext &context,
                        const QString &path, Registry &registry) override
    {
        const int wanted = m_wanted;
        const QString protocol = m_protocol;
        const int d = context.findDevice(registry, parser.value(QStringLiteral("device")), path);
        if (d < 0)
            return ExitBadInput;
        const QString purpose = parser.value(QStringLiteral("category"));
        const FreePortFinder finder(registry);
        const QVector<PortRange> blocks = finder.blocksOf(purpose);
        const QString shown = InputFile::displayName(path);
        if (blocks.isEmpty()) {
            QStringList purposes;
            for (const Block &block : registry.policy.blocks) {
                if (!block.isReserved() && !purposes.contains(block.purpose))
                    purposes << block.purpose;
            }
            context.err << shown << ": no block has the purpose \"" << purpose
                        << "\"; purposes: " << purposes.join(QStringLiteral(", ")) << "\n";
            return ExitBadInput;
        }
        if (purpose == Purposes::Reserved) {
            context.err << shown << ": reserved blocks take no ports\n";
            return ExitBadInput;
        }
        const QVector<int> ports = finder.lowestFree(
            d, purpose, wanted, protocol,
            parser.isSet(QStringLiteral("allow-registered")) ? nullptr : &WellKnownPorts::system());
        for (int port : ports)
            context.out << port << "\n";
        if (ports.size() >= wanted)
            return ExitOk;
        QStringList ranges;
        for (const PortRange &block : blocks)
            ranges << block.toString();
        const QString what = protocol.isEmpty() ? QStringLiteral("tcp and udp") : protocol;
        const QString device = registry.devices[d].name;
        if (ports.isEmpty())
            context.err << "no free " << what << " port for " << device << " in the " << purpose
                        << " block (" << ranges.join(QStringLiteral(", ")) << ")\n";
        else
            context.err << "only " << ports.size() << " of " << wanted << " free " << what
                        << " ports for " << device << " in the " << purpose << " block ("
                        << ranges.join(QStringLiteral(", ")) << ")\n";
        return ExitFindings;
    }

private:
    int m_wanted = 1;
    QString m_protocol; // empty: either
};

} // namespace

std::unique_ptr<Command> createSuggestCommand()
{
    return std::make_unique<SuggestCommand>();
}

} // namespace portolan
