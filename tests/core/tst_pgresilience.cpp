// A routine server restart, a crash, a server that stays away: commands against a real
// PostgreSQL server (tests/pg/with-postgres) retry, lose nothing and write nothing twice.
#include "store/ConnectionRetry.h"
#include "support/PostgresFixture.h"
#include "support/TestSupport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>
#include <QUrl>

using namespace portolan;
using portolan::testing::fromTestFolder;

class TestPgResilience : public QObject, public testing::PostgresFixture
{
    Q_OBJECT

private slots:
    void initTestCase() { initPostgres(); }
    void twentyWritersAndTwoRestartsLoseNothing();
    void aServerThatStaysAwayEndsTheRetries();
    void aServerKilledMidWriteStaysConsistent();
    void refusalsThatPassAreToldFromLastingOnes_data();
    void refusalsThatPassAreToldFromLastingOnes();
};

// Twenty imports at once while the server restarts twice: every one reconnects and runs its
// transaction again, says so on stderr, and ends as if nothing had happened; each service is
// there exactly once.
void TestPgResilience::twentyWritersAndTwoRestartsLoseNothing()
{
    resetDatabase();
    const QString restart = qEnvironmentVariable("PORTOLAN_TEST_PG_RESTART");
    QVERIFY2(!restart.isEmpty(), "run through tests/pg/with-postgres");
    constexpr int Writers = 20;
    // The writers' lock, held here: all twenty wait inside their transaction when the first
    // restart ends every connection (57P01), this one's too.
    const QUrl url(m_url);
    QSqlDatabase holder =
        QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("holder"));
    holder.setHostName(url.host());
    holder.setPort(url.port());
    holder.setUserName(url.userName());
    holder.setDatabaseName(url.path().mid(1));
    QVERIFY(holder.open());
    QVERIFY(QSqlQuery(holder).exec(
        QStringLiteral("SELECT pg_advisory_lock(%1)").arg(0x506f72746f6c01LL)));
    QVector<QProcess *> processes;
    for (int n = 0; n < Writers; ++n) {
        const QString compose = composeFile(QStringLiteral("restart%1.yml").arg(n),
                                            {QStringLiteral("restart%1").arg(n)}, 24400 + n);
        auto *process = new QProcess(this);
        process->start(fromTestFolder(PORTOLAN_CLI), importOntoHelios(compose));
        processes << process;
    }
    // Every writer waiting for the lock (however slowly twenty processes start on a busy CI).
    const auto waiting = [&holder] {
        QSqlQuery query(holder);
        query.exec(QStringLiteral("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                                  "AND NOT granted"));
        return query.next() ? query.value(0).toInt() : -1;
    };
    QTRY_VERIFY_WITH_TIMEOUT(waiting() == Writers, 60000);
    for (int round = 0; round < 2; ++round) {
        QProcess restarting;
        restarting.start(restart, {});
        QVERIFY(restarting.waitForFinished(60000));
        QCOMPARE(restarting.exitCode(), 0);
        QTest::qWait(150);
    }
    holder.close();
    holder = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("holder"));
    int retried = 0;
    for (QProcess *process : processes) {
        // Already finished (during the restarts) counts: waitForFinished says false then.
        QVERIFY(process->state() == QProcess::NotRunning || process->waitForFinished(90000));
        const QByteArray err = process->readAllStandardError();
        if (process->exitCode() != 1)
            qWarning("%s", err.constData());
        QVERIFY2(process->exitCode() == 1,
                 qPrintable(QStringLiteral("exit %1: %2")
                                .arg(process->exitCode())
                                .arg(QString::fromUtf8(err)))); // 1: findings
        retried += err.contains("connecting again and running the update again");
        QVERIFY2(!err.contains("gave up"), err.constData());
        delete process;
    }
    qInfo("%d of %d writers ran their transaction again", retried, Writers);
    QCOMPARE(retried, Writers);
    Registry stored;
    Error loadError;
    QVERIFY(RegistryIo::load(m_url, stored, loadError));
    const Device &helios = stored.devices[1];
    for (int n = 0; n < Writers; ++n) {
        int copies = 0;
        for (const Service &service : helios.services)
            copies += service.name == QStringLiteral("restart%1").arg(n);
        QVERIFY2(copies == 1,
                 qPrintable(QStringLiteral("restart%1: %2 copies").arg(n).arg(copies)));
    }
    QCOMPARE(helios.services.size(), m_example.devices[1].services.size() + Writers);
}

// Nobody listening, and a bound of one second: the command tries for that long, then fails with
// exit 2 naming the server and the reason, never the password.
void TestPgResilience::aServerThatStaysAwayEndsTheRetries()
{
    // Port 1: nothing listens there, and no test server can take it (they are handed free
    // ephemeral ports; a port found free and closed again could be one of them by now).
    const quint16 port = 1;
    const QString url =
        QStringLiteral("postgresql://postgres:s3cret-pw@127.0.0.1:%1/portolan_test").arg(port);
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("PORTOLAN_PG_RETRY_SECONDS"), QStringLiteral("1"));
    process.setProcessEnvironment(environment);
    QElapsedTimer clock;
    clock.start();
    process.start(fromTestFolder(PORTOLAN_CLI),
                  {QStringLiteral("validate"), QStringLiteral("--db"), url});
    QVERIFY(process.waitForFinished(30000));
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QCOMPARE(process.exitCode(), 2);
    QVERIFY2(clock.elapsed() >= 900, qPrintable(QString::number(clock.elapsed())));
    QVERIFY2(err.contains(QStringLiteral("gave up after")), qPrintable(err));
    QVERIFY2(err.contains(QStringLiteral("postgresql://postgres@127.0.0.1:%1").arg(port)),
             qPrintable(err));
    QVERIFY2(err.contains(QStringLiteral("Connection refused")), qPrintable(err));
    QVERIFY2(!err.contains(QStringLiteral("s3cret-pw")), qPrintable(err));
}

