#include "store/QtSqlRowCursor.h"

#include <QSqlError>
#include <QVariant>

namespace portolan {

QtSqlRowCursor::QtSqlRowCursor(const QSqlDatabase &database)
    : m_query(database)
{
    m_query.setForwardOnly(true);
}

bool QtSqlRowCursor::exec(const QString &sql)
{
    return m_query.exec(sql);
}

bool QtSqlRowCursor::next()
{
    return m_query.next();
}

bool QtSqlRowCursor::isNull(int column)
{
    return m_query.isNull(column);
}

qint64 QtSqlRowCursor::integer(int column)
{
    return m_query.value(column).toLongLong();
}

QString QtSqlRowCursor::text(int column)
{
    return m_query.value(column).toString();
}

QString QtSqlRowCursor::errorText() const
{
    const QSqlError error = m_query.lastError();
    return error.isValid() ? error.text() : QString();
}

} // namespace portolan
