#include "formats/yaml/YamlWriter.h"
#include "store/RegistryIo.h"
#include "store/Store.h"
#include "support/TestSupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <thread>

#include <unistd.h>

using namespace portolan;
using portolan::testing::fromTestFolder;
using portolan::testing::ReadOnlyFolder;
using portolan::testing::readYamlOrDie;

namespace {

QByteArray checksum(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

} // namespace

class TestStore : public QObject
{
    Q_OBJECT

private slots:
    void convertIsLossless_data();
    void convertIsLossless();
    void bothReadPathsAgree_data();
    void bothReadPathsAgree();
    void loadReportsProgressAndCancels();
    void largeRegistryReadOnTwoConnections();
    void keysAreAssigned();
    void newerSchemaIsRefusedUntouched();
    void olderSchemaIsBackedUpAndMigrated();
    void notADatabase();
    void createRefusesExistingFile();
    void hostileSchemaIsRefused_data();
    void hostileSchemaIsRefused();
    void readerWaitsForACommit();
    void failedConvertLeavesTargetUnchanged();
    void staleUpdateIsAConflict();
    void staleRemoveIsAConflict();
    void undoneRemovalComesBackAsTheSameRow();
};

void TestStore::convertIsLossless_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("example") << fromTestFolder(PORTOLAN_EXAMPLE);
    const QDir dir(fromTestFolder(PORTOLAN_TEST_DATA "/roundtrip"));
    for (const QString &file : dir.entryList({QStringLiteral("*.yaml")}))
        QTest::newRow(qPrintable(file)) << dir.filePath(file);
    const QDir findings(fromTestFolder(PORTOLAN_TEST_DATA "/findings"));
    for (const QString &file : findings.entryList({QStringLiteral("*.yaml")}))
        QTest::newRow(qPrintable(file)) << findings.filePath(file);
}

// YAML -> .portolan -> YAML is byte-identical to YAML -> YAML.
void TestStore::convertIsLossless()
{
    QFETCH(QString, path);
    QTemporaryDir dir;
    const Registry original = readYamlOrDie(path);
    const QString database = dir.filePath(QStringLiteral("r.portolan"));
    Error error;
    QVERIFY2(RegistryIo::save(original, database, &error), qPrintable(error.toString()));
    Registry stored;
    Error loadError;
    QVERIFY2(RegistryIo::load(database, stored, loadError), qPrintable(loadError.toString()));
    QVERIFY(stored == original);
    QCOMPARE(YamlWriter::toYaml(stored), YamlWriter::toYaml(original));
}

namespace {

// Every row's key in order: Registry's == ignores keys, but the two read paths must agree on
// them too.
QList<RowKey> keysOf(const Registry &registry)
{
    QList<RowKey> keys{registry.policy.key};
    for (const Block &block : registry.policy.blocks)
        keys << block.key;
    for (const Device &device : registry.devices) {
        keys << device.key;
        for (const Service &service : device.services) {
            keys << service.key;
            for (const Binding &binding : service.ports)
                keys << binding.key;
        }
    }
    return keys;
}

} // namespace

void TestStore::bothReadPathsAgree_data()
{
    convertIsLossless_data();
}

// .portolan files are read through SQLite's C API, except inside a batch, where only Qt's
// connection sees the uncommitted rows: both paths must read the same registry and keys.
void TestStore::bothReadPathsAgree()
{
    QFETCH(QString, path);
    QTemporaryDir dir;
    const QString database = dir.filePath(QStringLiteral("r.portolan"));
    Error error;
    QVERIFY2(RegistryIo::save(readYamlOrDie(path), database, &error), qPrintable(error.toString()));
    auto store = Store::openFile(database, Store::OpenMode::ReadWrite, &error);
    QVERIFY2(store, qPrintable(error.toString()));
    Registry direct;
    QVERIFY2(store->load(direct), qPrintable(store->error().toString()));
    QVERIFY(store->begin());
    Registry throughQt;
    QVERIFY2(store->load(throughQt), qPrintable(store->error().toString()));
    store->rollback();
    QVERIFY(direct == throughQt);
    const QList<RowKey> directKeys = keysOf(direct);
    const QList<RowKey> qtKeys = keysOf(throughQt);
    QCOMPARE(directKeys.size(), qtKeys.size());
    for (int i = 0; i < directKeys.size(); ++i) {
        QCOMPARE(directKeys[i].id, qtKeys[i].id);
        QCOMPARE(directKeys[i].version, qtKeys[i].version);
    }
}

