#include "CommandLineTool.h"

#include "ComposeImporter.h"
#include "ComposeWriter.h"
#include "DriftCheck.h"
#include "FindingsReport.h"
#include "FreePortFinder.h"
#include "MarkdownReader.h"
#include "MarkdownWriter.h"
#include "OverviewRenderer.h"
#include "RegistrySource.h"
#include "SocketTable.h"
#include "Store.h"
#include "Validator.h"
#include "WellKnownPorts.h"
#include "check/ExportCheck.h"
#include "domain/TextRules.h"
#include "store/InputFile.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace portolan {

namespace {

struct CommandInfo
{
    const char *name;
    const char *summary;
};

const CommandInfo Commands[] = {
    {"validate", "FILE [--format text|json]  check a registry against the policy"},
    {"suggest", "FILE --device NAME --category PURPOSE [--count N]  next free host ports"},
    {"export markdown", "FILE  the registry as a Markdown document"},
    {"export compose",
     "FILE --device NAME [--service S]... [--proxy traefik|caddy]  compose snippet"},
    {"import compose",
     "COMPOSE.yml --device NAME --into FILE [--env-file F] [--category C] [--dry-run]"},
    {"import markdown", "DOC.md --into FILE [--dry-run]  per-device allocation tables"},
    {"convert", "IN OUT  between .yaml, .portolan and postgresql:// URLs, losslessly"},
    {"init-db", "--db URL  create the schema in a PostgreSQL database"},
    {"drift",
     "FILE --device NAME [--proc DIR] [--docker FILE] [--format json]  plan vs listening sockets"},
    {"print", "FILE --out overview.pdf [--device NAME] [--page-size A4|Letter] [--landscape]  the "
              "range overview as PDF"},
};

const QString DbOptionName = QStringLiteral("db");

QCommandLineOption dbOption()
{
    return QCommandLineOption(DbOptionName,
                              QStringLiteral("Read the registry from a PostgreSQL database "
                                             "instead of FILE."),
                              QStringLiteral("postgresql://user@host:port/dbname"));
}

// Parses a command's arguments; --help prints the command's help. Returns false when the
// command should end now with *exitCode.
bool parseCommand(QCommandLineParser &parser, const QStringList &arguments, QTextStream &out,
                  QTextStream &err, int *exitCode)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help = parser.addHelpOption();
    if (!parser.parse(arguments)) {
        err << "portolan-cli: " << parser.errorText() << "\n";
        *exitCode = CommandLineTool::ExitBadInput;
        return false;
    }
    if (parser.isSet(help)) {
        out << parser.helpText();
        *exitCode = CommandLineTool::ExitOk;
        return false;
    }
    return true;
}

bool loadOrReport(const QString &path, Registry &registry, QTextStream &err)
{
    LoadError error;
    if (loadRegistry(path, registry, error))
        return true;
    err << error.toString() << "\n";
    return false;
}

} // namespace

CommandLineTool::CommandLineTool(QTextStream &out, QTextStream &err)
    : m_out(out)
    , m_err(err)
{}

void CommandLineTool::printUsage(QTextStream &stream)
{
    stream << "Usage: portolan-cli COMMAND [OPTIONS]\n\n"
           << "Plans and checks homelab port allocations (registry format v" << CurrentFormatVersion
           << ").\n\nCommands:\n";
    for (const CommandInfo &command : Commands)
        stream << "  " << command.name << " " << command.summary << "\n";
    stream << "\nFILE is a .yaml registry or a .portolan database; --db postgresql://... reads a "
              "team database instead.\n"
           << "\n  --help     this text; COMMAND --help for a command's options\n"
           << "  --version  the version\n\n"
           << "Exit codes: 0 ok, 1 errors found (or no free port), 2 unreadable or malformed "
              "input or bad usage.\n";
}

int CommandLineTool::findDeviceOrReport(const Registry &registry, const QString &name,
                                        const QString &source)
{
    const int index = registry.findDevice(name);
    if (index < 0)
        m_err << noSuchDevice(registry, name, source) << "\n";
    return index;
}

