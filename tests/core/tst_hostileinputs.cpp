#include "document/RegistryUpdate.h"
#include "support/TestSupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace portolan;
using namespace portolan::testing;

// Inputs built to hurt (issue 27): text that a downstream program would run or fill in, a
// revision that git would take for an option, a file name that becomes a directive, names that
// redirect an inventory, and bytes that drive a terminal. Each case failed before its fix.
class TestHostileInputs : public QObject
{
    Q_OBJECT

private slots:
    void ansibleNeverRendersRegistryText();
    void homepageRefusesSecretPlaceholders();
    void diffNeverHandsAnOptionToGit();
    void fileNameStaysInItsComment_data();
    void fileNameStaysInItsComment();
    void networkExportsRefuseDuplicateDevices_data();
    void networkExportsRefuseDuplicateDevices();
    void trailingNewlineIsNoValue_data();
    void trailingNewlineIsNoValue();
    void markdownDiffKeepsValuesInTheirSpans();
    void danglingLinkIsNoOutput();
    void identicalBindingsGiveLinearFindings();
    void composeBombsEndWithAnError_data();
    void composeBombsEndWithAnError();
    void importKeepsAnEditMadeMeanwhile();
    void composeTakesOnlyNamedEnvironment();
    void driftReadsABoundedAmount_data();
    void driftReadsABoundedAmount();
    void timedOutSshLeavesNoChild();
    void publishedRangesStayRanges();
    void wideBindingsGiveOneFindingEach();
    void aliasedTextIsBounded();
    void namesTooLongForDnsAreRefused();
    void gitRevisionIsReadAsAStream();

private:
    ProcessResult cli(const QStringList &arguments, const QByteArray &input = {}) const
    {
        return runProgram(fromTestFolder(PORTOLAN_CLI), arguments, input);
    }
    // The bundled example with `from` replaced by `to`, saved as `name`.
    QString exampleWith(const QString &name, const QByteArray &from, const QByteArray &to)
    {
        const QString path = m_dir.filePath(name);
        [&] {
            QVERIFY2(writeExampleWith(path, from, to), from.constData());
        }();
        return path;
    }
    QTemporaryDir m_dir;
};

void TestHostileInputs::ansibleNeverRendersRegistryText()
{
    const QString ansible = QStandardPaths::findExecutable(QStringLiteral("ansible"));
    QVERIFY2(!ansible.isEmpty(), "ansible (ansible-core) is not installed");
    const QString marker = m_dir.filePath(QStringLiteral("rendered"));
    const QByteArray jinja = "\"{{ lookup('pipe','touch " + marker.toUtf8() + "') }}\"";
    const QString registry =
        exampleWith(QStringLiteral("jinja.yaml"), "notes: entry point for every routed service",
                    "notes: " + jinja);
    QCOMPARE(cli({QStringLiteral("validate"), registry}).exitCode, 0);
    const ProcessResult exported =
        cli({QStringLiteral("export"), QStringLiteral("ansible"), registry});
    QCOMPARE(exported.exitCode, 0);
    const QString inventory = m_dir.filePath(QStringLiteral("inventory.yml"));
    QVERIFY(writeBytes(inventory, exported.out));

    // `debug` runs on the control node: what a playbook using the variable would do.
    const ProcessResult shown = runProgram(
        ansible,
        {QStringLiteral("atlas"), QStringLiteral("-i"), inventory, QStringLiteral("-m"),
         QStringLiteral("debug"), QStringLiteral("-a"), QStringLiteral("var=portolan_services")},
        {}, 120000,
        withEnvironment(
            {{QStringLiteral("ANSIBLE_LOCAL_TEMP"), m_dir.filePath(QStringLiteral("tmp"))},
             {QStringLiteral("ANSIBLE_HOME"), m_dir.filePath(QStringLiteral("home"))}}));
    QVERIFY2(shown.exitCode == 0, shown.out.constData());
    QVERIFY2(!QFileInfo::exists(marker), "ansible ran a command written in a note");
    QVERIFY2(shown.out.contains("lookup('pipe','touch " + marker.toUtf8() + "')"),
             shown.out.constData());
}

