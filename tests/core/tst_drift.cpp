#include "domain/WellKnownPorts.h"
#include "drift/DriftCheck.h"
#include "drift/SocketTable.h"
#include "store/RegistryIo.h"
#include "support/TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTest>
#include <QUdpSocket>

using namespace portolan;
using portolan::testing::fromTestFolder;

class TestDrift : public QObject
{
    Q_OBJECT

private slots:
    void decodesAddresses_data();
    void decodesAddresses();
    void readsFixtures();
    void ignoresNonListeningAndRejectsGarbage();
    void comparesPlanWithReality_data();
    void comparesPlanWithReality();
    void findsThisMachinesOwnSockets();
    void cliExitCodesAndJson();
    void servicesFileFormats();
};

void TestDrift::decodesAddresses_data()
{
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<QString>("address");
    QTest::newRow("loopback") << QByteArray("0100007F") << "127.0.0.1";
    QTest::newRow("lan") << QByteArray("020AA8C0") << "192.168.10.2";
    QTest::newRow("any v4") << QByteArray("00000000") << "0.0.0.0";
    QTest::newRow("any v6") << QByteArray("00000000000000000000000000000000") << "::";
    QTest::newRow("v4-mapped") << QByteArray("0000000000000000FFFF00000100007F") << "127.0.0.1";
    QTest::newRow("ula") << QByteArray("000000FD000000000000000010000000") << "fd00::10";
    QTest::newRow("v6 loopback") << QByteArray("00000000000000000000000001000000") << "::1";
}

void TestDrift::decodesAddresses()
{
    QFETCH(QByteArray, hex);
    QFETCH(QString, address);
    bool ok = false;
    QCOMPARE(SocketTable::decodeAddress(hex, &ok).toString(), address);
    QVERIFY(ok);
}

void TestDrift::readsFixtures()
{
    SocketTable table;
    QVERIFY2(table.readProcFolder(fromTestFolder(PORTOLAN_TEST_DATA "/proc")),
             qPrintable(table.error().toString()));
    // 2 tcp + 3 tcp6 listening, 1 udp + 1 udp6 bound; established and time-wait left out.
    QCOMPARE(table.sockets().size(), 7);
    QVERIFY(table.readDockerPs(fromTestFolder(PORTOLAN_TEST_DATA "/docker-ps.json")));
    QCOMPARE(table.sockets().size(),
             10); // 8080 twice (v4, v6) and 28820/udp; 9000 is not published
}

