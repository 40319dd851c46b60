#include "support/TestSupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using portolan::testing::fromTestFolder;

// Runs the built portolan-cli as a user would and checks exit codes and output.
class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void versionAndHelp();
    void summaryFollowsTheFindings();
    void commandHelp_data();
    void commandHelp();
    void usageErrors_data();
    void usageErrors();
    void validateExampleIsClean();
    void validateTextFindings();
    void validateJson();
    void malformedInput_data();
    void malformedInput();
    void suggest();
    void suggestNoneFree();
    void exportMarkdown();
    void outputThatCannotBeWrittenFails_data();
    void outputThatCannotBeWrittenFails();
    void largeReportOnAFullDiskStillSummed();
    void badInputLeavesTargetsUntouched_data();
    void badInputLeavesTargetsUntouched();
    void hostileInputIsBounded_data();
    void hostileInputIsBounded();

    void childProcessesSeeTheEnvironmentAsItWas_data();
    void childProcessesSeeTheEnvironmentAsItWas();

    void startsWithoutQtGui();
    void printAndDatabaseImportRunInFullProgram();
    void missingFullProgramIsSaid();

private:
    struct Result
    {
        int exitCode;
        QString out;
        QString err;
    };
    Result run(const QStringList &arguments);
};

// Each command but print and database imports runs without QtGui and what it loads: the
// dynamic loader's own account of what it loaded (LD_DEBUG) names no libQt6Gui.
void TestCli::startsWithoutQtGui()
{
    for (const QStringList &arguments :
         {QStringList{QStringLiteral("--version")},
          QStringList{QStringLiteral("validate"), fromTestFolder(PORTOLAN_EXAMPLE)}}) {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("LD_DEBUG"), QStringLiteral("files"));
        process.setProcessEnvironment(environment);
        process.start(fromTestFolder(PORTOLAN_CLI), arguments);
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 0);
        const QByteArray loaded = process.readAllStandardError();
        QVERIFY2(loaded.contains("libQt6Core.so"), loaded.left(400).constData());
        QVERIFY2(!loaded.contains("libQt6Gui.so"), qPrintable(arguments.join(u' ')));
        QVERIFY(!loaded.contains("libX11.so"));
    }
}

// portolan-cli becomes portolan-cli-full for them, on the same arguments and streams: the PDF
// and the database are written, and what the command says reaches the caller.
void TestCli::printAndDatabaseImportRunInFullProgram()
{
    QTemporaryDir dir;
    const QString pdf = dir.filePath(QStringLiteral("overview.pdf"));
    Result result = run(
        {QStringLiteral("print"), fromTestFolder(PORTOLAN_EXAMPLE), QStringLiteral("--out"), pdf});
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    QFile written(pdf);
    QVERIFY(written.open(QIODevice::ReadOnly));
    QVERIFY(written.read(5) == "%PDF-");
    // Its usage errors are this program's own, before anything runs elsewhere.
    result =
        run({QStringLiteral("print"), fromTestFolder(PORTOLAN_EXAMPLE), QStringLiteral("--out"),
             pdf, QStringLiteral("--page-size"), QStringLiteral("A5")});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(QStringLiteral("--page-size must be A4 or Letter")),
             qPrintable(result.err));

    const QString database = dir.filePath(QStringLiteral("lab.portolan"));
    result = run({QStringLiteral("convert"), fromTestFolder(PORTOLAN_EXAMPLE), database});
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    const QString compose = dir.filePath(QStringLiteral("compose.yml"));
    QFile composeFile(compose);
    QVERIFY(composeFile.open(QIODevice::WriteOnly));
    composeFile.write("services:\n  whoami:\n    image: traefik/whoami\n    ports:\n"
                      "      - \"27777:80\"\n");
    composeFile.close();
    result = run({QStringLiteral("import"), QStringLiteral("compose"), compose,
                  QStringLiteral("--device"), QStringLiteral("atlas"), QStringLiteral("--category"),
                  QStringLiteral("management"), QStringLiteral("--into"), database});
    QVERIFY2(result.exitCode == 0 || result.exitCode == 1, qPrintable(result.err));
    QVERIFY2(result.err.contains(QStringLiteral("whoami")), qPrintable(result.err));
    result = run({QStringLiteral("export"), QStringLiteral("markdown"), database});
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.contains(QStringLiteral("27777")), qPrintable(result.out.left(2000)));
}

