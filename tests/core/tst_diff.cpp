#include "check/ChangeReport.h"
#include "check/Validator.h"
#include "store/RegistryIo.h"

#include "support/TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace portolan;
using namespace portolan::testing;

// `portolan-cli diff`: every kind of change between two registries in three formats (golden
// files), the inverse direction, the git forms in a temporary repository, and sides that
// cannot be read.
class TestDiff : public QObject
{
    Q_OBJECT

private slots:
    void formatsMatchTheirGoldenFiles_data();
    void formatsMatchTheirGoldenFiles();
    void reverseIsTheInverse();
    void identicalRegistriesPrintNothing();
    void yamlAndItsDatabaseAreIdentical();
    void malformedSideIsExitTwoAndNothingOnStdout_data();
    void malformedSideIsExitTwoAndNothingOnStdout();
    void gitRevisionsDriverAndTextconv();

private:
    QTemporaryDir m_dir;
};

namespace {

const QString dataDir = fromTestFolder(PORTOLAN_TEST_DATA "/diff");

ProcessResult cliIn(const QString &folder, const QStringList &arguments)
{
    return runProgram(fromTestFolder(PORTOLAN_CLI), arguments, {}, 60000,
                      [folder](QProcess &process) { process.setWorkingDirectory(folder); });
}

QJsonObject summaryOf(const QString &from, const QString &to)
{
    const ProcessResult result =
        cliIn(dataDir, {QStringLiteral("diff"), from, to, QStringLiteral("--format"),
                        QStringLiteral("json")});
    return QJsonDocument::fromJson(result.out).object();
}

} // namespace

void TestDiff::formatsMatchTheirGoldenFiles_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("text") << "text";
    QTest::newRow("json") << "json";
    QTest::newRow("markdown") << "markdown";
}

void TestDiff::formatsMatchTheirGoldenFiles()
{
    QFETCH(QString, format);
    const ProcessResult result =
        cliIn(dataDir, {QStringLiteral("diff"), QStringLiteral("base.yaml"),
                        QStringLiteral("changed.yaml"), QStringLiteral("--format"), format});
    QCOMPARE(result.exitCode, 1);
    QCOMPARE(result.outText(),
             QString::fromUtf8(fileBytes(dataDir + QStringLiteral("/golden.") + format)));
    // Every kind of change is in the pair, and the finding it introduces.
    if (format == QLatin1String("text")) {
        for (const char *kind : {"added ", "removed ", "changed ", "moved ", "reordered "}) {
            bool found = false;
            for (const QString &line : result.outText().split(u'\n'))
                found |= line.startsWith(QLatin1String(kind));
            QVERIFY2(found, kind);
        }
        QVERIFY(result.outText().contains(
            QStringLiteral("changed binding atlas/gitea 20023/tcp: host 20022 -> 20023")));
        QVERIFY(result.outText().contains(
            QStringLiteral("moved service helios/portainer: from atlas")));
        QVERIFY(result.outText().contains(QStringLiteral("removed service helios/wireguard")));
        QVERIFY(result.outText().contains(QStringLiteral("added service helios/wg")));
        QVERIFY(result.outText().contains(
            QStringLiteral("+ error  duplicate-route  helios/uptime-kuma")));
    }
}

