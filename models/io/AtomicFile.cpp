#include "io/AtomicFile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace portolan {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("portolan::AtomicFile", text);
}

QByteArray encoded(const QString &path)
{
    return QFile::encodeName(path);
}

QString whatItIs(mode_t mode)
{
    if (S_ISDIR(mode))
        return tr("a folder");
    if (S_ISCHR(mode))
        return tr("a character device");
    if (S_ISBLK(mode))
        return tr("a block device");
    if (S_ISFIFO(mode))
        return tr("a FIFO (named pipe)");
    if (S_ISSOCK(mode))
        return tr("a socket");
    return tr("not a regular file");
}

// The permission bits a new file gets: 0666 less the umask. Read from /proc so no thread
// briefly changes the process's umask to learn it.
mode_t newFileMode()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (status.open(QIODevice::ReadOnly)) {
        const QList<QByteArray> lines = status.readAll().split('\n');
        for (const QByteArray &line : lines) {
            if (line.startsWith("Umask:")) {
                bool ok = false;
                const uint mask = line.mid(6).trimmed().toUInt(&ok, 8);
                if (ok)
                    return mode_t(0666 & ~mask);
            }
        }
    }
    return 0644;
}

// Makes the rename durable: without it a power cut may bring back the old directory entry.
void syncFolder(const QString &folder)
{
    const int fd = ::open(encoded(folder).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return;
    ::fsync(fd);
    ::close(fd);
}

// Mode, owner and group of the replaced file; owner and group only where the process may
// (an unprivileged user keeps at least a group it belongs to).
void carryOver(int fd, const AtomicFile::Target &target)
{
    const mode_t mode = target.exists ? (target.mode & 07777) : newFileMode();
    ::fchmod(fd, mode);
    if (!target.exists)
        return;
    if (::fchown(fd, target.owner, target.group) != 0)
        (void)::fchown(fd, uid_t(-1), target.group);
    // A chown clears set-id bits; put them back where they were.
    if (target.mode & (S_ISUID | S_ISGID))
        ::fchmod(fd, mode);
}

} // namespace