void TestHostileInputs::homepageRefusesSecretPlaceholders()
{
    const QString registry =
        exampleWith(QStringLiteral("homepage.yaml"), "notes: entry point for every routed service",
                    "notes: \"token {{HOMEPAGE_VAR_ADMIN_TOKEN}}\"");
    const ProcessResult exported =
        cli({QStringLiteral("export"), QStringLiteral("homepage"), registry});
    QCOMPARE(exported.exitCode, 2);
    QVERIFY(exported.out.isEmpty());
    QVERIFY2(exported.errText().contains(QLatin1String("atlas/traefik: notes holds a Homepage "
                                                       "placeholder")),
             exported.err.constData());
    // What no value holds alone is looked for in the whole dashboard: the file's name, in its
    // header. A lone brace before the pair, or braces that are no pair, pass.
    const QByteArray example = fileBytes(fromTestFolder(PORTOLAN_EXAMPLE));
    for (const auto &[name, refused] :
         {std::pair{QStringLiteral("{x{.yaml"), false},
          std::pair{QStringLiteral("{{{ HOMEPAGE_FILE_key.yaml"), true}}) {
        const QString path = m_dir.filePath(name);
        QVERIFY(writeBytes(path, example));
        const ProcessResult named =
            cli({QStringLiteral("export"), QStringLiteral("homepage"), path});
        QCOMPARE(named.exitCode, refused ? 2 : 0);
        QCOMPARE(named.out.isEmpty(), refused);
        QCOMPARE(named.errText().contains(QLatin1String("the dashboard would hold a Homepage "
                                                        "placeholder")),
                 refused);
    }
}

void TestHostileInputs::diffNeverHandsAnOptionToGit()
{
    const QString written = m_dir.filePath(QStringLiteral("git-wrote"));
    const ProcessResult result =
        runProgram(fromTestFolder(PORTOLAN_CLI),
                   {QStringLiteral("diff"), QStringLiteral("--"),
                    QStringLiteral("--output=") + written + QStringLiteral(":y"),
                    fromTestFolder(PORTOLAN_EXAMPLE)},
                   {}, 60000, [](QProcess &process) {
                       process.setWorkingDirectory(fromTestFolder(PORTOLAN_SOURCE_DIR));
                   });
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(!QFileInfo::exists(written), "git wrote a file named by a revision");
    QVERIFY2(result.errText().contains(QLatin1String("cannot start with \"-\"")),
             result.err.constData());
}

void TestHostileInputs::fileNameStaysInItsComment_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("separator");
    const QStringList dns{QStringLiteral("dns"), QStringLiteral("--format")};
    QTest::newRow("dnsmasq LF") << "dnsmasq" << dns + QStringList{QStringLiteral("dnsmasq")}
                                << QByteArray("\n");
    QTest::newRow("unbound LF") << "unbound" << dns + QStringList{QStringLiteral("unbound")}
                                << QByteArray("\n");
    QTest::newRow("ansible CR") << "ansible" << QStringList{QStringLiteral("ansible")}
                                << QByteArray("\r");
    QTest::newRow("traefik LF") << "traefik" << QStringList{QStringLiteral("traefik")}
                                << QByteArray("\n");
    QTest::newRow("homepage CR") << "homepage" << QStringList{QStringLiteral("homepage")}
                                 << QByteArray("\r");
}

void TestHostileInputs::fileNameStaysInItsComment()
{
    QFETCH(QString, format);
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, separator);
    // Git allows such a name in a pull request.
    const QString name = QStringLiteral("x") + QString::fromLatin1(separator) +
                         QStringLiteral("host-record=evil.example.org,6.6.6.6") +
                         QString::fromLatin1(separator) +
                         QStringLiteral("ansible_ssh_common_args: -oProxyCommand=id.yaml");
    const QString path = m_dir.filePath(name);
    QVERIFY(QFile::copy(fromTestFolder(PORTOLAN_EXAMPLE), path));
    QStringList command{QStringLiteral("export"), arguments.first(), path};
    command += arguments.mid(1);
    const ProcessResult exported = cli(command);
    QVERIFY2(exported.exitCode == 0, exported.err.constData());
    const QByteArray firstLine = exported.out.left(exported.out.indexOf('\n'));
    QVERIFY2(firstLine.contains("host-record=evil.example.org,6.6.6.6"), firstLine.constData());
    QVERIFY2(!firstLine.contains('\r'), "a carriage return ends a YAML comment");
    // Nothing after the header line came from the name.
    const QByteArray rest = exported.out.mid(exported.out.indexOf('\n'));
    QVERIFY2(!rest.contains("6.6.6.6"), rest.constData());
    QVERIFY2(!rest.contains("ProxyCommand"), rest.constData());
    QFile::remove(path);
}