void TestDiff::reverseIsTheInverse()
{
    const QJsonObject forward =
        summaryOf(QStringLiteral("base.yaml"), QStringLiteral("changed.yaml"));
    const QJsonObject backward =
        summaryOf(QStringLiteral("changed.yaml"), QStringLiteral("base.yaml"));
    const QJsonObject f = forward.value(QStringLiteral("summary")).toObject();
    const QJsonObject b = backward.value(QStringLiteral("summary")).toObject();
    QCOMPARE(f.value(QStringLiteral("added")), b.value(QStringLiteral("removed")));
    QCOMPARE(f.value(QStringLiteral("removed")), b.value(QStringLiteral("added")));
    for (const char *same : {"changed", "moved", "reordered"})
        QCOMPARE(f.value(QLatin1String(same)), b.value(QLatin1String(same)));
    QCOMPARE(f.value(QStringLiteral("introduced")), b.value(QStringLiteral("resolved")));
    QCOMPARE(f.value(QStringLiteral("resolved")), b.value(QStringLiteral("introduced")));
    // Each changed field reads backwards: before and after swap.
    QHash<QString, QJsonArray> forwardFields;
    for (const QJsonValue &change : forward.value(QStringLiteral("changes")).toArray()) {
        const QJsonObject object = change.toObject();
        if (object.value(QStringLiteral("kind")).toString() == QLatin1String("changed"))
            forwardFields.insert(
                object.value(QStringLiteral("element")).toString() +
                    QString::fromUtf8(
                        QJsonDocument(object.value(QStringLiteral("before")).toObject()).toJson()),
                object.value(QStringLiteral("fields")).toArray());
    }
    int checked = 0;
    for (const QJsonValue &change : backward.value(QStringLiteral("changes")).toArray()) {
        const QJsonObject object = change.toObject();
        if (object.value(QStringLiteral("kind")).toString() != QLatin1String("changed"))
            continue;
        const QJsonArray fields = object.value(QStringLiteral("fields")).toArray();
        // What the forward diff saw before is what the backward one sees after.
        const QJsonArray mirror = forwardFields.value(
            object.value(QStringLiteral("element")).toString() +
            QString::fromUtf8(
                QJsonDocument(object.value(QStringLiteral("after")).toObject()).toJson()));
        QCOMPARE(mirror.size(), fields.size());
        for (int i = 0; i < fields.size(); ++i) {
            QCOMPARE(fields[i].toObject().value(QStringLiteral("before")),
                     mirror[i].toObject().value(QStringLiteral("after")));
            QCOMPARE(fields[i].toObject().value(QStringLiteral("after")),
                     mirror[i].toObject().value(QStringLiteral("before")));
        }
        ++checked;
    }
    QCOMPARE(checked, f.value(QStringLiteral("changed")).toInt());
}

void TestDiff::identicalRegistriesPrintNothing()
{
    const ProcessResult result =
        cliIn(dataDir,
              {QStringLiteral("diff"), QStringLiteral("base.yaml"), QStringLiteral("base.yaml")});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.isEmpty());
    QVERIFY(result.err.isEmpty());
}

void TestDiff::yamlAndItsDatabaseAreIdentical()
{
    const QString database = m_dir.filePath(QStringLiteral("base.portolan"));
    const ProcessResult convert =
        cliIn(dataDir, {QStringLiteral("convert"), QStringLiteral("base.yaml"), database});
    QVERIFY2(convert.exitCode == 0, convert.err.constData());
    const ProcessResult result =
        cliIn(dataDir, {QStringLiteral("diff"), QStringLiteral("base.yaml"), database});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.isEmpty());
    QCOMPARE(
        cliIn(dataDir, {QStringLiteral("diff"), database, QStringLiteral("changed.yaml")}).exitCode,
        1);
}

void TestDiff::malformedSideIsExitTwoAndNothingOnStdout_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("words");
    QTest::newRow("not YAML") << QByteArray("portolan: 1\npolicy: [\n") << "bad.yaml:";
    QTest::newRow("unknown key") << QByteArray("portolan: 1\npolicy: {domain: a.b, "
                                               "internal_subdomain: h, range: {start: 1, end: 2}, "
                                               "colour: red}\n")
                                 << "colour";
}

void TestDiff::malformedSideIsExitTwoAndNothingOnStdout()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, words);
    const QString bad = m_dir.filePath(QStringLiteral("bad.yaml"));
    QVERIFY(writeBytes(bad, content));
    for (const QStringList &sides : {QStringList{bad, dataDir + QStringLiteral("/base.yaml")},
                                     QStringList{dataDir + QStringLiteral("/base.yaml"), bad}}) {
        const ProcessResult result = cliIn(dataDir, QStringList{QStringLiteral("diff")} + sides);
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.out.isEmpty());
        QVERIFY2(result.errText().contains(words), result.err.constData());
    }
    const ProcessResult missing =
        cliIn(dataDir, {QStringLiteral("diff"), QStringLiteral("base.yaml"),
                        QStringLiteral("nowhere.yaml")});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY(missing.out.isEmpty());
}