bool CommandLineTool::refusesToExport(const Registry &registry, const ExportCheck::Scope &scope,
                                      const QString &source)
{
    const Findings blocking = ExportCheck::blockingValues(registry, scope);
    if (blocking.isEmpty())
        return false;
    m_err << source << ": " << ExportCheck::describe(blocking).trimmed().replace(
                                   u'\n', QStringLiteral("\n") + source + QStringLiteral(": "))
          << "\n";
    return true;
}

int CommandLineTool::usageError(const QString &message)
{
    m_err << "portolan-cli: " << message << "\n";
    m_err << "Try 'portolan-cli --help'.\n";
    return ExitBadInput;
}

int CommandLineTool::run(const QStringList &arguments)
{
    if (arguments.size() < 2) {
        printUsage(m_err);
        return ExitBadInput;
    }
    const QString command = arguments[1];
    if (command == QLatin1String("--version") || command == QLatin1String("-v")) {
        m_out << "portolan-cli " << PORTOLAN_VERSION << "\n";
        return ExitOk;
    }
    if (command == QLatin1String("--help") || command == QLatin1String("-h") ||
        command == QLatin1String("help")) {
        printUsage(m_out);
        return ExitOk;
    }
    // Each command sees "portolan-cli COMMAND" as its program name, so its --help reads right.
    QStringList rest = arguments.mid(2);
    if (command == QLatin1String("validate"))
        return validate(QStringList{QStringLiteral("portolan-cli validate")} + rest);
    if (command == QLatin1String("suggest"))
        return suggest(QStringList{QStringLiteral("portolan-cli suggest")} + rest);
    if (command == QLatin1String("export")) {
        const QString what = rest.value(0);
        rest = rest.mid(1);
        if (what == QLatin1String("markdown"))
            return exportMarkdown(QStringList{QStringLiteral("portolan-cli export markdown")} +
                                  rest);
        if (what == QLatin1String("compose"))
            return exportCompose(QStringList{QStringLiteral("portolan-cli export compose")} + rest);
        if (what.isEmpty() || what.startsWith(u'-'))
            return usageError(QStringLiteral("export needs a format: markdown or compose"));
        return usageError(
            QStringLiteral("unknown export format \"%1\"; known: markdown, compose").arg(what));
    }
    if (command == QLatin1String("import")) {
        const QString what = rest.value(0);
        rest = rest.mid(1);
        if (what == QLatin1String("compose"))
            return importCompose(QStringList{QStringLiteral("portolan-cli import compose")} + rest);
        if (what == QLatin1String("markdown"))
            return importMarkdown(QStringList{QStringLiteral("portolan-cli import markdown")} +
                                  rest);
        return usageError(QStringLiteral("import needs a format: compose or markdown"));
    }
    if (command == QLatin1String("convert"))
        return convert(QStringList{QStringLiteral("portolan-cli convert")} + rest);
    if (command == QLatin1String("drift"))
        return drift(QStringList{QStringLiteral("portolan-cli drift")} + rest);
    if (command == QLatin1String("print"))
        return print(QStringList{QStringLiteral("portolan-cli print")} + rest);
    if (command == QLatin1String("init-db"))
        return initDb(QStringList{QStringLiteral("portolan-cli init-db")} + rest);
    return usageError(QStringLiteral("unknown command \"%1\"").arg(command));
}

bool CommandLineTool::registrySource(const QCommandLineParser &parser, const QString &command,
                                     QString *source, int *exitCode)
{
    const QStringList positional = parser.positionalArguments();
    const bool fromDb = parser.isSet(DbOptionName);
    if (fromDb ? !positional.isEmpty() : positional.size() != 1) {
        *exitCode =
            usageError(QStringLiteral("%1 takes exactly one FILE, or --db URL").arg(command));
        return false;
    }
    *source = fromDb ? parser.value(DbOptionName) : positional.first();
    if (fromDb && !Store::isDatabaseUrl(*source)) {
        *exitCode = usageError(QStringLiteral("--db takes a postgresql:// URL"));
        return false;
    }
    return true;
}

