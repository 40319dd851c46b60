#include "io/InputFile.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace portolan {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("portolan::InputFile", text);
}

QString osReason(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

QString megabytes(qint64 bytes)
{
    return QString::number(double(bytes) / (1024 * 1024), 'f', bytes < 10 * 1024 * 1024 ? 1 : 0);
}

} // namespace

QString InputFile::displayName(const QString &path)
{
    if (path == QLatin1String("-"))
        return tr("standard input");
    // A database named with its password (postgresql://user:pw@…, ?password=, password=…) is
    // shown without it, wherever the name goes: a message, an export's header, a PDF's footer.
    QString shown = path;
    if (shown.contains(QLatin1String("://"))) {
        static const QRegularExpression userPassword(QStringLiteral("^([a-z]+://[^/@:]*):[^/@]*@"));
        shown.replace(userPassword, QStringLiteral("\\1@"));
    }
    static const QRegularExpression passwordItem(
        QStringLiteral("(^|[?&\\s])password\\s*=\\s*('(?:[^'\\\\]|\\\\.)*'|[^&\\s]*)"),
        QRegularExpression::CaseInsensitiveOption);
    shown.replace(passwordItem, QStringLiteral("\\1password=***"));
    return shown;
}

bool InputFile::isRegularFile(const QString &path)
{
    if (path == QLatin1String("-"))
        return false;
    struct stat info;
    return ::stat(QFile::encodeName(path).constData(), &info) == 0 && S_ISREG(info.st_mode);
}

bool InputFile::readAll(const QString &path, qint64 maxBytes, const QString &what, QByteArray *data,
                        Error *error)
{
    const QString shown = displayName(path);
    auto fail = [&](const QString &message) {
        *error = {{shown, 0, 0}, message};
        return false;
    };
    int fd = STDIN_FILENO;
    const bool standardInput = path == QLatin1String("-");
    qint64 expected = 0; // a regular file's size: read into room made once
    if (!standardInput) {
        fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return fail(errno == ENOENT ? tr("no such file") : osReason(errno));
        struct stat info
        {};
        if (::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
            ::close(fd);
            return fail(tr("is a folder, not a file"));
        }
        if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size > maxBytes) {
            ::close(fd);
            return fail(tr("%1 MB is too large for %2 (at most %3 MB)")
                            .arg(megabytes(info.st_size), what, megabytes(maxBytes)));
        }
        if (S_ISREG(info.st_mode))
            expected = info.st_size;
    }
    // Read until the end, whatever the kind of file: a pipe says its size only by ending.
    QByteArray bytes;
    bytes.reserve(expected + 1);
    char buffer[65536];
    for (;;) {
        const ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            const int readError = errno;
            if (!standardInput)
                ::close(fd);
            return fail(osReason(readError));
        }
        if (got == 0)
            break;
        if (bytes.size() + got > maxBytes) {
            if (!standardInput)
                ::close(fd);
            return fail(tr("more than %1 MB is too large for %2").arg(megabytes(maxBytes), what));
        }
        bytes.append(buffer, got);
    }
    if (!standardInput)
        ::close(fd);
    *data = std::move(bytes);
    return true;
}

} // namespace portolan
