#include "drift/RemoteSockets.h"

#include <QEventLoop>
#include <QProcessEnvironment>

#include <csignal>
#include <utility>

#include <sys/types.h>
#include <unistd.h>

namespace portolan {

namespace {

// Printed around each part of the output; a line no table or JSON can start with.
constexpr char Marker[] = "@@portolan ";

// Fixed text: the remote shell runs this and nothing else.
const char RemoteCommand[] =
    "for f in tcp tcp6 udp udp6; do echo '@@portolan '$f; cat /proc/net/$f 2>/dev/null; done; "
    "if command -v docker >/dev/null 2>&1; then echo '@@portolan docker'; "
    "docker ps --format '{{json .}}' 2>/dev/null || echo '@@portolan docker-refused'; fi; "
    "echo '@@portolan end'";

int connectTimeoutSeconds()
{
    bool ok = false;
    const int seconds = qEnvironmentVariableIntValue("PORTOLAN_SSH_TIMEOUT", &ok);
    return ok && seconds > 0 ? seconds : 10;
}

// Connecting, the key exchange and the remote command together.
int deadlineSeconds()
{
    return 3 * connectTimeoutSeconds() + 10;
}

// The last line ssh wrote that says something ("Connection refused", "Host key verification
// failed."), without the noise of warnings before it.
QString sshProblem(const QByteArray &stderrText, int exitCode)
{
    QStringList lines;
    for (const QByteArray &line : stderrText.split('\n')) {
        const QString text = QString::fromUtf8(line).trimmed();
        if (!text.isEmpty() && !text.startsWith(QLatin1String("Warning: Permanently added")))
            lines << text;
    }
    if (lines.isEmpty())
        return QStringLiteral("ssh exited with status %1").arg(exitCode);
    // A host key mismatch prints a banner of @ lines; its verdict is the last line.
    return lines.last();
}

} // namespace

RemoteSockets::RemoteSockets(QObject *parent)
    : QObject(parent)
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        m_timedOut = true;
        killProcess();
    });
}

RemoteSockets::~RemoteSockets()
{
    if (m_process) {
        m_process->disconnect(this);
        killProcess();
        m_process->waitForFinished(2000);
    }
}

void RemoteSockets::killProcess()
{
    if (!m_process)
        return;
    const qint64 pid = m_process->processId();
    if (pid > 0)
        ::kill(-pid_t(pid), SIGKILL);
    m_process->kill();
}

void RemoteSockets::readOutput()
{
    if (!m_process || m_flooded)
        return;
    m_output += m_process->readAllStandardOutput();
    m_errors += m_process->readAllStandardError();
    if (m_errors.size() > MaxErrorBytes)
        m_errors = m_errors.right(MaxErrorBytes); // its last lines say what went wrong
    if (m_output.size() > MaxOutputBytes) {
        m_flooded = true;
        m_output.clear();
        killProcess();
    }
}

QStringList RemoteSockets::command(const QString &destination)
{
    QStringList program =
        QProcess::splitCommand(qEnvironmentVariable("PORTOLAN_SSH", QStringLiteral("ssh")));
    if (program.isEmpty())
        program = {QStringLiteral("ssh")};
    program << QStringLiteral("-o") << QStringLiteral("BatchMode=yes") << QStringLiteral("-o")
            << QStringLiteral("ConnectTimeout=%1").arg(connectTimeoutSeconds())
            << QStringLiteral("-T") << QStringLiteral("--") << destination
            << QString::fromLatin1(RemoteCommand);
    return program;
}

RemoteSockets::Result RemoteSockets::parse(const QByteArray &output, const QString &destination)
{
    Result result;
    result.destination = destination;
    QString section;
    // A section's lines are a view of the output, not copies: the tables of a busy host are
    // megabytes, and drift --all holds several devices' at once.
    QByteArrayView body;
    bool ended = false;
    SocketTable table;
    auto flush = [&]() -> bool {
        if (section.isEmpty())
            return true;
        if (section == QLatin1String("docker")) {
            result.docker = true;
            if (!table.readDockerData(body.toByteArray(),
                                      destination + QStringLiteral(": docker ps"))) {
                result.notes << QStringLiteral("docker ps: %1").arg(table.error().toString());
                result.docker = false;
            }
            return true;
        }
        if (section == QLatin1String("docker-refused")) {
            result.docker = false;
            result.notes << QStringLiteral("docker is installed but docker ps was refused; only "
                                           "the host's sockets were read");
            return true;
        }
        if (body.trimmed().isEmpty())
            return true; // a host without IPv6 has no tcp6
        const QString protocol = section.startsWith(QLatin1String("tcp")) ? QStringLiteral("tcp")
                                                                          : QStringLiteral("udp");
        if (!table.parseProcNet(body, protocol,
                                QStringLiteral("%1:/proc/net/%2").arg(destination, section))) {
            result.error = table.error().toString();
            return false;
        }
        return true;
    };
    qsizetype bodyStart = -1;
    for (qsizetype lineStart = 0; lineStart < output.size();) {
        qsizetype lineEnd = output.indexOf('\n', lineStart);
        if (lineEnd < 0)
            lineEnd = output.size();
        const QByteArrayView line = QByteArrayView(output).sliced(lineStart, lineEnd - lineStart);
        if (line.startsWith(QByteArrayView(Marker))) {
            if (bodyStart >= 0)
                body = QByteArrayView(output).sliced(bodyStart, lineStart - bodyStart);
            if (!flush())
                return result;
            section = QString::fromLatin1(line.sliced(qsizetype(sizeof(Marker)) - 1)).trimmed();
            body = {};
            bodyStart = lineEnd + 1 <= output.size() ? lineEnd + 1 : output.size();
            if (section == QLatin1String("end"))
                ended = true;
        }
        lineStart = lineEnd + 1;
    }
    if (!ended) {
        result.error = QStringLiteral("the remote command stopped before it ended (no /bin/sh, "
                                      "or a forced command?)");
        return result;
    }
    // Sockets whose docker part failed the dedicated way still count (the notes say so); a
    // docker that answered adds its containers' ports, which the proc tables also show when
    // docker-proxy binds them.
    result.sockets = table.sockets();
    result.ok = true;
    return result;
}