void TestDrift::ignoresNonListeningAndRejectsGarbage()
{
    SocketTable table;
    QVERIFY(!table.parseProcNet("hello\nworld\n", QStringLiteral("tcp"), QStringLiteral("x")));
    QVERIFY(table.error().toString().contains(QStringLiteral("not a /proc/net socket table")));
    QVERIFY(
        !table.parseProcNet("  sl  local_address rem_address   st\n   0: zz:yy 00000000:0000 0A\n",
                            QStringLiteral("tcp"), QStringLiteral("x")));
    QVERIFY(table.error().toString().contains(QStringLiteral("x:2")));

    // An address with a character that is not hex is not read as some other address.
    SocketTable corrupt;
    QVERIFY(!corrupt.parseProcNet("  sl  local_address rem_address   st\n"
                                  "   0: 0100007F:0050 00000000:0000 0A\n"
                                  "   1: 01z0007F:0051 00000000:0000 0A\n",
                                  QStringLiteral("tcp"), QStringLiteral("x")));
    QVERIFY2(corrupt.error().toString().contains(QStringLiteral("x:3: unreadable socket line")),
             qPrintable(corrupt.error().toString()));
    // Nor a port with a sign or a "0x", or one past 4 hex digits.
    for (const char *port : {"-50", "+50", "0x50", "10050"}) {
        SocketTable signedPort;
        QVERIFY2(!signedPort.parseProcNet(QByteArray("  sl  local_address rem_address   st\n"
                                                     "   0: 0100007F:") +
                                              port + " 00000000:0000 0A\n",
                                          QStringLiteral("tcp"), QStringLiteral("x")),
                 port);
    }

    // A busy host: thousands of connections around three listening sockets, with the blanks a
    // copy kept elsewhere may add (tabs, CRLF, a trailing line without its newline).
    QByteArray busy = "  sl  local_address rem_address   st tx_queue\r\n";
    for (int i = 0; i < 5000; ++i)
        busy += QByteArray("  ") + QByteArray::number(i) +
                ": 0100007F:" + QByteArray::number(30000 + i % 20000, 16).toUpper() +
                " 0100007F:C350 0" + QByteArray::number(1 + i % 9) + " 00000000:00000000\r\n";
    busy += "\t9: 00000000:0016 00000000:0000 0A\r\n"
            "   10:\t0100007F:0035 00000000:0000\t0A  \n"
            "\n"
            "   11: 0000000000000000FFFF00000100007F:01BB 00000000000000000000000000000000:0000 0A";
    SocketTable tcp;
    QVERIFY2(tcp.parseProcNet(busy, QStringLiteral("tcp"), QStringLiteral("busy")),
             qPrintable(tcp.error().toString()));
    QStringList read;
    for (const ListeningSocket &socket : tcp.sockets())
        read << QStringLiteral("%1 %2:%3")
                    .arg(socket.protocol, socket.address.toString())
                    .arg(socket.port);
    QCOMPARE(read,
             QStringList({QStringLiteral("tcp 0.0.0.0:22"), QStringLiteral("tcp 127.0.0.1:53"),
                          QStringLiteral("tcp 127.0.0.1:443")}));
    // As UDP the same lines are bound when their remote port is 0: the three again.
    SocketTable udp;
    QVERIFY(udp.parseProcNet(busy, QStringLiteral("udp"), QStringLiteral("busy")));
    QCOMPARE(udp.sockets().size(), 3);
}

void TestDrift::comparesPlanWithReality_data()
{
    QTest::addColumn<QString>("service");
    QTest::addColumn<QString>("port");
    QTest::addColumn<QString>("status");
    QTest::newRow("v6 wildcard serves a plan for all") << "traefik"
                                                       << "80"
                                                       << "listening";
    QTest::newRow("v4-mapped loopback is not all") << "traefik"
                                                   << "443"
                                                   << "other-address";
    QTest::newRow("udp bound") << "adguard"
                               << "53"
                               << "listening";
    QTest::newRow("planned loopback") << "gitea"
                                      << "20022"
                                      << "listening";
    QTest::newRow("planned lan, listening elsewhere") << "vault"
                                                      << "28200"
                                                      << "other-address";
    QTest::newRow("container publishes it") << "wireguard"
                                            << "28820"
                                            << "listening";
    QTest::newRow("nothing listens") << "node-exporter"
                                     << "23100"
                                     << "missing";
    QTest::newRow("unplanned with a name") << ""
                                           << "5353"
                                           << "unplanned";
    QTest::newRow("unplanned container") << ""
                                         << "8080"
                                         << "unplanned";
}

void TestDrift::comparesPlanWithReality()
{
    QFETCH(QString, service);
    QFETCH(QString, port);
    QFETCH(QString, status);
    Registry registry;
    Error error;
    QVERIFY(RegistryIo::load(fromTestFolder(PORTOLAN_TEST_DATA "/drift.yaml"), registry, error));
    SocketTable table;
    QVERIFY(table.readProcFolder(fromTestFolder(PORTOLAN_TEST_DATA "/proc")));
    QVERIFY(table.readDockerPs(fromTestFolder(PORTOLAN_TEST_DATA "/docker-ps.json")));
    WellKnownPorts names;
    names.loadServicesFile(fromTestFolder(PORTOLAN_TEST_DATA "/services"));
    const QVector<DriftEntry> entries = DriftCheck::compare(registry, 0, table.sockets(), &names);
    QCOMPARE(DriftCheck::driftCount(entries), 5);
    for (const DriftEntry &entry : entries) {
        if (entry.serviceName == service && entry.ports.toString() == port) {
            QCOMPARE(driftStatusName(entry.status), status);
            if (port == QLatin1String("5353"))
                QCOMPARE(entry.wellKnownName, QStringLiteral("mdns"));
            return;
        }
    }
    QFAIL("no entry for that port");
}

