#pragma once

#include "domain/Error.h"

#include <QString>

#include <functional>

namespace portolan {

// An exclusive lock for a read-modify-write of a file that is replaced by rename (so the file
// itself cannot carry the lock): flock() on "FILE.lock" beside it. Every Portolan writer of a
// YAML registry takes it (CLI imports, the app's save), so two of them never interleave.
// The lock file exists only while held: the holder removes it before letting go, and a
// waiter that then locks the removed file sees that and tries the new one.
class FileLock
{
public:
    explicit FileLock(const QString &path);
    ~FileLock();
    FileLock(const FileLock &) = delete;
    FileLock &operator=(const FileLock &) = delete;

    // Waits up to timeoutMs (PORTOLAN_LOCK_TIMEOUT_MS, else 10 s, when negative), and only as
    // long as keepWaiting (if given) says so. On failure error() says who holds it or why the
    // lock file cannot be made.
    bool acquire(int timeoutMs = -1, const std::function<bool()> &keepWaiting = {});
    void release();
    Error error() const { return Error::fromText(m_error); }

    static int defaultTimeoutMs();

private:
    QString m_path;
    QString m_lockPath;
    QString m_error;
    int m_fd = -1;
};

} // namespace portolan