// Without portolan-cli-full beside it (or in ../libexec/portolan) those commands say so, exit
// 2, and write nothing; the others still run.
void TestCli::missingFullProgramIsSaid()
{
    QTemporaryDir dir;
    const QString alone = dir.filePath(QStringLiteral("portolan-cli"));
    QVERIFY(QFile::copy(fromTestFolder(PORTOLAN_CLI), alone));
    const QString pdf = dir.filePath(QStringLiteral("overview.pdf"));
    QProcess process;
    process.start(alone, {QStringLiteral("print"), fromTestFolder(PORTOLAN_EXAMPLE),
                          QStringLiteral("--out"), pdf});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 2);
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(err.contains(QStringLiteral("print runs in")) &&
                 err.contains(QStringLiteral("libexec/portolan/portolan-cli-full")),
             qPrintable(err));
    QVERIFY(!QFile::exists(pdf));
    process.start(alone, {QStringLiteral("validate"), fromTestFolder(PORTOLAN_EXAMPLE)});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 0);
}

TestCli::Result TestCli::run(const QStringList &arguments)
{
    QProcess process;
    process.start(fromTestFolder(PORTOLAN_CLI), arguments);
    if (!process.waitForFinished(60000))
        return {-1, QString(), QStringLiteral("timed out")};
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
            QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

void TestCli::summaryFollowsTheFindings()
{
    // As a terminal or `2>&1` shows them: the findings (stdout), then the summary (stderr).
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("warn.yaml"));
    QFile example(fromTestFolder(PORTOLAN_EXAMPLE));
    QVERIFY(example.open(QIODevice::ReadOnly));
    QByteArray yaml = example.readAll();
    QVERIFY(yaml.contains("\n  proxy_device: atlas\n"));
    yaml.replace("\n  proxy_device: atlas\n", "\n");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(yaml), yaml.size());
    file.close();
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(fromTestFolder(PORTOLAN_CLI), {QStringLiteral("validate"), path});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 0);
    const QStringList lines =
        QString::fromUtf8(process.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QVERIFY2(lines[0].startsWith(QStringLiteral("warning  route-without-proxy")),
             qPrintable(lines[0]));
    QVERIFY2(lines[1].startsWith(QStringLiteral("warning  route-without-proxy")),
             qPrintable(lines[1]));
    QCOMPARE(lines[2], path + QStringLiteral(": 0 errors, 2 warnings, 0 info"));
}

void TestCli::versionAndHelp()
{
    const Result version = run({QStringLiteral("--version")});
    QCOMPARE(version.exitCode, 0);
    QCOMPARE(version.out, QStringLiteral("portolan-cli " PORTOLAN_VERSION "\n"));
    const Result help = run({QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    for (const char *command : {"validate", "suggest", "export markdown"})
        QVERIFY2(help.out.contains(QLatin1String(command)), command);
}

void TestCli::commandHelp_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("validate") << QStringList{"validate", "--help"} << "--format";
    QTest::newRow("suggest") << QStringList{"suggest", "--help"} << "--category";
    QTest::newRow("export markdown") << QStringList{"export", "markdown", "--help"} << "Markdown";
}

void TestCli::commandHelp()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    const Result result = run(arguments);
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.contains(mentions), qPrintable(result.out));
}

void TestCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    const QString example = fromTestFolder(PORTOLAN_EXAMPLE);
    QTest::newRow("no command") << QStringList{};
    QTest::newRow("unknown command") << QStringList{"frobnicate"};
    QTest::newRow("validate without file") << QStringList{"validate"};
    QTest::newRow("unknown option") << QStringList{"validate", example, "--colour"};
    QTest::newRow("bad format") << QStringList{"validate", example, "--format", "xml"};
    QTest::newRow("suggest without device")
        << QStringList{"suggest", example, "--category", "monitoring"};
    QTest::newRow("suggest bad count") << QStringList{
        "suggest", example, "--device", "atlas", "--category", "monitoring", "--count", "zero"};
    QTest::newRow("suggest unknown device")
        << QStringList{"suggest", example, "--device", "nope", "--category", "monitoring"};
    QTest::newRow("suggest unknown purpose")
        << QStringList{"suggest", example, "--device", "atlas", "--category", "media"};
    QTest::newRow("export without format") << QStringList{"export"};
    QTest::newRow("missing file") << QStringList{"validate", "/nonexistent.yaml"};
}

void TestCli::usageErrors()
{
    QFETCH(QStringList, arguments);
    const Result result = run(arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY(!result.err.trimmed().isEmpty());
    QVERIFY(result.out.isEmpty());
}

void TestCli::validateExampleIsClean()
{
    const Result result = run({QStringLiteral("validate"), fromTestFolder(PORTOLAN_EXAMPLE)});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QString());
}

void TestCli::validateTextFindings()
{
    const Result conflicts =
        run({QStringLiteral("validate"),
             fromTestFolder(PORTOLAN_TEST_DATA "/findings/port-conflict.yaml")});
    QCOMPARE(conflicts.exitCode, 1);
    const QStringList lines = conflicts.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines[0], QStringLiteral("error  port-conflict  atlas/gitea  20022/tcp  overlaps "
                                      "atlas/forgejo 20020-20030/tcp"));
    static const QRegularExpression shape(
        QStringLiteral("^(error|warning|info)  [a-z-]+  \\S+  \\S+  .+$"));
    for (const QString &line : lines)
        QVERIFY2(shape.match(line).hasMatch(), qPrintable(line));

    // Warnings alone still exit 0.
    const Result warnings = run({QStringLiteral("validate"),
                                 fromTestFolder(PORTOLAN_TEST_DATA "/findings/wrong-block.yaml")});
    QCOMPARE(warnings.exitCode, 0);
    QVERIFY(warnings.out.startsWith(
        QStringLiteral("warning  wrong-block  atlas/grafana  20100/tcp  ")));
}

