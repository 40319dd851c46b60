#pragma once

#include <QString>

namespace portolan {

// 1-based, as editors and compilers report positions.
struct SourceLocation
{
    QString file;
    int line = 0;
    int column = 0;

    QString toString() const { return QStringLiteral("%1:%2:%3").arg(file).arg(line).arg(column); }

    friend bool operator==(const SourceLocation &a, const SourceLocation &b)
    {
        return a.file == b.file && a.line == b.line && a.column == b.column;
    }
};

// The one way the core reports a failure: where (a file, and a line and column when there is
// a position), and what was expected or went wrong, with the operating system's or the
// database's own words in the message. Readers keep one (error()); functions that can fail
// return false and fill one.
struct Error
{
    SourceLocation location;
    QString message;

    // A message that names its source itself ("reg.yaml: cannot write: No space left...").
    static Error fromText(const QString &text) { return {{QString(), 0, 0}, text}; }
    bool isEmpty() const { return message.isEmpty(); }

    // "file:line:column: message"; without a position (a database, a missing file) the
    // message names its source itself, or "file: message".
    QString toString() const
    {
        if (location.line > 0)
            return location.toString() + QStringLiteral(": ") + message;
        if (location.file.isEmpty())
            return message;
        return location.file + QStringLiteral(": ") + message;
    }
};

} // namespace portolan
