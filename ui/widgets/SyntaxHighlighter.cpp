#include "widgets/SyntaxHighlighter.h"

#include <QRegularExpression>

namespace portolan {

SyntaxHighlighter::SyntaxHighlighter(QTextDocument *document, const QString &syntax, bool dark)
    : QSyntaxHighlighter(document)
    , m_syntax(syntax)
{
    m_key.setForeground(dark ? QColor(0x8c, 0xc8, 0xff) : QColor(0x1f, 0x4e, 0x99));
    m_key.setFontWeight(QFont::Bold);
    m_string.setForeground(dark ? QColor(0x9f, 0xe0, 0x8f) : QColor(0x1b, 0x6e, 0x20));
    m_comment.setForeground(dark ? QColor(0xa0, 0xa0, 0xa0) : QColor(0x70, 0x70, 0x70));
    m_comment.setFontItalic(true);
}

void SyntaxHighlighter::highlightBlock(const QString &text)
{
    if (m_syntax == QLatin1String("markdown")) {
        static const QRegularExpression heading(QStringLiteral(R"(^#{1,6}\s.*$)"));
        static const QRegularExpression code(QStringLiteral(R"(`[^`]*`)"));
        if (const QRegularExpressionMatch m = heading.match(text); m.hasMatch())
            setFormat(0, int(text.size()), m_key);
        for (auto it = code.globalMatch(text); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            setFormat(int(m.capturedStart()), int(m.capturedLength()), m_string);
        }
        if (text.startsWith(u'|') && text.contains(QLatin1String("---")))
            setFormat(0, int(text.size()), m_comment);
        return;
    }
    // YAML keys ("key:"), TOML keys ("key =") and sections ("[dns]"), JSON keys ("key":).
    static const QRegularExpression yamlKey(
        QStringLiteral(R"(^\s*(- )?([^\s:#"=\[][^:#=]*|"[^"]*"):(\s|$))"));
    static const QRegularExpression tomlKey(QStringLiteral(R"(^\s*([A-Za-z0-9_.-]+)\s*=)"));
    static const QRegularExpression section(QStringLiteral(R"(^\s*\[[^\]]*\]\s*$)"));
    static const QRegularExpression jsonKey(QStringLiteral(R"("([^"\\]|\\.)*"\s*:)"));
    static const QRegularExpression string(QStringLiteral(R"("([^"\\]|\\.)*")"));
    static const QRegularExpression comment(QStringLiteral(R"((^|\s)[#;].*$)"));
    if (m_syntax == QLatin1String("toml") || m_syntax == QLatin1String("text")) {
        if (const QRegularExpressionMatch m = section.match(text); m.hasMatch())
            setFormat(0, int(text.size()), m_key);
        else if (const QRegularExpressionMatch k = tomlKey.match(text); k.hasMatch())
            setFormat(int(k.capturedStart(1)), int(k.capturedLength(1)), m_key);
    } else if (m_syntax == QLatin1String("json")) {
        for (auto it = jsonKey.globalMatch(text); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            setFormat(int(m.capturedStart()), int(m.capturedLength()) - 1, m_key);
        }
    } else if (const QRegularExpressionMatch m = yamlKey.match(text); m.hasMatch()) {
        setFormat(int(m.capturedStart(2)), int(m.capturedLength(2)), m_key);
    }
    for (auto it = string.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        if (format(int(m.capturedStart())) != m_key)
            setFormat(int(m.capturedStart()), int(m.capturedLength()), m_string);
    }
    if (m_syntax != QLatin1String("json")) {
        if (const QRegularExpressionMatch m = comment.match(text); m.hasMatch())
            setFormat(int(m.capturedStart()), int(m.capturedLength()), m_comment);
    }
}

} // namespace portolan
