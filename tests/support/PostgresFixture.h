#pragma once

// What the PostgreSQL suites share: the server tests/pg/with-postgres started for the run, the
// example registry, the command line (PORTOLAN_CLI, which each suite's target defines), and a
// reset of the database to the example. Header-only for that reason.
#include "domain/Registry.h"
#include "store/RegistryIo.h"
#include "store/Store.h"

#include <QProcess>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QTest>

namespace portolan::testing {

class PostgresFixture
{
protected:
    // Fails (never skips) without a server: CI cannot pass the suite silently.
    void initPostgres()
    {
        m_url = qEnvironmentVariable("PORTOLAN_TEST_PG_URL");
        QVERIFY2(!m_url.isEmpty(),
                 "PORTOLAN_TEST_PG_URL is not set: run through tests/pg/with-postgres");
        QVERIFY(QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")));
        Error error;
        QVERIFY(RegistryIo::load(QStringLiteral(PORTOLAN_EXAMPLE), m_example, error));
    }

    void resetDatabase()
    {
        Error error;
        auto store = Store::openUrl(m_url, &error, true);
        QVERIFY2(store, qPrintable(error.toString()));
        Registry copy = m_example;
        QVERIFY2(store->replaceAll(copy), qPrintable(store->error().toString()));
    }

    struct Result
    {
        int exitCode;
        QString out;
        QString err;
    };
    Result cli(const QStringList &arguments)
    {
        QProcess process;
        process.start(QStringLiteral(PORTOLAN_CLI), arguments);
        if (!process.waitForFinished(60000))
            return {-1, QString(), QStringLiteral("timed out")};
        return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
                QString::fromUtf8(process.readAllStandardError())};
    }

    QString m_url;
    Registry m_example;
    QTemporaryDir m_dir;
};

} // namespace portolan::testing
