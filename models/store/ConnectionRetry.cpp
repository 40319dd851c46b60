#include "store/ConnectionRetry.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSqlError>
#include <QThread>

#include <algorithm>

namespace portolan {

namespace {
ConnectionRetry::Notice &defaultNotice()
{
    static ConnectionRetry::Notice notice;
    return notice;
}
} // namespace

void ConnectionRetry::setDefaultNotice(const Notice &notice)
{
    defaultNotice() = notice;
}

int ConnectionRetry::boundMs()
{
    bool ok = false;
    const int seconds = qEnvironmentVariableIntValue("PORTOLAN_PG_RETRY_SECONDS", &ok);
    return ok && seconds >= 0 ? seconds * 1000 : 30000;
}

bool ConnectionRetry::isConnectionLoss(const QSqlError &error)
{
    const QString code = error.nativeErrorCode();
    if (code == QLatin1String("57P01") || code == QLatin1String("57P02") ||
        code == QLatin1String("57P03") || code.startsWith(QLatin1String("08")))
        return true;
    return isConnectionLoss(error.databaseText() + u' ' + error.driverText());
}

bool ConnectionRetry::isConnectionLoss(const QString &message)
{
    static const QRegularExpression code(QStringLiteral("\\((57P0[123]|08[0-9A-Z]{3})\\)"));
    if (code.match(message).hasMatch())
        return true;
    // libpq's own words when there is no SQLSTATE: the socket closed, or nobody listens yet.
    // (Not "connection to server at … failed": libpq 15 starts every refusal with it, a missing
    // database or a wrong password included.)
    static const char *const phrases[] = {
        "server closed the connection",
        "no connection to the server",
        "terminating connection",
        "could not connect to server",
        "could not receive data from server",
        "could not send data to server",
        "Connection refused",
        // A server restarting resets a connection it took as it went down (seen in CI: twenty
        // imports reconnecting at once through a restart).
        "Connection reset by peer",
        // libpq asks for SSL first; a server still recovering from a crash answers that with
        // an error of its own (seen in CI, an import killed mid-write).
        "server sent an error response during SSL exchange",
        "the database system is starting up",
        // After a crash, until its recovery is consistent.
        "the database system is not yet accepting connections",
        "the database system is shutting down",
        "the database system is in recovery mode",
        "SSL SYSCALL error",
        "connection not open",
    };
    for (const char *phrase : phrases) {
        if (message.contains(QLatin1String(phrase), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

QString ConnectionRetry::describe(const QSqlError &error)
{
    const QString database = error.databaseText().trimmed();
    QString text = (database.isEmpty() ? error.driverText() : database).simplified();
    const QString code = error.nativeErrorCode();
    if (!code.isEmpty() && !text.contains(code))
        text += QStringLiteral(" (%1)").arg(code);
    return text;
}

bool ConnectionRetry::run(const QString &server, const QString &what, const Attempt &attempt,
                          const Notice &notice, QString *why)
{
    QElapsedTimer clock;
    clock.start();
    const int bound = boundMs();
    int delay = 100;
    qint64 lastSaid = 0;
    for (int tries = 1;; ++tries) {
        bool transient = false;
        QString reason;
        if (attempt(&transient, &reason))
            return true;
        if (!transient) {
            *why = reason;
            return false;
        }
        if (clock.elapsed() >= bound) {
            *why = QCoreApplication::translate(
                       "portolan::ConnectionRetry",
                       "%1: gave up after %2 s and %3 tries (PORTOLAN_PG_RETRY_SECONDS sets how "
                       "long): %4")
                       .arg(server)
                       .arg(clock.elapsed() / 1000.0, 0, 'f', 1)
                       .arg(tries)
                       .arg(reason);
            return false;
        }
        // Said on the first retry, then every five seconds: not a line per try.
        const Notice &tell = notice ? notice : defaultNotice();
        const bool sayIt = tries == 1 || clock.elapsed() - lastSaid >= 5000;
        if (sayIt)
            lastSaid = clock.elapsed();
        if (tell && sayIt)
            tell(QCoreApplication::translate("portolan::ConnectionRetry",
                                             "%1: lost the connection (%2); connecting again "
                                             "and running %3 again (try %4)")
                     .arg(server, reason, what)
                     .arg(tries + 1));
        // The last try falls at the bound itself.
        QThread::msleep(std::min<qint64>(delay, std::max<qint64>(1, bound - clock.elapsed())));
        delay = std::min(delay * 2, 1000);
    }
}

} // namespace portolan
