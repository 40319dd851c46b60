#include "store/SqliteRowCursor.h"

#include "store/SqliteGuard.h"

#include <QFile>

#include <sqlite3.h>

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
    m_recentText.assign(std::size_t(sqlite3_column_count(m_statement)) * RecentPerColumn,
                        RecentText());
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
    const std::size_t hash = std::size_t(size) * 31 +
                             std::size_t(static_cast<unsigned char>(bytes[0])) * 7 +
                             std::size_t(static_cast<unsigned char>(bytes[size - 1]));
    RecentText &recent =
        m_recentText[std::size_t(column) * RecentPerColumn + hash % RecentPerColumn];
    const std::string_view value(bytes, std::size_t(size));
    if (!recent.text.isNull() && recent.bytes == value)
        return recent.text;
    bool ascii = true;
    for (int i = 0; i < size && ascii; ++i)
        ascii = static_cast<unsigned char>(bytes[i]) < 0x80;
    recent.text = ascii ? QString::fromLatin1(bytes, size) : QString::fromUtf8(bytes, size);
    recent.bytes.assign(value);
    return recent.text;
}

} // namespace portolan
