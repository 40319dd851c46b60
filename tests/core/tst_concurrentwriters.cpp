#include "formats/yaml/YamlComments.h"
#include "io/FileLock.h"
#include "store/RegistryIo.h"
#include "support/TestSupport.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace portolan;
using namespace portolan::testing;

// Writers of one registry at the same time never lose each other's work (six parallel imports
// used to leave two to five of their services), and a rewrite never drops comments silently.
class TestConcurrentWriters : public QObject
{
    Q_OBJECT

private slots:
    void parallelImportsAllSurvive_data();
    void parallelImportsAllSurvive();
    void lockWaitIsBounded();
    void badInputIsNotHeldUpByTheLock();
    void commentsAreNotDroppedSilently();
    void noOpImportWritesNothing_data();
    void noOpImportWritesNothing();
    void findsComments_data();
    void findsComments();

private:
    QString composeFor(int n);
    QTemporaryDir m_dir;
};

QString TestConcurrentWriters::composeFor(int n)
{
    const QString path = m_dir.filePath(QStringLiteral("compose-%1.yml").arg(n));
    writeBytes(path, QStringLiteral("services:\n  worker%1:\n    image: busybox\n    ports:\n"
                                    "      - \"%2:80\"\n")
                         .arg(n)
                         .arg(24200 + n)
                         .toUtf8());
    return path;
}

void TestConcurrentWriters::parallelImportsAllSurvive_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("yaml") << QStringLiteral("parallel.yaml");
    QTest::newRow("portolan") << QStringLiteral("parallel.portolan");
}

void TestConcurrentWriters::parallelImportsAllSurvive()
{
    QFETCH(QString, name);
    const QString target = m_dir.filePath(name);
    QVERIFY(copyExample(target));
    constexpr int Writers = 8;
    QVector<QProcess *> processes;
    for (int n = 0; n < Writers; ++n) {
        auto *process = new QProcess(this);
        process->start(fromTestFolder(PORTOLAN_CLI),
                       {QStringLiteral("import"), QStringLiteral("compose"), composeFor(n),
                        QStringLiteral("--device"), QStringLiteral("helios"),
                        QStringLiteral("--category"), QStringLiteral("orchestration"),
                        QStringLiteral("--into"), target});
        processes << process;
    }
    for (QProcess *process : processes) {
        QVERIFY(process->waitForFinished(60000));
        // 1: the imported bindings name no exception, which validation reports.
        QVERIFY2(process->exitCode() == 1, process->readAllStandardError().constData());
        delete process;
    }
    Registry registry;
    Error error;
    QVERIFY2(RegistryIo::load(target, registry, error), qPrintable(error.toString()));
    const Device &helios = registry.devices[registry.findDevice(QStringLiteral("helios"))];
    for (int n = 0; n < Writers; ++n)
        QVERIFY2(helios.findService(QStringLiteral("worker%1").arg(n)) >= 0, qPrintable(name));
    QCOMPARE(helios.services.size(), 5 + Writers);
    // Nothing is left beside it (lock files, temporary files).
    QCOMPARE(QDir(m_dir.path()).entryList({name + QStringLiteral("*")}, QDir::Files | QDir::Hidden),
             QStringList{name});
}

void TestConcurrentWriters::lockWaitIsBounded()
{
    const QString target = m_dir.filePath(QStringLiteral("locked.yaml"));
    QVERIFY(copyExample(target));
    FileLock held(target);
    QVERIFY(held.acquire());
    const QByteArray before = fileBytes(target);
    const ProcessResult result = runProgram(
        fromTestFolder(PORTOLAN_CLI),
        {QStringLiteral("import"), QStringLiteral("compose"), composeFor(99),
         QStringLiteral("--device"), QStringLiteral("helios"), QStringLiteral("--category"),
         QStringLiteral("orchestration"), QStringLiteral("--into"), target},
        {}, 30000, [](QProcess &process) {
            QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
            environment.insert(QStringLiteral("PORTOLAN_LOCK_TIMEOUT_MS"), QStringLiteral("300"));
            process.setProcessEnvironment(environment);
        });
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.errText().contains(QLatin1String("another program is writing it")),
             result.err.constData());
    QCOMPARE(fileBytes(target), before);
}

// The input is read while the target's lock is waited for: a bad input is reported at once,
// not after the other writer lets go (found by a reviewer: ten seconds for a typo).
void TestConcurrentWriters::badInputIsNotHeldUpByTheLock()
{
    const QString target = m_dir.filePath(QStringLiteral("held.yaml"));
    QVERIFY(copyExample(target));
    FileLock held(target);
    QVERIFY(held.acquire());
    const QString document = m_dir.filePath(QStringLiteral("template.md"));
    QVERIFY(writeBytes(document, "### nas (10.0.0.9)\n\n| Service | Port |\n|---|---|\n"
                                 "| web | {PORT} |\n"));
    const QByteArray before = fileBytes(target);
    // Were the lock waited for, the import would outlive runProgram's 30 s.
    const ProcessResult result =
        runProgram(fromTestFolder(PORTOLAN_CLI),
                   {QStringLiteral("import"), QStringLiteral("markdown"), document,
                    QStringLiteral("--category"), QStringLiteral("management"),
                    QStringLiteral("--into"), target},
                   {}, 30000, [](QProcess &process) {
                       QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
                       environment.insert(QStringLiteral("PORTOLAN_LOCK_TIMEOUT_MS"),
                                          QStringLiteral("600000"));
                       process.setProcessEnvironment(environment);
                   });
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.errText().contains(QLatin1String("placeholder")), result.err.constData());
    QVERIFY(!result.errText().contains(QLatin1String("another program")));
    QCOMPARE(fileBytes(target), before);
}

