// Reading a .portolan file on two connections at once, and ids anywhere in the 64-bit range.
#include "store/RegistryIo.h"
#include "store/RegistryRowReader.h"
#include "store/SqliteRowCursor.h"
#include "store/Store.h"
#include "support/TestSupport.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

using namespace portolan;
using portolan::testing::fromTestFolder;
using portolan::testing::readYamlOrDie;

namespace {

// A connection slowed down, each of its rows held back 60 µs, which counts the rows it reads.
class SlowRows final : public RowCursor
{
public:
    explicit SlowRows(std::unique_ptr<RowCursor> rows, std::atomic<int> *stepped = nullptr)
        : m_rows(std::move(rows))
        , m_stepped(stepped)
    {}
    bool exec(const QString &sql) override { return m_rows->exec(sql); }
    bool next() override
    {
        std::this_thread::sleep_for(std::chrono::microseconds(60));
        if (m_stepped)
            ++*m_stepped;
        return m_rows->next();
    }
    bool isNull(int column) override { return m_rows->isNull(column); }
    qint64 integer(int column) override { return m_rows->integer(column); }
    QString text(int column) override { return m_rows->text(column); }
    QString errorText() const override { return m_rows->errorText(); }

private:
    std::unique_ptr<RowCursor> m_rows;
    std::atomic<int> *m_stepped;
};

// The example with one more device of `services` services, `bindings` bindings each, saved
// to `path`: enough bindings for the read to take a second connection.
Registry savedWithManyServices(const QString &path, int services, int bindings)
{
    Registry registry = readYamlOrDie(fromTestFolder(PORTOLAN_EXAMPLE));
    Device device = registry.devices[0];
    device.name = QStringLiteral("many");
    device.services.resize(services);
    for (int s = 0; s < device.services.size(); ++s) {
        Service &service = device.services[s];
        service.name = QStringLiteral("svc%1").arg(s);
        service.route.reset();
        const Binding model = registry.devices[0].services[0].ports.value(0);
        service.ports.clear();
        for (int b = 0; b < bindings; ++b) {
            Binding binding = model;
            binding.host = PortRange::single(1 + (s * bindings + b) % 65535);
            binding.notes = QStringLiteral("s%1 b%2").arg(s).arg(b);
            service.ports.append(binding);
        }
    }
    registry.devices.append(device);
    Error error;
    if (!RegistryIo::save(registry, path, &error))
        qFatal("%s", qPrintable(error.toString()));
    return registry;
}

} // namespace

class TestStoreRead : public QObject
{
    Q_OBJECT

private slots:
    void bindingsReadOnTwoConnections();
    void serviceIdsAtTheEndsOfTheRange();
    void oddServiceIdsAreReadAsOneReadReadsThem();
    void smallRangesStillAskProgressAndStopBoth();
};

