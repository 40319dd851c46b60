#pragma once

// What the PostgreSQL suites share: the server tests/pg/with-postgres started for the run, the
// example registry, the command line (PORTOLAN_CLI, which each suite's target defines), and a
// reset of the database to the example. Header-only for that reason.
#include "domain/Registry.h"
#include "store/RegistryIo.h"
#include "store/Store.h"
#include "support/TestSupport.h"

#include <QFile>
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
        QVERIFY(RegistryIo::load(fromTestFolder(PORTOLAN_EXAMPLE), m_example, error));
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
        process.start(fromTestFolder(PORTOLAN_CLI), arguments);
        if (!process.waitForFinished(60000))
            return {-1, QString(), QStringLiteral("timed out")};
        return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
                QString::fromUtf8(process.readAllStandardError())};
    }

    // A compose file with one busybox service per name, each publishing its own host port from
    // `firstPort` on: what the concurrency tests import.
    QString composeFile(const QString &fileName, const QStringList &names, int firstPort)
    {
        const QString path = m_dir.filePath(fileName);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write("services:\n");
        for (int n = 0; n < names.size(); ++n)
            file.write(QStringLiteral("  %1:\n    image: busybox\n    ports:\n      - \"%2:80\"\n")
                           .arg(names[n])
                           .arg(firstPort + n)
                           .toUtf8());
        return path;
    }

    // The command line of importing a compose file onto helios in the database.
    QStringList importOntoHelios(const QString &compose) const
    {
        return {QStringLiteral("import"),
                QStringLiteral("compose"),
                compose,
                QStringLiteral("--device"),
                QStringLiteral("helios"),
                QStringLiteral("--category"),
                QStringLiteral("orchestration"),
                QStringLiteral("--into"),
                m_url};
    }

    QString m_url;
    Registry m_example;
    QTemporaryDir m_dir;
};

} // namespace portolan::testing