void TestHostileInputs::networkExportsRefuseDuplicateDevices_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("ansible") << QStringList{QStringLiteral("ansible")};
    QTest::newRow("dns") << QStringList{QStringLiteral("dns")};
    QTest::newRow("traefik") << QStringList{QStringLiteral("traefik")};
    QTest::newRow("homepage") << QStringList{QStringLiteral("homepage")};
    QTest::newRow("compose") << QStringList{QStringLiteral("compose"), QStringLiteral("--device"),
                                            QStringLiteral("helios")};
}

void TestHostileInputs::networkExportsRefuseDuplicateDevices()
{
    QFETCH(QStringList, arguments);
    // A second atlas at another address: the last one would win in Ansible.
    QByteArray yaml = fileBytes(fromTestFolder(PORTOLAN_EXAMPLE));
    yaml += "  - name: atlas\n    ip: 192.168.10.66\n    ssh: root@atlas\n";
    const QString path = m_dir.filePath(QStringLiteral("twice.yaml"));
    QVERIFY(writeBytes(path, yaml));
    QCOMPARE(cli({QStringLiteral("validate"), path}).exitCode, 1);
    QStringList command{QStringLiteral("export"), arguments.first(), path};
    command += arguments.mid(1);
    const ProcessResult exported = cli(command);
    QCOMPARE(exported.exitCode, 2);
    QVERIFY(exported.out.isEmpty());
    QVERIFY2(exported.errText().contains(QLatin1String("(duplicate-device)")),
             exported.err.constData());
    // Markdown documents the registry; it configures nothing and still exports.
    QCOMPARE(cli({QStringLiteral("export"), QStringLiteral("markdown"), path}).exitCode, 0);

    // Two routes differing only in case are one DNS name: Caddy refused the file and Traefik
    // got two routers with one rule, while the export said nothing.
    const QString cased = exampleWith(QStringLiteral("cased.yaml"),
                                      "route: {host: grafana, scope: internal, port: 3000}",
                                      "route: {host: DNS, scope: internal, port: 3000}");
    QStringList again{QStringLiteral("export"), arguments.first(), cased};
    again += arguments.mid(1);
    const ProcessResult twice = cli(again);
    QCOMPARE(twice.exitCode, 2);
    QVERIFY2(twice.errText().contains(QLatin1String("(duplicate-route)")), twice.err.constData());
}

void TestHostileInputs::trailingNewlineIsNoValue_data()
{
    QTest::addColumn<QByteArray>("from");
    QTest::addColumn<QByteArray>("to");
    QTest::newRow("image") << QByteArray("image: traefik:v3.1")
                           << QByteArray("image: \"traefik:v3.1\\n\"");
    QTest::newRow("ssh") << QByteArray("ssh: admin@atlas") << QByteArray("ssh: \"admin@atlas\\n\"");
}

void TestHostileInputs::trailingNewlineIsNoValue()
{
    QFETCH(QByteArray, from);
    QFETCH(QByteArray, to);
    // `$` matches before a final line feed: the value reached compose and ssh with it.
    const QString registry = exampleWith(QStringLiteral("newline.yaml"), from, to);
    const ProcessResult result = cli({QStringLiteral("validate"), registry});
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.out.contains("invalid-value"), result.out.constData());
    const ProcessResult exported =
        cli({QStringLiteral("export"), QStringLiteral("compose"), registry,
             QStringLiteral("--device"), QStringLiteral("atlas")});
    QCOMPARE(exported.exitCode, 2);
}

void TestHostileInputs::markdownDiffKeepsValuesInTheirSpans()
{
    const QString before = m_dir.filePath(QStringLiteral("before.yaml"));
    QVERIFY(copyExample(before));
    const QString after = exampleWith(
        QStringLiteral("after.yaml"), "notes: entry point for every routed service",
        "notes: \"a` [click](https://evil.example) ![p](https://evil.example/p.png) @admin\"");
    const ProcessResult diff = cli({QStringLiteral("diff"), before, after,
                                    QStringLiteral("--format"), QStringLiteral("markdown")});
    QCOMPARE(diff.exitCode, 1);
    // Two backticks fence a value holding one: the link stays inside the code span.
    QVERIFY2(
        diff.out.contains("``a` [click](https://evil.example) ![p](https://evil.example/p.png) "
                          "@admin``"),
        diff.out.constData());
}

