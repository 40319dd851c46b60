#include "drift/RemoteSockets.h"

#include "support/TestSupport.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace portolan;
using namespace portolan::testing;

// Drift over ssh against a real sshd (tests/ssh/with-sshd starts one on 127.0.0.1 with three
// aliases, one whose remote PATH holds a fake docker, one with a wrong host key): the test
// opens and closes listeners on this machine, which the server reads back over ssh.
class TestRemoteDrift : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void oneDeviceOverSsh();
    void dockerOnTheRemotePath();
    void closedListenerBecomesMissing();
    void refusedAndBadHostKeyAreOneLineEach_data();
    void refusedAndBadHostKeyAreOneLineEach();
    void silentHostTimesOutInBoundedTime();
    void allDevicesInParallel();
    void remoteOutputParses();
    void optionLikeDestinationIsReportedNotRun();

private:
    ProcessResult cli(const QStringList &arguments, const QByteArray &timeout = "3");
    void writeRegistry();

    QTemporaryDir m_dir;
    QString m_registry;
    QTcpServer m_listening;    // planned on 127.0.0.1: listening
    QTcpServer m_otherAddress; // planned on all addresses, listens on 127.0.0.1 only
    QTcpServer m_unplanned;
    int m_missing = 0; // planned, nothing listens
};

void TestRemoteDrift::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("PORTOLAN_SSH"),
             "run through tests/ssh/with-sshd (ctest does): it starts the sshd");
    QVERIFY(m_listening.listen(QHostAddress::LocalHost));
    QVERIFY(m_otherAddress.listen(QHostAddress::LocalHost));
    QVERIFY(m_unplanned.listen(QHostAddress::LocalHost));
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    m_missing = probe.serverPort();
    probe.close();
    writeRegistry();
}

void TestRemoteDrift::writeRegistry()
{
    m_registry = m_dir.filePath(QStringLiteral("registry.yaml"));
    const QString yaml =
        QStringLiteral(
            "portolan: 1\n"
            "policy:\n"
            "  domain: example.org\n"
            "  internal_subdomain: home\n"
            "  range: {start: 20000, end: 29999}\n"
            "  blocks:\n"
            "    - {purpose: web}\n"
            "devices:\n"
            "  - name: alpha\n"
            "    ip: 127.0.0.1\n"
            "    ssh: portolan-a\n"
            "    services:\n"
            "      - name: app\n"
            "        category: web\n"
            "        ports:\n"
            "          - {host: %1, container: 80, bind: 127.0.0.1, exception: non-http}\n"
            "          - {host: %2, container: 81, exception: non-http}\n"
            "          - {host: %3, container: 82, bind: 127.0.0.1, exception: non-http}\n"
            "  - name: beta\n"
            "    ip: 127.0.0.2\n"
            "    ssh: portolan-b\n"
            "  - name: gamma\n"
            "    ip: 127.0.0.3\n"
            "    ssh: portolan-c\n"
            "    services:\n"
            "      - name: web\n"
            "        category: web\n"
            "        ports:\n"
            "          - {host: 28080, container: 80, exception: non-http}\n"
            "  - name: badkey\n"
            "    ip: 127.0.0.4\n"
            "    ssh: portolan-badkey\n"
            "  - name: refused\n"
            "    ip: 127.0.0.5\n"
            "    ssh: portolan-refused\n"
            "  - name: nossh\n"
            "    ip: 127.0.0.6\n")
            .arg(m_listening.serverPort())
            .arg(m_otherAddress.serverPort())
            .arg(m_missing);
    QVERIFY(writeBytes(m_registry, yaml.toUtf8()));
}

ProcessResult TestRemoteDrift::cli(const QStringList &arguments, const QByteArray &timeout)
{
    return runProgram(
        fromTestFolder(PORTOLAN_CLI), arguments, {}, 90000, [timeout](QProcess &process) {
            QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
            environment.insert(QStringLiteral("PORTOLAN_SSH_TIMEOUT"),
                               QString::fromLatin1(timeout));
            process.setProcessEnvironment(environment);
        });
}

