#include "store/Store.h"

#include "store/ConnectionRetry.h"
#include "store/ConnectionString.h"
#include "store/QtSqlRowCursor.h"
#include "store/RegistryRowReader.h"
#include "store/SqliteGuard.h"
#include "store/SqliteRowCursor.h"
#include "store/StoreSchema.h"

#include <QFile>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>
#include <QUuid>

#include <functional>

#include <sqlite3.h>

namespace portolan {

namespace {

const QString NotificationChannel = QStringLiteral("portolan_registry");
// PostgreSQL advisory locks: one for command-line writers (read, merge, write), one for
// creating or migrating the schema. Arbitrary constants, the same in every Portolan.
constexpr qint64 WriterLockKey = 0x506f72746f6c01;
constexpr qint64 SchemaLockKey = 0x506f72746f6c02;

// Driver messages may span lines; ours are one line each.
QString oneLine(const QString &message)
{
    return message.simplified();
}

// The database's own words ("database or disk is full"), without Qt's "Unable to fetch row",
// with the SQLSTATE that tells a lost connection from a refusal.
QString reasonOf(const QSqlError &error)
{
    return ConnectionRetry::describe(error);
}

} // namespace

int Store::postgresTimeoutMs()
{
    bool ok = false;
    const int configured = qEnvironmentVariableIntValue("PORTOLAN_PG_TIMEOUT_MS", &ok);
    return ok && configured > 0 ? configured : 10000;
}

Store::Store(Dialect dialect, const QString &connectionName, const QString &displayName)
    : m_dialect(dialect)
    , m_connectionName(connectionName)
    , m_displayName(displayName)
    , m_clientTag(QUuid::createUuid().toString(QUuid::WithoutBraces))
{}

Store::~Store()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        SqliteGuard::release(sqliteHandle());
        if (db.isOpen()) {
            if (m_batchDepth > 0)
                db.rollback();
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

QSqlDatabase Store::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

sqlite3 *Store::sqliteHandle() const
{
    if (m_dialect != Dialect::Sqlite)
        return nullptr;
    const QSqlDatabase db = database();
    if (!db.isOpen())
        return nullptr;
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

bool Store::isDatabaseUrl(const QString &text)
{
    return ConnectionString::isDatabase(text);
}

QString Store::displayNameOf(const QString &text)
{
    return ConnectionString::displayName(text);
}

bool Store::isDatabaseFile(const QString &path)
{
    return path.endsWith(QLatin1String(".portolan"), Qt::CaseInsensitive);
}

std::unique_ptr<Store> Store::openFile(const QString &path, OpenMode mode, Error *error)
{
    const QString connection = QStringLiteral("portolan-") + QUuid::createUuid().toString();
    std::unique_ptr<Store> store(new Store(Dialect::Sqlite, connection, path));
    const bool exists = QFileInfo::exists(path);
    if (mode == OpenMode::Create && exists) {
        *error = Error::fromText(QStringLiteral("%1: already exists").arg(path));
        return nullptr;
    }
    if (mode != OpenMode::Create && !exists) {
        *error = Error::fromText(QStringLiteral("%1: no such file").arg(path));
        return nullptr;
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
    db.setDatabaseName(path);
    // Read-only use still opens read-write (SQLite falls back to read-only for a protected
    // file): after a crash, only a writable connection can roll back the hot journal, and a
    // reader must see the last committed state rather than fail. ReadOnly only forbids
    // migrating.
    db.setConnectOptions(
        QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(SqliteGuard::busyTimeoutMs()));
    if (!db.open()) {
        *error = Error::fromText(
            QStringLiteral("%1: cannot open: %2").arg(path, reasonOf(db.lastError())));
        return nullptr;
    }
    SqliteGuard::harden(store->sqliteHandle());
    if (mode != OpenMode::Create) {
        // A crafted file (a view or trigger under Portolan's names) is refused before any
        // statement of ours runs on it.
        const QString problem = SqliteGuard::schemaProblem(store->sqliteHandle());
        if (!problem.isEmpty()) {
            *error = Error::fromText(
                problem.contains(QLatin1String("not a database")) ||
                        problem.contains(QLatin1String("file is not"))
                    ? QStringLiteral("%1: not a Portolan database (not an SQLite file)").arg(path)
                    : QStringLiteral("%1: not a Portolan database (%2)").arg(path, problem));
            return nullptr;
        }
    }
    if (!store->exec(QStringLiteral("PRAGMA foreign_keys = ON")) ||
        !store->prepareSchema(mode == OpenMode::Create, mode == OpenMode::ReadWrite, path)) {
        *error = Error::fromText(store->error().toString());
        if (mode == OpenMode::Create) {
            SqliteGuard::release(store->sqliteHandle());
            db.close();
            QFile::remove(path);
        }
        return nullptr;
    }
    return store;
}

std::unique_ptr<Store> Store::openUrl(const QString &text, Error *error, bool initialize)
{
    // The forms libpq itself takes: a URL (every part optional: PGHOST, PGPORT, PGUSER and
    // PGDATABASE fill the gaps; ?service=, ?passfile=, ?sslmode= … pass through), or a
    // "key=value" conninfo ("service=homelab"). A password comes from PGPASSWORD, the password
    // file or the text itself, and is never shown.
    const bool isUrl = text.startsWith(QLatin1String("postgresql:")) ||
                       text.startsWith(QLatin1String("postgres:"));
    const QUrl url(text, QUrl::StrictMode);
    bool conninfo = false;
    const auto pairs =
        isUrl ? QList<QPair<QString, QString>>() : ConnectionString::conninfo(text, &conninfo);
    const QString display = displayNameOf(text);
    if ((isUrl && !url.isValid()) || (!isUrl && !conninfo)) {
        *error = Error::fromText(QStringLiteral("%1: expected postgresql://user@host:port/dbname, "
                                                "a libpq \"key=value\" string such as "
                                                "service=NAME, or postgresql:// with PGHOST, "
                                                "PGPORT, PGUSER and PGDATABASE set")
                                     .arg(display));
        return nullptr;
    }
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL"))) {
        *error =
            Error::fromText(QStringLiteral("%1: the Qt PostgreSQL driver (QPSQL) is not installed "
                                           "(Debian: libqt6sql6-psql)")
                                .arg(display));
        return nullptr;
    }
    const QString connection = QStringLiteral("portolan-") + QUuid::createUuid().toString();
    std::unique_ptr<Store> store(new Store(Dialect::Postgres, connection, display));
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
    // Only what was given is set: libpq takes the rest from its environment and files.
    QStringList options{QStringLiteral("connect_timeout=10")};
    if (isUrl) {
        if (!url.host().isEmpty())
            db.setHostName(url.host());
        if (url.port() > 0)
            db.setPort(url.port());
        if (url.path().size() > 1)
            db.setDatabaseName(url.path().mid(1));
        if (!url.userName().isEmpty())
            db.setUserName(url.userName());
        if (!url.password().isEmpty())
            db.setPassword(url.password());
        for (const auto &[key, value] : QUrlQuery(url).queryItems(QUrl::FullyDecoded)) {
            if (ConnectionString::keywords().contains(key))
                options << key + u'=' + ConnectionString::quoted(value);
        }
    } else {
        for (const auto &[key, value] : pairs)
            options << key + u'=' + ConnectionString::quoted(value);
    }
    // Qt's driver joins its options with ';' into the conninfo it hands libpq.
    db.setConnectOptions(options.join(u';'));
    if (!db.open()) {
        *error = Error::fromText(
            QStringLiteral("%1: cannot connect: %2").arg(display, reasonOf(db.lastError())));
        return nullptr;
    }
    store->configureSession();
    // Creating or migrating the schema is serialized: parallel init-db runs wait for each
    // other instead of failing on the catalog.
    if (!store->exec(QStringLiteral("SELECT pg_advisory_lock(%1)").arg(SchemaLockKey))) {
        *error = Error::fromText(store->error().toString());
        return nullptr;
    }
    const bool hasSchema = db.tables().contains(QStringLiteral("meta"));
    const bool prepared = store->prepareSchema(initialize && !hasSchema, true, QString());
    store->exec(QStringLiteral("SELECT pg_advisory_unlock(%1)").arg(SchemaLockKey));
    if (!prepared) {
        *error = Error::fromText(store->error().toString());
        return nullptr;
    }
    return store;
}

bool Store::exec(const QString &sql)
{
    QSqlQuery query(database());
    if (!query.exec(sql))
        return failQuery(query, sql);
    return true;
}

// Qt's PostgreSQL driver may fail a statement on a connection the server dropped without a
// word of why (an empty error): the connection itself is asked then. A live one in an aborted
// transaction answers 25P02; a dead one answers nothing a server would say.
bool Store::connectionIsDead()
{
    QSqlQuery probe(database());
    if (probe.exec(QStringLiteral("SELECT 1")))
        return false;
    const QSqlError error = probe.lastError();
    return error.nativeErrorCode().isEmpty() || ConnectionRetry::isConnectionLoss(error);
}

bool Store::fail(const QString &message)
{
    m_error = message;
    m_conflict = false;
    m_connectionLoss = m_dialect == Dialect::Postgres &&
                       (ConnectionRetry::isConnectionLoss(message) || connectionIsDead());
    if (m_batchDepth > 0)
        m_batchFailed = true;
    return false;
}

bool Store::failQuery(const QSqlQuery &query, const QString &what)
{
    QString reason = reasonOf(query.lastError());
    if (reason.isEmpty() || !database().isOpen())
        reason = transactionFailure();
    return fail(QStringLiteral("%1: %2 failed: %3").arg(m_displayName, what, reason));
}

bool Store::conflict(const QString &message)
{
    m_error = message;
    m_conflict = true;
    m_connectionLoss = false;
    if (m_batchDepth > 0)
        m_batchFailed = true;
    return false;
}

int Store::schemaVersion()
{
    QSqlQuery query(database());
    if (!query.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'schema_version'")) ||
        !query.next())
        return -1;
    return query.value(0).toInt();
}

bool Store::prepareSchema(bool create, bool allowMigration, const QString &backupSource)
{
    QSqlDatabase db = database();
    if (create)
        return createSchema();

    QSqlQuery probe(db);
    if (!probe.exec(QStringLiteral("SELECT 1 FROM meta WHERE key = 'schema_version'"))) {
        const QString reason = probe.lastError().text();
        if (reason.contains(QLatin1String("not a database")))
            return fail(QStringLiteral("%1: not a Portolan database (not an SQLite file)")
                            .arg(m_displayName));
        if (!reason.contains(QLatin1String("no such table")) &&
            !reason.contains(QLatin1String("does not exist")))
            return fail(QStringLiteral("%1: cannot read: %2").arg(m_displayName, oneLine(reason)));
        return fail(QStringLiteral("%1: not a Portolan database (%2)%3")
                        .arg(m_displayName, reason,
                             m_dialect == Dialect::Postgres
                                 ? QStringLiteral("; create the schema with portolan-cli init-db")
                                 : QString()));
    }
    const int version = schemaVersion();
    if (version < 1)
        return fail(
            QStringLiteral("%1: not a Portolan database (no schema version)").arg(m_displayName));
    if (version > CurrentSchemaVersion)
        return fail(QStringLiteral("%1: written by a newer Portolan (schema %2; this build "
                                   "reads up to %3); nothing was changed")
                        .arg(m_displayName)
                        .arg(version)
                        .arg(CurrentSchemaVersion));
    if (version == CurrentSchemaVersion)
        return true;
    if (!allowMigration)
        return fail(QStringLiteral("%1: schema %2 needs migrating to %3; open it for writing "
                                   "(convert or the app) first")
                        .arg(m_displayName)
                        .arg(version)
                        .arg(CurrentSchemaVersion));
    if (!backupSource.isEmpty()) {
        QString backup = QStringLiteral("%1.schema%2.bak").arg(backupSource).arg(version);
        for (int n = 1; QFileInfo::exists(backup); ++n)
            backup = QStringLiteral("%1.schema%2.%3.bak").arg(backupSource).arg(version).arg(n);
        if (!QFile::copy(backupSource, backup))
            return fail(QStringLiteral("%1: cannot write the backup %2 before migrating; "
                                       "nothing was changed")
                            .arg(m_displayName, backup));
    }
    return migrate(version);
}

bool Store::createSchema()
{
    return autoTransaction([this] {
        for (const QString &statement : StoreSchema::version1(m_dialect == Dialect::Postgres)) {
            if (!exec(statement))
                return false;
        }
        return migrate(1);
    });
}

bool Store::migrate(int from)
{
    return autoTransaction([this, from] {
        for (int version = from; version < CurrentSchemaVersion; ++version) {
            for (const QString &statement : StoreSchema::migration(version)) {
                if (!exec(statement))
                    return false;
            }
            QSqlQuery query(database());
            query.prepare(QStringLiteral("UPDATE meta SET value = ? WHERE key = 'schema_version'"));
            query.addBindValue(QString::number(version + 1));
            if (!query.exec())
                return failQuery(query, QStringLiteral("migration"));
        }
        return true;
    });
}

bool Store::begin()
{
    if (m_batchDepth++ > 0)
        return true;
    SqliteGuard::resetBudget(sqliteHandle());
    m_batchFailed = false;
    // A server restarted since the last statement leaves a dead connection: the first
    // statement of the next action notices, reconnects once and goes on.
    if (!database().transaction() &&
        !(m_dialect == Dialect::Postgres && reconnect(reasonOf(database().lastError())) &&
          database().transaction())) {
        m_batchDepth = 0;
        return fail(QStringLiteral("%1: cannot start a transaction: %2")
                        .arg(m_displayName, transactionFailure()));
    }
    return true;
}

// Qt says nothing when the server closed the connection between two statements: the driver
// just finds it no longer open. Said in words that mark it as a lost connection.
QString Store::transactionFailure() const
{
    const QString reason = reasonOf(database().lastError());
    if (!reason.isEmpty() && database().isOpen())
        return reason;
    return reason.isEmpty() ? QStringLiteral("connection not open (the server closed it)")
                            : reason + QStringLiteral(" (connection not open)");
}

bool Store::reconnect(const QString &why)
{
    QSqlDatabase db = database();
    db.close();
    if (!db.open()) {
        const QString reason = reasonOf(db.lastError());
        if (!m_connectionLost) {
            m_connectionLost = true;
            emit connectionLost(
                QStringLiteral("%1: lost the connection (%2); cannot reconnect: "
                               "%3")
                    .arg(m_displayName, why.isEmpty() ? QStringLiteral("?") : why, reason));
        }
        m_error = QStringLiteral("%1: cannot reconnect: %2").arg(m_displayName, reason);
        m_connectionLoss = true;
        return false;
    }
    configureSession();
    if (m_listening) {
        m_listening = false;
        listen();
    }
    m_connectionLost = false;
    emit reconnected(QStringLiteral("%1: the connection was lost (%2) and is back; the "
                                    "registry was read again")
                         .arg(m_displayName, why.isEmpty() ? QStringLiteral("?") : why));
    // Whatever was committed meanwhile went unannounced: read it now, after this action.
    QMetaObject::invokeMethod(this, &Store::changedElsewhere, Qt::QueuedConnection);
    return true;
}

void Store::configureSession()
{
    if (m_dialect != Dialect::Postgres)
        return;
    exec(QStringLiteral("SET client_min_messages TO WARNING"));
    // A locked table or a stuck server ends in an error after a while, never a hang.
    const int timeout = postgresTimeoutMs();
    exec(QStringLiteral("SET lock_timeout = %1").arg(timeout));
    exec(QStringLiteral("SET statement_timeout = %1").arg(timeout));
}

void Store::onNotification(const QString &name, QSqlDriver::NotificationSource,
                           const QVariant &payload)
{
    if (name == NotificationChannel && payload.toString() != m_clientTag)
        emit changedElsewhere();
}

void Store::checkConnection()
{
    if (m_batchDepth > 0)
        return;
    if (!database().isOpen()) {
        reconnect(QStringLiteral("the connection is closed"));
        return;
    }
    QSqlQuery probe(database());
    if (probe.exec(QStringLiteral("SELECT 1")))
        return;
    reconnect(reasonOf(probe.lastError()));
}

bool Store::beginExclusive()
{
    if (m_batchDepth > 0)
        return fail(QStringLiteral("%1: a write lock must be the outermost transaction")
                        .arg(m_displayName));
    SqliteGuard::resetBudget(sqliteHandle());
    m_batchFailed = false;
    QSqlQuery query(database());
    if (m_dialect == Dialect::Sqlite) {
        // IMMEDIATE takes the write lock now (waiting up to the busy timeout for another
        // writer), not at the first write, so what is read next is what is written against.
        if (!query.exec(QStringLiteral("BEGIN IMMEDIATE")))
            return fail(QStringLiteral("%1: cannot lock the database for writing: %2")
                            .arg(m_displayName, reasonOf(query.lastError())));
    } else {
        if (!database().transaction())
            return fail(QStringLiteral("%1: cannot start a transaction: %2")
                            .arg(m_displayName, transactionFailure()));
        // Other writers are waited for as long as a lost connection is retried (twenty
        // parallel imports queue here), not the statement timeout of a single read.
        const bool waitLonger = ConnectionRetry::boundMs() > postgresTimeoutMs();
        if (waitLonger) {
            exec(QStringLiteral("SET LOCAL lock_timeout = %1").arg(ConnectionRetry::boundMs()));
            exec(
                QStringLiteral("SET LOCAL statement_timeout = %1").arg(ConnectionRetry::boundMs()));
        }
        if (!query.exec(QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(WriterLockKey))) {
            const QString reason = reasonOf(query.lastError());
            database().rollback();
            return fail(QStringLiteral("%1: cannot lock the registry for writing: %2")
                            .arg(m_displayName, reason));
        }
        if (waitLonger) // the writes themselves keep the usual bound
            exec(QStringLiteral("SET LOCAL statement_timeout = %1").arg(postgresTimeoutMs()));
    }
    m_batchDepth = 1;
    return true;
}

bool Store::commit()
{
    if (m_batchDepth == 0)
        return true;
    if (--m_batchDepth > 0)
        return !m_batchFailed;
    if (m_batchFailed) {
        database().rollback();
        return false;
    }
    notifyOthers();
    if (!database().commit()) {
        const QString reason = reasonOf(database().lastError());
        database().rollback();
        return fail(QStringLiteral("%1: commit failed: %2").arg(m_displayName, reason));
    }
    return true;
}

void Store::rollback()
{
    if (m_batchDepth == 0)
        return;
    m_batchDepth = 0;
    m_batchFailed = false;
    database().rollback();
}

bool Store::autoTransaction(const std::function<bool()> &work)
{
    if (m_batchDepth > 0) {
        const bool ok = work();
        if (!ok)
            m_batchFailed = true;
        return ok;
    }
    if (!begin())
        return false;
    if (!work()) {
        // Keep the first error, whatever rollback says.
        const QString error = m_error;
        const bool wasConflict = m_conflict;
        const bool wasConnectionLoss = m_connectionLoss;
        rollback();
        m_error = error;
        m_conflict = wasConflict;
        m_connectionLoss = wasConnectionLoss;
        return false;
    }
    return commit();
}

void Store::notifyOthers()
{
    if (m_dialect != Dialect::Postgres)
        return;
    QSqlQuery query(database());
    query.exec(
        QStringLiteral("SELECT pg_notify('%1', '%2')").arg(NotificationChannel, m_clientTag));
}

void Store::listen()
{
    QSqlDriver *driver = database().driver();
    if (m_listening || !driver->hasFeature(QSqlDriver::EventNotifications))
        return;
    m_listening = true;
    driver->subscribeToNotification(NotificationChannel);
    connect(driver, &QSqlDriver::notification, this, &Store::onNotification, Qt::UniqueConnection);
    // A dead connection hears nothing: look every few seconds, so live refresh comes back
    // by itself after a server restart.
    if (!m_healthCheck) {
        m_healthCheck = new QTimer(this);
        m_healthCheck->setInterval(HealthCheckMs);
        connect(m_healthCheck, &QTimer::timeout, this, &Store::checkConnection);
        m_healthCheck->start();
    }
}

// --- reading -------------------------------------------------------------------------------

std::unique_ptr<RowCursor> Store::openCursor()
{
    // A separate connection cannot see a batch's uncommitted rows, and an in-memory database
    // exists only on Qt's connection: those read through Qt Sql.
    const QString file = database().databaseName();
    if (m_dialect == Dialect::Sqlite && m_batchDepth == 0 && !file.isEmpty() &&
        file != QLatin1String(":memory:") && !file.startsWith(QLatin1String("file:"))) {
        Error error;
        if (auto cursor = SqliteRowCursor::open(file, &error))
            return cursor;
        // Qt's connection opened the same file, so report through it if it fails too.
    }
    return std::make_unique<QtSqlRowCursor>(database());
}

bool Store::load(Registry &registry, const LoadProgress &progress)
{
    if (loadOnce(registry, progress))
        return true;
    // After a server restart the first read meets a dead connection: once more on a new one.
    if (m_dialect != Dialect::Postgres || m_batchDepth > 0 || m_canceled)
        return false;
    QSqlQuery probe(database());
    if (probe.exec(QStringLiteral("SELECT 1")) || !reconnect(m_error))
        return false;
    return loadOnce(registry, progress);
}

bool Store::loadOnce(Registry &registry, const LoadProgress &progress)
{
    SqliteGuard::resetBudget(sqliteHandle());
    std::unique_ptr<RowCursor> cursor = openCursor();
    Error error;
    m_canceled = false;
    // A .portolan file read through SQLite's own API can be read on a second connection too.
    RegistryRowReader::CursorOpener openOther;
    if (dynamic_cast<SqliteRowCursor *>(cursor.get())) {
        const QString file = database().databaseName();
        openOther = [file]() -> std::unique_ptr<RowCursor> {
            return SqliteRowCursor::open(file, nullptr, /*waitWhenBusy=*/false);
        };
    }
    if (RegistryRowReader::read(*cursor, registry, progress, &m_canceled, &error, openOther))
        return true;
    return fail(QStringLiteral("%1: %2").arg(m_displayName, error.toString()));
}

} // namespace portolan