void TestCli::validateJson()
{
    const Result result = run({QStringLiteral("validate"),
                               fromTestFolder(PORTOLAN_TEST_DATA "/findings/out-of-range.yaml"),
                               QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(result.exitCode, 1);
    QJsonParseError error;
    const QJsonDocument json = QJsonDocument::fromJson(result.out.toUtf8(), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(json[QStringLiteral("errors")].toInt(), 4);
    QCOMPARE(json[QStringLiteral("warnings")].toInt(), 0);
    const QJsonArray findings = json[QStringLiteral("findings")].toArray();
    QCOMPARE(findings.size(), 4);
    QCOMPARE(findings[1].toObject()[QStringLiteral("code")].toString(),
             QStringLiteral("out-of-range"));
    QCOMPARE(findings[1].toObject()[QStringLiteral("port")].toInt(), 8080);
    QCOMPARE(findings[3].toObject()[QStringLiteral("port")].toString(),
             QStringLiteral("29990-30010"));

    const Result clean = run({QStringLiteral("validate"), fromTestFolder(PORTOLAN_EXAMPLE),
                              QStringLiteral("--format=json")});
    QCOMPARE(clean.exitCode, 0);
    const QJsonDocument empty = QJsonDocument::fromJson(clean.out.toUtf8());
    QVERIFY(empty[QStringLiteral("findings")].toArray().isEmpty());
    QCOMPARE(empty[QStringLiteral("errors")].toInt(), 0);
}

void TestCli::malformedInput_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("location");
    QFile manifest(fromTestFolder(PORTOLAN_TEST_DATA "/malformed/manifest.tsv"));
    QVERIFY(manifest.open(QIODevice::ReadOnly | QIODevice::Text));
    while (!manifest.atEnd()) {
        const QString line = QString::fromUtf8(manifest.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        const QStringList fields = line.split(u'\t');
        const QString path = fromTestFolder(PORTOLAN_TEST_DATA "/malformed/") + fields[0];
        QTest::newRow(qPrintable(fields[0]))
            << path << QStringLiteral("%1:%2:%3: ").arg(path, fields[1], fields[2]);
    }
}

// Exit 2, one line on stderr naming file:line:column, nothing on stdout, for every command.
void TestCli::malformedInput()
{
    QFETCH(QString, file);
    QFETCH(QString, location);
    const QList<QStringList> commands = {
        {QStringLiteral("validate"), file},
        {QStringLiteral("validate"), file, QStringLiteral("--format"), QStringLiteral("json")},
        {QStringLiteral("export"), QStringLiteral("markdown"), file},
        {QStringLiteral("suggest"), file, QStringLiteral("--device"), QStringLiteral("atlas"),
         QStringLiteral("--category"), QStringLiteral("ssh-git")},
    };
    for (const QStringList &arguments : commands) {
        const Result result = run(arguments);
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.out.isEmpty());
        QVERIFY2(result.err.startsWith(location), qPrintable(result.err));
        QCOMPARE(result.err.count(u'\n'), 1);
    }
}

void TestCli::suggest()
{
    const Result result =
        run({QStringLiteral("suggest"), fromTestFolder(PORTOLAN_EXAMPLE),
             QStringLiteral("--device"), QStringLiteral("helios"), QStringLiteral("--category"),
             QStringLiteral("monitoring"), QStringLiteral("--count"), QStringLiteral("3")});
    QCOMPARE(result.exitCode, 0);
    // 23001 is uptime-kuma's, opened for the proxy on atlas (proxy-backend).
    QCOMPARE(result.out, QStringLiteral("23000\n23002\n23003\n"));

    const Result udp =
        run({QStringLiteral("suggest"), fromTestFolder(PORTOLAN_EXAMPLE),
             QStringLiteral("--device"), QStringLiteral("atlas"), QStringLiteral("--category"),
             QStringLiteral("ssh-git"), QStringLiteral("--count"), QStringLiteral("2")});
    QCOMPARE(udp.exitCode, 0);
    QCOMPARE(udp.out, QStringLiteral("20000\n20001\n"));
}

void TestCli::suggestNoneFree()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("full.yaml"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("portolan: 1\npolicy:\n  domain: example.org\n  internal_subdomain: home\n"
               "  range: {start: 20000, end: 20009}\n  block_size: 5\n"
               "  blocks:\n    - {purpose: ssh-git}\n    - {purpose: monitoring}\n"
               "devices:\n  - name: atlas\n    ip: 10.0.0.1\n    services:\n"
               "      - name: s\n        category: monitoring\n        ports:\n"
               "          - {host: 20005-20009, container: 20005-20009, exception: non-http}\n");
    file.close();
    const Result none =
        run({QStringLiteral("suggest"), path, QStringLiteral("--device"), QStringLiteral("atlas"),
             QStringLiteral("--category"), QStringLiteral("monitoring")});
    QCOMPARE(none.exitCode, 1);
    QVERIFY(none.out.isEmpty());
    QVERIFY2(none.err.contains(QStringLiteral("monitoring block (20005-20009)")),
             qPrintable(none.err));

    const Result partly =
        run({QStringLiteral("suggest"), path, QStringLiteral("--device"), QStringLiteral("atlas"),
             QStringLiteral("--category"), QStringLiteral("ssh-git"), QStringLiteral("--count"),
             QStringLiteral("7")});
    QCOMPARE(partly.exitCode, 1);
    QCOMPARE(partly.out, QStringLiteral("20000\n20001\n20002\n20003\n20004\n"));
}

void TestCli::exportMarkdown()
{
    const Result result = run(
        {QStringLiteral("export"), QStringLiteral("markdown"), fromTestFolder(PORTOLAN_EXAMPLE)});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.startsWith(QStringLiteral("# Port registry: example.org")));
    QVERIFY(result.out.contains(QStringLiteral("### helios (192.168.10.3)")));
    QVERIFY(result.err.isEmpty());
}

namespace {

QByteArray checksum(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly)
               ? QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256)
               : QByteArray();
}

