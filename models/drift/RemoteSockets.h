#pragma once

#include "drift/SocketTable.h"

#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTimer>

#include <memory>

namespace portolan {

// The listening sockets of another host, read over the admin's own OpenSSH client: one
// read-only remote command prints /proc/net/{tcp,tcp6,udp,udp6} and, when docker is there,
// `docker ps --format '{{json .}}'`. ssh runs with BatchMode (no password prompt), a connect
// timeout and no terminal, so ~/.ssh/config, keys, agents and jump hosts work as they do for
// the admin; the destination is one argument after `--`, and nothing from the registry reaches
// the remote shell. PORTOLAN_SSH names another ssh command (e.g. "ssh -F my_config"),
// PORTOLAN_SSH_TIMEOUT the connect timeout in seconds (default 10); the whole read is bounded
// by three times that plus 10 seconds.
class RemoteSockets : public QObject
{
    Q_OBJECT

public:
    struct Result
    {
        QString destination;
        bool ok = false;
        QString error; // one line: what ssh or the remote host said
        QVector<ListeningSocket> sockets;
        bool docker = false; // docker answered
        QStringList notes;   // e.g. docker is there but `docker ps` was refused
    };

    explicit RemoteSockets(QObject *parent = nullptr);
    ~RemoteSockets() override;

    // The program and arguments that read `destination`.
    static QStringList command(const QString &destination);
    // The text one run prints, read into sockets (tests feed it directly).
    static Result parse(const QByteArray &output, const QString &destination);
    // Reads and waits (the command line).
    static Result read(const QString &destination);

    void start(const QString &destination);
    void cancel();
    bool isRunning() const;

    // What one host may send: its socket tables and docker ps (a busy host, a few MB); more
    // is a host flooding the reader, which stops there with an error naming it.
    static constexpr qint64 MaxOutputBytes = 64 * 1024 * 1024;
    static constexpr qint64 MaxErrorBytes = 64 * 1024;

signals:
    void finished(const portolan::RemoteSockets::Result &result);

private:
    void complete(Result result);
    void readOutput();
    // ssh and anything it started (a ProxyCommand) run in a process group of their own, ended
    // as one.
    void killProcess();

    QString m_destination;
    std::unique_ptr<QProcess> m_process;
    QTimer m_deadline;
    bool m_timedOut = false;
    bool m_flooded = false;
    QByteArray m_output;
    QByteArray m_errors;
};

// Reads many devices at once, at most `parallel` ssh connections at a time, and reports each
// as it finishes; cancel() stops the ones running and starts no more.
class RemoteSocketsRun : public QObject
{
    Q_OBJECT

public:
    struct Target
    {
        int device = -1;
        QString destination;
    };

    explicit RemoteSocketsRun(QVector<Target> targets, int parallel = 8, QObject *parent = nullptr);

    void start();
    void cancel();
    int total() const { return int(m_targets.size()); }
    int done() const { return m_done; }

signals:
    void deviceStarted(int device, const QString &destination);
    void deviceFinished(int device, const portolan::RemoteSockets::Result &result);
    void finished(bool canceled);

private:
    void startNext();

    QVector<Target> m_targets;
    int m_parallel;
    int m_next = 0;
    int m_running = 0;
    int m_done = 0;
    bool m_canceled = false;
    QList<RemoteSockets *> m_readers;
};

} // namespace portolan