int CommandLineTool::validate(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Checks a registry against its policy and prints every finding.\n"
                       "Exit: 0 no errors (warnings allowed), 1 errors, 2 unreadable or "
                       "malformed input."));
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("The registry (.yaml or .portolan)."));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("Output format: text (default) or json."),
                                    QStringLiteral("text|json"), QStringLiteral("text"));
    parser.addOption(format);
    parser.addOption(dbOption());
    int exitCode = ExitOk;
    if (!parseCommand(parser, arguments, m_out, m_err, &exitCode))
        return exitCode;
    const QString formatName = parser.value(format);
    if (formatName != QLatin1String("text") && formatName != QLatin1String("json"))
        return usageError(
            QStringLiteral("--format must be text or json, not \"%1\"").arg(formatName));
    QString path;
    if (!registrySource(parser, QStringLiteral("validate"), &path, &exitCode))
        return exitCode;

    Registry registry;
    if (!loadOrReport(path, registry, m_err))
        return ExitBadInput;

    const Findings findings = Validator(&WellKnownPorts::system()).validate(registry);
    const FindingCounts counts = countFindings(findings);
    if (formatName == QLatin1String("json")) {
        m_out << QString::fromUtf8(FindingsReport::toJson(findings));
    } else {
        m_out << FindingsReport::toText(findings);
        m_err << InputFile::displayName(path) << ": " << counts.errors
              << (counts.errors == 1 ? " error, " : " errors, ")
              << counts.warnings << (counts.warnings == 1 ? " warning, " : " warnings, ")
              << counts.infos << " info\n";
    }
    return counts.errors > 0 ? ExitFindings : ExitOk;
}

int CommandLineTool::suggest(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Prints the lowest free host ports of a device in the block(s) of a "
                       "purpose, one per line.\nExit: 0 found, 1 fewer free than asked, 2 bad "
                       "input."));
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("The registry (.yaml or .portolan)."));
    const QCommandLineOption device(QStringLiteral("device"), QStringLiteral("Device name."),
                                    QStringLiteral("NAME"));
    const QCommandLineOption category(QStringLiteral("category"),
                                      QStringLiteral("Block purpose, e.g. monitoring."),
                                      QStringLiteral("PURPOSE"));
    const QCommandLineOption count(QStringLiteral("count"),
                                   QStringLiteral("How many ports (default 1)."),
                                   QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption protocol(QStringLiteral("protocol"),
                                      QStringLiteral("Free for tcp, udp, or both (default both)."),
                                      QStringLiteral("tcp|udp|both"), QStringLiteral("both"));
    const QCommandLineOption allowRegistered(
        QStringLiteral("allow-registered"),
        QStringLiteral("Also offer ports that /etc/services (or the IANA list) registers."));
    parser.addOptions({device, category, count, protocol, allowRegistered, dbOption()});
    int exitCode = ExitOk;
    if (!parseCommand(parser, arguments, m_out, m_err, &exitCode))
        return exitCode;
    QString path;
    if (!registrySource(parser, QStringLiteral("suggest"), &path, &exitCode))
        return exitCode;
    if (!parser.isSet(device))
        return usageError(QStringLiteral("suggest needs --device NAME"));
    if (!parser.isSet(category))
        return usageError(QStringLiteral("suggest needs --category PURPOSE"));
    bool countOk = false;
    const int wanted = parser.value(count).toInt(&countOk);
    if (!countOk || wanted < 1 || wanted > 65535)
        return usageError(QStringLiteral("--count must be a whole number from 1 to 65535"));
    QString protocolName = parser.value(protocol).toLower();
    if (protocolName == QLatin1String("both"))
        protocolName.clear();
    else if (protocolName != Protocols::Tcp && protocolName != Protocols::Udp)
        return usageError(QStringLiteral("--protocol must be tcp, udp or both"));

    Registry registry;
    if (!loadOrReport(path, registry, m_err))
        return ExitBadInput;
    const int deviceIndex = findDeviceOrReport(registry, parser.value(device), path);
    if (deviceIndex < 0)
        return ExitBadInput;
    const QString purpose = parser.value(category);
    const FreePortFinder finder(registry);
    const QVector<PortRange> blocks = finder.blocksOf(purpose);
    if (blocks.isEmpty()) {
        QStringList purposes;
        for (const Block &block : registry.policy.blocks) {
            if (!block.isReserved() && !purposes.contains(block.purpose))
                purposes << block.purpose;
        }
        m_err << path << ": no block has the purpose \"" << purpose
              << "\"; purposes: " << purposes.join(QStringLiteral(", ")) << "\n";
        return ExitBadInput;
    }
    if (purpose == Purposes::Reserved) {
        m_err << path << ": reserved blocks take no ports\n";
        return ExitBadInput;
    }

    const QVector<int> ports =
        finder.lowestFree(deviceIndex, purpose, wanted, protocolName,
                          parser.isSet(allowRegistered) ? nullptr : &WellKnownPorts::system());
    for (int port : ports)
        m_out << port << "\n";
    if (ports.size() < wanted) {
        QStringList ranges;
        for (const PortRange &block : blocks)
            ranges << block.toString();
        const QString what = protocolName.isEmpty() ? QStringLiteral("tcp and udp") : protocolName;
        if (ports.isEmpty())
            m_err << "no free " << what << " port for " << registry.devices[deviceIndex].name
                  << " in the " << purpose << " block (" << ranges.join(QStringLiteral(", "))
                  << ")\n";
        else
            m_err << "only " << ports.size() << " of " << wanted << " free " << what
                  << " ports for " << registry.devices[deviceIndex].name << " in the " << purpose
                  << " block (" << ranges.join(QStringLiteral(", ")) << ")\n";
        return ExitFindings;
    }
    return ExitOk;
}