// portolan-cli run with its standard output on a full disk.
struct FullDiskRun
{
    bool finished = false;
    int exitCode = -1;
    QString err;
};

FullDiskRun runOnAFullDisk(const QStringList &arguments)
{
    QProcess process;
    process.setStandardOutputFile(QStringLiteral("/dev/full"));
    process.start(fromTestFolder(PORTOLAN_CLI), arguments);
    FullDiskRun run;
    run.finished = process.waitForFinished(60000) && process.exitStatus() == QProcess::NormalExit;
    run.exitCode = process.exitCode();
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

} // namespace

void TestCli::outputThatCannotBeWrittenFails_data()
{
    QTest::addColumn<QStringList>("arguments");
    const QString example = fromTestFolder(PORTOLAN_EXAMPLE);
    QTest::newRow("export ansible")
        << QStringList{QStringLiteral("export"), QStringLiteral("ansible"), example};
    QTest::newRow("export markdown")
        << QStringList{QStringLiteral("export"), QStringLiteral("markdown"), example};
    QTest::newRow("validate json") << QStringList{
        QStringLiteral("validate"), example, QStringLiteral("--format"), QStringLiteral("json")};
}

// Standard output on a full disk: even a small output, still buffered when the command ends,
// fails with its reason instead of a cut-off file and exit 0.
void TestCli::outputThatCannotBeWrittenFails()
{
    QFETCH(QStringList, arguments);
    if (!QFileInfo::exists(QStringLiteral("/dev/full")))
        QSKIP("no /dev/full here");
    const FullDiskRun run = runOnAFullDisk(arguments);
    QVERIFY(run.finished);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(
        run.err.contains(QStringLiteral("cannot write standard output: No space left on device")),
        qPrintable(run.err));
}

// A report far larger than any buffer (2,000 findings) fails while it is written, not only at
// the end: exit 2 with the reason, and the counts (and for an import, what became of its
// target) still on stderr.
void TestCli::largeReportOnAFullDiskStillSummed()
{
    if (!QFileInfo::exists(QStringLiteral("/dev/full")))
        QSKIP("no /dev/full here");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    constexpr int Devices = 2000;
    QByteArray registry = "portolan: 1\npolicy:\n  domain: example.org\n  internal_subdomain: "
                          "home\n  range: {start: 20000, end: 29999}\n  blocks:\n    - {purpose: "
                          "ssh-git}\ndevices:\n";
    QByteArray document;
    for (int d = 0; d < Devices; ++d) {
        const QByteArray name = "host" + QByteArray::number(d);
        const QByteArray ip =
            "10.1." + QByteArray::number(d / 250) + '.' + QByteArray::number(d % 250 + 1);
        registry += "  - name: " + name + "\n    ip: " + ip +
                    "\n    services:\n      - name: git\n        category: ssh-git\n        "
                    "ports:\n          - {host: 20022, container: 22}\n";
        document += "### " + name + " (" + ip +
                    ")\n\n| Service | Host Port | Container Port |\n|---|---|---|\n| git | 20022 "
                    "| 22 |\n\n";
    }
    const QString registryPath = dir.filePath(QStringLiteral("many.yaml"));
    const QString documentPath = dir.filePath(QStringLiteral("many.md"));
    const QString into = dir.filePath(QStringLiteral("into.yaml"));
    for (const auto &[path, text] :
         {std::pair{registryPath, registry}, std::pair{documentPath, document}}) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(text), text.size());
    }
    QVERIFY(QFile::copy(fromTestFolder(PORTOLAN_EXAMPLE), into));
    const QByteArray intoBefore = [&] {
        QFile file(into);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }();

    const QList<std::pair<QStringList, QString>> commands = {
        {{QStringLiteral("validate"), registryPath},
         QStringLiteral("many.yaml: %1 errors, ").arg(Devices)},
        {{QStringLiteral("import"), QStringLiteral("markdown"), documentPath,
          QStringLiteral("--into"), into, QStringLiteral("--dry-run")},
         QStringLiteral("into.yaml: %1 errors, 0 warnings (dry run: nothing written)")
             .arg(Devices)},
    };
    for (const auto &[arguments, summary] : commands) {
        // The same command to a file: the report it would have written is large.
        QProcess whole;
        whole.setStandardOutputFile(dir.filePath(QStringLiteral("report.txt")));
        whole.start(fromTestFolder(PORTOLAN_CLI), arguments);
        QVERIFY(whole.waitForFinished(60000));
        QCOMPARE(whole.exitCode(), 1);
        QVERIFY2(QFileInfo(dir.filePath(QStringLiteral("report.txt"))).size() > 100 * 1024,
                 qPrintable(arguments.join(u' ')));

        const FullDiskRun run = runOnAFullDisk(arguments);
        QVERIFY(run.finished);
        QCOMPARE(run.exitCode, 2);
        const QString &err = run.err;
        QVERIFY2(err.contains(summary), qPrintable(err.right(400)));
        QVERIFY2(err.contains(QStringLiteral("cannot write standard output: No space left on "
                                             "device")),
                 qPrintable(err.right(400)));
        // Said once, after the counts.
        QCOMPARE(err.count(QStringLiteral("cannot write standard output")), 1);
        QVERIFY(err.indexOf(summary) < err.indexOf(QStringLiteral("cannot write")));
    }
    QFile file(into);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), intoBefore);
}

