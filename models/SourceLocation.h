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

// A file that cannot be read as a registry: where, and what was expected there.
struct LoadError
{
    SourceLocation location;
    QString message;

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