int CommandLineTool::exportMarkdown(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Writes the registry as a Markdown document to standard output."));
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("The registry (.yaml or .portolan)."));
    parser.addOption(dbOption());
    int exitCode = ExitOk;
    if (!parseCommand(parser, arguments, m_out, m_err, &exitCode))
        return exitCode;
    QString path;
    if (!registrySource(parser, QStringLiteral("export markdown"), &path, &exitCode))
        return exitCode;
    Registry registry;
    if (!loadOrReport(path, registry, m_err))
        return ExitBadInput;
    if (refusesToExport(registry, ExportCheck::Scope(), path))
        return ExitBadInput;
    m_out << MarkdownWriter::toMarkdown(registry);
    return ExitOk;
}

int CommandLineTool::convert(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Copies a registry between formats, losslessly: .yaml, .portolan (SQLite) and "
        "postgresql://user@host:port/dbname.\nThe target is replaced atomically: on any "
        "failure it is left as it was.\nExit: 0 written, 2 unreadable input or failed write."));
    parser.addPositionalArgument(QStringLiteral("IN"), QStringLiteral("The registry to read."));
    parser.addPositionalArgument(QStringLiteral("OUT"), QStringLiteral("Where to write it."));
    int exitCode = ExitOk;
    if (!parseCommand(parser, arguments, m_out, m_err, &exitCode))
        return exitCode;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2)
        return usageError(QStringLiteral("convert takes IN and OUT"));
    const QString in = positional[0];
    const QString out = positional[1];
    if (!Store::isDatabaseUrl(in) && !Store::isDatabaseUrl(out) &&
        QFileInfo(in).absoluteFilePath() == QFileInfo(out).absoluteFilePath())
        return usageError(QStringLiteral("IN and OUT are the same file"));

    Registry registry;
    if (!loadOrReport(in, registry, m_err))
        return ExitBadInput;
    QString error;
    if (!saveRegistry(registry, out, &error)) {
        m_err << error << "\n";
        return ExitBadInput;
    }
    return ExitOk;
}