void TestCli::badInputLeavesTargetsUntouched_data()
{
    malformedInput_data();
}

// Every file of the bad-input corpus: exit 2 with its position, and neither a convert target
// nor an import target changes by a single byte.
void TestCli::badInputLeavesTargetsUntouched()
{
    QFETCH(QString, file);
    QFETCH(QString, location);
    QTemporaryDir dir;
    const QString target = dir.filePath(QStringLiteral("target.portolan"));
    QCOMPARE(run({QStringLiteral("convert"), fromTestFolder(PORTOLAN_EXAMPLE), target}).exitCode,
             0);
    const QByteArray before = checksum(target);
    const Result convert = run({QStringLiteral("convert"), file, target});
    QCOMPARE(convert.exitCode, 2);
    QVERIFY2(convert.err.startsWith(location), qPrintable(convert.err));
    QCOMPARE(checksum(target), before);

    // The bad file as the registry an import goes into: refused, left as it was.
    const QString into = dir.filePath(QStringLiteral("into.yaml"));
    QVERIFY(QFile::copy(file, into));
    const QByteArray intoBefore = checksum(into);
    const Result import =
        run({QStringLiteral("import"), QStringLiteral("compose"),
             fromTestFolder(PORTOLAN_TEST_DATA "/compose/mixed.yml"), QStringLiteral("--device"),
             QStringLiteral("atlas"), QStringLiteral("--into"), into});
    QCOMPARE(import.exitCode, 2);
    QCOMPARE(checksum(into), intoBefore);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 2); // no temporary files left
}

void TestCli::hostileInputIsBounded_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("line");
    QByteArray longLine = "portolan: 1\npolicy:\n  domain: ";
    longLine += QByteArray(10 * 1024 * 1024, 'a');
    longLine += "\n  internal_subdomain: home\n  range: {start: 20000, end: 29999}\ncolour: x\n";
    QTest::newRow("10 MB line") << longLine << 6;
    QTest::newRow("deep sequence nesting")
        << QByteArray("portolan: 1\ndevices: ") + QByteArray(100000, '[') +
               QByteArray(100000, ']') + "\n"
        << 2;
    QTest::newRow("deep mapping nesting")
        << QByteArray("portolan: 1\npolicy: ") + QByteArray("{a: ").repeated(50000) + "1" +
               QByteArray(50000, '}') + "\n"
        << 2;
    QByteArray laughs = "portolan: 1\npolicy:\n  domain: &a0 lol\n";
    laughs += "  internal_subdomain: home\n  range: {start: 20000, end: 29999}\n  blocks: &a1 [";
    for (int i = 0; i < 9; ++i)
        laughs += i ? ", *a0" : "*a0";
    laughs += "]\ndevices: [*a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1]\n";
    QTest::newRow("billion laughs") << laughs << 6;
    QTest::newRow("huge number") << QByteArray("portolan: 99999999999999999999999999999999999999\n")
                                 << 1;
}