void TestStore::loadReportsProgressAndCancels()
{
    QTemporaryDir dir;
    const QString database = dir.filePath(QStringLiteral("p.portolan"));
    Registry registry = readYamlOrDie(fromTestFolder(PORTOLAN_EXAMPLE));
    // Enough rows for several progress reports (one per 512 rows).
    const Device model = registry.devices[0];
    for (int i = 0; i < 300; ++i) {
        Device copy = model;
        copy.name = QStringLiteral("copy%1").arg(i);
        registry.devices.append(copy);
    }
    Error error;
    QVERIFY2(RegistryIo::save(registry, database, &error), qPrintable(error.toString()));
    auto store = Store::openFile(database, Store::OpenMode::ReadOnly, &error);
    QVERIFY2(store, qPrintable(error.toString()));

    QList<qint64> reports;
    qint64 reportedTotal = 0;
    Registry loaded;
    QVERIFY(store->load(loaded, [&](qint64 done, qint64 total) {
        reports << done;
        reportedTotal = total;
        return true;
    }));
    QVERIFY(loaded == registry);
    QVERIFY(reports.size() >= 4);
    QVERIFY(std::is_sorted(reports.cbegin(), reports.cend()));
    qint64 rows = registry.devices.size() + registry.bindingCount();
    for (const Device &device : registry.devices)
        rows += device.services.size();
    QCOMPARE(reportedTotal, rows); // devices, services and bindings
    QVERIFY(!store->wasCanceled());

    Registry untouched;
    untouched.policy.domain = QStringLiteral("untouched");
    QVERIFY(!store->load(untouched, [](qint64 done, qint64) { return done < 1024; }));
    QVERIFY(store->wasCanceled());
    QVERIFY(store->error().toString().contains(QStringLiteral("canceled")));
    QCOMPARE(untouched.policy.domain, QStringLiteral("untouched"));
}

// Past 20,000 bindings a .portolan file's bindings are read on a second connection beside the
// rest: the same registry and keys as Qt's one connection reads, in a WAL file (read on one
// connection) too, and never a writer's uncommitted rows.
void TestStore::largeRegistryReadOnTwoConnections()
{
    QTemporaryDir dir;
    const QString database = dir.filePath(QStringLiteral("large.portolan"));
    Registry registry = readYamlOrDie(fromTestFolder(PORTOLAN_EXAMPLE));
    const Device model = registry.devices[0];
    for (int i = 0; registry.bindingCount() < 21000; ++i) {
        Device copy = model;
        copy.name = QStringLiteral("copy%1").arg(i);
        registry.devices.append(copy);
    }
    Error error;
    QVERIFY2(RegistryIo::save(registry, database, &error), qPrintable(error.toString()));
    auto store = Store::openFile(database, Store::OpenMode::ReadWrite, &error);
    QVERIFY2(store, qPrintable(error.toString()));
    Registry direct;
    QVERIFY2(store->load(direct), qPrintable(store->error().toString()));
    QVERIFY(direct == registry);
    QVERIFY(store->begin());
    Registry throughQt;
    QVERIFY2(store->load(throughQt), qPrintable(store->error().toString()));
    store->rollback();
    const QList<RowKey> directKeys = keysOf(direct);
    const QList<RowKey> qtKeys = keysOf(throughQt);
    QCOMPARE(directKeys.size(), qtKeys.size());
    for (int i = 0; i < directKeys.size(); ++i)
        QVERIFY(directKeys[i].id == qtKeys[i].id && directKeys[i].version == qtKeys[i].version);

    // A writer with a change not yet committed: neither connection sees it.
    QSqlQuery writer(store->database());
    QVERIFY(writer.exec(QStringLiteral("BEGIN IMMEDIATE")));
    QVERIFY(writer.exec(QStringLiteral("UPDATE bindings SET notes = 'uncommitted'")));
    Registry duringWrite;
    Error loadError;
    QVERIFY2(RegistryIo::load(database, duringWrite, loadError), qPrintable(loadError.toString()));
    QVERIFY(duringWrite == registry);
    QVERIFY(writer.exec(QStringLiteral("COMMIT")));
    Registry afterWrite;
    QVERIFY2(RegistryIo::load(database, afterWrite, loadError), qPrintable(loadError.toString()));
    QCOMPARE(afterWrite.devices.last().services[0].ports[0].notes, QStringLiteral("uncommitted"));
    QCOMPARE(afterWrite.bindingCount(), registry.bindingCount());

    // A WAL file: read on one connection, the same registry.
    QVERIFY(writer.exec(QStringLiteral("PRAGMA journal_mode = WAL")));
    writer.finish();
    writer = QSqlQuery();
    store.reset();
    Registry wal;
    QVERIFY2(RegistryIo::load(database, wal, loadError), qPrintable(loadError.toString()));
    QVERIFY(wal == afterWrite);
}

