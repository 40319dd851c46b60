#include "io/FileLock.h"

#include "io/AtomicFile.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QThread>

#include <cerrno>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace portolan {

FileLock::FileLock(const QString &path)
    : m_path(path)
{
    // Beside the file a link finally names: two links to one registry share one lock.
    AtomicFile::Target target;
    Error ignored;
    const QString real = AtomicFile::resolveTarget(path, &target, &ignored) ? target.path : path;
    m_lockPath = real + QStringLiteral(".lock");
}

FileLock::~FileLock()
{
    release();
}

int FileLock::defaultTimeoutMs()
{
    bool ok = false;
    const int configured = qEnvironmentVariableIntValue("PORTOLAN_LOCK_TIMEOUT_MS", &ok);
    return ok && configured >= 0 ? configured : 10000;
}

bool FileLock::acquire(int timeoutMs, const std::function<bool()> &keepWaiting)
{
    if (m_fd >= 0)
        return true;
    if (timeoutMs < 0)
        timeoutMs = defaultTimeoutMs();
    const QByteArray path = QFile::encodeName(m_lockPath);
    QElapsedTimer waited;
    waited.start();
    for (;;) {
        const int fd = ::open(path.constData(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);
        if (fd < 0) {
            m_error = QCoreApplication::translate("portolan::FileLock",
                                                  "%1: cannot create the lock file %2: %3")
                          .arg(m_path, m_lockPath, AtomicFile::reason(errno));
            return false;
        }
        if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
            // The holder before us removes the lock file before it lets go: ours counts only
            // if the name still leads to the file we locked.
            struct stat locked;
            struct stat named;
            if (::fstat(fd, &locked) == 0 && ::stat(path.constData(), &named) == 0 &&
                locked.st_ino == named.st_ino && locked.st_dev == named.st_dev) {
                m_fd = fd;
                return true;
            }
            ::close(fd);
            continue;
        }
        const int lockError = errno;
        ::close(fd);
        if (lockError != EWOULDBLOCK && lockError != EINTR) {
            m_error = QCoreApplication::translate("portolan::FileLock", "%1: cannot lock %2: %3")
                          .arg(m_path, m_lockPath, AtomicFile::reason(lockError));
            return false;
        }
        if (keepWaiting && !keepWaiting()) {
            m_error = QCoreApplication::translate("portolan::FileLock",
                                                  "%1: stopped waiting for the lock %2")
                          .arg(m_path, m_lockPath);
            return false;
        }
        if (waited.elapsed() >= timeoutMs) {
            m_error = QCoreApplication::translate(
                          "portolan::FileLock",
                          "%1: another program is writing it (waited %2 s for %3); try again")
                          .arg(m_path)
                          .arg(double(timeoutMs) / 1000.0, 0, 'g', 3)
                          .arg(m_lockPath);
            return false;
        }
        QThread::msleep(20);
    }
}

void FileLock::release()
{
    if (m_fd < 0)
        return;
    // Removed while still held, so nobody can lock a name that is about to vanish.
    ::unlink(QFile::encodeName(m_lockPath).constData());
    ::flock(m_fd, LOCK_UN);
    ::close(m_fd);
    m_fd = -1;
}

} // namespace portolan
