#include "formats/yaml/YamlWriter.h"
#include "store/RegistryIo.h"
#include "store/Store.h"
#include "support/TestSupport.h"

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace portolan;
using portolan::testing::fromTestFolder;

namespace {

// A registry big enough that one write takes a while, so kills land mid-write.
Registry scaledExample(int copies, const QString &note)
{
    Registry example;
    Error error;
    RegistryIo::load(fromTestFolder(PORTOLAN_EXAMPLE), example, error);
    Registry scaled = example;
    scaled.devices.clear();
    for (int c = 0; c < copies; ++c) {
        for (Device device : example.devices) {
            device.name += QStringLiteral("-%1").arg(c);
            device.description = note;
            scaled.devices.append(device);
        }
    }
    return scaled;
}

QByteArray hashOf(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256);
}

QByteArray fileHash(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? hashOf(file.readAll()) : QByteArray();
}

QString integrityCheck(const QString &path)
{
    Error error;
    auto store = Store::openFile(path, Store::OpenMode::ReadOnly, &error);
    if (!store)
        return error.toString();
    QSqlQuery query(store->database());
    if (!query.exec(QStringLiteral("PRAGMA integrity_check")) || !query.next())
        return QStringLiteral("integrity_check did not run");
    return query.value(0).toString();
}

} // namespace

// Kills a writing process with SIGKILL at random moments and checks what it leaves.
class TestCrashSafety : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void killedYamlSave();
    void killedConvert();
    void killedEdits();

private:
    // Starts the writer, lets it work for a random moment, kills it.
    void runAndKill(const QStringList &arguments, int maxMilliseconds);

    QTemporaryDir m_dir;
    QString m_a;
    QString m_b;
    Registry m_registryA;
    Registry m_registryB;
    QRandomGenerator m_random{20261129};
    static constexpr int Rounds = 25;
};

void TestCrashSafety::initTestCase()
{
    m_registryA = scaledExample(40, QStringLiteral("state A"));
    m_registryB = scaledExample(40, QStringLiteral("state B"));
    m_a = m_dir.filePath(QStringLiteral("a.yaml"));
    m_b = m_dir.filePath(QStringLiteral("b.yaml"));
    Error error;
    QVERIFY(RegistryIo::save(m_registryA, m_a, &error));
    QVERIFY(RegistryIo::save(m_registryB, m_b, &error));
}

void TestCrashSafety::runAndKill(const QStringList &arguments, int maxMilliseconds)
{
    QProcess writer;
    writer.start(fromTestFolder(CRASH_WRITER), arguments);
    QVERIFY(writer.waitForStarted());
    QVERIFY2(writer.waitForReadyRead(20000), qPrintable(writer.readAllStandardError()));
    QTest::qSleep(int(m_random.bounded(maxMilliseconds)));
    QCOMPARE(writer.state(), QProcess::Running);
    writer.kill(); // SIGKILL: no cleanup, no flush
    QVERIFY(writer.waitForFinished());
    QCOMPARE(writer.exitStatus(), QProcess::CrashExit);
}

void TestCrashSafety::killedYamlSave()
{
    const QString target = m_dir.filePath(QStringLiteral("target.yaml"));
    QVERIFY(QFile::copy(m_a, target));
    const QByteArray a = hashOf(YamlWriter::toYaml(m_registryA));
    const QByteArray b = hashOf(YamlWriter::toYaml(m_registryB));
    for (int round = 0; round < Rounds; ++round) {
        runAndKill({QStringLiteral("yaml"), target, m_a, m_b}, 150);
        const QByteArray now = fileHash(target);
        QVERIFY2(now == a || now == b,
                 qPrintable(QStringLiteral("round %1: torn YAML").arg(round)));
    }
}

void TestCrashSafety::killedConvert()
{
    const QString target = m_dir.filePath(QStringLiteral("target.portolan"));
    Error error;
    QVERIFY(RegistryIo::save(m_registryA, target, &error));
    for (int round = 0; round < Rounds; ++round) {
        runAndKill({QStringLiteral("convert"), target, m_a, m_b}, 300);
        QCOMPARE(integrityCheck(target), QStringLiteral("ok"));
        Registry loaded;
        Error loadError;
        QVERIFY2(RegistryIo::load(target, loaded, loadError), qPrintable(loadError.toString()));
        QVERIFY2(loaded == m_registryA || loaded == m_registryB,
                 qPrintable(QStringLiteral("round %1: neither old nor new").arg(round)));
    }
}

void TestCrashSafety::killedEdits()
{
    const QString target = m_dir.filePath(QStringLiteral("edited.portolan"));
    Error error;
    QVERIFY(RegistryIo::save(m_registryA, target, &error));
    const int baseline = m_registryA.bindingCount();
    for (int round = 0; round < Rounds; ++round) {
        runAndKill({QStringLiteral("edit"), target}, 200);
        QCOMPARE(integrityCheck(target), QStringLiteral("ok"));
        Registry loaded;
        Error loadError;
        QVERIFY2(RegistryIo::load(target, loaded, loadError), qPrintable(loadError.toString()));
        // Each step adds or removes one binding in its own transaction: never half of one.
        const int count = loaded.bindingCount();
        QVERIFY2(count == baseline || count == baseline + 1,
                 qPrintable(QStringLiteral("round %1: %2 bindings").arg(round).arg(count)));
        if (count == baseline + 1) {
            // Put the file back to the baseline for the next round.
            QVERIFY(RegistryIo::save(m_registryA, target, &error));
        }
    }
}

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crashsafety.moc"
