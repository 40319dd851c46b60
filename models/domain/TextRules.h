#pragma once

#include <QByteArray>
#include <QString>
#include <QStringView>

#include <optional>

namespace portolan {

// What free text (description, notes, label) may hold, and how text from a registry is made
// harmless where it is shown. Free text is one line: a control character (C0, DEL, C1), a line
// break of any kind (CR, LF, NEL, LS, PS) or a bidirectional override would end a comment in
// an exported file, forge a line of the CLI's output or reorder what a reviewer reads.
namespace TextRules {

// The position of the first character free text may not hold, if any.
std::optional<qsizetype> firstForbidden(QStringView text);
// "a line break (U+2028)", "a control character (U+001B)", "a bidirectional override (U+202E)".
QString describeCharacter(QChar c);
// For a finding's message: "notes holds a line break (U+2028) at character 7; free text is
// one line".
QString oneLineProblem(const QString &field, const QString &text);

// Text for a terminal, a log or a table cell: every forbidden character written as an escape
// (\x1b, \u2028), so nothing shown can move the cursor, start a line or reorder the text.
// Escaping twice changes nothing.
QString forTerminal(const QString &text);

// Text for Markdown that renderers may treat as HTML: & and < as entities (no tag or entity
// can start without them; > stays, so "git.example.org -> 3000" reads as written).
QString forHtml(const QString &text);

} // namespace TextRules

} // namespace portolan
