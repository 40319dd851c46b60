#include "formats/compose/ImportPlan.h"
#include "formats/docker/DockerReader.h"

#include "support/TestSupport.h"

#include <QTemporaryDir>
#include <QTest>

using namespace portolan;
using namespace portolan::testing;

// Adopting a running host: saved docker ps, docker compose ps and docker inspect output read
// into services, bindings and routes, and `import docker` merging them like a compose file.
class TestDockerReader : public QObject
{
    Q_OBJECT

private slots:
    void services_data();
    void services();
    void malformedInputNamesItsPlace_data();
    void malformedInputNamesItsPlace();
    void importAdoptsAndIsIdempotent();
    void mergeKeepsTheFirstEqualBinding_data();
    void mergeKeepsTheFirstEqualBinding();
};

namespace {

// "name image route|ports...", ports as [bind@]host:container/protocol
QString summary(const ComposeService &service)
{
    QStringList ports;
    for (const PublishedPort &port : service.ports)
        ports << (port.hostIp.isEmpty() ? QString() : port.hostIp + u'@') +
                     (port.host ? port.host->toString() : QStringLiteral("?")) + u':' +
                     port.container.toString() + u'/' + port.protocol;
    return QStringLiteral("%1 %2 %3:%4 [%5]")
        .arg(service.name, service.image, service.routeHost)
        .arg(service.routePort.value_or(0))
        .arg(ports.join(u' '));
}

} // namespace

void TestDockerReader::services_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("docker ps") << "ps.jsonl"
                               << QStringList{
                                      "traefik traefik:v3.1 :0 [80:80/tcp 443:443/tcp]",
                                      "gitea gitea/gitea:1.22 git.example.org:3000 [20022:22/tcp]",
                                      "adguard adguard/adguardhome:v0.107.52 :0 "
                                      "[192.168.10.2@53:53/tcp 192.168.10.2@53:53/udp]",
                                      "vault hashicorp/vault:1.17 :0 [127.0.0.1@28200:8200/tcp]",
                                      "wireguard lscr.io/linuxserver/wireguard:latest :0 "
                                      "[28820:51820/udp]"};
    QTest::newRow("docker inspect")
        << "inspect.json"
        << QStringList{"grafana grafana/grafana:11.1.0 grafana.home.example.org:3000 []",
                       "minecraft itzg/minecraft-server:latest :0 [25100:25565/tcp]"};
    QTest::newRow("docker compose ps")
        << "compose-ps.jsonl" << QStringList{"web nginx:1.27 :0 [20080:80/tcp]"};
}

void TestDockerReader::services()
{
    QFETCH(QString, file);
    QFETCH(QStringList, expected);
    DockerReader reader;
    QVERIFY2(reader.readFile(fromTestFolder(PORTOLAN_TEST_DATA "/docker/") + file),
             qPrintable(reader.error().toString()));
    QStringList actual;
    for (const ComposeService &service : reader.services())
        actual << summary(service);
    QCOMPARE(actual, expected);
}

void TestDockerReader::malformedInputNamesItsPlace_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("words");
    QTest::newRow("cut line") << QByteArray("{\"Names\":\"a\",\"Ports\":\"\"}\n{\"Names\":\"b\",\n")
                              << 2 << "cut off";
    QTest::newRow("not an object") << QByteArray("\"web\"\n") << 1 << "expected an object";
    QTest::newRow("bad port") << QByteArray(
                                     "{\"Names\":\"a\",\"Ports\":\"0.0.0.0:99999->80/tcp\"}\n")
                              << 1 << "99999";
    QTest::newRow("inspect, cut") << QByteArray("[\n  {\"Name\": \"/a\",\n") << 1 << "cut off";
    QTest::newRow("inspect of an image")
        << QByteArray("[{\"Id\":\"sha256:0\",\"RepoTags\":[]}]") << 0 << "not a container";
    QTest::newRow("empty") << QByteArray("\n\n") << 0 << "no containers";
}

void TestDockerReader::malformedInputNamesItsPlace()
{
    QFETCH(QByteArray, data);
    QFETCH(int, line);
    QFETCH(QString, words);
    DockerReader reader;
    QVERIFY(!reader.readData(data, QStringLiteral("ps.json")));
    QCOMPARE(reader.error().location.file, QStringLiteral("ps.json"));
    QCOMPARE(reader.error().location.line, line);
    QVERIFY2(reader.error().message.contains(words), qPrintable(reader.error().message));
}