void TestRemoteDrift::oneDeviceOverSsh()
{
    const ProcessResult result =
        cli({QStringLiteral("drift"), m_registry, QStringLiteral("--device"),
             QStringLiteral("alpha"), QStringLiteral("--ssh")});
    QVERIFY2(result.exitCode == 1, result.err.constData());
    const QString out = result.outText();
    const auto has = [&](const QString &status, const QString &subject, int port) {
        const QRegularExpression line(QStringLiteral("^%1  %2  %3/tcp ")
                                          .arg(status, QRegularExpression::escape(subject))
                                          .arg(port),
                                      QRegularExpression::MultilineOption);
        return line.match(out).hasMatch();
    };
    QVERIFY2(
        has(QStringLiteral("listening"), QStringLiteral("alpha/app"), m_listening.serverPort()),
        qPrintable(out));
    QVERIFY2(has(QStringLiteral("other-address"), QStringLiteral("alpha/app"),
                 m_otherAddress.serverPort()),
             qPrintable(out));
    QVERIFY2(has(QStringLiteral("missing"), QStringLiteral("alpha/app"), m_missing),
             qPrintable(out));
    QVERIFY2(has(QStringLiteral("unplanned"), QStringLiteral("alpha"), m_unplanned.serverPort()),
             qPrintable(out));
}

void TestRemoteDrift::dockerOnTheRemotePath()
{
    const ProcessResult result = cli(
        {QStringLiteral("drift"), m_registry, QStringLiteral("--device"), QStringLiteral("gamma"),
         QStringLiteral("--ssh"), QStringLiteral("--format"), QStringLiteral("json")});
    QVERIFY2(result.exitCode == 0 || result.exitCode == 1, result.err.constData());
    const QJsonObject report = QJsonDocument::fromJson(result.out).object();
    bool found = false;
    for (const QJsonValue &value : report.value(QStringLiteral("entries")).toArray()) {
        const QJsonObject entry = value.toObject();
        if (entry.value(QStringLiteral("port")).toInt() == 28080)
            found = entry.value(QStringLiteral("status")).toString() == QLatin1String("listening");
    }
    QVERIFY2(found, result.out.constData());
}

void TestRemoteDrift::closedListenerBecomesMissing()
{
    QTcpServer temporary;
    QVERIFY(temporary.listen(QHostAddress::LocalHost));
    const int port = temporary.serverPort();
    const QStringList arguments{QStringLiteral("drift"), m_registry, QStringLiteral("--device"),
                                QStringLiteral("beta"), QStringLiteral("--ssh")};
    const QString unplanned = QStringLiteral("unplanned  beta  %1/tcp").arg(port);
    QVERIFY(cli(arguments).outText().contains(unplanned));
    temporary.close();
    QVERIFY(!cli(arguments).outText().contains(unplanned));
}

void TestRemoteDrift::refusedAndBadHostKeyAreOneLineEach_data()
{
    QTest::addColumn<QString>("device");
    QTest::addColumn<QString>("words");
    QTest::newRow("refused") << "refused"
                             << "Connection refused";
    QTest::newRow("bad host key") << "badkey"
                                  << "Host key verification failed";
}

void TestRemoteDrift::refusedAndBadHostKeyAreOneLineEach()
{
    QFETCH(QString, device);
    QFETCH(QString, words);
    const ProcessResult result = cli({QStringLiteral("drift"), m_registry,
                                      QStringLiteral("--device"), device, QStringLiteral("--ssh")});
    QCOMPARE(result.exitCode, 2);
    QVERIFY(result.out.isEmpty());
    const QStringList lines = result.errText().split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 1);
    QVERIFY2(lines.first().startsWith(device + QStringLiteral(": cannot read over ssh")),
             result.err.constData());
    QVERIFY2(lines.first().contains(words), result.err.constData());
}