void TestHostileInputs::danglingLinkIsNoOutput()
{
    // An output path that is a link to nowhere would create a file wherever it points.
    const QString elsewhere = m_dir.filePath(QStringLiteral("elsewhere/created.yaml"));
    QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("elsewhere"))));
    const QString link = m_dir.filePath(QStringLiteral("out.yaml"));
    QVERIFY(QFile::link(elsewhere, link));
    const ProcessResult converted =
        cli({QStringLiteral("convert"), fromTestFolder(PORTOLAN_EXAMPLE), link});
    QCOMPARE(converted.exitCode, 2);
    QVERIFY2(converted.errText().contains(QLatin1String("which does not exist")),
             converted.err.constData());
    QVERIFY(!QFileInfo::exists(elsewhere));
}

void TestHostileInputs::identicalBindingsGiveLinearFindings()
{
    // 5,000 copies of one binding: 4,999 findings (one per copy after the first), where every
    // pair used to be one (12.5 million, and validate crashed).
    QByteArray yaml = "portolan: 1\npolicy:\n  domain: example.org\n  internal_subdomain: home\n"
                      "  range: {start: 20000, end: 29999}\n  block_size: 1000\n"
                      "  blocks:\n    - {purpose: ssh-git}\ndevices:\n  - name: atlas\n"
                      "    ip: 192.168.1.2\n    services:\n";
    const int copies = 5000;
    for (int i = 0; i < copies; ++i)
        yaml += "      - name: s" + QByteArray::number(i) +
                "\n        category: ssh-git\n        ports:\n"
                "          - {host: 20022, container: 22, exception: non-http}\n";
    const QString path = m_dir.filePath(QStringLiteral("copies.yaml"));
    QVERIFY(writeBytes(path, yaml));
    const ProcessResult result = cli({QStringLiteral("validate"), path});
    QCOMPARE(result.exitCode, 1);
    QCOMPARE(result.out.count("port-conflict"), copies - 1);
    // Each names the first copy and how many more collide with it.
    QVERIFY2(result.out.contains("overlaps atlas/s0 20022/tcp and 4998 more bindings before it"),
             result.out.right(300).constData());
}

void TestHostileInputs::composeBombsEndWithAnError_data()
{
    QTest::addColumn<QByteArray>("compose");
    QTest::addColumn<QString>("message");
    // 24 levels of `<<: [*a, *a]`: 782 bytes that expand to 16 million entries (29 s before).
    QByteArray merges = "x-a0: &a0 {ports: [\"80:80\"]}\n";
    for (int i = 1; i <= 24; ++i)
        merges += QStringLiteral("x-a%1: &a%1 {<<: [*a%2, *a%2]}\n").arg(i).arg(i - 1).toUtf8();
    merges += "services:\n  web:\n    image: nginx\n    <<: *a24\n";
    QTest::newRow("merge keys") << merges << QStringLiteral("merge keys expand to more than");
    // ${A:-${A:-...}} 20,000 deep (a stack overflow before).
    const QByteArray nested = "services:\n  web:\n    image: \"nginx" +
                              QByteArray("${A:-").repeated(20000) + "x" +
                              QByteArray("}").repeated(20000) + "\"\n";
    QTest::newRow("nested variables") << nested << QStringLiteral("variables nest more than 32");
}

void TestHostileInputs::composeBombsEndWithAnError()
{
    QFETCH(QByteArray, compose);
    QFETCH(QString, message);
    const QString file = m_dir.filePath(QStringLiteral("bomb.yml"));
    QVERIFY(writeBytes(file, compose));
    const QString into = m_dir.filePath(QStringLiteral("bomb-into.yaml"));
    QVERIFY(copyExample(into));
    const QByteArray before = fileBytes(into);
    const ProcessResult result = runProgram(
        fromTestFolder(PORTOLAN_CLI),
        {QStringLiteral("import"), QStringLiteral("compose"), file, QStringLiteral("--device"),
         QStringLiteral("atlas"), QStringLiteral("--into"), into},
        {}, 20000);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.errText().contains(message), result.err.constData());
    QCOMPARE(fileBytes(into), before);
}

