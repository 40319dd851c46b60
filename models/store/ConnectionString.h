#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace portolan {

// A PostgreSQL database named as libpq names it: a postgresql:// URL (every part optional)
// or a "key=value" conninfo string ("service=homelab"), told apart from a file name, and
// shown without its password.
class ConnectionString
{
public:
    static bool isDatabase(const QString &text);
    // For titles, messages and headers: the URL or the conninfo without any password.
    static QString displayName(const QString &text);
    // libpq's connection keywords (only these make a "key=value" string a conninfo).
    static const QStringList &keywords();
    // "key=value key='a value'" as pairs; *ok false when it is not a conninfo.
    static QList<QPair<QString, QString>> conninfo(const QString &text, bool *ok);
    // A value quoted for a conninfo (quotes and backslashes escaped).
    static QString quoted(const QString &value);
};

} // namespace portolan