void TestStore::keysAreAssigned()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("k.portolan"));
    Error error;
    auto store = Store::openFile(path, Store::OpenMode::Create, &error);
    QVERIFY2(store, qPrintable(error.toString()));
    QCOMPARE(store->schemaVersion(), Store::CurrentSchemaVersion);
    Registry registry = readYamlOrDie(fromTestFolder(PORTOLAN_EXAMPLE));
    QVERIFY(store->replaceAll(registry));
    QSet<qint64> ids;
    for (const Device &device : registry.devices) {
        QVERIFY(device.key.id > 0);
        for (const Service &service : device.services) {
            QVERIFY(service.key.id > 0);
            for (const Binding &binding : service.ports) {
                QVERIFY(binding.key.id > 0);
                QCOMPARE(binding.key.version, 1);
                ids.insert(binding.key.id);
            }
        }
    }
    QCOMPARE(ids.size(), registry.bindingCount());
    Registry loaded;
    QVERIFY(store->load(loaded));
    QCOMPARE(loaded.devices[1].services[4].ports[0].key.id,
             registry.devices[1].services[4].ports[0].key.id);
}

void TestStore::newerSchemaIsRefusedUntouched()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("future.portolan"));
    Error error;
    QVERIFY(RegistryIo::save(readYamlOrDie(fromTestFolder(PORTOLAN_EXAMPLE)), path, &error));
    {
        auto store = Store::openFile(path, Store::OpenMode::ReadWrite, &error);
        QVERIFY(store);
        QSqlQuery query(store->database());
        QVERIFY(query.exec(
            QStringLiteral("UPDATE meta SET value = '99' WHERE key = 'schema_version'")));
    }
    const QByteArray before = checksum(path);
    auto store = Store::openFile(path, Store::OpenMode::ReadWrite, &error);
    QVERIFY(!store);
    QVERIFY2(error.toString().contains(QStringLiteral("newer Portolan (schema 99")),
             qPrintable(error.toString()));
    QVERIFY(error.toString().contains(QStringLiteral("nothing was changed")));
    QCOMPARE(checksum(path), before);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files),
             QStringList{QStringLiteral("future.portolan")});
}

void TestStore::olderSchemaIsBackedUpAndMigrated()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("old.portolan"));
    QVERIFY(QFile::copy(fromTestFolder(PORTOLAN_TEST_DATA "/store/schema1.portolan"), path));
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    const QByteArray original = checksum(path);

    // Read-only access does not migrate (and so cannot lose anything).
    Error error;
    QVERIFY(!Store::openFile(path, Store::OpenMode::ReadOnly, &error));
    QVERIFY2(error.toString().contains(QStringLiteral("needs migrating")),
             qPrintable(error.toString()));

    auto store = Store::openFile(path, Store::OpenMode::ReadWrite, &error);
    QVERIFY2(store, qPrintable(error.toString()));
    QCOMPARE(store->schemaVersion(), Store::CurrentSchemaVersion);
    const QString backup = path + QStringLiteral(".schema1.bak");
    QVERIFY(QFile::exists(backup));
    QCOMPARE(checksum(backup), original);

    Registry registry;
    QVERIFY(store->load(registry));
    QCOMPARE(YamlWriter::toYaml(registry), YamlWriter::toYaml(readYamlOrDie(fromTestFolder(
                                               PORTOLAN_TEST_DATA "/store/schema1.yaml"))));
    QCOMPARE(registry.devices[0].services[0].ports[0].key.version, 1);
}

void TestStore::notADatabase()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("text.portolan"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("portolan: 1\nthis is a YAML file with the wrong name\n");
    file.close();
    const QByteArray before = checksum(path);
    Error error;
    QVERIFY(!Store::openFile(path, Store::OpenMode::ReadWrite, &error));
    QVERIFY2(error.toString().contains(QStringLiteral("not a Portolan database")),
             qPrintable(error.toString()));
    QCOMPARE(checksum(path), before);

    // An SQLite database of something else.
    const QString other = dir.filePath(QStringLiteral("other.portolan"));
    {
        auto store = Store::openFile(other, Store::OpenMode::Create, &error);
        QVERIFY(store);
        QSqlQuery query(store->database());
        QVERIFY(query.exec(QStringLiteral("DROP TABLE meta")));
    }
    QVERIFY(!Store::openFile(other, Store::OpenMode::ReadWrite, &error));
    QVERIFY2(error.toString().contains(QStringLiteral("not a Portolan database")),
             qPrintable(error.toString()));
}

