#pragma once

#include "domain/Error.h"
#include "domain/RecentTexts.h"
#include "store/RowCursor.h"

#include <memory>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace portolan {

// RowCursor on a read-only connection of its own through SQLite's C API, inside one read
// transaction (one snapshot for every statement). QSqlQuery turns every column of every row
// into a QVariant, and SQLite converts text to UTF-16 for it; reading a 100k-binding file that
// way took twice as long as parsing its YAML form. Here integers stay integers, text is decoded
// once, and a column repeating the previous row's text (protocol, category, bind address)
// shares that QString instead of allocating a new one.
class SqliteRowCursor final : public RowCursor
{
public:
    // Null, with *error set, when the file cannot be opened or read. Without waitWhenBusy, a
    // statement that meets a writer's lock fails at once instead of waiting.
    static std::unique_ptr<SqliteRowCursor> open(const QString &path, Error *error,
                                                 bool waitWhenBusy = true);
    ~SqliteRowCursor() override;
    SqliteRowCursor(const SqliteRowCursor &) = delete;
    SqliteRowCursor &operator=(const SqliteRowCursor &) = delete;

    bool exec(const QString &sql) override;
    bool next() override;
    bool isNull(int column) override;
    qint64 integer(int column) override;
    QString text(int column) override;
    QString errorText() const override { return m_error; }

private:
    explicit SqliteRowCursor(sqlite3 *connection);
    void finalize();
    bool failed();

    sqlite3 *m_connection = nullptr;
    sqlite3_stmt *m_statement = nullptr;
    RecentTexts m_recentText; // per column, shared by the rows that repeat one
    QString m_error;
};

} // namespace portolan
