#include "formats/compose/TraefikRule.h"

#include <QCoreApplication>

namespace portolan {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("portolan::TraefikRule", text);
}

// Recursive descent over: or := and ('||' and)*; and := unary ('&&' unary)*;
// unary := '!' unary | '(' or ')' | NAME '(' string (',' string)* ')'.
class Parser
{
public:
    Parser(const QString &text, QVector<TraefikRule::Matcher> &matchers, bool &hasOr)
        : m_text(text)
        , m_matchers(matchers)
        , m_hasOr(hasOr)
    {}

    bool parse(Error *error)
    {
        bool ok = parseOr(false);
        skipSpace();
        if (ok && m_at != m_text.size())
            ok = fail(tr("unexpected %1"));
        if (!ok)
            *error = Error::fromText(m_error);
        return ok;
    }

private:
    bool fail(const QString &message)
    {
        if (m_error.isEmpty()) {
            const QString near = m_at < m_text.size()
                                     ? QStringLiteral("\"%1\"").arg(m_text.mid(m_at, 12))
                                     : tr("the end");
            m_error = message.contains(QLatin1String("%1")) ? message.arg(near) : message;
            m_error += tr(" at character %1").arg(m_at + 1);
        }
        return false;
    }

    void skipSpace()
    {
        while (m_at < m_text.size() && m_text[m_at].isSpace())
            ++m_at;
    }

    bool take(QStringView token)
    {
        skipSpace();
        if (QStringView(m_text).mid(m_at).startsWith(token)) {
            m_at += token.size();
            return true;
        }
        return false;
    }

    bool parseOr(bool negated)
    {
        if (!parseAnd(negated))
            return false;
        while (take(u"||")) {
            m_hasOr = true;
            if (!parseAnd(negated))
                return false;
        }
        return true;
    }

    bool parseAnd(bool negated)
    {
        if (!parseUnary(negated))
            return false;
        while (take(u"&&")) {
            if (!parseUnary(negated))
                return false;
        }
        return true;
    }

    bool parseUnary(bool negated)
    {
        if (++m_depth > 64)
            return fail(tr("the rule nests too deep"));
        bool ok;
        if (take(u"!"))
            ok = parseUnary(!negated);
        else if (take(u"("))
            ok = parseOr(negated) && (take(u")") || fail(tr("expected ) instead of %1")));
        else
            ok = parseMatcher(negated);
        --m_depth;
        return ok;
    }

    bool parseMatcher(bool negated)
    {
        skipSpace();
        const qsizetype start = m_at;
        while (m_at < m_text.size() && (m_text[m_at].isLetterOrNumber() || m_text[m_at] == u'_'))
            ++m_at;
        TraefikRule::Matcher matcher;
        matcher.name = m_text.mid(start, m_at - start);
        matcher.negated = negated;
        if (matcher.name.isEmpty())
            return fail(tr("expected a matcher such as Host(`name`) instead of %1"));
        if (!take(u"("))
            return fail(tr("expected ( after %1").arg(matcher.name));
        do {
            QString value;
            if (!parseString(&value))
                return false;
            matcher.arguments << value;
        } while (take(u","));
        if (!take(u")"))
            return fail(tr("expected , or ) instead of %1"));
        m_matchers.append(matcher);
        return true;
    }