void TestStore::hostileSchemaIsRefused_data()
{
    QTest::addColumn<QStringList>("statements");
    QTest::addColumn<QString>("named");
    QTest::newRow("recursive view")
        << QStringList{QStringLiteral("DROP TABLE devices"),
                       QStringLiteral(
                           "CREATE VIEW devices(id, version, position, name, ip, description) AS "
                           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
                           "SELECT i, 1, i, 'd' || i, '10.0.0.1', zeroblob(100000) FROM n")}
        << QStringLiteral("view \"devices\"");
    QTest::newRow("trigger") << QStringList{QStringLiteral(
                                    "CREATE TRIGGER grow AFTER UPDATE ON bindings BEGIN "
                                    "INSERT INTO bindings SELECT * FROM bindings; END")}
                             << QStringLiteral("trigger \"grow\"");
    QTest::newRow("missing column")
        << QStringList{QStringLiteral(
                           "CREATE TABLE b2 AS SELECT id, service_id, position FROM bindings"),
                       QStringLiteral("DROP TABLE bindings"),
                       QStringLiteral("ALTER TABLE b2 RENAME TO bindings")}
        << QStringLiteral("no column \"host_first\"");
}

// A crafted file (a recursive view in place of a table hung `validate` and grew a temporary
// file by 30 MB/s) is refused before any of our statements runs on it, the same on every path.
void TestStore::hostileSchemaIsRefused()
{
    QFETCH(QStringList, statements);
    QFETCH(QString, named);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("hostile.portolan"));
    Error error;
    QVERIFY2(RegistryIo::save(readYamlOrDie(fromTestFolder(PORTOLAN_EXAMPLE)), path, &error),
             qPrintable(error.toString()));
    {
        auto store = Store::openFile(path, Store::OpenMode::ReadWrite, &error);
        QVERIFY2(store, qPrintable(error.toString()));
        for (const QString &statement : statements) {
            QSqlQuery query(store->database());
            QVERIFY2(query.exec(statement), qPrintable(statement));
        }
    }
    const QByteArray before = checksum(path);
    for (const auto mode : {Store::OpenMode::ReadOnly, Store::OpenMode::ReadWrite}) {
        QVERIFY(!Store::openFile(path, mode, &error));
        QVERIFY2(error.toString().contains(QStringLiteral("not a Portolan database")),
                 qPrintable(error.toString()));
        QVERIFY2(error.toString().contains(named), qPrintable(error.toString()));
    }
    Registry registry;
    Error loadError;
    QVERIFY(!RegistryIo::load(path, registry, loadError));
    QVERIFY2(loadError.toString().contains(named), qPrintable(loadError.toString()));
    QCOMPARE(checksum(path), before);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1);
}

// A reader that meets a writer's commit waits for it (busy timeout on every connection, the
// read-only one too) instead of failing with "database is locked".
void TestStore::readerWaitsForACommit()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("busy.portolan"));
    Error error;
    QVERIFY(RegistryIo::save(readYamlOrDie(fromTestFolder(PORTOLAN_EXAMPLE)), path, &error));
    auto writer = Store::openFile(path, Store::OpenMode::ReadWrite, &error);
    QVERIFY2(writer, qPrintable(error.toString()));
    QSqlQuery lock(writer->database());
    QVERIFY(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")));
    // The lock goes in 300 ms, from this thread's event loop while the read waits.
    QTimer::singleShot(300, [&] { writer->database().commit(); });
    QElapsedTimer clock;
    clock.start();
    Registry registry;
    Error loadError;
    bool loaded = false;
    std::thread reader([&] { loaded = RegistryIo::load(path, registry, loadError); });
    while (clock.elapsed() < 5000 && !loaded)
        QTest::qWait(20);
    reader.join();
    QVERIFY2(loaded, qPrintable(loadError.toString()));
    QVERIFY(clock.elapsed() >= 250);
    QCOMPARE(registry.devices.size(), 2);
}

void TestStore::createRefusesExistingFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("x.portolan"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    Error error;
    QVERIFY(!Store::openFile(path, Store::OpenMode::Create, &error));
    QVERIFY(QFile::exists(path));
}

