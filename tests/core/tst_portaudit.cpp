#include "drift/PortAudit.h"
#include "formats/yaml/YamlReader.h"

#include "support/RegistryFixtures.h"
#include "support/TestSupport.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkDatagram>
#include <QTcpServer>
#include <QTest>
#include <QTimer>
#include <QUdpSocket>

using namespace portolan;
using namespace portolan::testing;

// The audit's plan (what is probed), its judgement (what an answer means for a source) and
// its prober against real sockets on loopback: a listener answers, a closed port refuses, a
// DNS server answers a query, and a bound of 1 in flight still finishes. The same audit through
// a real firewall from three vantage points is tests/firewall/check-firewall.
class TestPortAudit : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void probesThePlanTheRangeAndTheWellKnownPorts();
    void judgesEachAnswerForItsSource_data();
    void judgesEachAnswerForItsSource();
    void bindNarrowsTheAddress();
    void udpWithoutAProbeIsUnknown();
    void everyPortAnsweringIsNotJudged();
    void proberTellsAnswerFromRefusal();
    void proberAsksDnsAndHearsTheReply();
    void aSecondLookWaitsForTheSlowAnswer();
    void auditOfLoopbackReportsWhatAnswers();
    void anAuditLooksAgainBeforeCallingAPortClosed();
    void cancelStopsAtOnce();
    void cliRefusesBadBounds_data();
    void cliRefusesBadBounds();

private:
    Registry m_registry;
};

namespace {

// Two devices: atlas runs the proxy; helios holds one binding of each exception.
const QByteArray registryText = R"(portolan: 1
policy:
  domain: example.org
  internal_subdomain: internal
  range: {start: 20000, end: 20999}
  block_size: 1000
  blocks:
    - {purpose: ssh-git}
  proxy_device: atlas
devices:
  - name: atlas
    ip: 192.168.10.2
    services:
      - name: traefik
        category: ssh-git
        ports:
          - {host: 443, container: 443, exception: reverse-proxy}
  - name: helios
    ip: 192.168.10.3
    vpn_ip: fd00:10::3
    ssh: ssh://admin@192.168.10.3:2222
    services:
      - name: dns
        category: ssh-git
        ports:
          - {host: 20053, container: 53, protocol: udp, exception: non-http}
      - name: periphery
        category: ssh-git
        ports:
          - {host: 20120, container: 8120, exception: agent}
      - name: n8n
        category: ssh-git
        route: {host: n8n, scope: external, port: 5678}
        ports:
          - {host: 20500, container: 5678, bind: 192.168.10.3, exception: proxy-backend}
      - name: wireguard
        category: ssh-git
        ports:
          - {host: 20820, container: 51820, protocol: udp, exception: non-http}
      - name: high
        category: ssh-git
        ports:
          - {host: 40000, container: 4000, exception: non-http}
)";

const QHostAddress helios(QStringLiteral("192.168.10.3"));
const QHostAddress atlas(QStringLiteral("192.168.10.2"));
const QHostAddress stranger(QStringLiteral("203.0.113.9"));

int indexOf(const QVector<PortProbe> &probes, int port, PortProbe::Kind kind)
{
    for (int i = 0; i < probes.size(); ++i) {
        if (probes[i].port == port && probes[i].kind == kind)
            return i;
    }
    return -1;
}

// Every probe silent, but those listed, which answer.
QVector<ProbeOutcome> answering(const QVector<PortProbe> &probes, const QList<int> &tcpPorts)
{
    QVector<ProbeOutcome> outcomes(probes.size(), ProbeOutcome::Silent);
    for (int port : tcpPorts)
        outcomes[indexOf(probes, port, PortProbe::Kind::TcpConnect)] = ProbeOutcome::Answered;
    return outcomes;
}

QStringList describe(const Device &device, const QVector<AuditFinding> &findings)
{
    QStringList lines;
    for (const AuditFinding &f : findings) {
        const QString binding = DeviceAudit::bindingName(device, f);
        lines << QStringLiteral("%1 %2/%3 %4")
                     .arg(AuditFinding::kindName(f.kind))
                     .arg(f.port)
                     .arg(f.protocol, binding.isEmpty() ? QStringLiteral("-") : binding);
    }
    return lines;
}

} // namespace

