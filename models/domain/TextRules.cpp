#include "domain/TextRules.h"

#include <QCoreApplication>

namespace portolan::TextRules {

namespace {

enum class Kind
{
    Allowed,
    Control,
    LineBreak,
    Bidi
};

Kind kindOf(char16_t u)
{
    if (u == u'\n' || u == u'\r' || u == 0x85 || u == 0x2028 || u == 0x2029)
        return Kind::LineBreak;
    if (u < 0x20 || u == 0x7F || (u >= 0x80 && u <= 0x9F))
        return Kind::Control;
    if ((u >= 0x202A && u <= 0x202E) || (u >= 0x2066 && u <= 0x2069))
        return Kind::Bidi;
    return Kind::Allowed;
}

} // namespace

std::optional<qsizetype> firstForbidden(QStringView text)
{
    const char16_t *units = text.utf16();
    for (qsizetype i = 0; i < text.size(); ++i) {
        // Printable ASCII, nearly every character of a registry, by one comparison: every
        // line of a large document goes through here.
        if (char16_t(units[i] - 0x20) < 0x5F)
            continue;
        if (kindOf(units[i]) != Kind::Allowed)
            return i;
    }
    return std::nullopt;
}

QString describeCharacter(QChar c)
{
    const char16_t u = c.unicode();
    const QString point =
        QStringLiteral("U+%1").arg(QString::number(uint(u), 16).toUpper(), 4, QLatin1Char('0'));
    switch (kindOf(u)) {
    case Kind::LineBreak:
        return QCoreApplication::translate("portolan::TextRules", "a line break (%1)").arg(point);
    case Kind::Control:
        return QCoreApplication::translate("portolan::TextRules", "a control character (%1)")
            .arg(point);
    case Kind::Bidi:
        return QCoreApplication::translate("portolan::TextRules", "a bidirectional override (%1)")
            .arg(point);
    case Kind::Allowed:
        break;
    }
    return point;
}

QString oneLineProblem(const QString &field, const QString &text)
{
    const std::optional<qsizetype> at = firstForbidden(text);
    if (!at)
        return QString();
    return QCoreApplication::translate("portolan::TextRules",
                                       "%1 holds %2 at character %3; free text is one line")
        .arg(field, describeCharacter(text[*at]))
        .arg(*at + 1);
}

QString forTerminal(const QString &text)
{
    if (!firstForbidden(text))
        return text;
    QString out;
    out.reserve(text.size() + 8);
    for (QChar c : text) {
        const char16_t u = c.unicode();
        if (kindOf(u) == Kind::Allowed) {
            out += c;
        } else if (u < 0x100) {
            out += QStringLiteral("\\x%1").arg(uint(u), 2, 16, QLatin1Char('0'));
        } else {
            out += QStringLiteral("\\u%1").arg(uint(u), 4, 16, QLatin1Char('0'));
        }
    }
    return out;
}

QString forHtml(const QString &text)
{
    QString out = text;
    out.replace(u'&', QStringLiteral("&amp;"));
    out.replace(u'<', QStringLiteral("&lt;"));
    return out;
}

} // namespace portolan::TextRules
