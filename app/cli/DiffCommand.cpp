#include "cli/Command.h"
#include "cli/Commands.h"

#include "check/ChangeReport.h"
#include "check/Validator.h"
#include "domain/HugePageHeap.h"
#include "domain/RegistryDiff.h"
#include "domain/TextRules.h"
#include "domain/WellKnownPorts.h"
#include "formats/yaml/YamlReader.h"
#include "io/InputFile.h"
#include "store/RegistryIo.h"
#include "store/RegistrySource.h"

#include <future>

namespace portolan {

namespace {

// A side that is a YAML file on disk, whole, as text; false for anything else (a database,
// a URL, a git revision, standard input, a file that cannot be opened), which is then read as
// always, with its own messages.
bool yamlFileText(const QString &spec, QByteArray *text)
{
    if (RegistryIo::formatOf(spec) != RegistryIo::Format::Yaml ||
        RegistrySource::isGitRevision(spec) || !InputFile::isRegularFile(spec))
        return false;
    Error unread; // the usual read, below, says why
    return InputFile::readAll(spec, YamlReader::MaxStreamBytes, QStringLiteral("a registry"), text,
                              &unread);
}

// Two YAML files: the new one is read beside the old (YamlReader::readBeside), so the devices a
// change leaves alone are parsed once, not twice. The old side's error comes first, as when
// both are read at once. False when a side is no YAML file on disk.
bool readBeside(const QString &oldSpec, const QString &newSpec, Registry &before, Registry &after,
                bool *oldRead, bool *newRead, Error *oldError, Error *newError)
{
    QByteArray oldText;
    QByteArray newText;
    if (!yamlFileText(oldSpec, &oldText) || !yamlFileText(newSpec, &newText))
        return false;
    YamlReader oldReader;
    *oldRead = oldReader.readData(oldText, oldSpec, before);
    if (!*oldRead) {
        *oldError = oldReader.error();
        return true;
    }
    YamlReader newReader;
    *newRead = newReader.readBeside(newText, newSpec, oldReader, oldText, before, after);
    if (!*newRead)
        *newError = newReader.error();
    return true;
}

// `diff OLD NEW`: what changed between two registries, element by element, and the findings
// that appear and disappear. Sides are files, postgresql:// URLs or REV:PATH from git. Also the
// two forms git calls for *.portolan.yaml: --git-driver (diff.portolan.command) and --textconv
// (diff.portolan.textconv).
class DiffCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("diff"); }

    Help help(const QString &) const override
    {
        return {QStringLiteral("OLD NEW [--format text|json|markdown] | --git-driver PATH OLD "
                               "HEX MODE NEW HEX MODE | --textconv FILE"),
                QStringLiteral("what changed between two registries"),
                QStringLiteral(
                    "Compares two registries element by element (policy, blocks, devices, "
                    "services, routes, bindings: added, removed, changed, moved, reordered), then "
                    "the findings that appear (+) and disappear (-). OLD and NEW are .yaml or "
                    ".portolan files, postgresql:// URLs, or REV:PATH read with `git show` in the "
                    "current repository (HEAD:homelab.yaml, main~3:./registry.yaml).\n"
                    "--git-driver is for git config diff.portolan.command \"portolan-cli diff "
                    "--git-driver\"; --textconv FILE prints one stable line per element for "
                    "diff.portolan.textconv.\nExit: 0 the same, 1 they differ, 2 a side could not "
                    "be read (nothing is printed on standard output)."),
                {{QStringLiteral("OLD"), QStringLiteral("The registry before.")},
                 {QStringLiteral("NEW"), QStringLiteral("The registry after.")}}};
    }

    QList<QCommandLineOption> options(const QString &) const override
    {
        return {{QStringLiteral("format"), QStringLiteral("text, json or markdown."),
                 QStringLiteral("text|json|markdown"), QStringLiteral("text")},
                {QStringLiteral("git-driver"),
                 QStringLiteral("Take git's seven external-diff arguments.")},
                {QStringLiteral("textconv"),
                 QStringLiteral("Print FILE as one stable line per element.")}};
    }

