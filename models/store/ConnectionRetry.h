#pragma once

#include <QString>

#include <functional>

class QSqlError;

namespace portolan {

// A lost connection to a PostgreSQL server is routine (a restart for an upgrade, a backup tool,
// a container update): a command whose transaction failed because of it connects again and runs
// the whole transaction again, for a bounded time, instead of failing. Each attempt re-reads
// what it changes, so a transaction whose COMMIT went through before the connection dropped
// finds its change already there and writes nothing twice.
class ConnectionRetry
{
public:
    // How long to keep trying: PORTOLAN_PG_RETRY_SECONDS, else 30 seconds (0: never retry).
    static int boundMs();
    // The server went away or is not accepting connections yet: 57P01 (admin shutdown), 57P02
    // (crash shutdown), 57P03 (cannot connect now), class 08 (connection exception), or libpq's
    // words for a closed socket or a refused connection.
    static bool isConnectionLoss(const QSqlError &error);
    static bool isConnectionLoss(const QString &message);
    // The SQLSTATE beside the server's words, "… (57P01)", so that text alone can be judged.
    static QString describe(const QSqlError &error);

    // One try: true when done; on failure *transient says whether trying again may succeed and
    // *why is the error.
    using Attempt = std::function<bool(bool *transient, QString *why)>;
    // Told before each new try ("lost the connection …; running it again").
    using Notice = std::function<void(const QString &message)>;
    // Runs attempt until it succeeds, fails for good, or the bound passes (then *why says so,
    // naming the server and the last reason).
    static bool run(const QString &server, const QString &what, const Attempt &attempt,
                    const Notice &notice, QString *why);
    // Where run() tells of a retry when its caller gave no notice (the CLI: standard error).
    static void setDefaultNotice(const Notice &notice);
};

} // namespace portolan
