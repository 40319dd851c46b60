#include "domain/SshDestination.h"
#include "formats/yaml/YamlText.h"
#include "support/TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace portolan;
using namespace portolan::testing;

// The inventory as Ansible reads it (ansible-inventory --list): every ssh form OpenSSH takes
// gives the right host, user and port; group names never meet a host's name or Ansible's own
// all/ungrouped; names YAML would read as booleans or numbers stay names; no warning.
class TestAnsibleInventory : public QObject
{
    Q_OBJECT

private slots:
    void sshForms_data();
    void sshForms();
    void inventoryReadsWithoutAWarning();
    void scalarsReadBackAsWritten();
};

void TestAnsibleInventory::sshForms_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::newRow("alias") << "nas" << true << ""
                           << "nas" << 0;
    QTest::newRow("user at name") << "admin@atlas" << true << "admin"
                                  << "atlas" << 0;
    QTest::newRow("user at IPv4") << "ops@192.168.50.3" << true << "ops"
                                  << "192.168.50.3" << 0;
    QTest::newRow("user at IPv6") << "ops@fd00:50::30" << true << "ops"
                                  << "fd00:50::30" << 0;
    QTest::newRow("bare IPv6") << "fd00:50::30" << true << ""
                               << "fd00:50::30" << 0;
    QTest::newRow("url with port") << "ssh://ops@edge.lan:2222" << true << "ops"
                                   << "edge.lan" << 2222;
    QTest::newRow("url IPv6 and port") << "ssh://ops@[fd00:50::30]:2222" << true << "ops"
                                       << "fd00:50::30" << 2222;
    QTest::newRow("url IPv6") << "ssh://[fd00::1]" << true << ""
                              << "fd00::1" << 0;
    // Forms ssh takes for a host name and fails on.
    QTest::newRow("brackets without url") << "ops@[fd00:50::30]" << false << ""
                                          << "" << 0;
    QTest::newRow("port without url") << "admin@atlas:2222" << false << ""
                                      << "" << 0;
    QTest::newRow("option") << "-oProxyCommand=id" << false << ""
                            << "" << 0;
    QTest::newRow("space") << "admin@helios extra" << false << ""
                           << "" << 0;
    QTest::newRow("port out of range") << "ssh://a@b:70000" << false << ""
                                       << "" << 0;
    QTest::newRow("trailing newline") << "admin@atlas\n"
                                      << false << ""
                                      << "" << 0;
}

void TestAnsibleInventory::sshForms()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(QString, user);
    QFETCH(QString, host);
    QFETCH(int, port);
    const SshDestination ssh = SshDestination::parse(text);
    QCOMPARE(ssh.valid, valid);
    if (!valid)
        return;
    QCOMPARE(ssh.user, user);
    QCOMPARE(ssh.host, host);
    QCOMPARE(ssh.port, port);
}