void TestPortAudit::initTestCase()
{
    YamlReader reader;
    QVERIFY2(reader.readData(registryText, QStringLiteral("audit.yaml"), m_registry),
             qPrintable(reader.error().toString()));
}

void TestPortAudit::probesThePlanTheRangeAndTheWellKnownPorts()
{
    const QVector<PortProbe> probes = PortAudit::probesFor(m_registry, 1, helios);
    // ssh first (its answer teaches the prober the host's speed), then the planned ports.
    QCOMPARE(probes.first().port, 2222);
    QVERIFY(indexOf(probes, 20120, PortProbe::Kind::TcpConnect) <
            indexOf(probes, 1, PortProbe::Kind::TcpConnect));
    // 1-1023, the range (1000), the planned port outside it, ssh; each once.
    QSet<int> tcp;
    for (const PortProbe &p : probes) {
        if (p.kind == PortProbe::Kind::TcpConnect) {
            QVERIFY2(!tcp.contains(p.port), qPrintable(QString::number(p.port)));
            tcp.insert(p.port);
        }
        QCOMPARE(p.address, helios);
    }
    QCOMPARE(tcp.size(), 1023 + 1000 + 2);
    QVERIFY(tcp.contains(40000) && tcp.contains(2222) && tcp.contains(1) && tcp.contains(1023));
    QVERIFY(!tcp.contains(1024) && !tcp.contains(21000));
    // DNS over udp: the well-known port, and the host port that maps to a container's 53.
    QVERIFY(indexOf(probes, 53, PortProbe::Kind::DnsQuery) >= 0);
    QVERIFY(indexOf(probes, 20053, PortProbe::Kind::DnsQuery) >= 0);
    QCOMPARE(indexOf(probes, 20820, PortProbe::Kind::DnsQuery), -1);
}

void TestPortAudit::judgesEachAnswerForItsSource_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QList<int>>("answers");
    QTest::addColumn<QStringList>("expected");

    const QList<int> planned{2222, 20120, 20500, 40000};
    // A stranger: the agent and the proxy-backend answer it, the non-http port is for anyone.
    QTest::newRow("stranger, wide open")
        << stranger.toString() << (planned + QList<int>{20999})
        << QStringList{"exposed 20120/tcp periphery/20120/tcp", "exposed 20500/tcp n8n/20500/tcp",
                       "exposed 20999/tcp -", "closed 20053/udp dns/20053/udp",
                       "unknown 20820/udp wireguard/20820/udp"};
    QTest::newRow("stranger, firewalled")
        << stranger.toString() << QList<int>{2222, 40000}
        << QStringList{"closed 20053/udp dns/20053/udp", "unknown 20820/udp wireguard/20820/udp"};
    // atlas is a device and the proxy: everything planned is for it.
    QTest::newRow("atlas, all answer")
        << atlas.toString() << planned
        << QStringList{"closed 20053/udp dns/20053/udp", "unknown 20820/udp wireguard/20820/udp"};
    QTest::newRow("atlas, agent down")
        << atlas.toString() << QList<int>{2222, 20500, 40000}
        << QStringList{"closed 20053/udp dns/20053/udp", "closed 20120/tcp periphery/20120/tcp",
                       "unknown 20820/udp wireguard/20820/udp"};
    // helios itself is a device, not the proxy.
    QTest::newRow("helios itself")
        << helios.toString() << planned
        << QStringList{"exposed 20500/tcp n8n/20500/tcp", "closed 20053/udp dns/20053/udp",
                       "unknown 20820/udp wireguard/20820/udp"};
    // ssh is never exposed, even when the plan does not name it.
    QTest::newRow("ssh answers a stranger")
        << stranger.toString() << QList<int>{2222, 40000}
        << QStringList{"closed 20053/udp dns/20053/udp", "unknown 20820/udp wireguard/20820/udp"};
}