void TestConcurrentWriters::commentsAreNotDroppedSilently()
{
    const QString target = m_dir.filePath(QStringLiteral("commented.yaml"));
    QByteArray text = fileBytes(fromTestFolder(PORTOLAN_EXAMPLE));
    text.replace("devices:\n", "devices:\n  # the docker host\n");
    QVERIFY(writeBytes(target, text));
    const QStringList import = {
        QStringLiteral("import"),        QStringLiteral("compose"), composeFor(7),
        QStringLiteral("--device"),      QStringLiteral("helios"),  QStringLiteral("--category"),
        QStringLiteral("orchestration"), QStringLiteral("--into"),  target};
    const ProcessResult refused = runProgram(fromTestFolder(PORTOLAN_CLI), import);
    QCOMPARE(refused.exitCode, 2);
    const int line = int(text.left(text.indexOf("# the docker host")).count('\n')) + 1;
    QVERIFY2(refused.errText().startsWith(QStringLiteral("%1:%2:3: ").arg(target).arg(line)),
             refused.err.constData());
    QVERIFY(refused.errText().contains(QLatin1String("--drop-comments")));
    QCOMPARE(fileBytes(target), text);
    // A dry run reads and says what would change; with --drop-comments it is written.
    const ProcessResult dry =
        runProgram(fromTestFolder(PORTOLAN_CLI), import + QStringList{QStringLiteral("--dry-run")});
    QCOMPARE(dry.exitCode, 1);
    QCOMPARE(fileBytes(target), text);
    const ProcessResult written = runProgram(
        fromTestFolder(PORTOLAN_CLI), import + QStringList{QStringLiteral("--drop-comments")});
    QCOMPARE(written.exitCode, 1);
    QVERIFY(!fileBytes(target).contains("# the docker host"));
}

void TestConcurrentWriters::noOpImportWritesNothing_data()
{
    parallelImportsAllSurvive_data();
}

void TestConcurrentWriters::noOpImportWritesNothing()
{
    QFETCH(QString, name);
    const QString target = m_dir.filePath(QStringLiteral("noop-") + name);
    QVERIFY(copyExample(target));
    const QStringList import = {
        QStringLiteral("import"),        QStringLiteral("compose"), composeFor(5),
        QStringLiteral("--device"),      QStringLiteral("helios"),  QStringLiteral("--category"),
        QStringLiteral("orchestration"), QStringLiteral("--into"),  target};
    QCOMPARE(runProgram(fromTestFolder(PORTOLAN_CLI), import).exitCode, 1);
    const QByteArray once = fileBytes(target);
    const QDateTime modified = QFileInfo(target).lastModified();
    QTest::qWait(20);
    const ProcessResult again = runProgram(fromTestFolder(PORTOLAN_CLI), import);
    QCOMPARE(again.exitCode, 1);
    QVERIFY2(again.errText().contains(QLatin1String("nothing to change")), again.err.constData());
    QCOMPARE(fileBytes(target), once);
    QCOMPARE(QFileInfo(target).lastModified(), modified);
}

void TestConcurrentWriters::findsComments_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::newRow("none") << QByteArray("a: 1\nb: [x, y]\n") << 0 << 0;
    QTest::newRow("own line") << QByteArray("a: 1\n# note\nb: 2\n") << 2 << 1;
    QTest::newRow("trailing") << QByteArray("a: 1  # note\n") << 1 << 7;
    QTest::newRow("in double quotes") << QByteArray("a: \"x # y\"\n") << 0 << 0;
    QTest::newRow("in single quotes") << QByteArray("a: 'x # y'\n") << 0 << 0;
    QTest::newRow("plain with hash") << QByteArray("a: x#y\n") << 0 << 0;
    QTest::newRow("block scalar") << QByteArray("a: |\n  # not a comment\nb: 1\n") << 0 << 0;
    QTest::newRow("after a quoted one") << QByteArray("a: \"#\" # yes\n") << 1 << 8;
    QTest::newRow("flow") << QByteArray("a: {x: 1, y: 2} # z\n") << 1 << 17;
    QTest::newRow("unicode before") << QByteArray("a: \"é\" # z\n") << 1 << 8;
}

void TestConcurrentWriters::findsComments()
{
    QFETCH(QByteArray, yaml);
    QFETCH(int, line);
    QFETCH(int, column);
    const auto found = YamlComments::first(yaml);
    QCOMPARE(found.has_value(), line > 0);
    if (found) {
        QCOMPARE(found->line, line);
        QCOMPARE(found->column, column);
    }
}

QTEST_GUILESS_MAIN(TestConcurrentWriters)
#include "tst_concurrentwriters.moc"
