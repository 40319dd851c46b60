#include "formats/compose/ComposeVariables.h"

#include "formats/compose/TraefikRule.h"

#include <QStringList>

namespace portolan {

namespace {

bool isNameStart(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || u == u'_';
}

bool isNameChar(QChar c)
{
    return isNameStart(c) || (c.unicode() >= u'0' && c.unicode() <= u'9');
}

// The index of the `}` that closes the `${` whose body starts at `from`, nested ${...} skipped.
qsizetype closingBrace(const QString &text, qsizetype from)
{
    int depth = 0;
    for (qsizetype i = from; i < text.size(); ++i) {
        if (text[i] == u'$' && i + 1 < text.size() && text[i + 1] == u'$') {
            ++i;
        } else if (text[i] == u'$' && i + 1 < text.size() && text[i + 1] == u'{') {
            ++depth;
            ++i;
        } else if (text[i] == u'}') {
            if (depth == 0)
                return i;
            --depth;
        }
    }
    return -1;
}

QString invalid(const QString &text)
{
    return QStringLiteral("invalid interpolation format for \"%1\": you may need to escape any $ "
                          "with another $")
        .arg(text);
}

} // namespace

std::optional<QString> ComposeVariables::substitute(const QString &text, const Lookup &lookup,
                                                    QString *error, int depth)
{
    // ${A:-${A:-...}} nested 20,000 deep ran the stack out; Compose itself nests a few levels.
    if (depth > MaxNesting) {
        *error = QStringLiteral("variables nest more than %1 deep in \"%2…\"")
                     .arg(MaxNesting)
                     .arg(text.left(40));
        return std::nullopt;
    }
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c != u'$') {
            out += c;
            continue;
        }
        if (i + 1 >= text.size()) {
            *error = invalid(text);
            return std::nullopt;
        }
        const QChar next = text[i + 1];
        if (next == u'$') {
            out += u'$';
            ++i;
            continue;
        }
        if (isNameStart(next)) {
            qsizetype end = i + 1;
            while (end < text.size() && isNameChar(text[end]))
                ++end;
            out += lookup(text.mid(i + 1, end - i - 1)).value_or(QString());
            i = end - 1;
            continue;
        }
        if (next != u'{') {
            *error = invalid(text);
            return std::nullopt;
        }
        const qsizetype close = closingBrace(text, i + 2);
        if (close < 0) {
            *error = invalid(text);
            return std::nullopt;
        }
        const QString body = text.mid(i + 2, close - i - 2);
        qsizetype nameEnd = 0;
        if (body.isEmpty() || !isNameStart(body[0])) {
            *error = invalid(text);
            return std::nullopt;
        }
        while (nameEnd < body.size() && isNameChar(body[nameEnd]))
            ++nameEnd;
        const QString name = body.left(nameEnd);
        QString modifier;
        if (nameEnd < body.size()) {
            const bool colon = body[nameEnd] == u':';
            const qsizetype at = nameEnd + (colon ? 1 : 0);
            if (at >= body.size() || (body[at] != u'-' && body[at] != u'+' && body[at] != u'?')) {
                *error = invalid(text);
                return std::nullopt;
            }
            modifier = body.mid(nameEnd, at - nameEnd + 1);
        }
        const QString rawArgument = body.mid(nameEnd + modifier.size());
        const std::optional<QString> value = lookup(name);
        const bool set = value.has_value();
        const bool setAndNonEmpty = set && !value->isEmpty();
        auto argument = [&]() {
            return substitute(rawArgument, lookup, error, depth + 1);
        };
        std::optional<QString> piece;
        if (modifier.isEmpty()) {
            piece = value.value_or(QString());
        } else if (modifier == QLatin1String(":-") || modifier == QLatin1String("-")) {
            const bool use = modifier.size() == 2 ? setAndNonEmpty : set;
            piece = use ? std::optional<QString>(*value) : argument();
        } else if (modifier == QLatin1String(":+") || modifier == QLatin1String("+")) {
            const bool use = modifier.size() == 2 ? setAndNonEmpty : set;
            piece = use ? argument() : std::optional<QString>(QString());
        } else {
            const bool present = modifier.size() == 2 ? setAndNonEmpty : set;
            if (!present) {
                const std::optional<QString> message = argument();
                if (!message)
                    return std::nullopt;
                *error = QStringLiteral("required variable %1 is missing a value%2")
                             .arg(name,
                                  message->isEmpty() ? QString() : QStringLiteral(": ") + *message);
                return std::nullopt;
            }
            piece = *value;
        }
        if (!piece)
            return std::nullopt;
        out += *piece;
        i = close;
    }
    return out;
}

namespace {

// Go's escapes inside "double quotes"; \$ stays a literal dollar for the substitution after.
QString expandEscapes(const QString &text)
{
    QString out;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] != u'\\' || i + 1 >= text.size()) {
            out += text[i];
            continue;
        }
        const QChar e = text[++i];
        if (e == u'$')
            out += QStringLiteral("$$"); // a literal dollar for the substitution after
        else if (const std::optional<QChar> simple = TraefikRule::goEscape(e))
            out += *simple;
        else
            out += u'\\' + QString(e);
    }
    return out;
}