void TestDockerReader::importAdoptsAndIsIdempotent()
{
    QTemporaryDir dir;
    const QString target = dir.filePath(QStringLiteral("registry.yaml"));
    QVERIFY(copyExample(target));
    auto import = [&](const QStringList &extra) {
        return runProgram(fromTestFolder(PORTOLAN_CLI),
                          QStringList{QStringLiteral("import"), QStringLiteral("docker"),
                                      fromTestFolder(PORTOLAN_TEST_DATA "/docker/inspect.json"),
                                      QStringLiteral("--device"), QStringLiteral("helios"),
                                      QStringLiteral("--into"), target} +
                              extra);
    };
    const QByteArray before = fileBytes(target);
    const ProcessResult dry = import(
        {QStringLiteral("--dry-run"), QStringLiteral("--category"), QStringLiteral("monitoring")});
    QVERIFY2(dry.errText().contains(QStringLiteral("helios/minecraft")), dry.err.constData());
    QCOMPARE(fileBytes(target), before);

    const ProcessResult first =
        import({QStringLiteral("--category"), QStringLiteral("monitoring")});
    QCOMPARE(first.exitCode, 1); // minecraft's port names no exception yet
    const QString yaml = QString::fromUtf8(fileBytes(target));
    QVERIFY(yaml.contains(QStringLiteral("image: itzg/minecraft-server:latest")));
    QVERIFY(yaml.contains(QStringLiteral("route: {host: grafana, scope: internal, port: 3000}")));
    QVERIFY(yaml.contains(QStringLiteral("{host: 25100, container: 25565}")));

    const QByteArray adopted = fileBytes(target);
    const ProcessResult second = import({});
    QVERIFY2(second.errText().contains(QStringLiteral("nothing to change")),
             second.err.constData());
    QCOMPARE(fileBytes(target), adopted);

    const ProcessResult unknown = runProgram(
        fromTestFolder(PORTOLAN_CLI),
        {QStringLiteral("import"), QStringLiteral("docker"),
         fromTestFolder(PORTOLAN_TEST_DATA "/docker/broken.jsonl"), QStringLiteral("--device"),
         QStringLiteral("helios"), QStringLiteral("--into"), target});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY(unknown.errText().contains(QStringLiteral("broken.jsonl:1:")));
    QCOMPARE(fileBytes(target), adopted);
}

// An imported binding equal to an existing one (ports, protocol as written or implied, address)
// keeps the existing one's key, exception and notes; of equal existing ones, the first. Both
// ways of finding it: a scan of a service's few bindings, a hash of many.
void TestDockerReader::mergeKeepsTheFirstEqualBinding_data()
{
    QTest::addColumn<int>("existingCount");
    QTest::newRow("a few, scanned") << 3;
    QTest::newRow("many, hashed") << 40;
}

void TestDockerReader::mergeKeepsTheFirstEqualBinding()
{
    QFETCH(int, existingCount);
    QVector<Binding> existing;
    for (int i = 0; i < existingCount; ++i) {
        Binding binding;
        binding.key.id = i + 1;
        binding.host = PortRange::single(20000 + i);
        binding.container = PortRange::single(8000 + i);
        binding.exception = QStringLiteral("non-http");
        binding.notes = QStringLiteral("old %1").arg(i);
        existing << binding;
    }
    Binding again = existing[1];
    again.key.id = 999;
    again.notes = QStringLiteral("a later equal one");
    existing << again;

    Binding same = existing[1];
    same.key = {};
    same.protocol = QStringLiteral("tcp"); // written, where the existing one implies it
    same.exception.clear();
    same.notes = QStringLiteral("imported");
    Binding fresh;
    fresh.host = PortRange::single(30000);
    fresh.container = PortRange::single(53);
    fresh.protocol = QStringLiteral("udp");
    Binding elsewhere = existing[existingCount - 1];
    elsewhere.key = {};
    elsewhere.bind = QStringLiteral("127.0.0.1");
    elsewhere.notes = QStringLiteral("on loopback");

    const QVector<Binding> merged = mergeBindings(existing, {same, fresh, elsewhere});
    QCOMPARE(merged.size(), 3);
    QCOMPARE(merged[0].key.id, qint64(2));
    QCOMPARE(merged[0].notes, QStringLiteral("old 1"));
    QCOMPARE(merged[0].exception, QStringLiteral("non-http"));
    QCOMPARE(merged[0].protocol, QString());
    QCOMPARE(merged[1].key.id, qint64(0));
    QCOMPARE(merged[1].protocol, QStringLiteral("udp"));
    QCOMPARE(merged[2].key.id, qint64(0));
    QCOMPARE(merged[2].notes, QStringLiteral("on loopback"));
    QCOMPARE(merged[2].bind, QStringLiteral("127.0.0.1"));
}

QTEST_GUILESS_MAIN(TestDockerReader)
#include "tst_dockerreader.moc"
