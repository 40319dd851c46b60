#include "domain/IpAddress.h"

#include <QHostAddress>
#include <QStringList>

namespace portolan {

namespace {

bool isStrictIpv4(QStringView text)
{
    int fields = 0;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= text.size(); ++i) {
        if (i < text.size() && text[i] != u'.') {
            if (text[i] < u'0' || text[i] > u'9' || i - start >= 3)
                return false;
            continue;
        }
        const QStringView field = text.mid(start, i - start);
        if (field.isEmpty() || (field.size() > 1 && field[0] == u'0') || field.toInt() > 255)
            return false;
        ++fields;
        start = i + 1;
    }
    return fields == 4;
}

} // namespace

bool IpAddress::isValid(const QString &text)
{
    if (text.isEmpty())
        return false;
    if (!text.contains(u':'))
        return isStrictIpv4(text);
    for (QChar c : text) {
        const char16_t u = c.unicode();
        const bool hex =
            (u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f') || (u >= u'A' && u <= u'F');
        if (!hex && u != u':' && u != u'.')
            return false; // a zone (%eth0), brackets, blanks
    }
    if (text.contains(u'.') && !isStrictIpv4(QStringView(text).mid(text.lastIndexOf(u':') + 1)))
        return false;
    QHostAddress address;
    return address.setAddress(text) && address.protocol() == QAbstractSocket::IPv6Protocol;
}

} // namespace portolan
