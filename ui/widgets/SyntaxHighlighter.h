#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace portolan {

// What an export preview shows in colour: keys, strings and comments of YAML, TOML and JSON;
// headings, table rules and code of Markdown; in colours that read on light and dark palettes.
class SyntaxHighlighter : public QSyntaxHighlighter
{
public:
    // syntax: what Exporter::syntax() says ("yaml", "markdown", "toml", "json", "text").
    SyntaxHighlighter(QTextDocument *document, const QString &syntax, bool dark);

protected:
    void highlightBlock(const QString &text) override;

private:
    QString m_syntax;
    QTextCharFormat m_key;
    QTextCharFormat m_string;
    QTextCharFormat m_comment;
};

} // namespace portolan