void TestAnsibleInventory::inventoryReadsWithoutAWarning()
{
    const QString ansible = QStandardPaths::findExecutable(QStringLiteral("ansible-inventory"));
    QVERIFY2(!ansible.isEmpty(), "ansible-inventory (ansible-core) is not installed");
    QTemporaryDir dir;
    // A purpose named like Ansible's own group, one named like a host, two that meet once made
    // identifiers, a device YAML would read as true, and every ssh form.
    const QByteArray yaml =
        "portolan: 1\npolicy:\n  domain: example.org\n  internal_subdomain: home\n"
        "  range: {start: 20000, end: 24999}\n  block_size: 1000\n  blocks:\n"
        "    - {purpose: all}\n    - {purpose: ungrouped}\n    - {purpose: nas}\n"
        "    - {purpose: ssh-git}\n    - {purpose: ssh_git}\n"
        "devices:\n"
        "  - name: nas\n    ip: 192.168.50.4\n    ssh: nas\n    services:\n"
        "      - {name: a, category: all}\n      - {name: b, category: nas}\n"
        "  - name: \"true\"\n    ip: 192.168.50.5\n    ssh: ops@fd00:50::30\n    services:\n"
        "      - {name: c, category: ungrouped}\n      - {name: d, category: ssh-git}\n"
        "  - name: \"1.5\"\n    ip: 192.168.50.6\n    ssh: \"ssh://ops@[fd00:50::31]:2222\"\n"
        "    services:\n      - {name: e, category: ssh_git}\n";
    const QString registry = dir.filePath(QStringLiteral("odd.yaml"));
    QVERIFY(writeBytes(registry, yaml));
    const ProcessResult validated =
        runProgram(fromTestFolder(PORTOLAN_CLI), {QStringLiteral("validate"), registry});
    QVERIFY2(validated.exitCode == 0, (validated.out + validated.err).constData());
    const ProcessResult exported =
        runProgram(fromTestFolder(PORTOLAN_CLI),
                   {QStringLiteral("export"), QStringLiteral("ansible"), registry});
    QVERIFY2(exported.exitCode == 0, exported.err.constData());
    const QString inventory = dir.filePath(QStringLiteral("inventory.yml"));
    QVERIFY(writeBytes(inventory, exported.out));
    const ProcessResult listed =
        runProgram(ansible, {QStringLiteral("-i"), inventory, QStringLiteral("--list")}, {}, 120000,
                   withEnvironment({{QStringLiteral("HOME"), dir.path()},
                                    {QStringLiteral("ANSIBLE_LOCAL_TEMP"),
                                     dir.filePath(QStringLiteral("tmp"))}}));
    QVERIFY2(listed.exitCode == 0, listed.err.constData());
    QVERIFY2(!listed.errText().contains(QLatin1String("WARNING")) &&
                 !listed.errText().contains(QLatin1String("ERROR")),
             listed.err.constData());
    const QJsonObject list = QJsonDocument::fromJson(listed.out).object();
    const QJsonObject hostvars =
        list.value(QStringLiteral("_meta")).toObject().value(QStringLiteral("hostvars")).toObject();
    QCOMPARE(hostvars.keys(),
             (QStringList{QStringLiteral("1.5"), QStringLiteral("nas"), QStringLiteral("true")}));
    QCOMPARE(hostvars.value(QStringLiteral("nas")).toObject().value(QStringLiteral("ansible_host")),
             QJsonValue(QStringLiteral("nas"))); // the alias, so ~/.ssh/config applies
    const QJsonObject v6 = hostvars.value(QStringLiteral("true")).toObject();
    QCOMPARE(v6.value(QStringLiteral("ansible_host")), QJsonValue(QStringLiteral("fd00:50::30")));
    QCOMPARE(v6.value(QStringLiteral("ansible_user")), QJsonValue(QStringLiteral("ops")));
    const QJsonObject url = hostvars.value(QStringLiteral("1.5")).toObject();
    QCOMPARE(url.value(QStringLiteral("ansible_host")), QJsonValue(QStringLiteral("fd00:50::31")));
    QCOMPARE(url.value(QStringLiteral("ansible_port")).toInt(), 2222);
    // Every category is a group of its own, with the right hosts.
    auto hostsOf = [&list](const char *group) {
        QStringList hosts;
        for (const QJsonValue &host :
             list.value(QLatin1String(group)).toObject().value(QStringLiteral("hosts")).toArray())
            hosts << host.toString();
        return hosts;
    };
    QCOMPARE(hostsOf("category_all"), QStringList{QStringLiteral("nas")});
    QCOMPARE(hostsOf("category_ungrouped"), QStringList{QStringLiteral("true")});
    QCOMPARE(hostsOf("category_nas"), QStringList{QStringLiteral("nas")});
    QCOMPARE(hostsOf("category_ssh_git"), QStringList{QStringLiteral("true")});
    QCOMPARE(hostsOf("category_ssh_git_2"), QStringList{QStringLiteral("1.5")});
}