RemoteSockets::Result RemoteSockets::read(const QString &destination)
{
    RemoteSockets reader;
    Result outcome;
    QEventLoop loop;
    connect(&reader, &RemoteSockets::finished, &loop, [&](const Result &result) {
        outcome = result;
        loop.quit();
    });
    reader.start(destination);
    if (reader.isRunning())
        loop.exec();
    return outcome;
}

bool RemoteSockets::isRunning() const
{
    return m_process != nullptr;
}

void RemoteSockets::start(const QString &destination)
{
    m_destination = destination;
    m_timedOut = false;
    m_flooded = false;
    m_output.clear();
    m_errors.clear();
    const QStringList program = command(destination);
    m_process = std::make_unique<QProcess>();
    m_process->setProgram(program.first());
    m_process->setArguments(program.mid(1));
    m_process->setStandardInputFile(QProcess::nullDevice());
    m_process->setChildProcessModifier([] { ::setpgid(0, 0); });
    QProcess *process = m_process.get();
    // Read as it arrives, so what is kept is bounded (QProcess would buffer all of it).
    connect(process, &QProcess::readyReadStandardOutput, this, &RemoteSockets::readOutput);
    connect(process, &QProcess::readyReadStandardError, this, &RemoteSockets::readOutput);
    connect(process, &QProcess::errorOccurred, this, [this, process](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        Result result;
        result.destination = m_destination;
        result.error =
            QStringLiteral("cannot run %1: %2").arg(process->program(), process->errorString());
        complete(result);
    });
    connect(process, &QProcess::finished, this,
            [this, process](int exitCode, QProcess::ExitStatus status) {
                readOutput();
                const QByteArray out = std::exchange(m_output, {});
                const QByteArray err = std::exchange(m_errors, {});
                Result result;
                if (m_flooded) {
                    result.destination = m_destination;
                    result.error = QStringLiteral("sent more than %1 MB; stopped reading (a "
                                                  "host's sockets and containers take a few)")
                                       .arg(MaxOutputBytes / (1024 * 1024));
                } else if (m_timedOut) {
                    result.destination = m_destination;
                    result.error =
                        QStringLiteral("no answer within %1 s; timed out").arg(deadlineSeconds());
                } else if (status != QProcess::NormalExit) {
                    result.destination = m_destination;
                    result.error = QStringLiteral("ssh stopped: %1").arg(process->errorString());
                } else if (exitCode == 255 || !out.contains(Marker)) {
                    result.destination = m_destination;
                    result.error = sshProblem(err, exitCode);
                } else {
                    result = parse(out, m_destination);
                }
                complete(result);
            });
    m_deadline.start(deadlineSeconds() * 1000);
    m_process->start();
}

void RemoteSockets::cancel()
{
    if (!m_process)
        return;
    m_process->disconnect(this);
    killProcess();
    m_process->waitForFinished(2000);
    m_process.reset();
    m_deadline.stop();
}

void RemoteSockets::complete(Result result)
{
    m_deadline.stop();
    if (m_process) {
        m_process->disconnect(this);
        // The group too: whatever ssh left running (a ProxyCommand) ends with it.
        const qint64 pid = m_process->processId();
        if (pid > 0)
            ::kill(-pid_t(pid), SIGKILL);
        m_process.release()->deleteLater();
    }
    emit finished(result);
}

RemoteSocketsRun::RemoteSocketsRun(QVector<Target> targets, int parallel, QObject *parent)
    : QObject(parent)
    , m_targets(std::move(targets))
    , m_parallel(std::max(1, parallel))
{}

void RemoteSocketsRun::start()
{
    if (m_targets.isEmpty()) {
        emit finished(false);
        return;
    }
    startNext();
}

void RemoteSocketsRun::startNext()
{
    while (!m_canceled && m_running < m_parallel && m_next < m_targets.size()) {
        const Target target = m_targets[m_next++];
        auto *reader = new RemoteSockets(this);
        m_readers << reader;
        ++m_running;
        connect(reader, &RemoteSockets::finished, this,
                [this, reader, device = target.device](const RemoteSockets::Result &result) {
                    --m_running;
                    ++m_done;
                    m_readers.removeOne(reader);
                    reader->deleteLater();
                    emit deviceFinished(device, result);
                    if (m_done == m_targets.size())
                        emit finished(false);
                    else
                        startNext();
                });
        emit deviceStarted(target.device, target.destination);
        reader->start(target.destination);
    }
}

void RemoteSocketsRun::cancel()
{
    if (m_canceled)
        return;
    m_canceled = true;
    for (RemoteSockets *reader : std::as_const(m_readers)) {
        reader->cancel();
        reader->deleteLater();
    }
    m_readers.clear();
    emit finished(true);
}

} // namespace portolan
