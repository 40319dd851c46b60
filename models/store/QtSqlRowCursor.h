#pragma once

#include "store/RowCursor.h"

#include <QSqlDatabase>
#include <QSqlQuery>

namespace portolan {

// RowCursor over a forward-only QSqlQuery: any Qt Sql driver.
class QtSqlRowCursor final : public RowCursor
{
public:
    explicit QtSqlRowCursor(const QSqlDatabase &database);

    bool exec(const QString &sql) override;
    bool next() override;
    bool isNull(int column) override;
    qint64 integer(int column) override;
    QString text(int column) override;
    QString errorText() const override;

private:
    QSqlQuery m_query;
};

} // namespace portolan