int CommandLineTool::initDb(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Creates the Portolan schema in a PostgreSQL database (or migrates an older one).\n"
        "The password comes from PGPASSWORD or ~/.pgpass.\nExit: 0 ready, 2 failure."));
    parser.addOption(dbOption());
    int exitCode = ExitOk;
    if (!parseCommand(parser, arguments, m_out, m_err, &exitCode))
        return exitCode;
    if (!parser.isSet(DbOptionName) || !parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("init-db takes --db postgresql://user@host:port/dbname"));
    const QString url = parser.value(DbOptionName);
    if (!Store::isDatabaseUrl(url))
        return usageError(QStringLiteral("--db takes a postgresql:// URL"));
    QString error;
    std::unique_ptr<Store> store = Store::openUrl(url, &error, /*initialize=*/true);
    if (!store) {
        m_err << error << "\n";
        return ExitBadInput;
    }
    m_out << store->displayName() << ": schema version " << store->schemaVersion() << "\n";
    return ExitOk;
}

int CommandLineTool::print(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Writes the printable range overview as PDF: policy, heatmap, block table and every "
        "device's allocation table.\nNeeds no display.\nExit: 0 written, 2 bad input or failed "
        "write."));
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("The registry (.yaml or .portolan)."));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("The PDF to write."),
                                 QStringLiteral("PDF"));
    const QCommandLineOption device(QStringLiteral("device"), QStringLiteral("Only this device."),
                                    QStringLiteral("NAME"));
    const QCommandLineOption pageSize(QStringLiteral("page-size"),
                                      QStringLiteral("A4 (default) or Letter."),
                                      QStringLiteral("A4|Letter"), QStringLiteral("A4"));
    const QCommandLineOption landscape(QStringLiteral("landscape"),
                                       QStringLiteral("Landscape pages."));
    parser.addOptions({out, device, pageSize, landscape, dbOption()});
    int exitCode = ExitOk;
    if (!parseCommand(parser, arguments, m_out, m_err, &exitCode))
        return exitCode;
    QString path;
    if (!registrySource(parser, QStringLiteral("print"), &path, &exitCode))
        return exitCode;
    if (!parser.isSet(out))
        return usageError(QStringLiteral("print needs --out FILE.pdf"));
    const QString size = parser.value(pageSize).toLower();
    if (size != QLatin1String("a4") && size != QLatin1String("letter"))
        return usageError(QStringLiteral("--page-size must be A4 or Letter"));
    if (!QGuiApplication::instance() ||
        !qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return usageError(QStringLiteral("print needs a GUI application object"));

    Registry registry;
    if (!loadOrReport(path, registry, m_err))
        return ExitBadInput;
    OverviewRenderer::Options options;
    if (parser.isSet(device)) {
        options.deviceFilter = findDeviceOrReport(registry, parser.value(device), path);
        if (options.deviceFilter < 0)
            return ExitBadInput;
    }
    if (refusesToExport(registry, ExportCheck::Scope{options.deviceFilter, {}}, path))
        return ExitBadInput;
    const Findings findings = Validator(&WellKnownPorts::system()).validate(registry);
    QString error;
    if (!OverviewRenderer::writePdf(
            registry, findings, options, parser.value(out),
            size == QLatin1String("a4") ? QPageSize::A4 : QPageSize::Letter,
            parser.isSet(landscape) ? QPageLayout::Landscape : QPageLayout::Portrait, &error)) {
        m_err << error << "\n";
        return ExitBadInput;
    }
    return ExitOk;
}

