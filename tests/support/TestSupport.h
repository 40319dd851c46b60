#pragma once

// Helpers every test executable shares (the testsupport library): running the built CLI,
// hashing files, copying the bundled example, and a file system that is full.

#include "domain/Registry.h"

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <functional>

namespace portolan::testing {

struct ProcessResult
{
    int exitCode = -1; // -1 timed out, -2 crashed
    QByteArray out;
    QByteArray err;

    QString outText() const { return QString::fromUtf8(out); }
    QString errText() const { return QString::fromUtf8(err); }
};

// Runs a program as a user would: arguments, optional standard input, a time limit. `setup`
// may adjust the process (environment, working folder) before it starts.
ProcessResult runProgram(const QString &program, const QStringList &arguments,
                         const QByteArray &input = QByteArray(), int timeoutMs = 60000,
                         const std::function<void(QProcess &)> &setup = {});

// A setup for runProgram: the environment of this process with these variables added.
std::function<void(QProcess &)>
withEnvironment(const QList<std::pair<QString, QString>> &variables);

// A path the build gives relative to the test executables' folder (PORTOLAN_TEST_DATA,
// PORTOLAN_EXAMPLE, PORTOLAN_CLI...), made absolute. Relative, so that no checkout's own folder is
// compiled into a test: with one, every test missed the compiler cache in another clone.
QString fromTestFolder(const char *relative);

QByteArray fileBytes(const QString &path);
QByteArray fileHash(const QString &path); // SHA-256, empty when unreadable
bool writeBytes(const QString &path, const QByteArray &data);

// A registry read from a YAML file the test relies on; a file that does not read ends the test
// program with the reader's error.
Registry readYamlOrDie(const QString &path);

// Copies the bundled example registry to `path` (.yaml as it is; .portolan converted).
bool copyExample(const QString &path);
// Writes the bundled example with `from` replaced by `to` to `path`; false when the example
// does not hold `from` or the file cannot be written.
bool writeExampleWith(const QString &path, const QByteArray &from, const QByteArray &to);

// A file system with no space left, for "a write that fails half way" (issue: a full disk
// emptied the registry). As root (CI) a 512 KiB tmpfs is mounted and filled after the test has
// put its files there; otherwise the files live in a temporary folder and writes are held to
// their size with RLIMIT_FSIZE (in this process while a Limit lives, and in child processes
// started through prepare()). Either way a write of new bytes fails with the OS's reason.
class FullDisk
{
public:
    FullDisk();
    ~FullDisk();
    FullDisk(const FullDisk &) = delete;
    FullDisk &operator=(const FullDisk &) = delete;

    bool isValid() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    QString path(const QString &name) const;
    // Takes the remaining space (call after placing the files the test needs).
    bool fill();
    // What a failing write says: "No space left on device" (tmpfs) or "File too large".
    QString expectedReason() const;
    void prepare(QProcess &process) const;

    // While alive, this process cannot grow files (only without a tmpfs).
    class Limit
    {
    public:
        explicit Limit(const FullDisk &disk);
        ~Limit();

    private:
        bool m_active = false;
        unsigned long long m_soft = 0;
    };

private:
    QString m_dir;
    QString m_error;
    bool m_mounted = false;
};

// A folder nothing can be written in while this lives, for root too: root writes through mode
// bits, so as root the folder is bind-mounted read-only onto itself; otherwise its mode drops
// the write bit. Restored when destroyed.
class ReadOnlyFolder
{
public:
    explicit ReadOnlyFolder(const QString &folder);
    ~ReadOnlyFolder();
    ReadOnlyFolder(const ReadOnlyFolder &) = delete;
    ReadOnlyFolder &operator=(const ReadOnlyFolder &) = delete;
    bool isReadOnly() const { return m_readOnly; }

private:
    QString m_folder;
    bool m_mounted = false;
    bool m_readOnly = false;
};

} // namespace portolan::testing