void TestDiff::gitRevisionsDriverAndTextconv()
{
    const QString repo = m_dir.filePath(QStringLiteral("repo"));
    QVERIFY(QDir().mkpath(repo));
    auto git = [&](const QStringList &arguments) {
        return runProgram(
            QStringLiteral("git"),
            QStringList{QStringLiteral("-c"), QStringLiteral("user.name=Test"),
                        QStringLiteral("-c"), QStringLiteral("user.email=t@example.org")} +
                arguments,
            {}, 60000, [repo](QProcess &process) { process.setWorkingDirectory(repo); });
    };
    const QString file = repo + QStringLiteral("/homelab.portolan.yaml");
    QVERIFY(git({QStringLiteral("init"), QStringLiteral("-q")}).exitCode == 0);
    QVERIFY(writeBytes(file, fileBytes(dataDir + QStringLiteral("/base.yaml"))));
    QVERIFY(
        writeBytes(repo + QStringLiteral("/.gitattributes"), "*.portolan.yaml diff=portolan\n"));
    QVERIFY(git({QStringLiteral("add"), QStringLiteral(".")}).exitCode == 0);
    QVERIFY(
        git({QStringLiteral("commit"), QStringLiteral("-qm"), QStringLiteral("base")}).exitCode ==
        0);
    QVERIFY(writeBytes(file, fileBytes(dataDir + QStringLiteral("/changed.yaml"))));

    // REV:PATH against the working file: the same as the two files.
    const ProcessResult revision =
        cliIn(repo, {QStringLiteral("diff"), QStringLiteral("HEAD:homelab.portolan.yaml"),
                     QStringLiteral("homelab.portolan.yaml")});
    QCOMPARE(revision.exitCode, 1);
    QCOMPARE(revision.outText(),
             QString::fromUtf8(fileBytes(dataDir + QStringLiteral("/golden.text"))));
    const ProcessResult noRevision =
        cliIn(repo, {QStringLiteral("diff"), QStringLiteral("HEAD~5:homelab.portolan.yaml"),
                     QStringLiteral("homelab.portolan.yaml")});
    QCOMPARE(noRevision.exitCode, 2);
    QVERIFY(noRevision.out.isEmpty());

    // git diff with the driver: the semantic lines.
    QVERIFY(git({QStringLiteral("config"), QStringLiteral("diff.portolan.command"),
                 fromTestFolder(PORTOLAN_CLI) + QStringLiteral(" diff --git-driver")})
                .exitCode == 0);
    const ProcessResult driver = git({QStringLiteral("diff")});
    QVERIFY2(driver.exitCode == 0, driver.err.constData());
    QVERIFY2(driver.outText().startsWith(
                 QStringLiteral("portolan diff a/homelab.portolan.yaml b/homelab.portolan.yaml\n")),
             driver.out.constData());
    QVERIFY(driver.outText().contains(
        QStringLiteral("changed binding atlas/gitea 20023/tcp: host 20022 -> 20023")));

    // textconv: git's own line diff, of one line per element.
    QVERIFY(git({QStringLiteral("config"), QStringLiteral("--unset"),
                 QStringLiteral("diff.portolan.command")})
                .exitCode == 0);
    QVERIFY(git({QStringLiteral("config"), QStringLiteral("diff.portolan.textconv"),
                 fromTestFolder(PORTOLAN_CLI) + QStringLiteral(" diff --textconv")})
                .exitCode == 0);
    const ProcessResult textconv = git({QStringLiteral("diff")});
    QVERIFY2(textconv.exitCode == 0, textconv.err.constData());
    for (const QString &line :
         {QStringLiteral(
              "\n-binding atlas/gitea 20022/tcp -> 22 exception non-http \"git over ssh\"\n"),
          QStringLiteral(
              "\n+binding atlas/gitea 20023/tcp -> 22 exception non-http \"git over ssh\"\n"),
          QStringLiteral("\n-service atlas/vault category security")})
        QVERIFY2(textconv.outText().contains(line), textconv.out.constData());
}

QTEST_GUILESS_MAIN(TestDiff)
#include "tst_diff.moc"