QString AtomicFile::reason(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

bool AtomicFile::resolveTarget(const QString &path, Target *target, Error *error)
{
    if (path.isEmpty()) {
        *error = Error::fromText(tr("no file name given"));
        return false;
    }
    QString current = QFileInfo(path).absoluteFilePath();
    // What the path finally is, through every link (/dev/stdout's own links included).
    struct stat info;
    if (::stat(encoded(current).constData(), &info) == 0) {
        if (!S_ISREG(info.st_mode)) {
            *error = Error::fromText(
                tr("%1: is %2; only a regular file is replaced (use - for standard output)")
                    .arg(path, whatItIs(info.st_mode)));
            return false;
        }
        // Replace the file the links finally name, as editors do, so a registry kept behind
        // a link stays a link.
        char resolved[PATH_MAX];
        if (::realpath(encoded(current).constData(), resolved))
            current = QFile::decodeName(resolved);
        target->exists = true;
        target->mode = info.st_mode;
        target->owner = info.st_uid;
        target->group = info.st_gid;
    } else if (errno != ENOENT) {
        *error = Error::fromText(QStringLiteral("%1: %2").arg(path, reason(errno)));
        return false;
    } else {
        // Nothing there yet. A link whose target does not exist is refused: following it
        // would create a file wherever the link points, outside the folder the user chose.
        target->exists = false;
        struct stat link;
        if (::lstat(encoded(current).constData(), &link) == 0 && S_ISLNK(link.st_mode)) {
            char buffer[PATH_MAX];
            const ssize_t length =
                ::readlink(encoded(current).constData(), buffer, sizeof buffer - 1);
            const QString linked =
                length < 0 ? QString() : QFile::decodeName(QByteArray(buffer, int(length)));
            *error = Error::fromText(tr("%1: is a link to %2, which does not exist; a file is "
                                        "written through a link only when it names an "
                                        "existing regular file")
                                         .arg(path, linked));
            return false;
        }
    }
    target->path = current;
    const QString folder = QFileInfo(current).absolutePath();
    struct stat folderInfo;
    if (::stat(encoded(folder).constData(), &folderInfo) != 0) {
        *error = Error::fromText(
            tr("%1: cannot write in the folder %2: %3").arg(path, folder, reason(errno)));
        return false;
    }
    if (!S_ISDIR(folderInfo.st_mode)) {
        *error = Error::fromText(tr("%1: %2 is not a folder").arg(path, folder));
        return false;
    }
    if (::access(encoded(folder).constData(), W_OK | X_OK) != 0) {
        *error = Error::fromText(
            tr("%1: cannot write in the folder %2: %3").arg(path, folder, reason(errno)));
        return false;
    }
    return true;
}

QString AtomicFile::siblingTemplate(const Target &target)
{
    const QFileInfo info(target.path);
    return info.absoluteDir().filePath(QLatin1Char('.') + info.fileName() +
                                       QStringLiteral(".XXXXXX.tmp"));
}

bool AtomicFile::write(const QString &path, const QByteArray &data, Error *error)
{
    return write(path, data, error, {});
}

bool AtomicFile::write(const QString &path, const QByteArray &data, Error *error,
                       const std::function<bool(Error *)> &beforeReplace)
{
    Target target;
    if (!resolveTarget(path, &target, error))
        return false;
    QSaveFile file(target.path);
    // Never fall back to writing the file in place: that is what loses it.
    file.setDirectWriteFallback(false);
    auto failed = [&](const QString &why) {
        *error = Error::fromText(tr("%1: cannot write: %2").arg(path, why));
        file.cancelWriting();
        return false;
    };
    if (!file.open(QIODevice::WriteOnly))
        return failed(file.errorString());
    const int fd = file.handle();
    if (fd >= 0) {
        // Straight to the descriptor: the system's own reason when it refuses ("File too
        // large", "No space left on device"), where Qt's short-write report said "Unknown
        // error".
        const char *next = data.constData();
        qint64 left = data.size();
        while (left > 0) {
            const ssize_t written = ::write(fd, next, size_t(left));
            if (written < 0) {
                if (errno == EINTR)
                    continue;
                return failed(reason(errno));
            }
            next += written;
            left -= written;
        }
    } else if (file.write(data) != data.size() || !file.flush()) {
        return failed(file.errorString());
    }
    if (fd >= 0) {
        carryOver(fd, target);
        // QSaveFile syncs but ignores the result; a delayed-allocation file system reports a
        // full disk only here.
        if (::fsync(fd) != 0 && errno != EINVAL && errno != ENOTSUP)
            return failed(reason(errno));
    }
    if (beforeReplace && !beforeReplace(error)) {
        file.cancelWriting();
        return false;
    }
    if (!file.commit()) {
        *error = Error::fromText(tr("%1: cannot write: %2").arg(path, file.errorString()));
        return false;
    }
    syncFolder(QFileInfo(target.path).absolutePath());
    return true;
}

bool AtomicFile::replaceWith(const QString &built, const Target &target, Error *error)
{
    const int fd = ::open(encoded(built).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *error =
            Error::fromText(tr("%1: cannot open %2: %3").arg(target.path, built, reason(errno)));
        QFile::remove(built);
        return false;
    }
    carryOver(fd, target);
    const bool synced = ::fsync(fd) == 0 || errno == EINVAL || errno == ENOTSUP;
    const int syncError = errno;
    ::close(fd);
    if (!synced) {
        *error = Error::fromText(tr("%1: cannot write: %2").arg(target.path, reason(syncError)));
        QFile::remove(built);
        return false;
    }
    if (std::rename(encoded(built).constData(), encoded(target.path).constData()) != 0) {
        *error =
            Error::fromText(tr("%1: cannot replace the file: %2").arg(target.path, reason(errno)));
        QFile::remove(built);
        return false;
    }
    syncFolder(QFileInfo(target.path).absolutePath());
    return true;
}

} // namespace portolan
