#pragma once

#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QTimer>
#include <QVector>

class QAbstractSocket;

namespace portolan {

// One question put to a host: does anything answer on this port?
struct PortProbe
{
    enum class Kind
    {
        TcpConnect, // a TCP handshake that completes
        DnsQuery,   // a DNS query over UDP that gets any reply (REFUSED included)
    };
    QHostAddress address;
    int port = 0;
    Kind kind = Kind::TcpConnect;
};

enum class ProbeOutcome
{
    Pending,
    Answered, // handshake completed, or a DNS reply
    Refused,  // RST, or ICMP port unreachable: nothing listens, nothing filters
    Silent,   // no answer within the timeout: dropped, or nothing there
};

// Puts many probes to hosts at once, bounded: at most `parallel` in flight, at most `rate` new
// ones a second, each given up after a timeout that adapts to the answers seen (as nmap does):
// once hosts have answered, a probe waits a few times the slowest answer rather than the
// whole timeout, so ports a firewall drops cost milliseconds each, not a second. Qt's own
// sockets, one event loop: the command line waits on finished(), the app shows progress() and
// may cancel().
class PortProber : public QObject
{
    Q_OBJECT

public:
    struct Limits
    {
        int parallel = 512;   // probes in flight
        int rate = 5000;      // new probes a second; 0: no bound but `parallel`
        int timeoutMs = 1000; // the longest wait for one answer
        // false: every probe waits timeoutMs, however fast others answered (a second look at
        // probes that had no answer, where the first look's pace is what failed them).
        bool adaptive = true;
    };

    PortProber(QVector<PortProbe> probes, Limits limits, QObject *parent = nullptr);
    ~PortProber() override;

    void start();
    void cancel();
    bool isFinished() const { return m_finished; }
    bool wasCancelled() const { return m_cancelled; }
    // In the order of the probes given.
    const QVector<ProbeOutcome> &outcomes() const { return m_outcomes; }

    // The address this machine sends from to reach `target` (the kernel's route), null when
    // there is no route: what the audit reports and judges by.
    static QHostAddress sourceFor(const QHostAddress &target);
    // A DNS query for the root's NS records, the bytes a UDP probe sends.
    static QByteArray dnsQuery(quint16 id);

signals:
    void progress(int done, int total);
    void finished();

private:
    struct InFlight
    {
        int probe = -1;
        QAbstractSocket *socket = nullptr;
        qint64 startedMs = 0;
    };
    void pump();
    void launch(int probe);
    void settle(QAbstractSocket *socket, ProbeOutcome outcome);
    void sweepTimeouts();
    qint64 currentTimeoutMs() const;
    void finishIfDone();

    QVector<PortProbe> m_probes;
    QVector<ProbeOutcome> m_outcomes;
    Limits m_limits;
    QVector<InFlight> m_inFlight;
    int m_next = 0;
    int m_done = 0;
    qint64 m_slowestAnswerMs = -1;
    double m_launchCredit = 0;
    qint64 m_lastPumpMs = 0;
    QElapsedTimer m_clock;
    QTimer m_tick;
    bool m_finished = false;
    bool m_cancelled = false;
};

} // namespace portolan