void TestHostileInputs::importKeepsAnEditMadeMeanwhile()
{
    // An editor saves the registry while an import is between reading it and writing it back
    // (a 3-second `import docker` lost the edit in 5 of 5 runs).
    const QString path = m_dir.filePath(QStringLiteral("edited.yaml"));
    QVERIFY(copyExample(path));
    QByteArray edited = fileBytes(path);
    edited.replace("description: main docker host, runs the reverse proxy",
                   "description: edited meanwhile");
    const RegistryUpdate::Outcome outcome = RegistryUpdate::apply(
        path,
        [&](const Registry &, Registry &wanted, Error *) {
            writeBytes(path, edited); // the editor, during the merge
            wanted.devices[1].description = QStringLiteral("imported");
            return true;
        },
        RegistryUpdate::Options());
    QVERIFY(!outcome.ok);
    QVERIFY(!outcome.written);
    QVERIFY2(outcome.error.toString().contains(QLatin1String("changed on disk while the import")),
             qPrintable(outcome.error.toString()));
    QCOMPARE(fileBytes(path), edited);
    // Nothing is left beside it.
    QCOMPARE(QDir(m_dir.path()).entryList({QStringLiteral(".edited*")}, QDir::Hidden | QDir::Files),
             QStringList());

    // Without an edit meanwhile the same import writes.
    const RegistryUpdate::Outcome again = RegistryUpdate::apply(
        path,
        [&](const Registry &, Registry &wanted, Error *) {
            wanted.devices[1].description = QStringLiteral("imported");
            return true;
        },
        RegistryUpdate::Options());
    QVERIFY2(again.ok && again.written, qPrintable(again.error.toString()));
    QVERIFY(fileBytes(path).contains("description: imported"));
}

void TestHostileInputs::composeTakesOnlyNamedEnvironment()
{
    // A CI job's secret in the environment, used by a compose file.
    const QString compose = m_dir.filePath(QStringLiteral("env.yml"));
    QVERIFY(writeBytes(compose, "services:\n  web:\n    image: \"nginx:${TAG:-1.25}${CI_SECRET}\"\n"
                                "    ports: [\"20080:80\"]\n"));
    const QString into = m_dir.filePath(QStringLiteral("env-into.yaml"));
    auto import = [&](const QStringList &extra) {
        [&] {
            QVERIFY(QFile::remove(into) || !QFileInfo::exists(into));
        }();
        [&] {
            QVERIFY(copyExample(into));
        }();
        QStringList arguments{QStringLiteral("import"),
                              QStringLiteral("compose"),
                              compose,
                              QStringLiteral("--device"),
                              QStringLiteral("atlas"),
                              QStringLiteral("--into"),
                              into,
                              QStringLiteral("--category"),
                              QStringLiteral("ssh-git")};
        return runProgram(fromTestFolder(PORTOLAN_CLI), arguments + extra, {}, 60000,
                          withEnvironment({{QStringLiteral("CI_SECRET"), QStringLiteral("hunter2")},
                                           {QStringLiteral("TAG"), QStringLiteral("9.9")}}));
    };
    const ProcessResult unnamed = import({});
    QVERIFY2(unnamed.exitCode == 0 || unnamed.exitCode == 1, unnamed.err.constData());
    QVERIFY2(!fileBytes(into).contains("hunter2"), "an unnamed variable reached the registry");
    QVERIFY2(fileBytes(into).contains("image: nginx:1.25"), fileBytes(into).constData());
    QVERIFY2(unnamed.errText().contains(QLatin1String("variable CI_SECRET is set in the "
                                                      "environment but not passed")),
             unnamed.err.constData());
    // Named, it is taken, and wins over the default.
    const ProcessResult named = import({QStringLiteral("--env"), QStringLiteral("TAG")});
    QVERIFY2(named.exitCode == 0 || named.exitCode == 1, named.err.constData());
    QVERIFY2(fileBytes(into).contains("image: nginx:9.9"), fileBytes(into).constData());
    QVERIFY2(!named.errText().contains(QLatin1String("TAG is set")), named.err.constData());
}

void TestHostileInputs::driftReadsABoundedAmount_data()
{
    QTest::addColumn<QString>("source");
    QTest::newRow("ssh") << "ssh";
    QTest::newRow("proc") << "proc";
}

