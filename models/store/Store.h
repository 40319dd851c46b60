#pragma once

#include "domain/Error.h"
#include "domain/Registry.h"
#include "store/StoreSchema.h"

#include <QObject>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QString>
#include <QTimer>

#include <functional>
#include <memory>

struct sqlite3;

namespace portolan {

// A registry in a database through Qt Sql: a single .portolan file (SQLite), or a PostgreSQL
// database that a team shares. The schema mirrors the Registry with explicit position columns
// and a version per row; every write is one transaction, and every update or delete names the
// version it read, so an edit of a row someone else changed meanwhile is refused, never lost.
class Store : public QObject
{
    Q_OBJECT

public:
    enum class Dialect
    {
        Sqlite,
        Postgres
    };
    enum class OpenMode
    {
        ReadWrite,
        ReadOnly,
        Create
    };

    // Schema 1 was the first release; 2 added the per-row version for optimistic locking;
    // 3 the policy's reverse-proxy names.
    static constexpr int CurrentSchemaVersion = StoreSchema::CurrentVersion;

    ~Store() override;

    // A .portolan file. Create makes a new, empty database (the file must not exist yet).
    // An older schema is first copied to FILE.schemaN.bak, then migrated; a newer one is
    // refused untouched.
    static std::unique_ptr<Store> openFile(const QString &path, OpenMode mode, Error *error);
    // postgresql://user@host:port/dbname; the password comes from PGPASSWORD or ~/.pgpass
    // (libpq reads them), never from us. The schema must exist unless initialize is true.
    static std::unique_ptr<Store> openUrl(const QString &url, Error *error,
                                          bool initialize = false);
    // Each of the store's formats says whether a name is its own (RegistryLocation asks).
    static bool isDatabaseUrl(const QString &text);
    // How a database is named in titles, messages and headers: never with its password.
    static QString displayNameOf(const QString &text);
    static bool isDatabaseFile(const QString &path); // a .portolan file
    // lock_timeout and statement_timeout of PostgreSQL connections: PORTOLAN_PG_TIMEOUT_MS,
    // else 10 seconds.
    static int postgresTimeoutMs();

    Dialect dialect() const { return m_dialect; }
    QString displayName() const { return m_displayName; }
    QSqlDatabase database() const;
    // The SQLite connection under Qt's (null for PostgreSQL).
    ::sqlite3 *sqliteHandle() const;
    int schemaVersion();

    // progress(rows read, rows in all) is asked every few hundred rows; returning false
    // cancels the load, which then fails with wasCanceled().
    using LoadProgress = std::function<bool(qint64 done, qint64 total)>;
    bool load(Registry &registry, const LoadProgress &progress = {});
    bool wasCanceled() const { return m_canceled; }
    // Subscribes to other clients' commits (PostgreSQL): changedElsewhere() follows them.
    void listen();
    // Replaces everything with `registry` in one transaction and gives every row its key.
    bool replaceAll(Registry &registry);

    // Row operations: each is one transaction, or part of the batch that begin() opened.
    // Inserts keep a nonzero id (an undone removal comes back as the same row) and set the
    // version; updates and removals check the version of `before` and fail on a mismatch.
    bool updatePolicy(const Policy &before, Policy &after);
    bool insertBlock(int position, Block &block);
    bool updateBlock(const Block &before, Block &after);
    bool removeBlock(const Block &block, int position);

    bool insertDevice(int position, Device &device);
    bool updateDevice(const Device &before, Device &after);
    bool removeDevice(const Device &device, int position);

    bool insertService(const Device &owner, int position, Service &service);
    bool updateService(const Device &owner, const Service &before, Service &after);
    bool removeService(const Device &owner, const Service &service, int position);
    bool moveService(const Device &from, int fromPosition, const Device &to, int toPosition,
                     Service &service);

    bool insertBinding(const Service &owner, int position, Binding &binding);
    bool updateBinding(const Service &owner, const Binding &before, Binding &after);
    bool removeBinding(const Service &owner, const Binding &binding, int position);

    // Batches nest; the outermost commit makes them durable and tells other clients.
    bool begin();
    // The outermost batch of a read-modify-write: it holds the write lock from the start
    // (SQLite BEGIN IMMEDIATE, a PostgreSQL advisory lock), so what is read next is the latest
    // committed state and no other writer's commit slips in before ours.
    bool beginExclusive();
    bool commit();
    void rollback();

    Error error() const { return Error::fromText(m_error); }
    // The last failure was another writer's change, not a broken database.
    bool lastErrorIsConflict() const { return m_conflict; }
    // The last failure was the connection to the server, not the data: trying the whole
    // transaction again on a new connection may succeed (ConnectionRetry).
    bool lastErrorIsConnectionLoss() const { return m_connectionLoss; }

    // PostgreSQL: the first statement after a server restart finds the connection dead;
    // reconnects, subscribes again and asks for a reload. `why` is what failed.
    bool reconnect(const QString &why);
    // Probes the connection (while listening, every few seconds) and reconnects if dead.
    void checkConnection();

signals:
    // Another client committed a change (PostgreSQL LISTEN/NOTIFY), or the connection came
    // back and what happened meanwhile is unknown.
    void changedElsewhere();
    void connectionLost(const QString &message);
    void reconnected(const QString &message);

private:
    Store(Dialect dialect, const QString &connectionName, const QString &displayName);

    bool open(OpenMode mode, const QString &path);
    bool prepareSchema(bool create, bool allowMigration, const QString &backupSource);
    bool createSchema();
    bool migrate(int from);
    bool exec(const QString &sql);
    QString transactionFailure() const;
    std::unique_ptr<class RowCursor> openCursor();
    bool connectionIsDead();
    bool fail(const QString &message);
    bool failQuery(const class QSqlQuery &query, const QString &what);
    bool conflict(const QString &message);
    bool autoTransaction(const std::function<bool()> &work);
    bool shiftPositions(const QString &table, const QString &parentColumn, qint64 parentId,
                        int from, int delta);
    qint64 insertRow(const QString &table, const QStringList &columns, const QVariantList &values,
                     qint64 id);
    bool updateRow(const QString &table, const QString &what, RowKey &key,
                   const QStringList &columns, const QVariantList &values,
                   const QVariantList &before);
    bool deleteRow(const QString &table, const QString &what, const RowKey &key);
    bool insertServiceTree(qint64 deviceId, int position, Service &service);
    bool insertDeviceTree(int position, Device &device);
    void notifyOthers();

    void configureSession();
    void onNotification(const QString &name, QSqlDriver::NotificationSource source,
                        const QVariant &payload);
    bool loadOnce(Registry &registry, const LoadProgress &progress);
    static constexpr int HealthCheckMs = 5000;

    Dialect m_dialect;
    bool m_listening = false;
    bool m_connectionLost = false;
    QTimer *m_healthCheck = nullptr;
    QString m_connectionName;
    QString m_displayName;
    QString m_error;
    bool m_conflict = false;
    bool m_connectionLoss = false;
    bool m_canceled = false;
    int m_batchDepth = 0;
    bool m_batchFailed = false;
    QString m_clientTag;
};

} // namespace portolan