int CommandLineTool::exportCompose(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Writes the compose snippet a device's services need under the policy to standard output:\n"
        "routed services get expose and the reverse proxy's labels, bindings become quoted "
        "ports."));
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("The registry (.yaml or .portolan)."));
    const QCommandLineOption device(QStringLiteral("device"), QStringLiteral("The device."),
                                    QStringLiteral("NAME"));
    const QCommandLineOption service(QStringLiteral("service"),
                                     QStringLiteral("Only this service (repeatable)."),
                                     QStringLiteral("S"));
    const QCommandLineOption proxy(QStringLiteral("proxy"),
                                   QStringLiteral("traefik (default) or caddy."),
                                   QStringLiteral("traefik|caddy"), QStringLiteral("traefik"));
    parser.addOptions({device, service, proxy, dbOption()});
    int exitCode = ExitOk;
    if (!parseCommand(parser, arguments, m_out, m_err, &exitCode))
        return exitCode;
    QString path;
    if (!registrySource(parser, QStringLiteral("export compose"), &path, &exitCode))
        return exitCode;
    if (!parser.isSet(device))
        return usageError(QStringLiteral("export compose needs --device NAME"));
    const QString proxyName = parser.value(proxy).toLower();
    if (proxyName != QLatin1String("traefik") && proxyName != QLatin1String("caddy"))
        return usageError(QStringLiteral("--proxy must be traefik or caddy"));
    Registry registry;
    if (!loadOrReport(path, registry, m_err))
        return ExitBadInput;
    const int d = findDeviceOrReport(registry, parser.value(device), path);
    if (d < 0)
        return ExitBadInput;
    const QStringList services = parser.values(service);
    for (const QString &name : services) {
        if (registry.devices[d].findService(name) < 0) {
            m_err << path << ": " << registry.devices[d].name << " has no service \"" << name
                  << "\"\n";
            return ExitBadInput;
        }
    }
    if (refusesToExport(registry, ExportCheck::Scope{d, services}, path))
        return ExitBadInput;
    m_out << QString::fromUtf8(ComposeWriter::toCompose(registry, d, services,
                                                        proxyName == QLatin1String("caddy")
                                                            ? ComposeWriter::Proxy::Caddy
                                                            : ComposeWriter::Proxy::Traefik));
    return ExitOk;
}

int CommandLineTool::finishImport(const QString &target, const RegistryUpdate::Change &change,
                                  const QCommandLineParser &parser)
{
    RegistryUpdate::Options options;
    options.dryRun = parser.isSet(QStringLiteral("dry-run"));
    options.dropComments = parser.isSet(QStringLiteral("drop-comments"));
    m_importReport.clear();
    const RegistryUpdate::Outcome outcome = RegistryUpdate::apply(target, change, options);
    if (!outcome.ok) {
        m_err << outcome.error << "\n";
        return ExitBadInput;
    }
    for (const QString &line : outcome.diff.describeAll())
        m_err << line << "\n";
    for (const QString &warning : m_importReport)
        m_err << TextRules::forTerminal(warning) << "\n";
    if (outcome.diff.isEmpty())
        m_err << "nothing to change\n";
    const Findings findings = Validator(&WellKnownPorts::system()).validate(outcome.result);
    m_out << FindingsReport::toText(findings);
    const FindingCounts counts = countFindings(findings);
    m_err << target << ": " << counts.errors << " errors, " << counts.warnings << " warnings"
          << (options.dryRun ? " (dry run: nothing written)" : "") << "\n";
    return counts.errors > 0 ? ExitFindings : ExitOk;
}

int CommandLineTool::importCompose(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Adds a compose file's services, bindings and routes to a device, then validates.\n"
        "Existing services are updated, not duplicated. Imported bindings name no exception, so "
        "every one that breaks the closed-by-default policy shows.\nExit: 0 no errors, 1 errors, 2 "
        "bad input."));
    parser.addPositionalArgument(QStringLiteral("COMPOSE"),
                                 QStringLiteral("The compose file (- for standard input)."));
    const QCommandLineOption device(QStringLiteral("device"), QStringLiteral("The device."),
                                    QStringLiteral("NAME"));
    const QCommandLineOption into(QStringLiteral("into"), QStringLiteral("The registry to update."),
                                  QStringLiteral("FILE"));
    const QCommandLineOption envFile(QStringLiteral("env-file"),
                                     QStringLiteral("Variables for ${...}."), QStringLiteral("F"));
    const QCommandLineOption category(
        QStringLiteral("category"),
        QStringLiteral("Category of new services whose ports fall in no block."),
        QStringLiteral("PURPOSE"));
    parser.addOptions({device, into, envFile, category});
    addWriteOptions(parser);
    int exitCode = ExitOk;
    if (!parseCommand(parser, arguments, m_out, m_err, &exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1)
        return usageError(QStringLiteral("import compose takes one COMPOSE file"));
    if (!parser.isSet(device) || !parser.isSet(into))
        return usageError(QStringLiteral("import compose needs --device NAME and --into FILE"));
    const QString composePath = parser.positionalArguments().first();
    ComposeImporter importer;
    if (!importer.readFile(composePath, parser.value(envFile))) {
        m_err << importer.error().toString() << "\n";
        return ExitBadInput;
    }
    const QString target = parser.value(into);
    const QString deviceName = parser.value(device);
    return finishImport(
        target,
        [&](const Registry &current, Registry &wanted, QString *error) {
            const int d = current.findDevice(deviceName);
            if (d < 0) {
                *error = noSuchDevice(current, deviceName, target);
                return false;
            }
            ImportPlan plan;
            if (!planComposeImport(current, d, importer.services(), parser.value(category),
                                   &plan, error)) {
                *error = InputFile::displayName(composePath) + QStringLiteral(": ") + *error;
                return false;
            }
            m_importReport = plan.warnings;
            plan.applyTo(wanted, d);
            return true;
        },
        parser);
}