// The two connections share the bindings, each taking the next range of service ids nobody took:
// a few services of many bindings each (so that one range holds thousands of rows, whichever
// connection is faster), one of them listed against id order.
void TestStoreRead::bindingsReadOnTwoConnections()
{
    QTemporaryDir dir;
    const QString database = dir.filePath(QStringLiteral("shared.portolan"));
    Registry registry = readYamlOrDie(fromTestFolder(PORTOLAN_EXAMPLE));
    Device device = registry.devices[0];
    device.name = QStringLiteral("many");
    device.services.resize(4);
    for (int s = 0; s < device.services.size(); ++s) {
        Service &service = device.services[s];
        service.name = QStringLiteral("svc%1").arg(s);
        const Binding model = service.ports.value(0);
        service.ports.clear();
        for (int b = 0; b < 6000; ++b) {
            Binding binding = model;
            binding.host = PortRange::single(1 + (s * 6000 + b) % 65535);
            binding.notes = QStringLiteral("s%1 b%2").arg(s).arg(b);
            service.ports.append(binding);
        }
    }
    registry.devices.append(device);
    Error error;
    QVERIFY2(RegistryIo::save(registry, database, &error), qPrintable(error.toString()));
    auto store = Store::openFile(database, Store::OpenMode::ReadWrite, &error);
    QVERIFY2(store, qPrintable(error.toString()));
    {
        // The third service's bindings listed last to first: positions against id order.
        QSqlQuery reorder(store->database());
        QVERIFY(reorder.exec(QStringLiteral(
            "UPDATE bindings SET position = -position WHERE service_id = (SELECT s.id FROM "
            "services s JOIN devices d ON s.device_id = d.id WHERE d.name = 'many' AND s.name "
            "= 'svc2')")));
        QCOMPARE(reorder.numRowsAffected(), 6000);
    }
    std::reverse(registry.devices.last().services[2].ports.begin(),
                 registry.devices.last().services[2].ports.end());

    for (int run = 0; run < 5; ++run) {
        Registry direct;
        QVERIFY2(store->load(direct), qPrintable(store->error().toString()));
        QVERIFY(direct.bindingCount() == registry.bindingCount());
        const Device &read = direct.devices.last();
        for (int s = 0; s < read.services.size(); ++s) {
            QCOMPARE(read.services[s].ports.size(), 6000);
            const QString first =
                s == 2 ? QStringLiteral("s2 b5999") : QStringLiteral("s%1 b0").arg(s);
            QCOMPARE(read.services[s].ports.first().notes, first);
        }
        QVERIFY(direct == registry);
    }
    // The progress a load dialog shows only goes forward, to the whole, even while this
    // connection waits for a slower one beside it (each of its rows held back here).
    std::unique_ptr<RowCursor> first = SqliteRowCursor::open(database, &error);
    QVERIFY2(first, qPrintable(error.toString()));
    QList<qint64> shown;
    qint64 whole = 0;
    Registry withProgress;
    bool canceled = false;
    Error readError;
    QVERIFY2(RegistryRowReader::read(
                 *first, withProgress,
                 [&](qint64 done, qint64 total) {
                     shown << done;
                     whole = total;
                     return true;
                 },
                 &canceled, &readError,
                 [&]() -> std::unique_ptr<RowCursor> {
                     return std::make_unique<SlowRows>(
                         SqliteRowCursor::open(database, nullptr, false));
                 }),
             qPrintable(readError.toString()));
    QVERIFY(shown.size() > 10);
    QVERIFY(std::is_sorted(shown.cbegin(), shown.cend()));
    QCOMPARE(shown.last(), whole);
    QVERIFY(withProgress == registry);

    // A connection beside that fails part way (a lock, a read error) leaves the ranges it took
    // to this one: the registry is whole all the same.
    class FailingRows final : public RowCursor
    {
    public:
        explicit FailingRows(std::unique_ptr<RowCursor> rows)
            : m_rows(std::move(rows))
        {}
        bool exec(const QString &sql) override { return m_rows->exec(sql); }
        bool next() override { return ++m_steps < 2500 && m_rows->next(); }
        bool isNull(int column) override { return m_rows->isNull(column); }
        qint64 integer(int column) override { return m_rows->integer(column); }
        QString text(int column) override { return m_rows->text(column); }
        QString errorText() const override
        {
            return m_steps >= 2500 ? QStringLiteral("disk I/O error") : m_rows->errorText();
        }

    private:
        std::unique_ptr<RowCursor> m_rows;
        int m_steps = 0;
    };
    int failingOpened = 0;
    Registry afterFailure;
    std::unique_ptr<RowCursor> again = SqliteRowCursor::open(database, &error);
    QVERIFY2(again, qPrintable(error.toString()));
    QVERIFY2(RegistryRowReader::read(*again, afterFailure, {}, &canceled, &readError,
                                     [&]() -> std::unique_ptr<RowCursor> {
                                         ++failingOpened;
                                         return std::make_unique<FailingRows>(
                                             SqliteRowCursor::open(database, nullptr, false));
                                     }),
             qPrintable(readError.toString()));
    QCOMPARE(failingOpened, 1);
    QVERIFY(afterFailure == registry);

    QVERIFY(store->begin());
    Registry throughQt;
    QVERIFY2(store->load(throughQt), qPrintable(store->error().toString()));
    store->rollback();
    QVERIFY(throughQt == registry);

    // Service ids at both ends of the 64-bit range: the ranges the two connections take span
    // them without overflowing, and every binding is read once.
    first.reset(); // their read transactions would keep the writes below waiting
    again.reset();
    {
        QSqlQuery query(store->database());
        QVERIFY(query.exec(QStringLiteral("PRAGMA foreign_keys = OFF")));
        const QStringList ends = {QStringLiteral("-9223372036854775808"),
                                  QStringLiteral("9223372036854775807")};
        const QStringList names = {QStringLiteral("svc0"), QStringLiteral("svc3")};
        for (int end = 0; end < 2; ++end) {
            QVERIFY(query.exec(QStringLiteral("SELECT s.id FROM services s JOIN devices d ON "
                                              "s.device_id = d.id WHERE d.name = 'many' AND "
                                              "s.name = '%1'")
                                   .arg(names[end])));
            QVERIFY(query.next());
            const qint64 old = query.value(0).toLongLong();
            QVERIFY2(query.exec(
                         QStringLiteral("UPDATE bindings SET service_id = %1 WHERE service_id = %2")
                             .arg(ends[end])
                             .arg(old)),
                     qPrintable(query.lastError().text()));
            QCOMPARE(query.numRowsAffected(), 6000);
            QVERIFY(query.exec(QStringLiteral("UPDATE services SET id = %1 WHERE id = %2")
                                   .arg(ends[end])
                                   .arg(old)));
        }
    }
    Registry atTheEnds;
    QVERIFY2(store->load(atTheEnds), qPrintable(store->error().toString()));
    QVERIFY(atTheEnds == registry);
}

