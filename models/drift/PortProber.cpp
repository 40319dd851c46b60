#include "drift/PortProber.h"

#include <QNetworkDatagram>
#include <QNetworkProxy>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QUdpSocket>
#include <QtEndian>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#endif

#include <algorithm>

namespace portolan {

namespace {

// The adaptive wait never drops below this: a host busy answering hundreds of handshakes at
// once answers late, and a late answer read as silence would hide an exposed port.
constexpr qint64 MinAdaptiveTimeoutMs = 250;
constexpr int TickMs = 5;

// Hundreds of sockets at once need as many descriptors; the soft limit is often 1024.
void allowDescriptors(int needed)
{
#ifdef Q_OS_UNIX
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return;
    const rlim_t wanted = rlim_t(needed) + 256;
    if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < wanted) {
        limit.rlim_cur =
            limit.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, limit.rlim_max);
        setrlimit(RLIMIT_NOFILE, &limit);
    }
#else
    Q_UNUSED(needed)
#endif
}

} // namespace

PortProber::PortProber(QVector<PortProbe> probes, Limits limits, QObject *parent)
    : QObject(parent)
    , m_probes(std::move(probes))
    , m_outcomes(m_probes.size(), ProbeOutcome::Pending)
    , m_limits(limits)
{
    m_limits.parallel = std::max(1, m_limits.parallel);
    m_limits.rate = std::max(0, m_limits.rate);
    m_limits.timeoutMs = std::max(10, m_limits.timeoutMs);
    m_tick.setInterval(TickMs);
    connect(&m_tick, &QTimer::timeout, this, [this] {
        sweepTimeouts();
        pump();
    });
}

PortProber::~PortProber()
{
    for (const InFlight &flight : std::as_const(m_inFlight)) {
        flight.socket->disconnect(this);
        flight.socket->abort();
        delete flight.socket;
    }
}

void PortProber::start()
{
    allowDescriptors(m_limits.parallel);
    m_clock.start();
    m_lastPumpMs = 0;
    m_launchCredit = m_limits.rate == 0 ? 0 : std::min(m_limits.parallel, m_limits.rate / 50 + 1);
    m_tick.start();
    pump();
    finishIfDone();
}

void PortProber::cancel()
{
    if (m_finished)
        return;
    m_cancelled = true;
    for (const InFlight &flight : std::as_const(m_inFlight)) {
        flight.socket->disconnect(this);
        flight.socket->abort();
        flight.socket->deleteLater();
    }
    m_inFlight.clear();
    m_next = int(m_probes.size());
    finishIfDone();
}

QHostAddress PortProber::sourceFor(const QHostAddress &target)
{
    QUdpSocket socket;
    // A UDP "connection" sends nothing: it only asks the kernel for the route.
    socket.connectToHost(target, 9);
    if (!socket.waitForConnected(1000))
        return {};
    QHostAddress source = socket.localAddress();
    source.setScopeId(QString());
    return source;
}

QByteArray PortProber::dnsQuery(quint16 id)
{
    QByteArray query(12, '\0');
    qToBigEndian<quint16>(id, query.data());
    query[2] = 0x01; // recursion desired: a resolver answers too
    query[5] = 0x01; // one question
    // ". IN NS": the root, type 2, class 1.
    query.append('\0');
    query.append("\x00\x02\x00\x01", 4);
    return query;
}

qint64 PortProber::currentTimeoutMs() const
{
    if (!m_limits.adaptive || m_slowestAnswerMs < 0)
        return m_limits.timeoutMs;
    return std::min<qint64>(m_limits.timeoutMs,
                            std::max(MinAdaptiveTimeoutMs, 4 * m_slowestAnswerMs + 100));
}

void PortProber::pump()
{
    if (m_cancelled)
        return;
    const qint64 now = m_clock.elapsed();
    if (m_limits.rate > 0) {
        m_launchCredit += double(now - m_lastPumpMs) * m_limits.rate / 1000.0;
        m_launchCredit = std::min(m_launchCredit, double(m_limits.parallel));
    }
    m_lastPumpMs = now;
    while (m_next < m_probes.size() && m_inFlight.size() < m_limits.parallel &&
           (m_limits.rate == 0 || m_launchCredit >= 1)) {
        if (m_limits.rate > 0)
            m_launchCredit -= 1;
        launch(m_next++);
    }
}

void PortProber::launch(int probe)
{
    const PortProbe &p = m_probes[probe];
    QAbstractSocket *socket = nullptr;
    if (p.kind == PortProbe::Kind::DnsQuery) {
        auto *udp = new QUdpSocket(this);
        const quint16 id = quint16(QRandomGenerator::global()->generate());
        connect(udp, &QUdpSocket::connected, udp, [udp, id] { udp->write(dnsQuery(id)); });
        connect(udp, &QUdpSocket::readyRead, this, [this, udp, id] {
            while (udp->hasPendingDatagrams()) {
                const QByteArray reply = udp->receiveDatagram().data();
                if (reply.size() >= 12 && qFromBigEndian<quint16>(reply.constData()) == id &&
                    (uchar(reply[2]) & 0x80)) {
                    settle(udp, ProbeOutcome::Answered);
                    return;
                }
            }
        });
        socket = udp;
    } else {
        auto *tcp = new QTcpSocket(this);
        connect(tcp, &QTcpSocket::connected, this,
                [this, tcp] { settle(tcp, ProbeOutcome::Answered); });
        socket = tcp;
    }
    connect(socket, &QAbstractSocket::errorOccurred, this,
            [this, socket](QAbstractSocket::SocketError error) {
                settle(socket, error == QAbstractSocket::ConnectionRefusedError
                                   ? ProbeOutcome::Refused
                                   : ProbeOutcome::Silent);
            });
    // Straight to the host: a proxy would answer for it (and asking the system for one costs
    // more than the probe).
    socket->setProxy(QNetworkProxy::NoProxy);
    m_inFlight.append({probe, socket, m_clock.elapsed()});
    socket->connectToHost(p.address, quint16(p.port));
}

void PortProber::settle(QAbstractSocket *socket, ProbeOutcome outcome)
{
    const auto it = std::find_if(m_inFlight.begin(), m_inFlight.end(),
                                 [socket](const InFlight &f) { return f.socket == socket; });
    if (it == m_inFlight.end())
        return;
    const InFlight flight = *it;
    m_inFlight.erase(it);
    if (outcome == ProbeOutcome::Answered || outcome == ProbeOutcome::Refused)
        m_slowestAnswerMs = std::max(m_slowestAnswerMs, m_clock.elapsed() - flight.startedMs);
    m_outcomes[flight.probe] = outcome;
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
    ++m_done;
    if (m_done % 256 == 0 || m_done == m_probes.size())
        emit progress(m_done, int(m_probes.size()));
    pump();
    finishIfDone();
}

void PortProber::sweepTimeouts()
{
    const qint64 now = m_clock.elapsed();
    const qint64 timeout = currentTimeoutMs();
    QVector<QAbstractSocket *> expired;
    for (const InFlight &flight : std::as_const(m_inFlight)) {
        if (now - flight.startedMs >= timeout)
            expired << flight.socket;
    }
    for (QAbstractSocket *socket : std::as_const(expired))
        settle(socket, ProbeOutcome::Silent);
}

void PortProber::finishIfDone()
{
    if (m_finished || !m_inFlight.isEmpty() || m_next < m_probes.size())
        return;
    m_finished = true;
    m_tick.stop();
    emit finished();
}

} // namespace portolan