void TestRemoteDrift::silentHostTimesOutInBoundedTime()
{
    // Accepts the connection, never says a word.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    QElapsedTimer timer;
    timer.start();
    const ProcessResult result =
        cli({QStringLiteral("drift"), m_registry, QStringLiteral("--device"),
             QStringLiteral("alpha"), QStringLiteral("--ssh-target"),
             QStringLiteral("ssh://127.0.0.1:%1").arg(silent.serverPort())},
            "1");
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(timer.elapsed() < 20000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY2(result.errText().contains(QStringLiteral("alpha: cannot read over ssh")),
             result.err.constData());
}

void TestRemoteDrift::allDevicesInParallel()
{
    const ProcessResult result =
        cli({QStringLiteral("drift"), m_registry, QStringLiteral("--all")});
    // badkey and refused cannot be read: 2, and everyone else is still reported.
    QCOMPARE(result.exitCode, 2);
    const QString out = result.outText();
    QStringList sections;
    static const QRegularExpression heading(QStringLiteral("^== (\\S+) \\("),
                                            QRegularExpression::MultilineOption);
    for (auto it = heading.globalMatch(out); it.hasNext();)
        sections << it.next().captured(1);
    QCOMPARE(sections,
             (QStringList{QStringLiteral("alpha"), QStringLiteral("beta"), QStringLiteral("gamma"),
                          QStringLiteral("badkey"), QStringLiteral("refused")}));
    QVERIFY(out.contains(QStringLiteral("listening  gamma/web  28080/tcp")));
    QVERIFY2(result.errText().contains(
                 QStringLiteral("5 devices checked over ssh: 0 agree, 3 drift, 2 could not be "
                                "read; without ssh: nossh")),
             result.err.constData());

    // Three aliases of one server, as JSON: one object per device.
    QString yaml = QString::fromUtf8(fileBytes(m_registry));
    yaml.replace(QStringLiteral("ssh: portolan-badkey"), QString());
    yaml.replace(QStringLiteral("ssh: portolan-refused"), QString());
    const QString three = m_dir.filePath(QStringLiteral("three.yaml"));
    QVERIFY(writeBytes(three, yaml.toUtf8()));
    const ProcessResult json = cli({QStringLiteral("drift"), three, QStringLiteral("--all"),
                                    QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(json.exitCode, 1);
    const QJsonObject report = QJsonDocument::fromJson(json.out).object();
    const QJsonArray devices = report.value(QStringLiteral("devices")).toArray();
    QCOMPARE(devices.size(), 3);
    QCOMPARE(devices[2].toObject().value(QStringLiteral("device")).toString(),
             QStringLiteral("gamma"));
    QCOMPARE(devices[2].toObject().value(QStringLiteral("docker")).toBool(), true);
    QCOMPARE(report.value(QStringLiteral("unreadable")).toInt(), 0);
}

void TestRemoteDrift::remoteOutputParses()
{
    // A host without docker and without IPv6: two tables, no docker section; not an error.
    const QByteArray output =
        "@@portolan tcp\n"
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
        "timeout inode\n"
        "   0: 0100007F:4E84 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        "
        "0 1 1 0000000000000000 100 0 0 10 0\n"
        "@@portolan tcp6\n"
        "@@portolan udp\n"
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
        "timeout inode ref pointer drops\n"
        "@@portolan udp6\n"
        "@@portolan end\n";
    const RemoteSockets::Result result = RemoteSockets::parse(output, QStringLiteral("nas"));
    QVERIFY2(result.ok, qPrintable(result.error));
    QVERIFY(!result.docker);
    QCOMPARE(result.sockets.size(), 1);
    QCOMPARE(result.sockets.first().port, 20100);
    // A forced command that printed something else: refused, not read as "nothing listens".
    const RemoteSockets::Result cut =
        RemoteSockets::parse("@@portolan tcp\n", QStringLiteral("nas"));
    QVERIFY(!cut.ok);
    QVERIFY(cut.error.contains(QStringLiteral("stopped before it ended")));
}

void TestRemoteDrift::optionLikeDestinationIsReportedNotRun()
{
    const QString marker = m_dir.filePath(QStringLiteral("pwned"));
    const QString file = m_dir.filePath(QStringLiteral("hostile.yaml"));
    QVERIFY(writeBytes(file, QStringLiteral("portolan: 1\n"
                                            "policy:\n"
                                            "  domain: example.org\n"
                                            "  internal_subdomain: home\n"
                                            "  range: {start: 20000, end: 29999}\n"
                                            "devices:\n"
                                            "  - name: evil\n"
                                            "    ip: 127.0.0.9\n"
                                            "    ssh: \"-oProxyCommand=touch %1\"\n")
                                 .arg(marker)
                                 .toUtf8()));
    const ProcessResult result = cli({QStringLiteral("drift"), file, QStringLiteral("--all")});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.errText().contains(QStringLiteral("evil: cannot read over ssh")),
             result.err.constData());
    QVERIFY(result.errText().contains(QStringLiteral("not an ssh destination")));
    QVERIFY(!QFile::exists(marker));
}

QTEST_GUILESS_MAIN(TestRemoteDrift)
#include "tst_remotedrift.moc"