    QStringList valueWords(const QString &option) const override
    {
        if (option == QLatin1String("format"))
            return {QStringLiteral("text"), QStringLiteral("json"), QStringLiteral("markdown")};
        return Command::valueWords(option);
    }

    int run(const QString &, const QCommandLineParser &parser, CommandContext &context) override
    {
        const QStringList arguments = parser.positionalArguments();
        if (parser.isSet(QStringLiteral("textconv"))) {
            if (arguments.size() != 1)
                return context.usageError(QStringLiteral("diff --textconv takes one FILE"));
            Registry registry;
            if (!load(arguments.first(), registry, context))
                return ExitBadInput;
            context.out << textconv(registry);
            return ExitOk;
        }
        QString format = parser.value(QStringLiteral("format")).toLower();
        if (format != QLatin1String("text") && format != QLatin1String("json") &&
            format != QLatin1String("markdown"))
            return context.usageError(QStringLiteral("--format must be text, json or markdown"));
        QString oldSpec;
        QString newSpec;
        QString oldName;
        QString newName;
        const bool gitDriver = parser.isSet(QStringLiteral("git-driver"));
        if (gitDriver) {
            // git: PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE
            if (arguments.size() != 7)
                return context.usageError(
                    QStringLiteral("diff --git-driver takes git's seven arguments: PATH OLD-FILE "
                                   "OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE"));
            oldSpec = arguments[1];
            newSpec = arguments[4];
            oldName = QStringLiteral("a/") + arguments[0];
            newName = QStringLiteral("b/") + arguments[0];
        } else {
            if (arguments.size() != 2)
                return context.usageError(QStringLiteral("diff takes OLD and NEW"));
            oldSpec = arguments[0];
            oldName = InputFile::displayName(oldSpec);
            newSpec = arguments[1];
            newName = InputFile::displayName(newSpec);
        }
        Registry before;
        Registry after;
        // A file git adds or deletes is /dev/null on the other side: an empty registry.
        const bool oldMissing = gitDriver && oldSpec == QLatin1String("/dev/null");
        const bool newMissing = gitDriver && newSpec == QLatin1String("/dev/null");
        Error oldError;
        Error newError;
        bool oldRead = false;
        bool newRead = false;
        const bool besideOld =
            !oldMissing && !newMissing &&
            readBeside(oldSpec, newSpec, before, after, &oldRead, &newRead, &oldError, &newError);
        if (!besideOld) {
            // The two sides are read at once (two cores read two files in the time of one).
            HugePageHeap::waitForThreadHeaps();
            auto reading = std::async(std::launch::async, [&] {
                return oldMissing || RegistrySource::load(oldSpec, before, oldError);
            });
            newRead = newMissing || RegistrySource::load(newSpec, after, newError);
            oldRead = reading.get();
        }
        if (!oldRead) {
            context.fail(oldError);
            return ExitBadInput;
        }
        if (!newRead) {
            context.fail(newError);
            return ExitBadInput;
        }
        if (oldMissing)
            before = emptyLike(after);
        if (newMissing)
            after = emptyLike(before);

        const Validator validator(&WellKnownPorts::system());
        const ChangeReport report = ChangeReport::compare(before, after, validator);
        // The report shares both registries' data: kept, they are not freed element by element.
        CommandContext::retainUntilExit(before);
        CommandContext::retainUntilExit(after);
        if (gitDriver) {
            // git prints nothing of its own for an external diff: the header says what this is.
            context.out << "portolan diff " << oldName << " " << newName << "\n";
            context.out << (report.isEmpty() ? QStringLiteral("(no change to the registry)\n")
                                             : report.toText());
            return ExitOk; // git treats another status as a failed diff
        }
        if (report.isEmpty())
            return ExitOk;
        if (format == QLatin1String("json"))
            context.writeOut(report.toJson());
        else if (format == QLatin1String("markdown"))
            context.out << report.toMarkdown(oldName, newName);
        else
            context.out << report.toText();
        context.err << report.summary() << "\n";
        return ExitFindings;
    }

private:
    static bool load(const QString &spec, Registry &registry, CommandContext &context)
    {
        Error error;
        if (RegistrySource::load(spec, registry, error))
            return true;
        context.fail(error);
        return false;
    }