void TestCli::hostileInputIsBounded()
{
    QFETCH(QByteArray, content);
    QFETCH(int, line);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("hostile.yaml"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();
    const QString timing = dir.filePath(QStringLiteral("time"));
    QProcess process;
    process.start(QStringLiteral("/usr/bin/time"),
                  {QStringLiteral("-o"), timing, QStringLiteral("-f"), QStringLiteral("%M"),
                   fromTestFolder(PORTOLAN_CLI), QStringLiteral("validate"), path});
    QVERIFY2(process.waitForFinished(30000), "the reader must give up in bounded time");
    QCOMPARE(process.exitCode(), 2);
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(err.startsWith(path + QStringLiteral(":%1:").arg(line)), qPrintable(err.left(300)));
    QFile rss(timing);
    QVERIFY(rss.open(QIODevice::ReadOnly));
    const int peakKb = QString::fromUtf8(rss.readAll()).trimmed().split(u'\n').last().toInt();
    // Bounded memory: far below what expanding or copying these inputs would take (also under
    // ASan, whose shadow memory adds to the peak).
    QVERIFY2(peakKb > 0 && peakKb < 1024 * 1024, qPrintable(QString::number(peakKb)));
}

// The CLI tunes its heap from inside (HugePageHeap; an earlier one started itself again with a
// glibc tunable set): what it runs (ssh, git) must see the environment the user gave it,
// tunables included.
void TestCli::childProcessesSeeTheEnvironmentAsItWas_data()
{
    QTest::addColumn<QString>("tunables"); // empty: unset
    QTest::newRow("no tunables") << QString();
    QTest::newRow("the user's tunables") << QStringLiteral("glibc.malloc.tcache_count=7");
}

void TestCli::childProcessesSeeTheEnvironmentAsItWas()
{
    QFETCH(QString, tunables);
    QTemporaryDir dir;
    const QString dump = dir.filePath(QStringLiteral("env"));
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("GLIBC_TUNABLES"));
    if (!tunables.isEmpty())
        environment.insert(QStringLiteral("GLIBC_TUNABLES"), tunables);
    // The "ssh" here writes its environment and fails as an unreachable host would.
    environment.insert(QStringLiteral("PORTOLAN_SSH"),
                       QStringLiteral("sh -c \"env > '%1'; exit 255\" ssh").arg(dump));
    process.setProcessEnvironment(environment);
    process.start(fromTestFolder(PORTOLAN_CLI),
                  {QStringLiteral("drift"), fromTestFolder(PORTOLAN_EXAMPLE),
                   QStringLiteral("--device"), QStringLiteral("atlas"), QStringLiteral("--ssh")});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 2);
    QFile file(dump);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString seen = QString::fromUtf8(file.readAll());
    QVERIFY2(!seen.contains(QStringLiteral("PORTOLAN_HUGEPAGES")), qPrintable(seen));
    QVERIFY2(!seen.contains(QStringLiteral("PORTOLAN_TUNABLES")), qPrintable(seen));
    if (tunables.isEmpty())
        QVERIFY2(!seen.contains(QStringLiteral("GLIBC_TUNABLES=")), qPrintable(seen));
    else
        QVERIFY2(seen.contains(QStringLiteral("\nGLIBC_TUNABLES=") + tunables + u'\n'),
                 qPrintable(seen));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