void TestDrift::findsThisMachinesOwnSockets()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QUdpSocket udp;
    QVERIFY(udp.bind(QHostAddress::Any, 0));
    SocketTable table;
    QVERIFY2(table.readProcFolder(QStringLiteral("/proc/net")),
             qPrintable(table.error().toString()));
    bool tcp = false;
    bool udpFound = false;
    for (const ListeningSocket &socket : table.sockets()) {
        if (socket.protocol == QLatin1String("tcp") && socket.port == server.serverPort())
            tcp = socket.address == QHostAddress(QHostAddress::LocalHost);
        if (socket.protocol == QLatin1String("udp") && socket.port == udp.localPort())
            udpFound = true;
    }
    QVERIFY2(tcp, "the QTcpServer's port was not found listening on 127.0.0.1");
    QVERIFY2(udpFound, "the QUdpSocket's port was not found bound");
}

void TestDrift::cliExitCodesAndJson()
{
    QProcess cli;
    cli.start(fromTestFolder(PORTOLAN_CLI),
              {QStringLiteral("drift"), fromTestFolder(PORTOLAN_TEST_DATA "/drift.yaml"),
               QStringLiteral("--device"), QStringLiteral("atlas"), QStringLiteral("--proc"),
               fromTestFolder(PORTOLAN_TEST_DATA "/proc"), QStringLiteral("--docker"),
               fromTestFolder(PORTOLAN_TEST_DATA "/docker-ps.json"), QStringLiteral("--format"),
               QStringLiteral("json")});
    QVERIFY(cli.waitForFinished(30000));
    QCOMPARE(cli.exitCode(), 1);
    const QJsonDocument json = QJsonDocument::fromJson(cli.readAllStandardOutput());
    QCOMPARE(json[QStringLiteral("device")].toString(), QStringLiteral("atlas"));
    QCOMPARE(json[QStringLiteral("drift")].toInt(), 5);
    QCOMPARE(json[QStringLiteral("entries")].toArray().size(), 10);

    // A plan that matches reality exits 0.
    QProcess agree;
    agree.start(fromTestFolder(PORTOLAN_CLI),
                {QStringLiteral("drift"), fromTestFolder(PORTOLAN_TEST_DATA "/drift.yaml"),
                 QStringLiteral("--device"), QStringLiteral("atlas"), QStringLiteral("--proc"),
                 fromTestFolder(PORTOLAN_TEST_DATA "/no-such-folder")});
    QVERIFY(agree.waitForFinished(30000));
    QCOMPARE(agree.exitCode(), 2);
    QVERIFY(agree.readAllStandardError().contains("holds none of"));
}

void TestDrift::servicesFileFormats()
{
    WellKnownPorts ports;
    QVERIFY(ports.loadServicesFile(fromTestFolder(PORTOLAN_TEST_DATA "/services")));
    QCOMPARE(ports.names(53, QStringLiteral("udp")), QStringList{QStringLiteral("domain")});
    QCOMPARE(ports.names(80, QStringLiteral("tcp")),
             (QStringList{QStringLiteral("http"), QStringLiteral("www")}));
    QVERIFY(!ports.isRegistered(22273, QStringLiteral("udp")));
    // Wireshark's IANA copy lists several protocols after one slash.
    QVERIFY(ports.loadServicesFile(fromTestFolder(PORTOLAN_TEST_DATA "/services-iana")));
    QCOMPARE(ports.names(26000, QStringLiteral("tcp")), QStringList{QStringLiteral("quake")});
    QCOMPARE(ports.names(26000, QStringLiteral("udp")), QStringList{QStringLiteral("quake")});
}

QTEST_GUILESS_MAIN(TestDrift)
#include "tst_drift.moc"