// The inventory's scalars, written without yaml-cpp's emitter, read back by a YAML 1.1 reader
// (PyYAML, Ansible's) as exactly the strings written: words and numbers YAML 1.1 would take
// for booleans, nulls, floats or dates are quoted, and so is everything a plain scalar cannot
// hold.
void TestAnsibleInventory::scalarsReadBackAsWritten()
{
    const QStringList values{
        QStringLiteral("gitea"), QStringLiteral("yes"), QStringLiteral("No"), QStringLiteral("on"),
        QStringLiteral("1.5"), QStringLiteral("1e5"), QStringLiteral("0x1F"),
        QStringLiteral("10.0.0.1"), QStringLiteral("a: b"), QStringLiteral("a #b"),
        QStringLiteral("a, b"), QStringLiteral("{x}"), QStringLiteral("[x]"), QStringLiteral("-x"),
        QStringLiteral(":x"), QStringLiteral("x:"), QStringLiteral("@x"), QStringLiteral("~"),
        QStringLiteral("null"), QString(), QStringLiteral("tab\tx"), QStringLiteral("quote\"x"),
        QStringLiteral("back\\x"), QStringLiteral("line\nx"), QStringLiteral("\u00fcn\u00ef"),
        QStringLiteral("a  b"), QStringLiteral(" lead"), QStringLiteral("trail "),
        QStringLiteral("x\u2028y\u0085z"), QStringLiteral("123"), QStringLiteral("+1"),
        QStringLiteral(".5"), QStringLiteral("2024-01-01"), QStringLiteral("12:30"),
        QStringLiteral("admin@atlas"), QStringLiteral("traefik:v3.1"), QStringLiteral("bell\x07"),
        // Past the 16 characters narrowed at once, with what breaks a
        // run before, inside and after them.
        QStringLiteral("svc0001 on host00000, port 3001 \u00b7 notes"),
        QStringLiteral("caf\u00e9 on a longer line, then \"quoted\""),
        QStringLiteral("sixteen chars ok\u2029and then a paragraph end"),
        QStringLiteral("a plain ascii value well past sixteen\\"),
        QStringLiteral("\u00b7\u00b7 \U0001f600 emoji and a tab\tat the end")};
    ByteWriter document;
    for (const QString &value : values) {
        document += "- !unsafe ";
        YamlText::appendScalar(document, value);
        document += '\n';
        // A value put together in UTF-8 (the dashboard's descriptions) is written alike.
        ByteWriter fromText;
        ByteWriter fromUtf8;
        YamlText::appendScalar(fromText, value);
        YamlText::appendScalar(fromUtf8, QByteArrayView(value.toUtf8()));
        QCOMPARE(fromUtf8.take(), fromText.take());
    }
    QVERIFY(YamlText::isPlainSafe(QStringLiteral("gitea")));
    QVERIFY(!YamlText::isPlainSafe(QStringLiteral("yes")));
    // YAML 1.1's short words in any case are quoted, in UTF-16 and in UTF-8; words that only
    // begin or end like them stay plain.
    for (const char *word : {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan",
                             "inf", ".nan", ".inf"}) {
        const QString lower = QString::fromLatin1(word);
        for (const QString &spelled : {lower, lower.toUpper(),
                                       lower.left(lower.startsWith(u'.') ? 2 : 1).toUpper() +
                                           lower.mid(lower.startsWith(u'.') ? 2 : 1)}) {
            QVERIFY2(!YamlText::isPlainSafe(spelled), qPrintable(spelled));
            QVERIFY2(!YamlText::isPlainSafe(QByteArrayView(spelled.toUtf8())), qPrintable(spelled));
        }
    }
    for (const char *plain : {"tcp", "udp", "nulls", "Infra", "offs", "yess", "ye", "nano", "o"})
        QVERIFY2(YamlText::isPlainSafe(QString::fromLatin1(plain)), plain);
    QProcess python;
    python.start(
        QStringLiteral("/usr/bin/python3"),
        {QStringLiteral("-c"),
         QStringLiteral("import sys, json, yaml\n"
                        "class L(yaml.SafeLoader): pass\n"
                        "L.add_constructor('!unsafe', lambda l, n: l.construct_scalar(n))\n"
                        "print(json.dumps(yaml.load(sys.stdin.read(), Loader=L)))")});
    python.write(document.take());
    python.closeWriteChannel();
    QVERIFY(python.waitForFinished(30000));
    QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
    const QJsonArray read = QJsonDocument::fromJson(python.readAllStandardOutput()).array();
    QCOMPARE(read.size(), values.size());
    for (int i = 0; i < values.size(); ++i)
        QVERIFY2(
            read[i].toString() == values[i],
            qPrintable(QStringLiteral("%1 read back as %2").arg(values[i], read[i].toString())));
}

QTEST_GUILESS_MAIN(TestAnsibleInventory)
#include "tst_ansibleinventory.moc"
