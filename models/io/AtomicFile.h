#pragma once

#include "domain/Error.h"
#include <QByteArray>
#include <QString>

#include <functional>

#include <sys/types.h>

namespace portolan {

// Replacing a file so that it is always either the old one or the whole new one, and never
// anything but a regular file: what every write of a registry, an export or a PDF goes through.
//
// QSaveFile alone is not enough: it buffers small writes and, inside commit(), loses a
// failure to write them out (a full disk left a registry at 0 bytes with success reported),
// ignores the result of syncing, replaces a device node or a FIFO with a regular file, and
// drops the owner and group of the file it replaces. So every step is checked to the end
// (write, flush, fsync, commit), the OS's own reason is kept, and the target is examined first.
class AtomicFile
{
public:
    // What a path names, once symbolic links are followed: the file that is really replaced.
    struct Target
    {
        QString path;        // the final file (a link's target, followed to the end)
        bool exists = false; // the final file exists (and is a regular file)
        mode_t mode = 0;     // its permission bits, kept by the replacement
        uid_t owner = 0;
        gid_t group = 0;
    };

    // Examines a path that is about to be replaced: a regular file, or nothing yet. Anything
    // else (a directory, a device, a FIFO, a socket) is refused with a message saying what it
    // is; so is a folder that cannot be written in, naming the folder.
    static bool resolveTarget(const QString &path, Target *target, Error *error);

    // Writes `data` to `path` atomically: a temporary file beside the final one, every byte
    // checked, synced, given the replaced file's mode, owner and group (where the process may),
    // renamed over it, and the folder synced. On failure the old file is untouched and *error
    // says "PATH: cannot write: <the OS's reason>".
    static bool write(const QString &path, const QByteArray &data, Error *error);
    // The same, with a last check right before the new file takes the old one's place (after
    // it is written and synced): false (with *error set) leaves the old file as it is. A
    // command that read the file earlier checks there that nobody changed it since.
    static bool write(const QString &path, const QByteArray &data, Error *error,
                      const std::function<bool(Error *)> &beforeReplace);

    // For files built another way beside the target (a .portolan database): gives `built` the
    // mode, owner and group of the file it replaces, renames it over the target and syncs the
    // folder. Removes `built` on failure.
    static bool replaceWith(const QString &built, const Target &target, Error *error);

    // Where a new file beside `target` may be built (same folder, so the rename is atomic).
    static QString siblingTemplate(const Target &target);

    // "-" on the command line: standard output (writing) or standard input (reading).
    static bool isStandardStream(const QString &path) { return path == QLatin1String("-"); }

    // The OS's words for errno, e.g. "No space left on device".
    static QString reason(int error);
};

} // namespace portolan
