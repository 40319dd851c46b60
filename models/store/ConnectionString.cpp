#include "store/ConnectionString.h"

#include <QUrl>
#include <QUrlQuery>

namespace portolan {

// libpq's connection keywords: a "key=value …" string made only of these is a conninfo, not
// a file name that happens to hold an "=".
const QStringList &ConnectionString::keywords()
{
    static const QStringList keywords{QStringLiteral("host"),
                                      QStringLiteral("hostaddr"),
                                      QStringLiteral("port"),
                                      QStringLiteral("dbname"),
                                      QStringLiteral("user"),
                                      QStringLiteral("password"),
                                      QStringLiteral("passfile"),
                                      QStringLiteral("service"),
                                      QStringLiteral("sslmode"),
                                      QStringLiteral("sslrootcert"),
                                      QStringLiteral("sslcert"),
                                      QStringLiteral("sslkey"),
                                      QStringLiteral("connect_timeout"),
                                      QStringLiteral("application_name"),
                                      QStringLiteral("options"),
                                      QStringLiteral("target_session_attrs"),
                                      QStringLiteral("gssencmode"),
                                      QStringLiteral("channel_binding"),
                                      QStringLiteral("keepalives"),
                                      QStringLiteral("keepalives_idle")};
    return keywords;
}

// "key=value key='a value'" into pairs (quotes and backslashes as libpq reads them).
QList<QPair<QString, QString>> ConnectionString::conninfo(const QString &text, bool *ok)
{
    QList<QPair<QString, QString>> pairs;
    *ok = false;
    int i = 0;
    const int n = int(text.size());
    while (true) {
        while (i < n && text[i].isSpace())
            ++i;
        if (i >= n)
            break;
        const int keyStart = i;
        while (i < n && text[i] != u'=' && !text[i].isSpace())
            ++i;
        const QString key = text.mid(keyStart, i - keyStart);
        while (i < n && text[i].isSpace())
            ++i;
        if (i >= n || text[i] != u'=' || !keywords().contains(key))
            return {};
        ++i;
        while (i < n && text[i].isSpace())
            ++i;
        QString value;
        if (i < n && text[i] == u'\'') {
            ++i;
            while (i < n && text[i] != u'\'') {
                if (text[i] == u'\\' && i + 1 < n)
                    ++i;
                value += text[i++];
            }
            if (i >= n)
                return {};
            ++i;
        } else {
            while (i < n && !text[i].isSpace()) {
                if (text[i] == u'\\' && i + 1 < n)
                    ++i;
                value += text[i++];
            }
        }
        pairs.append({key, value});
    }
    *ok = !pairs.isEmpty();
    return pairs;
}

// A value as libpq wants it inside a conninfo: quoted, with quotes and backslashes escaped.
QString ConnectionString::quoted(const QString &value)
{
    QString escaped = value;
    escaped.replace(u'\\', QStringLiteral("\\\\")).replace(u'\'', QStringLiteral("\\'"));
    return u'\'' + escaped + u'\'';
}

bool ConnectionString::isDatabase(const QString &text)
{
    if (text.startsWith(QLatin1String("postgresql:")) ||
        text.startsWith(QLatin1String("postgres:")))
        return true;
    bool ok = false;
    conninfo(text, &ok);
    return ok;
}

QString ConnectionString::displayName(const QString &text)
{
    if (text.startsWith(QLatin1String("postgresql:")) ||
        text.startsWith(QLatin1String("postgres:"))) {
        QUrl url(text);
        QUrlQuery query(url);
        query.removeAllQueryItems(QStringLiteral("password"));
        url.setQuery(query);
        return url.toString(QUrl::RemovePassword);
    }
    bool ok = false;
    const auto pairs = conninfo(text, &ok);
    if (!ok)
        return text;
    QStringList shown;
    for (const auto &[key, value] : pairs) {
        if (key != QLatin1String("password"))
            shown << key + u'=' + (value.contains(u' ') ? quoted(value) : value);
    }
    return shown.join(u' ');
}

} // namespace portolan