bool isBlank(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\r' || c == u'\v' || c == u'\f';
}

} // namespace

namespace {

// The index of the quote that closes the one at `open` (backslash escapes skipped), or the
// text's size when none does; *lines counts the line breaks inside.
qsizetype closingQuote(const QString &text, qsizetype open, int *lines)
{
    const QChar quote = text[open];
    bool escaped = false;
    qsizetype j = open + 1;
    for (; j < text.size(); ++j) {
        const QChar c = text[j];
        if (c == u'\n')
            ++*lines;
        if (escaped) {
            escaped = false;
            continue;
        }
        if (c == u'\\') {
            escaped = true;
            continue;
        }
        if (c == quote)
            break;
    }
    return j;
}

} // namespace

bool ComposeVariables::parseEnvFile(const QByteArray &data, const QString &displayName,
                                    const Lookup &outer, QHash<QString, QString> *variables,
                                    Error *error)
{
    QString text = QString::fromUtf8(data);
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    if (text.startsWith(QChar(0xfeff)))
        text.remove(0, 1);
    const Lookup lookup = [&](const QString &name) -> std::optional<QString> {
        if (std::optional<QString> value = outer ? outer(name) : std::nullopt)
            return value;
        const auto it = variables->constFind(name);
        return it == variables->constEnd() ? std::nullopt : std::optional<QString>(*it);
    };
    auto fail = [&](int line, int column, const QString &message) {
        *error = {{displayName, line, column}, message};
        return false;
    };

    int line = 1;
    qsizetype i = 0;
    while (i < text.size()) {
        // Blank lines, indentation and whole-line comments.
        if (isBlank(text[i])) {
            ++i;
            continue;
        }
        if (text[i] == u'\n') {
            ++line;
            ++i;
            continue;
        }
        if (text[i] == u'#') {
            while (i < text.size() && text[i] != u'\n')
                ++i;
            continue;
        }
        const qsizetype lineStart = text.lastIndexOf(u'\n', i - 1) + 1;
        if (text.mid(i, 6) == QLatin1String("export") && i + 6 < text.size() &&
            isBlank(text[i + 6])) {
            i += 6;
            while (i < text.size() && isBlank(text[i]))
                ++i;
        }
        // The name: [A-Za-z0-9_.-[\]], up to `=`, `:` or the end of the line.
        const qsizetype nameStart = i;
        QChar separator;
        while (i < text.size()) {
            const QChar c = text[i];
            if (c == u'=' || c == u':' || c == u'\n') {
                separator = c;
                break;
            }
            if (!(c.isLetterOrNumber() || c == u'_' || c == u'.' || c == u'-' || c == u'[' ||
                  c == u']' || isBlank(c)))
                return fail(line, int(i - lineStart) + 1,
                            QStringLiteral("unexpected character \"%1\" in variable name").arg(c));
            ++i;
        }
        const QString name = text.mid(nameStart, i - nameStart).trimmed();
        if (name.isEmpty())
            return fail(line, int(nameStart - lineStart) + 1,
                        QStringLiteral("expected VARIABLE=value"));
        if (separator.isNull() || separator == u'\n') {
            // A bare name: the value comes from the environment, if it has one.
            if (const std::optional<QString> value = outer ? outer(name) : std::nullopt)
                variables->insert(name, *value);
            continue;
        }
        ++i; // the separator
        while (i < text.size() && isBlank(text[i]))
            ++i;
        const int valueLine = line;
        QString value;
        const QChar quote = i < text.size() ? text[i] : QChar();
        if (quote == u'"' || quote == u'\'') {
            int lines = 0;
            const qsizetype j = closingQuote(text, i, &lines);
            if (j >= text.size())
                return fail(valueLine, int(i - lineStart) + 1,
                            QStringLiteral("unterminated quoted value for %1").arg(name));
            value = text.mid(i + 1, j - i - 1);
            line += lines;
            i = j + 1;
            if (quote == u'"') {
                QString problem;
                const std::optional<QString> substituted =
                    substitute(expandEscapes(value), lookup, &problem);
                if (!substituted)
                    return fail(valueLine, int(nameStart - lineStart) + 1, problem);
                value = *substituted;
            }
            // The rest of the line: blanks and a comment.
            while (i < text.size() && text[i] != u'\n')
                ++i;
        } else {
            const qsizetype end = text.indexOf(u'\n', i);
            value = text.mid(i, (end < 0 ? text.size() : end) - i);
            i = end < 0 ? text.size() : end;
            const qsizetype comment = value.indexOf(QLatin1String(" #"));
            if (comment >= 0)
                value.truncate(comment);
            while (!value.isEmpty() && value.back().isSpace())
                value.chop(1);
            QString problem;
            const std::optional<QString> substituted = substitute(value, lookup, &problem);
            if (!substituted)
                return fail(valueLine, int(nameStart - lineStart) + 1, problem);
            value = *substituted;
        }
        variables->insert(name, value);
    }
    return true;
}

} // namespace portolan