// Every server process killed with SIGKILL while an import of 400 services writes: after
// recovery the schema check passes, what was committed before is there, and the import, run
// again by its retry, is there exactly once (a transaction is never half applied).
void TestPgResilience::aServerKilledMidWriteStaysConsistent()
{
    resetDatabase();
    const QString kill9 = qEnvironmentVariable("PORTOLAN_TEST_PG_KILL9");
    const QString start = qEnvironmentVariable("PORTOLAN_TEST_PG_START");
    QVERIFY2(!kill9.isEmpty() && !start.isEmpty(), "run through tests/pg/with-postgres");
    // Committed before the crash.
    const QString before =
        composeFile(QStringLiteral("before.yml"), {QStringLiteral("committed")}, 24500);
    QCOMPARE(cli(importOntoHelios(before)).exitCode, 1);
    QStringList bulkNames;
    for (int n = 0; n < 400; ++n)
        bulkNames << QStringLiteral("bulk%1").arg(n);
    const QString big = composeFile(QStringLiteral("big.yml"), bulkNames, 24600);
    QProcess import;
    import.start(fromTestFolder(PORTOLAN_CLI), importOntoHelios(big));
    QVERIFY(import.waitForStarted());
    QTest::qWait(250); // inside its transaction
    QProcess killing;
    killing.start(kill9, {});
    QVERIFY(killing.waitForFinished(30000));
    QProcess starting;
    starting.start(start, {});
    QVERIFY(starting.waitForFinished(60000));
    QCOMPARE(starting.exitCode(), 0);
    QVERIFY(import.state() == QProcess::NotRunning || import.waitForFinished(60000));
    const QByteArray err = import.readAllStandardError();
    QVERIFY2(import.exitCode() == 1, err.constData());

    // The schema check (opening checks the schema version and tables) passes.
    Error error;
    QVERIFY2(Store::openUrl(m_url, &error) != nullptr, qPrintable(error.toString()));
    Registry stored;
    QVERIFY(RegistryIo::load(m_url, stored, error));
    const Device &helios = stored.devices[1];
    QVERIFY(helios.findService(QStringLiteral("committed")) >= 0);
    int bulk = 0;
    for (const Service &service : helios.services)
        bulk += service.name.startsWith(QLatin1String("bulk"));
    QCOMPARE(bulk, 400);
    QCOMPARE(helios.services.size(), m_example.devices[1].services.size() + 1 + 400);
    qInfo("the import %s", err.contains("running the update again")
                               ? "was cut by the crash and ran again"
                               : "had committed before the crash");
}

QTEST_GUILESS_MAIN(TestPgResilience)
// libpq's words when a connection is refused, with no SQLSTATE to go by: a server starting,
// stopping, restarting or recovering from a crash is tried again; a wrong name or password is
// not. Three were missing, each found when a run gave up on its first try to reconnect: "not
// yet accepting connections" (PostgreSQL 14 and later, until recovery is consistent) after a
// crash, "Connection reset by peer" from a server going down as twenty imports reconnected, and
// the error a recovering server answers libpq's SSL request with.
void TestPgResilience::refusalsThatPassAreToldFromLastingOnes_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<bool>("passes");
    const QString at = QStringLiteral("connection to server at \"127.0.0.1\", port 5432 failed: ");
    QTest::newRow("starting") << at + QStringLiteral("FATAL:  the database system is starting up")
                              << true;
    QTest::newRow("recovering, not consistent yet")
        << at + QStringLiteral("FATAL:  the database system is not yet accepting connections\n"
                               "DETAIL:  Consistent recovery state has not been yet reached.")
        << true;
    QTest::newRow("in recovery mode")
        << at + QStringLiteral("FATAL:  the database system is in recovery mode") << true;
    QTest::newRow("shutting down")
        << at + QStringLiteral("FATAL:  the database system is shutting down") << true;
    QTest::newRow("nobody listening")
        << at + QStringLiteral("Connection refused\n\tIs the server running on that host and "
                               "accepting TCP/IP connections?")
        << true;
    QTest::newRow("reset while restarting")
        << at + QStringLiteral("Connection reset by peer\n\tIs the server running on that host "
                               "and accepting TCP/IP connections?")
        << true;
    QTest::newRow("SSL asked of a server recovering")
        << at + QStringLiteral("server sent an error response during SSL exchange") << true;
    QTest::newRow("no such database")
        << at + QStringLiteral("FATAL:  database \"portolan\" does not exist") << false;
    QTest::newRow("wrong password")
        << at + QStringLiteral("FATAL:  password authentication failed for user \"portolan\"")
        << false;
    QTest::newRow("no such role") << at + QStringLiteral("FATAL:  role \"nobody\" does not exist")
                                  << false;
}

void TestPgResilience::refusalsThatPassAreToldFromLastingOnes()
{
    QFETCH(QString, message);
    QFETCH(bool, passes);
    QCOMPARE(ConnectionRetry::isConnectionLoss(message), passes);
}

#include "tst_pgresilience.moc"