int CommandLineTool::importMarkdown(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Reads \"### NAME (IP)\" headings and their allocation tables into a registry, then "
        "validates.\nExit: 0 no errors, 1 errors, 2 bad input."));
    parser.addPositionalArgument(QStringLiteral("DOC"),
                                 QStringLiteral("The Markdown document (- for standard input)."));
    const QCommandLineOption into(QStringLiteral("into"), QStringLiteral("The registry to update."),
                                  QStringLiteral("FILE"));
    parser.addOptions({into});
    addWriteOptions(parser);
    int exitCode = ExitOk;
    if (!parseCommand(parser, arguments, m_out, m_err, &exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1 || !parser.isSet(into))
        return usageError(QStringLiteral("import markdown takes DOC.md and --into FILE"));
    MarkdownReader reader;
    if (!reader.readFile(parser.positionalArguments().first())) {
        m_err << reader.error().toString() << "\n";
        return ExitBadInput;
    }
    return finishImport(
        parser.value(into),
        [&](const Registry &, Registry &wanted, QString *) {
            QStringList report;
            reader.mergeInto(wanted, &report);
            // The merge's own lines name additions; the diff says them all, so keep warnings.
            m_importReport.clear();
            for (const QString &line : report) {
                if (line.startsWith(QLatin1String("warning: ")))
                    m_importReport << line;
            }
            return true;
        },
        parser);
}

void CommandLineTool::addWriteOptions(QCommandLineParser &parser)
{
    parser.addOption(QCommandLineOption(QStringLiteral("dry-run"),
                                        QStringLiteral("Print what would change; write nothing.")));
    parser.addOption(QCommandLineOption(
        QStringLiteral("drop-comments"),
        QStringLiteral("Write a YAML registry that has comments (they are not kept).")));
}

QString CommandLineTool::noSuchDevice(const Registry &registry, const QString &name,
                                      const QString &source)
{
    QStringList names;
    for (const Device &device : registry.devices)
        names << device.name;
    return QStringLiteral("%1: no device named \"%2\"; devices: %3")
        .arg(source, TextRules::forTerminal(name),
             names.isEmpty() ? QStringLiteral("none")
                             : TextRules::forTerminal(names.join(QStringLiteral(", "))));
}