void TestPortAudit::judgesEachAnswerForItsSource()
{
    QFETCH(QString, source);
    QFETCH(QList<int>, answers);
    QFETCH(QStringList, expected);
    const QVector<PortProbe> probes = PortAudit::probesFor(m_registry, 1, helios);
    const QVector<AuditFinding> findings = PortAudit::judge(
        m_registry, 1, helios, QHostAddress(source), probes, answering(probes, answers));
    QStringList got = describe(m_registry.devices[1], findings);
    std::sort(got.begin(), got.end());
    std::sort(expected.begin(), expected.end());
    QCOMPARE(got, expected);
}

void TestPortAudit::bindNarrowsTheAddress()
{
    // On the VPN address the proxy-backend (bound to the LAN address) is not planned: an
    // answer there is exposed even to the proxy, and silence is not closed.
    const QHostAddress vpn(QStringLiteral("fd00:10::3"));
    const QVector<PortProbe> probes = PortAudit::probesFor(m_registry, 1, vpn);
    QStringList got = describe(m_registry.devices[1],
                               PortAudit::judge(m_registry, 1, vpn, atlas, probes,
                                                answering(probes, {2222, 20120, 20500, 40000})));
    QVERIFY2(got.contains(QStringLiteral("exposed 20500/tcp -")), qPrintable(got.join(u'\n')));
    got =
        describe(m_registry.devices[1], PortAudit::judge(m_registry, 1, vpn, atlas, probes,
                                                         answering(probes, {2222, 20120, 40000})));
    QVERIFY2(!got.join(u'\n').contains(QStringLiteral("20500")), qPrintable(got.join(u'\n')));
}

void TestPortAudit::udpWithoutAProbeIsUnknown()
{
    const QVector<PortProbe> probes = PortAudit::probesFor(m_registry, 1, helios);
    QVector<ProbeOutcome> outcomes = answering(probes, {2222, 20120, 20500, 40000});
    outcomes[indexOf(probes, 20053, PortProbe::Kind::DnsQuery)] = ProbeOutcome::Answered;
    const QVector<AuditFinding> findings =
        PortAudit::judge(m_registry, 1, helios, atlas, probes, outcomes);
    QCOMPARE(findings.size(), 1);
    QCOMPARE(findings[0].kind, AuditFinding::Kind::Unknown);
    QCOMPARE(findings[0].port, 20820);
    QVERIFY(!PortAudit::hasFindings({DeviceAudit{1, {}, findings}}));
}

void TestPortAudit::proberTellsAnswerFromRefusal()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    // A port that was just free, so almost surely nothing listens there now.
    QTcpServer gone;
    QVERIFY(gone.listen(QHostAddress::LocalHost));
    const int closedPort = gone.serverPort();
    gone.close();

    QVector<PortProbe> probes;
    for (int i = 0; i < 20; ++i) {
        probes.append({QHostAddress::LocalHost, server.serverPort(), PortProbe::Kind::TcpConnect});
        probes.append({QHostAddress::LocalHost, closedPort, PortProbe::Kind::TcpConnect});
    }
    // One in flight at a time, ten a second at most would take 4 s: the bound is kept, so
    // the run is measured against it.
    PortProber prober(probes, {4, 0, 2000});
    QSignalSpy finished(&prober, &PortProber::finished);
    prober.start();
    QVERIFY(finished.wait(10000) || prober.isFinished());
    for (int i = 0; i < probes.size(); ++i) {
        QCOMPARE(prober.outcomes()[i], i % 2 == 0 ? ProbeOutcome::Answered : ProbeOutcome::Refused);
    }
}