void TestHostileInputs::driftReadsABoundedAmount()
{
    QFETCH(QString, source);
    // A remote that floods valid socket lines drove the CLI to 8 GB; so did --proc with
    // /dev/zero as its tcp table.
    QStringList arguments{QStringLiteral("drift"), fromTestFolder(PORTOLAN_EXAMPLE),
                          QStringLiteral("--device"), QStringLiteral("atlas")};
    QString ssh;
    if (source == QLatin1String("ssh")) {
        ssh = m_dir.filePath(QStringLiteral("flooding-ssh"));
        QVERIFY(writeBytes(ssh, "#!/bin/sh\necho '@@portolan tcp'\n"
                                "echo '  sl  local_address rem_address   st'\n"
                                "exec yes '   0: 00000000:0016 00000000:0000 0A 00000000:00000000 "
                                "00:00000000 00000000     0        0 1 1 0 100 0 0 10 0'\n"));
        QVERIFY(QFile::setPermissions(ssh, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        arguments << QStringLiteral("--ssh");
    } else {
        const QString folder = m_dir.filePath(QStringLiteral("zero-proc"));
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(QFile::link(QStringLiteral("/dev/zero"), folder + QStringLiteral("/tcp")));
        arguments << QStringLiteral("--proc") << folder;
    }
    const ProcessResult result =
        runProgram(QStringLiteral("/usr/bin/time"),
                   QStringList{QStringLiteral("-f"), QStringLiteral("peak-kb %M"),
                               fromTestFolder(PORTOLAN_CLI)} +
                       arguments,
                   {}, 120000,
                   withEnvironment(ssh.isEmpty() ? QList<std::pair<QString, QString>>()
                                                 : QList<std::pair<QString, QString>>{
                                                       {QStringLiteral("PORTOLAN_SSH"), ssh}}));
    QVERIFY2(result.exitCode == 2, result.err.constData());
    QVERIFY2(result.errText().contains(source == QLatin1String("ssh")
                                           ? QLatin1String("atlas: cannot read over ssh")
                                           : QLatin1String("too large for the socket tables")),
             result.err.constData());
    const qsizetype at = result.err.lastIndexOf("peak-kb ");
    QVERIFY(at >= 0);
    const qint64 peakKb = result.err.mid(at + 8).trimmed().toLongLong();
    // The cap is 64 MB of text; what is kept besides it is a fraction of that. The sanitizer
    // build keeps far more for itself, so its bound is wider.
    const qint64 bound = qEnvironmentVariableIsSet("ASAN_OPTIONS") ? 1500 * 1024 : 400 * 1024;
    QVERIFY2(peakKb > 0 && peakKb < bound, result.err.constData());
}

void TestHostileInputs::timedOutSshLeavesNoChild()
{
    // An ssh that never answers and leaves a child of its own (as a ProxyCommand would).
    const QString pidFile = m_dir.filePath(QStringLiteral("child.pid"));
    const QString ssh = m_dir.filePath(QStringLiteral("silent-ssh"));
    QVERIFY(
        writeBytes(ssh, "#!/bin/sh\nsleep 300 &\necho $! > '" + pidFile.toUtf8() + "'\nwait\n"));
    QVERIFY(QFile::setPermissions(ssh, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    const ProcessResult result = runProgram(
        fromTestFolder(PORTOLAN_CLI),
        {QStringLiteral("drift"), fromTestFolder(PORTOLAN_EXAMPLE), QStringLiteral("--device"),
         QStringLiteral("atlas"), QStringLiteral("--ssh")},
        {}, 60000,
        withEnvironment({{QStringLiteral("PORTOLAN_SSH"), ssh},
                         {QStringLiteral("PORTOLAN_SSH_TIMEOUT"), QStringLiteral("1")}}));
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.errText().contains(QLatin1String("timed out")), result.err.constData());
    const QByteArray pid = fileBytes(pidFile).trimmed();
    QVERIFY(!pid.isEmpty());
    // Gone, or a zombie no one waits for (it was reparented and reaped).
    QTRY_VERIFY2_WITH_TIMEOUT(
        !QFileInfo::exists(QStringLiteral("/proc/") + QString::fromLatin1(pid)) ||
            fileBytes(QStringLiteral("/proc/") + QString::fromLatin1(pid) + QStringLiteral("/stat"))
                .contains(") Z "),
        pid.constData(), 5000);
}

void TestHostileInputs::publishedRangesStayRanges()
{
    // A thousand containers each publishing every port: expanded port by port, 65 million
    // sockets exhausted the memory.
    QByteArray ps;
    for (int i = 0; i < 1000; ++i)
        ps += "{\"Names\":\"flood" + QByteArray::number(i) +
              "\",\"Image\":\"x\",\"Ports\":\"0.0.0.0:1-65535->1-65535/tcp\"}\n";
    const QString docker = m_dir.filePath(QStringLiteral("flood.jsonl"));
    QVERIFY(writeBytes(docker, ps));
    const ProcessResult result = runProgram(
        QStringLiteral("/usr/bin/time"),
        {QStringLiteral("-f"), QStringLiteral("peak-kb %M"), fromTestFolder(PORTOLAN_CLI),
         QStringLiteral("drift"), fromTestFolder(PORTOLAN_EXAMPLE), QStringLiteral("--device"),
         QStringLiteral("atlas"), QStringLiteral("--proc"),
         fromTestFolder(PORTOLAN_TEST_DATA "/proc"), QStringLiteral("--docker"), docker,
         QStringLiteral("--format"), QStringLiteral("json")},
        {}, 120000);
    QVERIFY2(result.exitCode == 1, result.err.constData());
    const qsizetype at = result.err.lastIndexOf("peak-kb ");
    QVERIFY(at >= 0);
    const qint64 peakKb = result.err.mid(at + 8).trimmed().toLongLong();
    const qint64 bound = qEnvironmentVariableIsSet("ASAN_OPTIONS") ? 1500 * 1024 : 200 * 1024;
    QVERIFY2(peakKb > 0 && peakKb < bound, result.err.constData());
    // The ports no binding plans come back as ranges between the planned ones: a handful of
    // entries, the first from port 1.
    const QJsonObject report = QJsonDocument::fromJson(result.out).object();
    int unplanned = 0;
    bool fromOne = false;
    for (const QJsonValue &value : report.value(QStringLiteral("entries")).toArray()) {
        const QJsonObject entry = value.toObject();
        if (entry.value(QStringLiteral("status")).toString() != QLatin1String("unplanned"))
            continue;
        ++unplanned;
        fromOne |= entry.value(QStringLiteral("port")).toString().startsWith(QLatin1String("1-"));
    }
    QVERIFY2(unplanned > 0 && unplanned < 100, result.out.left(2000).constData());
    QVERIFY(fromOne);
}

namespace {

// Peak memory of a run through /usr/bin/time -f "peak-kb %M", in KB (-1: not found).
qint64 peakKb(const ProcessResult &result)
{
    const qsizetype at = result.err.lastIndexOf("peak-kb ");
    return at < 0 ? -1 : result.err.mid(at + 8).trimmed().toLongLong();
}

// The sanitizer build keeps far more for itself.
qint64 memoryBound(qint64 kb)
{
    return qEnvironmentVariableIsSet("ASAN_OPTIONS") ? kb * 4 : kb;
}

const QByteArray smallPolicy = "portolan: 1\npolicy:\n  domain: example.org\n"
                               "  internal_subdomain: home\n";

} // namespace

void TestHostileInputs::wideBindingsGiveOneFindingEach()
{
    // 2,000 aliases of a binding over every port: one well-known-port finding each, not one
    // per registered port inside (an 88 KB file crashed validate at 3 GB).
    QByteArray yaml = smallPolicy + "  range: {start: 1, end: 65535}\n  block_size: 65535\n"
                                    "  blocks:\n    - {purpose: web}\ndevices:\n  - name: a\n"
                                    "    ip: 10.0.0.1\n    services:\n"
                                    "      - &s {name: s, category: web, ports: [{host: 1-65535, "
                                    "container: 1-65535, exception: agent}]}\n";
    const int copies = 2000;
    for (int i = 1; i < copies; ++i)
        yaml += "      - *s\n";
    const QString path = m_dir.filePath(QStringLiteral("wide.yaml"));
    QVERIFY(writeBytes(path, yaml));
    const ProcessResult result = runProgram(
        QStringLiteral("/usr/bin/time"),
        {QStringLiteral("-f"), QStringLiteral("peak-kb %M"), fromTestFolder(PORTOLAN_CLI),
         QStringLiteral("validate"), path, QStringLiteral("--format"), QStringLiteral("json")},
        {}, 120000);
    QCOMPARE(result.exitCode, 1);
    QCOMPARE(result.out.count("\"well-known-port\""), copies);
    QVERIFY2(peakKb(result) > 0 && peakKb(result) < memoryBound(400 * 1024),
             result.err.right(200).constData());
}

void TestHostileInputs::aliasedTextIsBounded()
{
    // A 1 MB description, anchored once and aliased 200 times: 200 MB once read.
    QByteArray yaml = smallPolicy +
                      "  range: {start: 20000, end: 29999}\n  blocks:\n"
                      "    - {purpose: web}\ndevices:\n  - name: d0\n"
                      "    ip: 10.0.0.1\n    description: &b " +
                      QByteArray(1000000, 'x') + "\n";
    for (int i = 1; i <= 200; ++i)
        yaml += "  - name: d" + QByteArray::number(i) + "\n    ip: 10.0.1." +
                QByteArray::number(i) + "\n    description: *b\n";
    const QString path = m_dir.filePath(QStringLiteral("aliased.yaml"));
    QVERIFY(writeBytes(path, yaml));
    const ProcessResult result = cli({QStringLiteral("validate"), path});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.errText().contains(QLatin1String("MB of text")), result.err.constData());
}

void TestHostileInputs::namesTooLongForDnsAreRefused()
{
    // Every label within 63 characters, the names over 253: unbound refused to start.
    const QByteArray label(63, 'a');
    const QByteArray yaml = "portolan: 1\npolicy:\n  domain: " + label + "." + label +
                            ".example.org\n  internal_subdomain: " + label + "." + label +
                            "\n  range: {start: 20000, end: 29999}\n  blocks:\n"
                            "    - {purpose: web}\ndevices:\n  - name: d\n    ip: 10.0.0.1\n"
                            "    services:\n      - name: p\n        category: web\n"
                            "        ports: [{host: 443, container: 443, exception: "
                            "reverse-proxy}]\n        route: {host: x, scope: internal, port: "
                            "80}\n";
    const QString path = m_dir.filePath(QStringLiteral("long-names.yaml"));
    QVERIFY(writeBytes(path, yaml));
    const ProcessResult validated = cli({QStringLiteral("validate"), path});
    QCOMPARE(validated.exitCode, 1);
    QVERIFY2(validated.out.contains("a DNS name holds at most 253"), validated.out.constData());
    QCOMPARE(cli({QStringLiteral("export"), QStringLiteral("dns"), path, QStringLiteral("--format"),
                  QStringLiteral("unbound")})
                 .exitCode,
             2);
}

void TestHostileInputs::gitRevisionIsReadAsAStream()
{
    // A registry padded with 100 MB of comments compresses to almost nothing in .git; read as
    // REV:PATH it was held whole in memory, twice.
    const QString repository = m_dir.filePath(QStringLiteral("repo"));
    QVERIFY(QDir().mkpath(repository));
    QByteArray yaml = fileBytes(fromTestFolder(PORTOLAN_EXAMPLE));
    const QByteArray comment = "# " + QByteArray(998, 'c') + "\n";
    yaml += comment.repeated(100000);
    QVERIFY(writeBytes(repository + QStringLiteral("/big.yaml"), yaml));
    auto git = [&](const QStringList &arguments) {
        return runProgram(QStringLiteral("git"),
                          QStringList{QStringLiteral("-C"), repository, QStringLiteral("-c"),
                                      QStringLiteral("user.name=t"), QStringLiteral("-c"),
                                      QStringLiteral("user.email=t@t")} +
                              arguments);
    };
    QCOMPARE(git({QStringLiteral("init"), QStringLiteral("-q")}).exitCode, 0);
    QCOMPARE(git({QStringLiteral("add"), QStringLiteral("big.yaml")}).exitCode, 0);
    QCOMPARE(git({QStringLiteral("commit"), QStringLiteral("-qm"), QStringLiteral("big")}).exitCode,
             0);
    const ProcessResult result = runProgram(
        QStringLiteral("/usr/bin/time"),
        {QStringLiteral("-f"), QStringLiteral("peak-kb %M"), fromTestFolder(PORTOLAN_CLI),
         QStringLiteral("diff"), QStringLiteral("HEAD:big.yaml"), QStringLiteral("big.yaml")},
        {}, 120000, [&repository](QProcess &process) { process.setWorkingDirectory(repository); });
    QVERIFY2(result.exitCode == 0, result.err.right(300).constData());
    QVERIFY2(peakKb(result) > 0 && peakKb(result) < memoryBound(100 * 1024),
             result.err.right(200).constData());
}

QTEST_GUILESS_MAIN(TestHostileInputs)
#include "tst_hostileinputs.moc"
