#pragma once

#include "domain/Error.h"

#include <QByteArray>
#include <QString>

namespace portolan {

// Reading what the user names as input: a file, "-" for standard input, a FIFO or /dev/stdin
// (which cannot be seeked or sized in advance), always with a ceiling so a hostile or mistaken
// input cannot take the machine's memory.
class InputFile
{
public:
    // "-" reads standard input; the name shown for it in messages.
    static QString displayName(const QString &path);
    // A regular file, seekable, whose size is known: readers may stream it themselves.
    static bool isRegularFile(const QString &path);

    // Reads all of `path` into *data. More than maxBytes is refused ("12.5 MB is too large for
    // a compose file (at most 4 MB)", `what` naming the kind of file); a missing file, a folder
    // or an unreadable one is an error with the OS's reason.
    static bool readAll(const QString &path, qint64 maxBytes, const QString &what, QByteArray *data,
                        Error *error);
};

} // namespace portolan