int CommandLineTool::drift(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Compares a device's plan with the sockets really listening: on this machine "
        "(/proc/net), in a folder holding copies of tcp, tcp6, udp and udp6, and in saved "
        "`docker ps --format '{{json .}}'` output.\nExit: 0 plan and reality agree, 1 drift, 2 bad "
        "input."));
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("The registry (.yaml or .portolan)."));
    const QCommandLineOption device(QStringLiteral("device"), QStringLiteral("The device."),
                                    QStringLiteral("NAME"));
    const QCommandLineOption proc(
        QStringLiteral("proc"),
        QStringLiteral("Folder with tcp, tcp6, udp, udp6 (default /proc/net)."),
        QStringLiteral("DIR"));
    const QCommandLineOption docker(QStringLiteral("docker"),
                                    QStringLiteral("Saved docker ps JSON lines."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("text (default) or json."),
                                    QStringLiteral("text|json"), QStringLiteral("text"));
    parser.addOptions({device, proc, docker, format, dbOption()});
    int exitCode = ExitOk;
    if (!parseCommand(parser, arguments, m_out, m_err, &exitCode))
        return exitCode;
    QString path;
    if (!registrySource(parser, QStringLiteral("drift"), &path, &exitCode))
        return exitCode;
    if (!parser.isSet(device))
        return usageError(QStringLiteral("drift needs --device NAME"));
    const QString formatName = parser.value(format);
    if (formatName != QLatin1String("text") && formatName != QLatin1String("json"))
        return usageError(QStringLiteral("--format must be text or json"));
    Registry registry;
    if (!loadOrReport(path, registry, m_err))
        return ExitBadInput;
    const int d = findDeviceOrReport(registry, parser.value(device), path);
    if (d < 0)
        return ExitBadInput;
    SocketTable table;
    if (!table.readProcFolder(parser.isSet(proc) ? parser.value(proc)
                                                 : QStringLiteral("/proc/net")) ||
        (parser.isSet(docker) && !table.readDockerPs(parser.value(docker)))) {
        m_err << table.errorString() << "\n";
        return ExitBadInput;
    }
    const QVector<DriftEntry> entries =
        DriftCheck::compare(registry, d, table.sockets(), &WellKnownPorts::system());
    const int drifted = DriftCheck::driftCount(entries);
    const Device &target = registry.devices[d];
    if (formatName == QLatin1String("json")) {
        QJsonArray list;
        for (const DriftEntry &entry : entries) {
            QJsonObject object;
            object.insert(QStringLiteral("status"), driftStatusName(entry.status));
            object.insert(QStringLiteral("protocol"), entry.protocol);
            if (entry.ports.isRange())
                object.insert(QStringLiteral("port"), entry.ports.toString());
            else
                object.insert(QStringLiteral("port"), entry.ports.first);
            object.insert(QStringLiteral("service"), entry.serviceName);
            object.insert(QStringLiteral("planned"), entry.planned);
            object.insert(QStringLiteral("listening"), entry.actual);
            object.insert(QStringLiteral("name"), entry.wellKnownName);
            list.append(object);
        }
        QJsonObject root;
        root.insert(QStringLiteral("device"), target.name);
        root.insert(QStringLiteral("entries"), list);
        root.insert(QStringLiteral("drift"), drifted);
        m_out << QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented));
    } else {
        for (const DriftEntry &entry : entries) {
            const QString where =
                entry.serviceName.isEmpty() ? target.name : target.name + u'/' + entry.serviceName;
            QString detail;
            switch (entry.status) {
            case DriftEntry::Status::Listening:
                detail = QStringLiteral("on %1").arg(entry.actual);
                break;
            case DriftEntry::Status::Missing:
                detail = entry.actual.isEmpty()
                             ? QStringLiteral("planned on %1, nothing listens").arg(entry.planned)
                             : QStringLiteral("planned on %1, only part of the range listens")
                                   .arg(entry.planned);
                break;
            case DriftEntry::Status::OtherAddress:
                detail = QStringLiteral("planned on %1, listening on %2")
                             .arg(entry.planned, entry.actual);
                break;
            case DriftEntry::Status::Unplanned:
                detail = QStringLiteral("on %1%2").arg(
                    entry.actual, entry.wellKnownName.isEmpty()
                                      ? QString()
                                      : QStringLiteral(" (") + entry.wellKnownName + u')');
                break;
            }
            m_out << driftStatusName(entry.status) << "  " << where << "  "
                  << entry.ports.toString() << u'/' << entry.protocol << "  " << detail << "\n";
        }
        m_err << target.name << ": " << drifted << (drifted == 1 ? " difference" : " differences")
              << " between plan and listening sockets\n";
    }
    return drifted > 0 ? ExitFindings : ExitOk;
}

} // namespace portolan
