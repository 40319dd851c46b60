#include "support/TestSupport.h"

#include "formats/yaml/YamlReader.h"
#include "store/RegistryIo.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QUuid>

#include <csignal>
#include <sys/mount.h>
#include <sys/resource.h>
#include <unistd.h>

namespace portolan::testing {

namespace {
// Writes beyond the limit fail with EFBIG instead of killing the process.
constexpr rlim_t NoGrowth = 1;
} // namespace

ProcessResult runProgram(const QString &program, const QStringList &arguments,
                         const QByteArray &input, int timeoutMs,
                         const std::function<void(QProcess &)> &setup)
{
    QProcess process;
    if (setup)
        setup(process);
    process.start(program, arguments);
    if (!process.waitForStarted(10000))
        return {};
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    ProcessResult result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.exitCode = -1;
    } else {
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    }
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

std::function<void(QProcess &)> withEnvironment(const QList<std::pair<QString, QString>> &variables)
{
    return [variables](QProcess &process) {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const auto &[name, value] : variables)
            environment.insert(name, value);
        process.setProcessEnvironment(environment);
    };
}

Registry readYamlOrDie(const QString &path)
{
    Registry registry;
    YamlReader reader;
    if (!reader.readFile(path, registry))
        qFatal("%s", qPrintable(reader.error().toString()));
    return registry;
}

QString fromTestFolder(const char *relative)
{
    // The executable's own folder, read once from the kernel: QCoreApplication may not exist
    // yet when a data function or a fixture asks.
    static const QString folder = QFileInfo(QStringLiteral("/proc/self/exe")).canonicalPath();
    const QString path = QString::fromUtf8(relative);
    // A folder written with its slash ("data/malformed/" + name) keeps it.
    const QString absolute = QDir::cleanPath(folder + u'/' + path);
    return path.endsWith(u'/') ? absolute + u'/' : absolute;
}

QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray fileHash(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

bool writeBytes(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(data) == data.size();
}

bool copyExample(const QString &path)
{
    QFile::remove(path);
    if (!path.endsWith(QLatin1String(".portolan")))
        return QFile::copy(fromTestFolder(PORTOLAN_EXAMPLE), path);
    Registry registry;
    Error error;
    Error message;
    return RegistryIo::load(fromTestFolder(PORTOLAN_EXAMPLE), registry, error) &&
           RegistryIo::save(registry, path, &message);
}

bool writeExampleWith(const QString &path, const QByteArray &from, const QByteArray &to)
{
    QByteArray yaml = fileBytes(fromTestFolder(PORTOLAN_EXAMPLE));
    if (!yaml.contains(from))
        return false;
    return writeBytes(path, yaml.replace(from, to));
}

FullDisk::FullDisk()
{
    m_dir = QDir::temp().filePath(QStringLiteral("portolan-full-") +
                                  QUuid::createUuid().toString(QUuid::WithoutBraces));
    if (!QDir().mkpath(m_dir)) {
        m_error = QStringLiteral("cannot create %1").arg(m_dir);
        return;
    }
    if (::geteuid() == 0) {
        if (::mount("tmpfs", QFile::encodeName(m_dir).constData(), "tmpfs", 0, "size=512k") != 0) {
            m_error = QStringLiteral("cannot mount a tmpfs on %1: %2")
                          .arg(m_dir, QString::fromLocal8Bit(strerror(errno)));
            return;
        }
        m_mounted = true;
    }
}

FullDisk::~FullDisk()
{
    if (m_mounted)
        ::umount2(QFile::encodeName(m_dir).constData(), MNT_DETACH);
    QDir(m_dir).removeRecursively();
}

QString FullDisk::path(const QString &name) const
{
    return QDir(m_dir).filePath(name);
}

bool FullDisk::fill()
{
    if (!m_mounted)
        return true;
    QFile filler(path(QStringLiteral(".filler")));
    if (!filler.open(QIODevice::WriteOnly))
        return false;
    const QByteArray chunk(4096, 'x');
    while (filler.write(chunk) == chunk.size() && filler.flush()) {
    }
    // The last partial block too, byte by byte.
    while (filler.write("x", 1) == 1 && filler.flush()) {
    }
    return true;
}

QString FullDisk::expectedReason() const
{
    return QString::fromLocal8Bit(strerror(m_mounted ? ENOSPC : EFBIG));
}

void FullDisk::prepare(QProcess &process) const
{
    if (m_mounted)
        return;
    process.setChildProcessModifier([] {
        std::signal(SIGXFSZ, SIG_IGN);
        struct rlimit limit;
        ::getrlimit(RLIMIT_FSIZE, &limit);
        limit.rlim_cur = NoGrowth;
        ::setrlimit(RLIMIT_FSIZE, &limit);
    });
}

FullDisk::Limit::Limit(const FullDisk &disk)
{
    if (disk.m_mounted)
        return;
    std::signal(SIGXFSZ, SIG_IGN);
    struct rlimit limit;
    ::getrlimit(RLIMIT_FSIZE, &limit);
    m_soft = limit.rlim_cur;
    limit.rlim_cur = NoGrowth;
    m_active = ::setrlimit(RLIMIT_FSIZE, &limit) == 0;
}

FullDisk::Limit::~Limit()
{
    if (!m_active)
        return;
    struct rlimit limit;
    ::getrlimit(RLIMIT_FSIZE, &limit);
    limit.rlim_cur = m_soft;
    ::setrlimit(RLIMIT_FSIZE, &limit);
}

ReadOnlyFolder::ReadOnlyFolder(const QString &folder)
    : m_folder(folder)
{
    if (::geteuid() == 0) {
        const QByteArray encoded = QFile::encodeName(folder);
        m_mounted =
            ::mount(encoded.constData(), encoded.constData(), nullptr, MS_BIND, nullptr) == 0;
        m_readOnly = m_mounted && ::mount(nullptr, encoded.constData(), nullptr,
                                          MS_BIND | MS_REMOUNT | MS_RDONLY, nullptr) == 0;
    } else {
        m_readOnly = QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::ExeOwner);
    }
}

ReadOnlyFolder::~ReadOnlyFolder()
{
    if (m_mounted)
        ::umount2(QFile::encodeName(m_folder).constData(), MNT_DETACH);
    else
        QFile::setPermissions(m_folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                            QFileDevice::ExeOwner);
}

} // namespace portolan::testing