    static Registry emptyLike(const Registry &other)
    {
        Registry empty;
        empty.policy = other.policy;
        return empty;
    }

    // One stable line per element, for git's textconv: the line diff git prints is then about
    // meaning, not about quoting, flow style or key order.
    static QString textconv(const Registry &registry)
    {
        const Policy &p = registry.policy;
        QString text = QStringLiteral("policy domain %1 internal %2 range %3-%4 block_size %5")
                           .arg(p.domain, p.internalSubdomain)
                           .arg(p.range.first)
                           .arg(p.range.last)
                           .arg(p.effectiveBlockSize());
        if (!p.proxyDevice.isEmpty())
            text += QStringLiteral(" proxy_device ") + p.proxyDevice;
        text += u'\n';
        for (int b = 0; b < p.blocks.size(); ++b)
            text += QStringLiteral("block %1 %2%3\n")
                        .arg(b + 1)
                        .arg(p.blocks[b].purpose,
                             p.blocks[b].label.isEmpty()
                                 ? QString()
                                 : QStringLiteral(" \"%1\"").arg(p.blocks[b].label));
        for (const Device &device : registry.devices) {
            text += QStringLiteral("device %1 ip %2").arg(device.name, device.ip);
            if (!device.vpnIp.isEmpty())
                text += QStringLiteral(" vpn_ip ") + device.vpnIp;
            if (!device.ssh.isEmpty())
                text += QStringLiteral(" ssh ") + device.ssh;
            if (!device.description.isEmpty())
                text += QStringLiteral(" \"%1\"").arg(device.description);
            text += u'\n';
            for (const Service &service : device.services) {
                text += QStringLiteral("service %1/%2 category %3")
                            .arg(device.name, service.name, service.category);
                if (!service.image.isEmpty())
                    text += QStringLiteral(" image ") + service.image;
                if (!service.notes.isEmpty())
                    text += QStringLiteral(" \"%1\"").arg(service.notes);
                text += u'\n';
                if (service.route)
                    text += QStringLiteral("route %1/%2 %3 %4 port %5\n")
                                .arg(device.name, service.name, registry.routeFqdn(*service.route),
                                     service.route->scope,
                                     service.route->port ? QString::number(*service.route->port)
                                                         : QStringLiteral("-"));
                for (const Binding &binding : service.ports) {
                    text += QStringLiteral("binding %1/%2 %3 -> %4")
                                .arg(device.name, service.name, RegistryDiff::bindingLabel(binding),
                                     binding.container.toString());
                    if (!binding.bind.isEmpty())
                        text += QStringLiteral(" bind ") + binding.bind;
                    text += QStringLiteral(" exception ") +
                            (binding.exception.isEmpty() ? QStringLiteral("-") : binding.exception);
                    if (!binding.notes.isEmpty())
                        text += QStringLiteral(" \"%1\"").arg(binding.notes);
                    text += u'\n';
                }
            }
        }
        // Each line escaped on its own: a value cannot forge a line of its own.
        QStringList lines = text.split(u'\n', Qt::SkipEmptyParts);
        for (QString &line : lines)
            line = TextRules::forTerminal(line);
        return lines.join(u'\n') + u'\n';
    }
};

} // namespace

std::unique_ptr<Command> createDiffCommand()
{
    return std::make_unique<DiffCommand>();
}

} // namespace portolan
