#pragma once

#include <QString>

namespace portolan {

// One forward pass over the rows of a SELECT, columns by index: what Store::load needs, and no
// more, so the same loading code runs on Qt Sql (PostgreSQL, and SQLite inside a batch) and on
// SQLite's C API (the fast path for .portolan files).
class RowCursor
{
public:
    virtual ~RowCursor() = default;

    // Runs a statement; false on failure, with errorText() saying why.
    virtual bool exec(const QString &sql) = 0;
    // The next row; false at the end or on failure (then errorText() is not empty).
    virtual bool next() = 0;
    virtual bool isNull(int column) = 0;
    virtual qint64 integer(int column) = 0;
    // NULL reads as a null QString.
    virtual QString text(int column) = 0;
    virtual QString errorText() const = 0;
};

} // namespace portolan