void TestStore::failedConvertLeavesTargetUnchanged()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("t.portolan"));
    Error error;
    QVERIFY(RegistryIo::save(readYamlOrDie(fromTestFolder(PORTOLAN_EXAMPLE)), path, &error));
    const QByteArray before = checksum(path);
    // A folder that cannot be written, for root too: the temporary file cannot be made.
    Registry changed =
        readYamlOrDie(fromTestFolder(PORTOLAN_TEST_DATA "/findings/port-conflict.yaml"));
    bool written = true;
    {
        const ReadOnlyFolder readOnly(dir.path());
        QVERIFY(readOnly.isReadOnly());
        written = RegistryIo::save(changed, path, &error);
    }
    QVERIFY(!written);
    QVERIFY2(!error.toString().isEmpty(), "a refused write says why");
    QCOMPARE(checksum(path), before);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("t.portolan")});
}

void TestStore::staleUpdateIsAConflict()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("c.portolan"));
    Error error;
    QVERIFY(RegistryIo::save(readYamlOrDie(fromTestFolder(PORTOLAN_EXAMPLE)), path, &error));
    auto alice = Store::openFile(path, Store::OpenMode::ReadWrite, &error);
    auto bob = Store::openFile(path, Store::OpenMode::ReadWrite, &error);
    Registry aliceView, bobView;
    QVERIFY(alice->load(aliceView));
    QVERIFY(bob->load(bobView));

    const Service &gitea = aliceView.devices[0].services[2];
    Binding aliceEdit = gitea.ports[0];
    aliceEdit.host = PortRange::single(20023);
    QVERIFY(alice->updateBinding(gitea, gitea.ports[0], aliceEdit));
    QCOMPARE(aliceEdit.key.version, 2);

    Binding bobEdit = bobView.devices[0].services[2].ports[0];
    bobEdit.notes = QStringLiteral("bob was here");
    QVERIFY(!bob->updateBinding(bobView.devices[0].services[2],
                                bobView.devices[0].services[2].ports[0], bobEdit));
    QVERIFY(bob->lastErrorIsConflict());
    QVERIFY2(bob->error().toString().contains(QStringLiteral("changed by someone else")),
             qPrintable(bob->error().toString()));
    QVERIFY2(bob->error().toString().contains(QStringLiteral("host_first 20022 -> 20023")),
             qPrintable(bob->error().toString()));

    Registry after;
    QVERIFY(bob->load(after));
    QCOMPARE(after.devices[0].services[2].ports[0].host.first, 20023);
    QCOMPARE(after.devices[0].services[2].ports[0].notes, QStringLiteral("git over ssh"));
}

void TestStore::staleRemoveIsAConflict()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("r.portolan"));
    Error error;
    QVERIFY(RegistryIo::save(readYamlOrDie(fromTestFolder(PORTOLAN_EXAMPLE)), path, &error));
    auto alice = Store::openFile(path, Store::OpenMode::ReadWrite, &error);
    auto bob = Store::openFile(path, Store::OpenMode::ReadWrite, &error);
    Registry aliceView, bobView;
    QVERIFY(alice->load(aliceView));
    QVERIFY(bob->load(bobView));
    Device renamed = aliceView.devices[1];
    renamed.description = QStringLiteral("now the backup box");
    QVERIFY(alice->updateDevice(aliceView.devices[1], renamed));
    QVERIFY(!bob->removeDevice(bobView.devices[1], 1));
    QVERIFY(bob->lastErrorIsConflict());
    Registry after;
    QVERIFY(bob->load(after));
    QCOMPARE(after.devices.size(), 2);
    QCOMPARE(after.devices[1].description, QStringLiteral("now the backup box"));
}

void TestStore::undoneRemovalComesBackAsTheSameRow()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("u.portolan"));
    Error error;
    QVERIFY(RegistryIo::save(readYamlOrDie(fromTestFolder(PORTOLAN_EXAMPLE)), path, &error));
    auto store = Store::openFile(path, Store::OpenMode::ReadWrite, &error);
    Registry registry;
    QVERIFY(store->load(registry));
    Device atlas = registry.devices[0];
    QVERIFY(store->removeDevice(atlas, 0));
    Registry without;
    QVERIFY(store->load(without));
    QCOMPARE(without.devices.size(), 1);
    QVERIFY(store->insertDevice(0, atlas));
    Registry back;
    QVERIFY(store->load(back));
    QVERIFY(back == registry);
    QCOMPARE(back.devices[0].key.id, registry.devices[0].key.id);
    QCOMPARE(back.devices[0].services[1].ports[1].key.id,
             registry.devices[0].services[1].ports[1].key.id);
}

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
