#include "store/SqliteGuard.h"

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QSet>
#include <QStringList>

#include <sqlite3.h>

namespace portolan {

namespace {

// Virtual machine instructions between two calls of the progress handler, and how many calls
// one load or transaction may take: about 10^9 instructions, thirty times what reading a
// 100,000-binding registry needs.
constexpr int StepsPerCall = 10000;
constexpr qint64 CallsPerBudget = 100000;

struct Budget
{
    qint64 calls = 0;
    bool exhausted = false;
};

QMutex budgetsLock;
QHash<sqlite3 *, Budget *> budgets;

int onProgress(void *data)
{
    auto *budget = static_cast<Budget *>(data);
    if (++budget->calls <= CallsPerBudget)
        return 0;
    budget->exhausted = true;
    return 1; // interrupts the statement with SQLITE_INTERRUPT
}

Budget *budgetOf(sqlite3 *connection)
{
    QMutexLocker locker(&budgetsLock);
    return budgets.value(connection);
}

// The columns of schema 1 and what the migrations added up to this build; a file may lack
// the later ones only if its schema version says so (the migration adds them).
const QHash<QString, QStringList> &expectedColumns()
{
    static const QHash<QString, QStringList> columns = {
        {QStringLiteral("meta"), {QStringLiteral("key"), QStringLiteral("value")}},
        {QStringLiteral("policy"),
         {QStringLiteral("id"), QStringLiteral("domain"), QStringLiteral("internal_subdomain"),
          QStringLiteral("range_start"), QStringLiteral("range_end"),
          QStringLiteral("block_size")}},
        {QStringLiteral("blocks"),
         {QStringLiteral("id"), QStringLiteral("position"), QStringLiteral("purpose"),
          QStringLiteral("label")}},
        {QStringLiteral("devices"),
         {QStringLiteral("id"), QStringLiteral("position"), QStringLiteral("name"),
          QStringLiteral("ip"), QStringLiteral("description")}},
        {QStringLiteral("services"),
         {QStringLiteral("id"), QStringLiteral("device_id"), QStringLiteral("position"),
          QStringLiteral("name"), QStringLiteral("category"), QStringLiteral("notes"),
          QStringLiteral("has_route"), QStringLiteral("route_host"), QStringLiteral("route_scope"),
          QStringLiteral("route_port")}},
        {QStringLiteral("bindings"),
         {QStringLiteral("id"), QStringLiteral("service_id"), QStringLiteral("position"),
          QStringLiteral("host_first"), QStringLiteral("host_last"), QStringLiteral("host_range"),
          QStringLiteral("container_first"), QStringLiteral("container_last"),
          QStringLiteral("container_range"), QStringLiteral("protocol"),
          QStringLiteral("bind_address"), QStringLiteral("exception_kind"),
          QStringLiteral("notes")}},
    };
    return columns;
}

} // namespace

int SqliteGuard::busyTimeoutMs()
{
    bool ok = false;
    const int configured = qEnvironmentVariableIntValue("PORTOLAN_BUSY_TIMEOUT_MS", &ok);
    return ok && configured >= 0 ? configured : 10000;
}

void SqliteGuard::harden(sqlite3 *connection)
{
    if (!connection)
        return;
    sqlite3_busy_timeout(connection, busyTimeoutMs());
    sqlite3_exec(connection, "PRAGMA trusted_schema = OFF", nullptr, nullptr, nullptr);
    auto *budget = new Budget;
    {
        QMutexLocker locker(&budgetsLock);
        delete budgets.take(connection);
        budgets.insert(connection, budget);
    }
    sqlite3_progress_handler(connection, StepsPerCall, onProgress, budget);
}

void SqliteGuard::resetBudget(sqlite3 *connection)
{
    if (Budget *budget = budgetOf(connection)) {
        budget->calls = 0;
        budget->exhausted = false;
    }
}

bool SqliteGuard::budgetExhausted(sqlite3 *connection)
{
    const Budget *budget = budgetOf(connection);
    return budget && budget->exhausted;
}

void SqliteGuard::release(sqlite3 *connection)
{
    if (!connection)
        return;
    sqlite3_progress_handler(connection, 0, nullptr, nullptr);
    QMutexLocker locker(&budgetsLock);
    delete budgets.take(connection);
}

QString SqliteGuard::schemaProblem(sqlite3 *connection)
{
    const QHash<QString, QStringList> &expected = expectedColumns();
    sqlite3_stmt *statement = nullptr;
    if (sqlite3_prepare_v2(connection,
                           "SELECT type, name, tbl_name FROM sqlite_schema "
                           "WHERE type IN ('table', 'view', 'trigger')",
                           -1, &statement, nullptr) != SQLITE_OK)
        return QString::fromUtf8(sqlite3_errmsg(connection));
    QSet<QString> tables;
    QString problem;
    int rc;
    while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
        const QString type =
            QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(statement, 0)));
        const QString name =
            QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(statement, 1)));
        const QString table =
            QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(statement, 2)));
        const bool ours = expected.contains(name.toLower()) || expected.contains(table.toLower());
        if (type == QLatin1String("table")) {
            tables.insert(name.toLower());
        } else if (ours && problem.isEmpty()) {
            problem = QStringLiteral("%1 \"%2\" on Portolan's table \"%3\"").arg(type, name, table);
        }
    }
    sqlite3_finalize(statement);
    if (rc != SQLITE_DONE)
        return QString::fromUtf8(sqlite3_errmsg(connection));
    if (!problem.isEmpty())
        return problem;
    for (auto it = expected.constBegin(); it != expected.constEnd(); ++it) {
        if (!tables.contains(it.key()))
            return QStringLiteral("no table \"%1\"").arg(it.key());
        const QByteArray sql =
            QStringLiteral("SELECT name FROM pragma_table_info('%1')").arg(it.key()).toUtf8();
        if (sqlite3_prepare_v2(connection, sql.constData(), -1, &statement, nullptr) != SQLITE_OK)
            return QString::fromUtf8(sqlite3_errmsg(connection));
        QSet<QString> columns;
        while (sqlite3_step(statement) == SQLITE_ROW)
            columns.insert(QString::fromUtf8(
                reinterpret_cast<const char *>(sqlite3_column_text(statement, 0))));
        sqlite3_finalize(statement);
        for (const QString &column : it.value()) {
            if (!columns.contains(column))
                return QStringLiteral("table \"%1\" has no column \"%2\"").arg(it.key(), column);
        }
    }
    return QString();
}

} // namespace portolan