// A file may hold any ids, even at both ends of the 64-bit range: found by id all the same,
// without a table as wide as the span between them.
void TestStoreRead::serviceIdsAtTheEndsOfTheRange()
{
    QTemporaryDir dir;
    const QString database = dir.filePath(QStringLiteral("ends.portolan"));
    const Registry registry = readYamlOrDie(fromTestFolder(PORTOLAN_EXAMPLE));
    Error error;
    QVERIFY2(RegistryIo::save(registry, database, &error), qPrintable(error.toString()));
    {
        auto store = Store::openFile(database, Store::OpenMode::ReadWrite, &error);
        QVERIFY2(store, qPrintable(error.toString()));
        QSqlQuery query(store->database());
        QVERIFY(query.exec(QStringLiteral("PRAGMA foreign_keys = OFF")));
        for (const QString &end : {QStringLiteral("MIN"), QStringLiteral("MAX")}) {
            const QString id = end == QLatin1String("MIN") ? QStringLiteral("-9223372036854775807")
                                                           : QStringLiteral("9223372036854775807");
            QVERIFY(query.exec(QStringLiteral("SELECT %1(id) FROM services").arg(end)));
            QVERIFY(query.next());
            const qint64 old = query.value(0).toLongLong();
            QVERIFY(query.exec(
                QStringLiteral("UPDATE bindings SET service_id = %1 WHERE service_id = %2")
                    .arg(id)
                    .arg(old)));
            QVERIFY(query.exec(
                QStringLiteral("UPDATE services SET id = %1 WHERE id = %2").arg(id).arg(old)));
        }
    }
    Registry loaded;
    Error loadError;
    QVERIFY2(RegistryIo::load(database, loaded, loadError), qPrintable(loadError.toString()));
    QCOMPARE(loaded.bindingCount(), registry.bindingCount());
    for (int d = 0; d < registry.devices.size(); ++d) {
        for (int s = 0; s < registry.devices[d].services.size(); ++s)
            QCOMPARE(loaded.devices[d].services[s].ports.size(),
                     registry.devices[d].services[s].ports.size());
    }
}