void TestPortAudit::proberAsksDnsAndHearsTheReply()
{
    // A DNS server of a few lines: echoes the query's id with the reply bit and REFUSED.
    QUdpSocket dns;
    QVERIFY(dns.bind(QHostAddress::LocalHost, 0));
    connect(&dns, &QUdpSocket::readyRead, &dns, [&dns] {
        while (dns.hasPendingDatagrams()) {
            const QNetworkDatagram query = dns.receiveDatagram();
            QByteArray reply = query.data();
            if (reply.size() < 12)
                continue;
            reply[2] = char(0x81);
            reply[3] = char(0x05);
            dns.writeDatagram(query.makeReply(reply));
        }
    });
    QUdpSocket silent; // bound, never answers: a dropped port
    QVERIFY(silent.bind(QHostAddress::LocalHost, 0));

    QVector<PortProbe> probes{
        {QHostAddress::LocalHost, dns.localPort(), PortProbe::Kind::DnsQuery},
        {QHostAddress::LocalHost, silent.localPort(), PortProbe::Kind::DnsQuery}};
    PortProber prober(probes, {8, 0, 300});
    QSignalSpy finished(&prober, &PortProber::finished);
    prober.start();
    QVERIFY(finished.wait(5000) || prober.isFinished());
    QCOMPARE(prober.outcomes()[0], ProbeOutcome::Answered);
    QCOMPARE(prober.outcomes()[1], ProbeOutcome::Silent);
    // The query is a well-formed question for the root.
    const QByteArray query = PortProber::dnsQuery(0x1234);
    QCOMPARE(query.size(), 17);
    QCOMPARE(query.left(2), QByteArray("\x12\x34", 2));
}

namespace {

// Answers each DNS query after `delayMs`, as proberAsksDnsAndHearsTheReply's server does.
void answerDnsAfter(QUdpSocket *dns, int delayMs)
{
    QObject::connect(dns, &QUdpSocket::readyRead, dns, [dns, delayMs] {
        while (dns->hasPendingDatagrams()) {
            const QNetworkDatagram query = dns->receiveDatagram();
            QByteArray reply = query.data();
            if (reply.size() < 12)
                continue;
            reply[2] = char(0x81);
            reply[3] = char(0x05);
            QTimer::singleShot(delayMs, dns, [dns, datagram = query.makeReply(reply)] {
                dns->writeDatagram(datagram);
            });
        }
    });
}

// `base` with one device, "local" on this machine's loopback, whose one service holds
// `bindings`; the range is `rangePort` alone, so that the probe list stays short.
Registry onLoopback(const Registry &base, int rangePort, const QVector<Binding> &bindings)
{
    Registry registry = base;
    registry.policy.range = PortRange::single(rangePort);
    registry.devices = {testing::deviceWithOneService(QStringLiteral("local"),
                                                      QStringLiteral("127.0.0.1"), bindings)};
    return registry;
}

} // namespace

void TestPortAudit::aSecondLookWaitsForTheSlowAnswer()
{
    // One server answers at once, one after 1.5 s (a stand-in kept from the processor). Paced
    // by the fast answer, the slow one is given up as silent; the rehearsal's second look
    // (adaptive off) waits its whole timeout and hears it.
    QUdpSocket fast;
    QUdpSocket slow;
    QVERIFY(fast.bind(QHostAddress::LocalHost, 0));
    QVERIFY(slow.bind(QHostAddress::LocalHost, 0));
    answerDnsAfter(&fast, 0);
    answerDnsAfter(&slow, 1500);
    const QVector<PortProbe> probes{
        {QHostAddress::LocalHost, fast.localPort(), PortProbe::Kind::DnsQuery},
        {QHostAddress::LocalHost, slow.localPort(), PortProbe::Kind::DnsQuery}};
    for (const bool adaptive : {true, false}) {
        PortProber prober(probes, {8, 0, 3000, adaptive});
        QSignalSpy finished(&prober, &PortProber::finished);
        prober.start();
        QVERIFY(finished.wait(10000) || prober.isFinished());
        QCOMPARE(prober.outcomes()[0], ProbeOutcome::Answered);
        QCOMPARE(prober.outcomes()[1], adaptive ? ProbeOutcome::Silent : ProbeOutcome::Answered);
    }
}

