#include "store/SqliteRowCursor.h"

#include "store/SqliteGuard.h"

#include <QFile>

#include <sqlite3.h>

#include <algorithm>
#include <cstring>

namespace portolan {

std::unique_ptr<SqliteRowCursor> SqliteRowCursor::open(const QString &path, Error *error,
                                                       bool waitWhenBusy)
{
    sqlite3 *connection = nullptr;
    const int rc = sqlite3_open_v2(QFile::encodeName(path).constData(), &connection,
                                   SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        if (error)
            *error = Error::fromText(
                QString::fromUtf8(connection ? sqlite3_errmsg(connection) : sqlite3_errstr(rc)));
        sqlite3_close(connection);
        return nullptr;
    }
    SqliteGuard::harden(connection);
    if (!waitWhenBusy)
        sqlite3_busy_timeout(connection, 0);
    std::unique_ptr<SqliteRowCursor> cursor(new SqliteRowCursor(connection));
    // One snapshot for all the statements, as a single read transaction.
    if (!cursor->exec(QStringLiteral("BEGIN")) || cursor->next()) {
        if (error)
            *error = Error::fromText(cursor->errorText());
        return nullptr;
    }
    return cursor;
}

SqliteRowCursor::SqliteRowCursor(sqlite3 *connection)
    : m_connection(connection)
{}

SqliteRowCursor::~SqliteRowCursor()
{
    finalize();
    // Read only: ending the transaction just releases the snapshot.
    sqlite3_exec(m_connection, "COMMIT", nullptr, nullptr, nullptr);
    SqliteGuard::release(m_connection);
    sqlite3_close(m_connection);
}

void SqliteRowCursor::finalize()
{
    sqlite3_finalize(m_statement);
    m_statement = nullptr;
}

bool SqliteRowCursor::failed()
{
    m_error = SqliteGuard::budgetExhausted(m_connection)
                  ? QStringLiteral("reading took more work than any registry needs; not a "
                                   "Portolan database as Portolan writes them")
                  : QString::fromUtf8(sqlite3_errmsg(m_connection));
    return false;
}

bool SqliteRowCursor::exec(const QString &sql)
{
    finalize();
    m_error.clear();
    const QByteArray utf8 = sql.toUtf8();
    if (sqlite3_prepare_v2(m_connection, utf8.constData(), int(utf8.size()), &m_statement,
                           nullptr) != SQLITE_OK)
        return failed();
    m_recentText = RecentTexts(std::size_t(sqlite3_column_count(m_statement)));
    return true;
}

bool SqliteRowCursor::next()
{
    if (!m_statement)
        return false;
    const int rc = sqlite3_step(m_statement);
    if (rc == SQLITE_ROW)
        return true;
    if (rc != SQLITE_DONE)
        failed();
    finalize();
    return false;
}

bool SqliteRowCursor::isNull(int column)
{
    return sqlite3_column_type(m_statement, column) == SQLITE_NULL;
}

qint64 SqliteRowCursor::integer(int column)
{
    return sqlite3_column_int64(m_statement, column);
}

QString SqliteRowCursor::text(int column)
{
    const auto *bytes = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
    if (!bytes)
        return QString();
    const int size = sqlite3_column_bytes(m_statement, column);
    // Empty, not null: the same as Qt Sql reads an empty TEXT.
    if (size == 0)
        return QStringLiteral("");
    return m_recentText.text(
        std::size_t(column), std::string_view(bytes, std::size_t(size)),
        [](std::string_view value) {
            const bool ascii = std::all_of(value.cbegin(), value.cend(), [](char c) {
                return static_cast<unsigned char>(c) < 0x80;
            });
            return ascii ? QString::fromLatin1(value.data(), qsizetype(value.size()))
                         : QString::fromUtf8(value.data(), qsizetype(value.size()));
        });
}

} // namespace portolan
