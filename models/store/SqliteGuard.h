#pragma once

#include <QString>

struct sqlite3;

namespace portolan {

// What every SQLite connection to a .portolan file gets, read-only ones too: a busy timeout,
// so a reader waits for a writer's commit instead of failing with "database is locked";
// trusted_schema off, so a crafted file cannot run functions from its schema; and a bound on
// the work one load or transaction may do, so a crafted file (a recursive view, a trigger
// storm) ends with an error instead of hanging and filling the disk with temporary data.
class SqliteGuard
{
public:
    // The busy timeout in milliseconds: PORTOLAN_BUSY_TIMEOUT_MS, else 10 seconds.
    static int busyTimeoutMs();

    // Installs the above on a connection; the work budget starts full.
    static void harden(sqlite3 *connection);
    // Refills the budget (at the start of a load or a transaction).
    static void resetBudget(sqlite3 *connection);
    // The last statement was stopped by the budget, not by a real error.
    static bool budgetExhausted(sqlite3 *connection);
    static void release(sqlite3 *connection);

    // Portolan's tables must be plain tables with the columns this build knows (later
    // migrations only add columns), with no view or trigger under their names or on them.
    // Returns an empty string when the schema is one Portolan wrote, else what is wrong.
    static QString schemaProblem(sqlite3 *connection);
};

} // namespace portolan