void TestPortAudit::auditOfLoopbackReportsWhatAnswers()
{
    // A registry whose one device is this machine's loopback: a planned agent that answers,
    // a planned non-http port with nothing behind it, and a listener nobody planned.
    QTcpServer agent;
    QVERIFY(agent.listen(QHostAddress::LocalHost, 0));
    QTcpServer rogue;
    QVERIFY(rogue.listen(QHostAddress::LocalHost, 0));
    QTcpServer freePort;
    QVERIFY(freePort.listen(QHostAddress::LocalHost, 0));
    const int missing = freePort.serverPort();
    freePort.close();

    Binding planned;
    planned.host = PortRange::single(agent.serverPort());
    planned.container = planned.host;
    planned.exception = Exceptions::Agent;
    Binding down = planned;
    down.host = PortRange::single(missing);
    down.container = down.host;
    down.exception = Exceptions::NonHttp;
    // The range is the rogue's port alone: the probe list holds it.
    const Registry registry = onLoopback(m_registry, rogue.serverPort(), {planned, down});

    PortAudit audit(registry, {0}, {256, 0, 500});
    QSignalSpy finished(&audit, &PortAudit::finished);
    audit.start();
    QVERIFY(audit.isFinished() || finished.wait(30000));
    const QVector<DeviceAudit> &results = audit.results();
    QCOMPARE(results.size(), 1);
    QCOMPARE(results[0].addresses.size(), 1);
    QCOMPARE(results[0].addresses[0].source, QStringLiteral("127.0.0.1"));
    bool sawRogue = false;
    bool sawDown = false;
    for (const AuditFinding &f : results[0].findings) {
        // The source, 127.0.0.1, is local's own ip, a device's address: the agent is open
        // for it, so it is not exposed.
        QVERIFY2(f.port != agent.serverPort(), qPrintable(f.reason));
        sawRogue |= f.port == rogue.serverPort() && f.kind == AuditFinding::Kind::Exposed;
        sawDown |= f.port == missing && f.kind == AuditFinding::Kind::Closed;
    }
    QVERIFY(sawRogue);
    QVERIFY(sawDown);
    const QJsonObject json = PortAudit::toJson(registry, results);
    const QJsonObject device = json[QStringLiteral("devices")].toArray().first().toObject();
    QCOMPARE(device[QStringLiteral("device")].toString(), QStringLiteral("local"));
    QCOMPARE(device[QStringLiteral("source")].toString(), QStringLiteral("127.0.0.1"));
    QVERIFY(PortAudit::hasFindings(results));
    QVERIFY(!PortAudit::hasErrors(results));
}

void TestPortAudit::anAuditLooksAgainBeforeCallingAPortClosed()
{
    // Three planned DNS ports on loopback: one answers at once (the pace of the first look),
    // one after 1.5 s (a host kept busy), one never (a port really closed). Only the last is
    // closed.
    QUdpSocket fast;
    QUdpSocket slow;
    QUdpSocket never;
    QVERIFY(fast.bind(QHostAddress::LocalHost, 0));
    QVERIFY(slow.bind(QHostAddress::LocalHost, 0));
    QVERIFY(never.bind(QHostAddress::LocalHost, 0));
    answerDnsAfter(&fast, 0);
    answerDnsAfter(&slow, 1500);

    QVector<Binding> dns;
    for (const QUdpSocket *server : {&fast, &slow, &never}) {
        Binding binding;
        binding.host = PortRange::single(server->localPort());
        binding.container = PortRange::single(53);
        binding.protocol = Protocols::Udp;
        binding.exception = Exceptions::NonHttp;
        dns << binding;
    }
    const Registry registry = onLoopback(m_registry, fast.localPort(), dns);

    PortAudit audit(registry, {0}, {256, 0, 3000});
    QSignalSpy finished(&audit, &PortAudit::finished);
    QSignalSpy lookingAgain(&audit, &PortAudit::lookingAgain);
    QSignalSpy progress(&audit, &PortAudit::progress);
    audit.start();
    QVERIFY(audit.isFinished() || finished.wait(30000));
    QStringList closed;
    for (const AuditFinding &f : audit.results()[0].findings) {
        if (f.kind == AuditFinding::Kind::Closed)
            closed << QString::number(f.port);
    }
    QCOMPARE(closed, QStringList{QString::number(never.localPort())});

    // The second look is announced, with the whole timeout, and its progress counts its own
    // probes up to the last (what the app's progress dialog shows meanwhile).
    QCOMPARE(lookingAgain.size(), 1);
    const int ports = lookingAgain.first().at(0).toInt();
    QVERIFY2(ports >= 1 && ports <= 2, qPrintable(QString::number(ports)));
    QCOMPARE(lookingAgain.first().at(1).toInt(), 3000);
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last().at(0).toInt(), ports);
    QCOMPARE(progress.last().at(1).toInt(), ports);
}

