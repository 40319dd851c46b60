#include "rehearsal/NetworkNamespaces.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryFile>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sched.h>
#include <sys/prctl.h>
#include <unistd.h>

namespace portolan {

namespace {

struct NamespaceText
{
    Q_DECLARE_TR_FUNCTIONS(NetworkNamespaces)
};

QString tool(const QString &name)
{
    const QString found = NetworkNamespaces::findProgram(name);
    return found.isEmpty() ? name : found;
}

void dieWithParent(QProcess &process)
{
    process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
}

QString oneLine(const QByteArray &text)
{
    return QString::fromUtf8(text).simplified().left(400);
}

bool runTool(const QString &program, const QStringList &arguments, QString *error,
             QByteArray *output, int timeoutMs)
{
    QProcess process;
    dieWithParent(process);
    process.start(program, arguments);
    if (!process.waitForStarted(5000)) {
        *error = NamespaceText::tr("cannot start %1: %2").arg(program, process.errorString());
        return false;
    }
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(2000);
        *error = NamespaceText::tr("%1 %2: no end after %3 s")
                     .arg(QFileInfo(program).fileName(), arguments.join(u' '))
                     .arg(timeoutMs / 1000);
        return false;
    }
    const QByteArray out = process.readAllStandardOutput();
    if (output)
        *output = out;
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        *error = NamespaceText::tr("%1 %2: %3")
                     .arg(QFileInfo(program).fileName(), arguments.join(u' '),
                          oneLine(process.readAllStandardError() + out));
        return false;
    }
    return true;
}

} // namespace

NetworkNamespaces::NetworkNamespaces()
    : m_prefix(QStringLiteral("portolan-%1-").arg(QCoreApplication::applicationPid()))
{}

NetworkNamespaces::~NetworkNamespaces()
{
    removeAll();
}

QString NetworkNamespaces::findProgram(const QString &name)
{
    const QString found = QStandardPaths::findExecutable(name);
    if (!found.isEmpty())
        return found;
    return QStandardPaths::findExecutable(name,
                                          {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin"),
                                           QStringLiteral("/sbin"), QStringLiteral("/bin")});
}

bool NetworkNamespaces::writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(data) == data.size();
}

QString NetworkNamespaces::path(const QString &name)
{
    // Where iproute2 keeps them; /var/run is a link to /run on Debian.
    return QStringLiteral("/run/netns/") + name;
}

bool NetworkNamespaces::create(const QString &role, QString *error)
{
    if (!runTool(tool(QStringLiteral("ip")),
                 {QStringLiteral("netns"), QStringLiteral("add"), name(role)}, error, nullptr,
                 10000))
        return false;
    m_created << name(role);
    return ip(
        role,
        {QStringLiteral("link"), QStringLiteral("set"), QStringLiteral("lo"), QStringLiteral("up")},
        error);
}

bool NetworkNamespaces::ip(const QString &role, const QStringList &arguments, QString *error)
{
    QStringList all;
    if (!role.isEmpty())
        all << QStringLiteral("-n") << name(role);
    return runTool(tool(QStringLiteral("ip")), all + arguments, error, nullptr, 10000);
}

bool NetworkNamespaces::batch(const QString &role, const QStringList &commands, QString *error)
{
    QTemporaryFile file;
    if (!file.open()) {
        *error = NamespaceText::tr("cannot write a temporary file: %1").arg(file.errorString());
        return false;
    }
    file.write(commands.join(u'\n').toUtf8() + '\n');
    file.flush();
    return ip(role, {QStringLiteral("-batch"), file.fileName()}, error);
}

bool NetworkNamespaces::run(const QString &role, const QString &program,
                            const QStringList &arguments, QString *error, QByteArray *output,
                            int timeoutMs)
{
    return runTool(tool(QStringLiteral("nsenter")),
                   QStringList{QStringLiteral("--net=") + path(name(role)), QStringLiteral("--"),
                               tool(program)} +
                       arguments,
                   error, output, timeoutMs);
}

QProcess *NetworkNamespaces::start(const QString &role, const QString &program,
                                   const QStringList &arguments, const QStringList &environment)
{
    auto process = std::make_unique<QProcess>();
    dieWithParent(*process);
    if (!environment.isEmpty()) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString &entry : environment)
            env.insert(entry.section(u'=', 0, 0), entry.section(u'=', 1));
        process->setProcessEnvironment(env);
    }
    process->setProcessChannelMode(QProcess::MergedChannels);
    process->start(tool(QStringLiteral("nsenter")),
                   QStringList{QStringLiteral("--net=") + path(name(role)), QStringLiteral("--"),
                               tool(program)} +
                       arguments);
    m_running.push_back(std::move(process));
    return m_running.back().get();
}

void NetworkNamespaces::removeAll()
{
    for (const auto &process : m_running) {
        if (process->state() != QProcess::NotRunning) {
            process->kill();
            process->waitForFinished(3000);
        }
    }
    m_running.clear();
    QString ignored;
    for (const QString &created : std::as_const(m_created))
        removeLeftover(created, &ignored);
    m_created.clear();
}

QStringList NetworkNamespaces::leftovers()
{
    static const QRegularExpression ours(QStringLiteral("^portolan-(\\d+)-"));
    QStringList found;
    const QStringList names = QDir(QStringLiteral("/run/netns")).entryList(QDir::Files);
    for (const QString &name : names) {
        const QRegularExpressionMatch match = ours.match(name);
        if (!match.hasMatch())
            continue;
        const pid_t pid = pid_t(match.captured(1).toLongLong());
        // Alive (kill 0 succeeds, or is refused for another user's process): still in use.
        if (pid > 0 && (::kill(pid, 0) == 0 || errno == EPERM))
            continue;
        found << name;
    }
    return found;
}

bool NetworkNamespaces::removeLeftover(const QString &name, QString *error)
{
    const QString ip = tool(QStringLiteral("ip"));
    QByteArray pids;
    if (runTool(ip, {QStringLiteral("netns"), QStringLiteral("pids"), name}, error, &pids, 5000)) {
        for (const QByteArray &pid : pids.split('\n')) {
            bool ok = false;
            const long value = pid.trimmed().toLong(&ok);
            if (ok && value > 1)
                ::kill(pid_t(value), SIGKILL);
        }
    }
    return runTool(ip, {QStringLiteral("netns"), QStringLiteral("delete"), name}, error, nullptr,
                   10000);
}

NamespaceScope::NamespaceScope(const QString &name)
{
    m_home = ::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    const QByteArray target = QFile::encodeName(NetworkNamespaces::path(name));
    const int fd = ::open(target.constData(), O_RDONLY | O_CLOEXEC);
    if (m_home < 0 || fd < 0) {
        m_error = NamespaceText::tr("cannot open %1: %2")
                      .arg(QString::fromLocal8Bit(target), QString::fromLocal8Bit(strerror(errno)));
    } else if (::setns(fd, CLONE_NEWNET) != 0) {
        m_error = NamespaceText::tr("cannot enter %1: %2")
                      .arg(name, QString::fromLocal8Bit(strerror(errno)));
    } else {
        m_entered = true;
    }
    if (fd >= 0)
        ::close(fd);
}

NamespaceScope::~NamespaceScope()
{
    if (m_entered && m_home >= 0 && ::setns(m_home, CLONE_NEWNET) != 0)
        qFatal("cannot return to this process's network namespace: %s", strerror(errno));
    if (m_home >= 0)
        ::close(m_home);
}

} // namespace portolan