// A hand-edited file may hold a service id SQLite keeps as text or as a real: the ranges of
// the two connections still cover it, and the registry is what one read of the whole table on
// one connection makes of it.
void TestStoreRead::oddServiceIdsAreReadAsOneReadReadsThem()
{
    QTemporaryDir dir;
    const QString database = dir.filePath(QStringLiteral("odd.portolan"));
    savedWithManyServices(database, 300, 100);
    Error error;
    auto store = Store::openFile(database, Store::OpenMode::ReadWrite, &error);
    QVERIFY2(store, qPrintable(error.toString()));
    {
        QSqlQuery query(store->database());
        QVERIFY(query.exec(QStringLiteral("PRAGMA foreign_keys = OFF")));
        QVERIFY(
            query.exec(QStringLiteral("SELECT min(service_id), max(service_id) FROM bindings")));
        QVERIFY(query.next());
        const qint64 low = query.value(0).toLongLong();
        const qint64 high = query.value(1).toLongLong();
        // As text, sorting above every number; as reals between two ranges' ids.
        QVERIFY(query.exec(QStringLiteral("UPDATE bindings SET service_id = '%1x' WHERE id = "
                                          "(SELECT min(id) FROM bindings WHERE service_id = %1)")
                               .arg(low + 3)));
        QVERIFY(query.exec(QStringLiteral("UPDATE bindings SET service_id = service_id + 0.5 "
                                          "WHERE service_id BETWEEN %1 AND %2")
                               .arg(low + (high - low) / 2)
                               .arg(low + (high - low) / 2 + 4)));
        QCOMPARE(query.numRowsAffected(), 500);
    }
    store.reset();
    bool canceled = false;
    Error readError;
    std::unique_ptr<RowCursor> alone = SqliteRowCursor::open(database, &error);
    QVERIFY2(alone, qPrintable(error.toString()));
    Registry inOneRead;
    QVERIFY2(RegistryRowReader::read(*alone, inOneRead, {}, &canceled, &readError),
             qPrintable(readError.toString()));

    int opened = 0;
    std::unique_ptr<RowCursor> first = SqliteRowCursor::open(database, &error);
    QVERIFY2(first, qPrintable(error.toString()));
    Registry onTwo;
    QVERIFY2(RegistryRowReader::read(*first, onTwo, {}, &canceled, &readError,
                                     [&]() -> std::unique_ptr<RowCursor> {
                                         ++opened;
                                         return SqliteRowCursor::open(database, nullptr, false);
                                     }),
             qPrintable(readError.toString()));
    QCOMPARE(opened, 1);
    QCOMPARE(onTwo.bindingCount(), inOneRead.bindingCount());
    QVERIFY(onTwo == inOneRead);
}

// Ranges of fewer than 512 rows each: the load still reports its progress through the
// bindings, and a cancel stops the connection beside as well, without it reading the rest.
void TestStoreRead::smallRangesStillAskProgressAndStopBoth()
{
    QTemporaryDir dir;
    const QString database = dir.filePath(QStringLiteral("small.portolan"));
    const Registry registry = savedWithManyServices(database, 420, 51);
    const qint64 bindings = registry.bindingCount();
    Error error;

    std::unique_ptr<RowCursor> first = SqliteRowCursor::open(database, &error);
    QVERIFY2(first, qPrintable(error.toString()));
    QList<qint64> shown;
    Registry read;
    bool canceled = false;
    Error readError;
    QVERIFY2(RegistryRowReader::read(
                 *first, read,
                 [&](qint64 done, qint64) {
                     shown << done;
                     return true;
                 },
                 &canceled, &readError,
                 [&]() { return SqliteRowCursor::open(database, nullptr, false); }),
             qPrintable(readError.toString()));
    QVERIFY(read == registry);
    // A call every 512 rows read here; the connection beside reads about half of them.
    QVERIFY2(shown.size() >= bindings / 512 / 3, qPrintable(QString::number(shown.size())));

    std::atomic<int> steppedBeside{0};
    std::unique_ptr<RowCursor> again = SqliteRowCursor::open(database, &error);
    QVERIFY2(again, qPrintable(error.toString()));
    Registry partly;
    QVERIFY(!RegistryRowReader::read(
        *again, partly, [](qint64, qint64) { return false; }, &canceled, &readError,
        [&]() -> std::unique_ptr<RowCursor> {
            return std::make_unique<SlowRows>(SqliteRowCursor::open(database, nullptr, false),
                                              &steppedBeside);
        }));
    QVERIFY(canceled);
    QVERIFY2(readError.toString().contains(QLatin1String("canceled")),
             qPrintable(readError.toString()));
    // Canceled at this connection's first 512 bindings: the slowed one beside stops within the
    // range it is reading (1 to 3 services' bindings), far from all 21,420.
    QVERIFY2(steppedBeside.load() < bindings / 4,
             qPrintable(QString::number(steppedBeside.load())));
}

QTEST_GUILESS_MAIN(TestStoreRead)
#include "tst_storeread.moc"