void TestPortAudit::cancelStopsAtOnce()
{
    // 5,000 probes at 50 a second would take 100 s: cancel ends it, nothing half-judged.
    QVector<PortProbe> probes(5000, {QHostAddress::LocalHost, 9, PortProbe::Kind::TcpConnect});
    PortProber prober(probes, {8, 50, 1000});
    QSignalSpy finished(&prober, &PortProber::finished);
    prober.start();
    QTest::qWait(100);
    QVERIFY(!prober.isFinished());
    QElapsedTimer clock;
    clock.start();
    prober.cancel();
    QVERIFY(prober.isFinished() && prober.wasCancelled());
    QCOMPARE(finished.size(), 1);
    QVERIFY(clock.elapsed() < 1000);
    QVERIFY(prober.outcomes().contains(ProbeOutcome::Pending));
}

void TestPortAudit::cliRefusesBadBounds_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("parallel 0") << QStringList{"--device", "helios", "--parallel", "0"}
                                << QStringLiteral("--parallel must be a whole number");
    QTest::newRow("rate words") << QStringList{"--device", "helios", "--rate", "fast"}
                                << QStringLiteral("--rate must be a whole number");
    QTest::newRow("no device") << QStringList{} << QStringLiteral("--device NAME");
    QTest::newRow("both") << QStringList{"--all", "--device", "helios"}
                          << QStringLiteral("takes no --device");
    QTest::newRow("unknown device")
        << QStringList{"--device", "nowhere"} << QStringLiteral("nowhere");
}

void TestPortAudit::cliRefusesBadBounds()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const ProcessResult result = runProgram(
        fromTestFolder(PORTOLAN_CLI),
        QStringList{QStringLiteral("audit"), fromTestFolder(PORTOLAN_EXAMPLE)} + arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.errText().contains(message), result.err.constData());
    QVERIFY(result.out.isEmpty());
}

// Behind a gateway that completes every handshake itself (this sandbox's does), every port
// answers: that is said, not reported as a thousand exposed ports.
void TestPortAudit::everyPortAnsweringIsNotJudged()
{
    const QHostAddress target(QStringLiteral("192.0.2.10"));
    const QVector<PortProbe> probes = PortAudit::probesFor(m_registry, 1, target);
    QVERIFY(probes.size() > 1000);
    QVector<ProbeOutcome> outcomes(probes.size(), ProbeOutcome::Answered);
    const QString why = PortAudit::everyPortAnswered(probes, outcomes);
    QVERIFY2(why.contains(QStringLiteral("tcp ports probed answered")), qPrintable(why));
    QVERIFY(why.contains(
        QString::number(std::count_if(probes.cbegin(), probes.cend(), [](const PortProbe &p) {
            return p.kind == PortProbe::Kind::TcpConnect;
        }))));
    // One port refused: a real host, judged as usual.
    outcomes[outcomes.size() / 2] = ProbeOutcome::Refused;
    QCOMPARE(PortAudit::everyPortAnswered(probes, outcomes), QString());
    // A handful of ports, all open, can be a real host.
    QCOMPARE(PortAudit::everyPortAnswered(probes.mid(0, 20),
                                          QVector<ProbeOutcome>(20, ProbeOutcome::Answered)),
             QString());
}

QTEST_GUILESS_MAIN(TestPortAudit)
#include "tst_portaudit.moc"