    bool parseString(QString *value)
    {
        skipSpace();
        if (m_at >= m_text.size())
            return fail(tr("expected a string in backticks or quotes"));
        const QChar open = m_text[m_at];
        if (open == u'`') {
            const qsizetype close = m_text.indexOf(u'`', m_at + 1);
            if (close < 0)
                return fail(tr("a string in backticks is not closed"));
            *value = m_text.mid(m_at + 1, close - m_at - 1);
            m_at = close + 1;
            return true;
        }
        if (open != u'"')
            return fail(tr("expected a string in backticks or quotes instead of %1"));
        ++m_at;
        QString out;
        while (m_at < m_text.size() && m_text[m_at] != u'"') {
            QChar c = m_text[m_at++];
            if (c != u'\\') {
                out += c;
                continue;
            }
            if (m_at >= m_text.size())
                break;
            const QChar escape = m_text[m_at++];
            if (const std::optional<QChar> simple = TraefikRule::goEscape(escape)) {
                out += *simple;
                continue;
            }
            switch (escape.unicode()) {
            case u'u': {
                bool ok = false;
                const uint code = m_text.mid(m_at, 4).toUInt(&ok, 16);
                if (!ok || m_at + 4 > m_text.size())
                    return fail(tr("a \\u escape needs four hex digits"));
                out += QChar(char16_t(code));
                m_at += 4;
                break;
            }
            default:
                return fail(tr("unknown escape \\%1 in a quoted string").arg(escape));
            }
        }
        if (m_at >= m_text.size())
            return fail(tr("a quoted string is not closed"));
        ++m_at;
        *value = out;
        return true;
    }

    const QString &m_text;
    QVector<TraefikRule::Matcher> &m_matchers;
    bool &m_hasOr;
    qsizetype m_at = 0;
    int m_depth = 0;
    QString m_error;
};

} // namespace

std::optional<TraefikRule> TraefikRule::parse(const QString &text, Error *error)
{
    TraefikRule rule;
    Parser parser(text, rule.m_matchers, rule.m_hasOr);
    if (!parser.parse(error))
        return std::nullopt;
    return rule;
}

QStringList TraefikRule::hosts() const
{
    QStringList result;
    for (const Matcher &matcher : m_matchers) {
        if (!matcher.negated &&
            matcher.name.compare(QLatin1String("Host"), Qt::CaseInsensitive) == 0)
            result += matcher.arguments;
    }
    return result;
}

QStringList TraefikRule::otherParts() const
{
    QStringList result;
    for (const Matcher &matcher : m_matchers) {
        if (!matcher.negated &&
            matcher.name.compare(QLatin1String("Host"), Qt::CaseInsensitive) == 0)
            continue;
        QStringList arguments;
        for (const QString &argument : matcher.arguments)
            arguments << quoted(argument);
        result << (matcher.negated ? QStringLiteral("!") : QString()) + matcher.name + u'(' +
                      arguments.join(QStringLiteral(", ")) + u')';
    }
    return result;
}

std::optional<QChar> TraefikRule::goEscape(QChar escape)
{
    switch (escape.unicode()) {
    case u'n':
        return QChar(u'\n');
    case u't':
        return QChar(u'\t');
    case u'r':
        return QChar(u'\r');
    case u'a':
        return QChar(7);
    case u'b':
        return QChar(8);
    case u'f':
        return QChar(12);
    case u'v':
        return QChar(11);
    case u'\\':
    case u'"':
        return escape;
    default:
        return std::nullopt;
    }
}

QString TraefikRule::quoted(const QString &value)
{
    bool plain = true;
    for (QChar c : value) {
        if (c == u'`' || c.unicode() < 0x20 || c.unicode() == 0x7F) {
            plain = false;
            break;
        }
    }
    if (plain)
        return u'`' + value + u'`';
    QString out = QStringLiteral("\"");
    for (QChar c : value) {
        if (c == u'"' || c == u'\\')
            out += u'\\' + QString(c);
        else if (c.unicode() < 0x20 || c.unicode() == 0x7F)
            out += QStringLiteral("\\u%1").arg(uint(c.unicode()), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out + u'"';
}

QString TraefikRule::identifier(const QString &name)
{
    QString out;
    out.reserve(name.size());
    for (const QChar c : name.toLower()) {
        const char16_t u = c.unicode();
        const bool kept = (u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9') || u == u'-';
        out += kept ? c : QChar(u'-');
    }
    return out;
}

} // namespace portolan
