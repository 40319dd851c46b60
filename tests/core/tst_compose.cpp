#include "formats/compose/ComposeReader.h"
#include "formats/compose/ComposeWriter.h"
#include "formats/compose/ImportPlan.h"
#include "formats/compose/PortSpec.h"
#include "store/RegistryIo.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "support/TestSupport.h"

using namespace portolan;
using namespace portolan::testing;

class TestCompose : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void routesAcrossDevicesArePublishedNotLabelled();
    void routerNamesHoldOnlyLettersDigitsDashes();
    void importKeepsThePortOpenedForTheProxy();
    void portSpecs_data();
    void portSpecs();
    void exportPassesSchemaAndDockerCompose_data();
    void exportPassesSchemaAndDockerCompose();
    void exportEscapesDollarsAndQuotesPorts();
    void exportThenImportGivesTheSameBindingsAndRoutes();
    void importReadsEveryForm();
    void invalidSpecIsAnErrorWithItsPosition();
    void oversizedComposeFileIsRefused();
    void importUpdatesInsteadOfDuplicating();
    void proxyLabelsAsTraefikReadsThem_data();
    void proxyLabelsAsTraefikReadsThem();
    void importIsDeterministicAndIdempotent();
    void envFileBesideTheComposeFile();
    void extendsAndProfilesAsComposeRunsThem();
    void envFileErrorNamesItsLine();

private:
    Registry m_example;
    QTemporaryDir m_dir;
};

void TestCompose::oversizedComposeFileIsRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("huge.yml"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("services:\n  web:\n    image: nginx\n    labels:\n");
    const QByteArray label = "      - \"" + QByteArray(100, 'x') + "\"\n";
    while (file.size() <= ComposeReader::MaxFileBytes)
        file.write(label);
    file.close();
    ComposeReader importer;
    QVERIFY(!importer.readFile(path));
    QVERIFY2(importer.error().message.contains(QStringLiteral("too large for a compose file")),
             qPrintable(importer.error().toString()));
    QCOMPARE(importer.error().location.file, path);
    QVERIFY(importer.services().isEmpty());
}

void TestCompose::initTestCase()
{
    Error error;
    QVERIFY(RegistryIo::load(fromTestFolder(PORTOLAN_EXAMPLE), m_example, error));
}

// As Docker reads them (docker/go-connections nat.ParsePortSpec), the invalid ones included.
void TestCompose::portSpecs_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("ip");
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("container");
    QTest::addColumn<QString>("protocol");
    QTest::newRow("container only") << "3000" << true << ""
                                    << ""
                                    << "3000"
                                    << "tcp";
    QTest::newRow("host:container") << "8080:80" << true << ""
                                    << "8080"
                                    << "80"
                                    << "tcp";
    QTest::newRow("udp") << "53:53/udp" << true << ""
                         << "53"
                         << "53"
                         << "udp";
    QTest::newRow("ip") << "127.0.0.1:20022:22" << true << "127.0.0.1"
                        << "20022"
                        << "22"
                        << "tcp";
    QTest::newRow("ip, random host port") << "127.0.0.1::80" << true << "127.0.0.1"
                                          << ""
                                          << "80"
                                          << "tcp";
    QTest::newRow("ipv6 bracketed") << "[::1]:5353:53/udp" << true << "::1"
                                    << "5353"
                                    << "53"
                                    << "udp";
    QTest::newRow("ipv6 bare") << "::1:5353:53" << true << "::1"
                               << "5353"
                               << "53"
                               << "tcp";
    QTest::newRow("ranges") << "20000-20009:8000-8009" << true << ""
                            << "20000-20009"
                            << "8000-8009"
                            << "tcp";
    QTest::newRow("host range, one container port") << "8000-8010:80" << true << ""
                                                    << "8000-8010"
                                                    << "80"
                                                    << "tcp";
    QTest::newRow("container range only") << "8000-8009" << true << ""
                                          << ""
                                          << "8000-8009"
                                          << "tcp";
    QTest::newRow("sctp") << "9000:9000/sctp" << true << ""
                          << "9000"
                          << "9000"
                          << "sctp";
    QTest::newRow("upper-case protocol") << "53:53/UDP" << true << ""
                                         << "53"
                                         << "53"
                                         << "udp";
    QTest::newRow("bad protocol") << "80:80/http" << false << ""
                                  << ""
                                  << ""
                                  << "";
    QTest::newRow("letters") << "80:abc" << false << ""
                             << ""
                             << ""
                             << "";
    QTest::newRow("too large") << "70000:80" << false << ""
                               << ""
                               << ""
                               << "";
    QTest::newRow("zero") << "0:80" << false << ""
                          << ""
                          << ""
                          << "";
    QTest::newRow("reversed range") << "9000-8000:80" << false << ""
                                    << ""
                                    << ""
                                    << "";
    QTest::newRow("ranges of different length") << "8000-8009:80-85" << false << ""
                                                << ""
                                                << ""
                                                << "";
    QTest::newRow("container range, one host port") << "8000:80-85" << false << ""
                                                    << ""
                                                    << ""
                                                    << "";
    QTest::newRow("bad address") << "300.0.0.1:80:80" << false << ""
                                 << ""
                                 << ""
                                 << "";
    QTest::newRow("empty") << "" << false << ""
                           << ""
                           << ""
                           << "";
    QTest::newRow("no container port") << "8080:" << false << ""
                                       << ""
                                       << ""
                                       << "";
    QTest::newRow("unclosed bracket") << "[::1:80:80" << false << ""
                                      << ""
                                      << ""
                                      << "";
    // Found by fuzz_portspec (tests/fuzz/regressions): garbage around an address.
    QTest::newRow("fuzz: NUL and brackets in the address")
        << QString::fromUtf8(QByteArray::fromBase64("MQA4Wzo6XTA6NTo1MA==")) << false << ""
        << ""
        << ""
        << "";
    // Docker's own parser is the judge (ParsePortSpec in docker/go-connections).
    QTest::newRow("empty protocol is tcp") << "8080:80/" << true << ""
                                           << "8080"
                                           << "80"
                                           << "tcp";
    QTest::newRow("leading zeros") << "08080:080" << true << ""
                                   << "8080"
                                   << "80"
                                   << "tcp";
    QTest::newRow("blanks around the colon") << "8080 : 80" << false << ""
                                             << ""
                                             << ""
                                             << "";
    QTest::newRow("leading blank") << " 8080:80" << false << ""
                                   << ""
                                   << ""
                                   << "";
    QTest::newRow("trailing blank") << "8080:80 " << false << ""
                                    << ""
                                    << ""
                                    << "";
    QTest::newRow("IPv4 shorthand Go refuses") << "127.0.1:8080:80" << false << ""
                                               << ""
                                               << ""
                                               << "";
    QTest::newRow("IPv4 leading zero Go refuses") << "127.0.0.01:8080:80" << false << ""
                                                  << ""
                                                  << ""
                                                  << "";
    QTest::newRow("IPv6 zone") << "[fe80::1%eth0]:8080:80" << false << ""
                               << ""
                               << ""
                               << "";
    QTest::newRow("signed port") << "+8080:80" << false << ""
                                 << ""
                                 << ""
                                 << "";
    QTest::newRow("address with letters") << "localhost:80:80" << false << ""
                                          << ""
                                          << ""
                                          << "";
}

void TestCompose::portSpecs()
{
    QFETCH(QString, spec);
    QFETCH(bool, valid);
    QFETCH(QString, ip);
    QFETCH(QString, host);
    QFETCH(QString, container);
    QFETCH(QString, protocol);
    Error error;
    const auto port = PortSpec::parse(spec, &error);
    QCOMPARE(port.has_value(), valid);
    if (!valid) {
        QVERIFY(!error.toString().isEmpty());
        return;
    }
    QCOMPARE(port->hostIp, ip);
    QCOMPARE(port->host ? port->host->toString() : QString(), host);
    QCOMPARE(port->container.toString(), container);
    QCOMPARE(port->protocol, protocol);
}

void TestCompose::exportPassesSchemaAndDockerCompose_data()
{
    QTest::addColumn<QString>("registry");
    QTest::addColumn<QString>("device");
    QTest::addColumn<int>("proxy");
    for (const char *device : {"atlas", "helios"}) {
        QTest::newRow(qPrintable(QStringLiteral("example %1 traefik").arg(QLatin1String(device))))
            << fromTestFolder(PORTOLAN_EXAMPLE) << QString::fromLatin1(device) << 0;
        QTest::newRow(qPrintable(QStringLiteral("example %1 caddy").arg(QLatin1String(device))))
            << fromTestFolder(PORTOLAN_EXAMPLE) << QString::fromLatin1(device) << 1;
    }
    QTest::newRow("ranges and ipv6")
        << fromTestFolder(PORTOLAN_TEST_DATA "/roundtrip/ranges-and-ipv6.yaml")
        << QStringLiteral("v6-host") << 0;
    QTest::newRow("unicode notes")
        << fromTestFolder(PORTOLAN_TEST_DATA "/roundtrip/empty-and-unicode.yaml")
        << QStringLiteral("weird.notes_host-1") << 0;
}

void TestCompose::exportPassesSchemaAndDockerCompose()
{
    QFETCH(QString, registry);
    QFETCH(QString, device);
    QFETCH(int, proxy);
    Registry loaded;
    Error error;
    QVERIFY(RegistryIo::load(registry, loaded, error));
    const QByteArray yaml = ComposeWriter::toCompose(loaded, loaded.findDevice(device), {},
                                                     proxy ? ComposeWriter::Proxy::Caddy
                                                           : ComposeWriter::Proxy::Traefik);
    const QString path = m_dir.filePath(QStringLiteral("export.yml"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(yaml);
    file.close();
    QProcess check;
    check.setProcessChannelMode(QProcess::MergedChannels);
    check.start(fromTestFolder(PORTOLAN_CHECK_COMPOSE), {path});
    QVERIFY(check.waitForFinished(60000));
    QVERIFY2(check.exitCode() == 0,
             qPrintable(QString::fromUtf8(check.readAll()) + QString::fromUtf8(yaml)));
}

void TestCompose::exportEscapesDollarsAndQuotesPorts()
{
    Registry registry = m_example;
    registry.devices[0].services[2].route->host = QStringLiteral("git");
    registry.policy.domain = QStringLiteral("exa$mple.org");
    const QString yaml =
        QString::fromUtf8(ComposeWriter::toCompose(registry, 0, {QStringLiteral("gitea")}));
    QVERIFY2(yaml.contains(QStringLiteral("Host(`git.exa$$mple.org`)")), qPrintable(yaml));
    QVERIFY(
        yaml.contains(QStringLiteral("- \"20022:22/tcp\"  # exception: non-http (git over ssh)")));
    QVERIFY(!yaml.contains(QStringLiteral("traefik:")));
    QVERIFY(yaml.contains(QStringLiteral("    external: true")));
}

void TestCompose::exportThenImportGivesTheSameBindingsAndRoutes()
{
    for (int d = 0; d < m_example.devices.size(); ++d) {
        const QByteArray yaml = ComposeWriter::toCompose(m_example, d);
        ComposeReader importer;
        QVERIFY2(importer.readData(yaml, QStringLiteral("export.yml")),
                 qPrintable(importer.error().toString()));
        // A device with its own proxy carries its routes in labels; one whose routes another
        // device's proxy serves carries none (no proxy there reads them): there the routes are
        // planned already and the import brings the ports.
        const bool proxyHere = m_example.devices[d].runsReverseProxy();
        Registry empty = m_example;
        if (proxyHere) {
            empty.devices[d].services.clear();
        } else {
            for (Service &service : empty.devices[d].services)
                service.ports.clear();
        }
        ImportPlan plan;
        Error error;
        QVERIFY2(planComposeImport(empty, d, importer.services(), QStringLiteral("management"), {},
                                   &plan, &error),
                 qPrintable(error.toString()));
        plan.applyTo(empty, d);
        const QVector<Service> &before = m_example.devices[d].services;
        const QVector<Service> &after = empty.devices[d].services;
        QCOMPARE(after.size(), before.size());
        for (int s = 0; s < before.size(); ++s) {
            QCOMPARE(after[s].name, before[s].name);
            QCOMPARE(after[s].route.has_value(), before[s].route.has_value());
            if (before[s].route)
                QVERIFY(*after[s].route == *before[s].route);
            QCOMPARE(after[s].ports.size(), before[s].ports.size());
            for (int b = 0; b < before[s].ports.size(); ++b) {
                QCOMPARE(after[s].image, before[s].image);
                QCOMPARE(after[s].ports[b].hostLabel(), before[s].ports[b].hostLabel());
                QCOMPARE(after[s].ports[b].container, before[s].ports[b].container);
                QCOMPARE(after[s].ports[b].bind, before[s].ports[b].bind);
                // Compose has no exceptions, but a port published for the proxy elsewhere is one.
                const bool backend =
                    before[s].ports[b].exception == Exceptions::ProxyBackend && !proxyHere;
                QCOMPARE(after[s].ports[b].exception,
                         backend ? Exceptions::ProxyBackend : QString());
            }
        }
    }
}

void TestCompose::importReadsEveryForm()
{
    ComposeReader importer;
    QHash<QString, QString> variables{{QStringLiteral("GRAFANA_PORT"), QStringLiteral("23001")},
                                      {QStringLiteral("SSH_PORT"), QStringLiteral("20223")}};
    QFile file(fromTestFolder(PORTOLAN_TEST_DATA "/compose/mixed.yml"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY2(importer.readData(file.readAll(), QStringLiteral("mixed.yml"), variables),
             qPrintable(importer.error().toString()));
    const QVector<ComposeService> &services = importer.services();
    QCOMPARE(services.size(), 3);
    const ComposeService &forgejo = services[0];
    QCOMPARE(forgejo.ports.size(), 3);
    QCOMPARE(forgejo.ports[0].host->first, 20223);
    QCOMPARE(forgejo.ports[1].hostIp, QStringLiteral("127.0.0.1"));
    QCOMPARE(forgejo.ports[2].hostIp, QStringLiteral("::1"));
    QCOMPARE(forgejo.ports[2].host->first, 20081);
    QCOMPARE(forgejo.ports[2].container.first, 3001);
    QCOMPARE(forgejo.routeHost, QStringLiteral("git.example.org"));
    QCOMPARE(forgejo.routePort, std::optional<int>(3000));
    const ComposeService &dns = services[1];
    QCOMPARE(dns.ports.size(), 4);
    QCOMPARE(dns.ports[1].hostIp, QStringLiteral("::1"));
    QCOMPARE(dns.ports[2].host->toString(), QStringLiteral("20300-20302"));
    QVERIFY(!dns.ports[3].host.has_value());
    QCOMPARE(dns.routeHost, QStringLiteral("dns.home.example.org"));
    QCOMPARE(dns.routePort, std::optional<int>(3000));
    QCOMPARE(services[2].ports[0].host->first, 23001);

    // The default applies when the variable is unset; a missing required one is an error.
    QVERIFY(importer.readData(file.fileName().isEmpty()
                                  ? QByteArray()
                                  : QByteArray("services:\n  a:\n    image: x\n    ports:\n      - "
                                               "\"${P:-20500}:80\"\n      - \"${Q-20501}:81\"\n"),
                              QStringLiteral("d.yml"),
                              {{QStringLiteral("Q"), QString()}}) == false ||
            importer.services().value(0).ports.size() == 2);
    QVERIFY(!importer.readData("services:\n  a:\n    ports:\n      - \"${NEEDED:?set it}:80\"\n",
                               QStringLiteral("r.yml"), {}));
    QCOMPARE(importer.error().location.line, 4);
    QVERIFY(importer.error().message.contains(QStringLiteral("NEEDED")));
}

void TestCompose::invalidSpecIsAnErrorWithItsPosition()
{
    ComposeReader importer;
    QVERIFY(!importer.readFile(fromTestFolder(PORTOLAN_TEST_DATA "/compose/bad-port.yml")));
    QCOMPARE(importer.error().location.line, 6);
    QCOMPARE(importer.error().location.column, 9);
    QVERIFY2(importer.error().message.contains(QStringLiteral("invalid containerPort")),
             qPrintable(importer.error().message));
}

void TestCompose::importUpdatesInsteadOfDuplicating()
{
    // Import the example's own compose back: nothing changes, exceptions stay.
    const QByteArray yaml = ComposeWriter::toCompose(m_example, 0);
    ComposeReader importer;
    QVERIFY(importer.readData(yaml, QStringLiteral("atlas.yml")));
    ImportPlan plan;
    Error error;
    QVERIFY(planComposeImport(m_example, 0, importer.services(), QString(), {}, &plan, &error));
    QVERIFY2(plan.isEmpty(), qPrintable(plan.describe()));
    Registry registry = m_example;
    plan.applyTo(registry, 0);
    QVERIFY(registry == m_example);
}

void TestCompose::proxyLabelsAsTraefikReadsThem_data()
{
    QTest::addColumn<QString>("service");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port"); // 0: none
    QTest::addColumn<QString>("image");
    QTest::addColumn<QStringList>("warned"); // words each warning about it must hold

    QTest::newRow("keys in any case")
        << "super"
        << "super.example.org" << 8080 << "ghcr.io/example/super:2.1" << QStringList();
    QTest::newRow("the router with a service port")
        << "multi"
        << "web.example.org" << 3000 << "traefik:v3.1"
        << QStringList{QStringLiteral("PathPrefix(`/app`)"), QStringLiteral("router dashboard")};
    QTest::newRow("first router in label order")
        << "redirect"
        << "www.home.example.org" << 80 << "nginx:1.27-alpine"
        << QStringList{QStringLiteral("router redirect (www.home.example.org) left out")};
    QTest::newRow("lowest exposed port") << "outside"
                                         << "foo.other.net" << 8080 << "nginx" << QStringList();
    QTest::newRow("deploy.labels")
        << "swarm"
        << "swarm.example.org" << 9000 << "registry.example.org:5000/team/swarm-app:latest"
        << QStringList();
    QTest::newRow("traefik.enable=false")
        << "disabled"
        << "" << 0 << "nginx" << QStringList{QStringLiteral("traefik.enable=false")};
    QTest::newRow("a second host") << "twohosts"
                                   << "a.example.org" << 80 << "nginx"
                                   << QStringList{QStringLiteral("also answers b.example.org")};
}

void TestCompose::proxyLabelsAsTraefikReadsThem()
{
    QFETCH(QString, service);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, image);
    QFETCH(QStringList, warned);
    ComposeReader reader;
    QVERIFY2(reader.readFile(fromTestFolder(PORTOLAN_TEST_DATA "/compose/routers.yml")),
             qPrintable(reader.error().toString()));
    const ComposeService *found = nullptr;
    for (const ComposeService &candidate : reader.services()) {
        if (candidate.name == service)
            found = &candidate;
    }
    QVERIFY(found);
    QCOMPARE(found->routeHost, host);
    QCOMPARE(found->routePort.value_or(0), port);
    QCOMPARE(found->image, image);
    for (const QString &words : warned) {
        bool said = false;
        for (const QString &warning : found->warnings)
            said |= warning.contains(words) && warning.startsWith(service + u':');
        QVERIFY2(said, qPrintable(words + QStringLiteral(" not in: ") +
                                  found->warnings.join(QStringLiteral(" | "))));
    }
    if (warned.isEmpty())
        QVERIFY2(found->warnings.isEmpty(), qPrintable(found->warnings.join(u'|')));
}

// Two processes (two hash seeds) import the same file into two copies: the same bytes; a second
// import into either changes nothing, not one byte.
void TestCompose::importIsDeterministicAndIdempotent()
{
    const QByteArray registry = "portolan: 1\n"
                                "policy:\n"
                                "  domain: example.org\n"
                                "  internal_subdomain: home\n"
                                "  range: {start: 20000, end: 29999}\n"
                                "  blocks:\n"
                                "    - {purpose: web}\n"
                                "  proxy_device: atlas\n"
                                "devices:\n"
                                "  - name: atlas\n"
                                "    ip: 192.168.10.2\n"
                                "    services: []\n"
                                "  - name: nas\n"
                                "    ip: 192.168.10.3\n"
                                "    services: []   # kept as written\n";
    QTemporaryDir dir;
    QStringList targets;
    QByteArray first;
    for (int run = 0; run < 3; ++run) {
        const QString target = dir.filePath(QStringLiteral("r%1.yaml").arg(run));
        QVERIFY(writeBytes(target, registry));
        const ProcessResult result = runProgram(
            fromTestFolder(PORTOLAN_CLI),
            {QStringLiteral("import"), QStringLiteral("compose"),
             fromTestFolder(PORTOLAN_TEST_DATA "/compose/routers.yml"), QStringLiteral("--device"),
             QStringLiteral("atlas"), QStringLiteral("--category"), QStringLiteral("web"),
             QStringLiteral("--into"), target, QStringLiteral("--drop-comments")});
        QVERIFY2(result.exitCode == 1, result.err.constData()); // bindings without exception
        if (run == 0)
            first = fileBytes(target);
        else
            QCOMPARE(fileBytes(target), first);
        targets << target;
    }
    QVERIFY(first.contains("route: {host: web, scope: external, port: 3000}"));
    QVERIFY(first.contains("image: registry.example.org:5000/team/swarm-app:latest"));
    QVERIFY(first.contains("{host: 20100, container: 80, notes:"));

    // Nothing to change: the file keeps every byte, its comment and `services: []` too.
    const QString again = targets.first();
    QVERIFY(writeBytes(again, first + "  - name: spare\n    ip: 192.168.10.9\n"
                                      "    services: []   # kept as written\n"));
    const QByteArray before = fileBytes(again);
    const ProcessResult second = runProgram(
        fromTestFolder(PORTOLAN_CLI),
        {QStringLiteral("import"), QStringLiteral("compose"),
         fromTestFolder(PORTOLAN_TEST_DATA "/compose/routers.yml"), QStringLiteral("--device"),
         QStringLiteral("atlas"), QStringLiteral("--into"), again});
    QVERIFY2(second.errText().contains(QStringLiteral("nothing to change")),
             second.err.constData());
    QCOMPARE(fileBytes(again), before);
    QVERIFY(before.contains("services: []   # kept as written"));
}

void TestCompose::extendsAndProfilesAsComposeRunsThem()
{
    ComposeReader reader;
    QVERIFY2(reader.readFile(fromTestFolder(PORTOLAN_TEST_DATA "/compose/extends.yml")),
             qPrintable(reader.error().toString()));
    QCOMPARE(reader.services().size(), 3);
    const ComposeService &child = reader.services()[1];
    QCOMPARE(child.image, QStringLiteral("nginx:1.27"));
    QCOMPARE(child.ports.size(), 2);
    QCOMPARE(child.ports[0].host->first, 20080);
    QCOMPARE(child.ports[1].host->first, 20443);
    QCOMPARE(child.routeHost, QStringLiteral("child.example.org"));

    Registry registry = m_example;
    ImportPlan plan;
    Error error;
    QVERIFY(planComposeImport(registry, 1, reader.services(), QStringLiteral("automation"), {},
                              &plan, &error));
    QStringList names;
    for (const ImportPlan::Item &item : plan.items)
        names << item.service.name;
    QCOMPARE(names, (QStringList{QStringLiteral("base"), QStringLiteral("child")}));
    QVERIFY2(
        plan.warnings.join(u'\n').contains(QStringLiteral("debug: runs only with profile debug")),
        qPrintable(plan.warnings.join(u'\n')));
}

void TestCompose::envFileBesideTheComposeFile()
{
    ComposeReader reader;
    QVERIFY2(reader.readFile(fromTestFolder(PORTOLAN_TEST_DATA "/compose/aio/compose.yaml")),
             qPrintable(reader.error().toString()));
    QCOMPARE(reader.services().size(), 1);
    const ComposeService &aio = reader.services().first();
    QCOMPARE(aio.image, QStringLiteral("nextcloud/all-in-one:latest"));
    QCOMPARE(aio.ports.size(), 3);
    QCOMPARE(aio.ports[0].hostIp, QStringLiteral("127.0.0.1"));
    QCOMPARE(aio.ports[0].host->toString(), QStringLiteral("11000"));
    QCOMPARE(aio.ports[1].protocol, QStringLiteral("udp"));
    QCOMPARE(aio.ports[2].container.toString(), QStringLiteral("20478"));
}

void TestCompose::envFileErrorNamesItsLine()
{
    qunsetenv("DOMAIN_FROM_SHELL");
    ComposeReader reader;
    QVERIFY(!reader.readFile(fromTestFolder(PORTOLAN_TEST_DATA "/compose/aio/compose.yaml"),
                             fromTestFolder(PORTOLAN_TEST_DATA "/compose/required.env")));
    QCOMPARE(reader.error().location.line, 3);
    QVERIFY(reader.error().location.file.endsWith(QLatin1String("required.env")));
    QVERIFY2(
        reader.error().message.contains(QStringLiteral("set DOMAIN_FROM_SHELL before importing")),
        qPrintable(reader.error().toString()));
}

// helios runs no proxy: atlas's serves its routes through the ports opened for it. Its compose
// publishes them on helios's address and writes no labels or proxy network nobody there reads
// (every route across devices answered 502 before).
void TestCompose::routesAcrossDevicesArePublishedNotLabelled()
{
    const QString helios = QString::fromUtf8(ComposeWriter::toCompose(m_example, 1));
    QVERIFY2(helios.contains(QStringLiteral("- \"192.168.10.3:25000:5678/tcp\"  # exception: "
                                            "proxy-backend")),
             qPrintable(helios));
    QVERIFY2(!helios.contains(QStringLiteral("labels:")), qPrintable(helios));
    QVERIFY2(!helios.contains(QStringLiteral("networks:")), qPrintable(helios));
    QVERIFY2(!helios.contains(QStringLiteral("external: true")), qPrintable(helios));
    // atlas's proxy joins the network its labelled services are on, and keeps the default.
    const QString atlas = QString::fromUtf8(ComposeWriter::toCompose(m_example, 0));
    QVERIFY2(atlas.contains(QStringLiteral("  traefik:\n    image: \"traefik:v3.1\"\n    ports:\n"
                                           "      - \"80:80/tcp\"  # exception: reverse-proxy "
                                           "(external via tunnel)\n      - \"443:443/tcp\"  # "
                                           "exception: reverse-proxy (internal via VPN)\n    "
                                           "networks:\n      - default\n      - proxy\n")),
             qPrintable(atlas));
    QVERIFY(atlas.contains(QStringLiteral("traefik.docker.network: \"proxy\"")));
}

void TestCompose::routerNamesHoldOnlyLettersDigitsDashes()
{
    Registry registry = m_example;
    Service jelly;
    jelly.name = QStringLiteral("jelly.fin");
    jelly.category = QStringLiteral("management");
    jelly.route = Route{QStringLiteral("tv"), Scopes::Internal, 8096};
    registry.devices[0].services.append(jelly);
    Service other = jelly;
    other.name = QStringLiteral("Jelly_Fin");
    other.route->host = QStringLiteral("tv2");
    registry.devices[0].services.append(other);
    const QString yaml = QString::fromUtf8(ComposeWriter::toCompose(registry, 0));
    // Traefik splits label keys on dots: "routers.jelly.fin.rule" dropped the container.
    QVERIFY2(yaml.contains(QStringLiteral("traefik.http.routers.jelly-fin.rule:")),
             qPrintable(yaml));
    QVERIFY2(yaml.contains(QStringLiteral("traefik.http.routers.jelly-fin-2.rule:")),
             qPrintable(yaml));
    QVERIFY(yaml.contains(QStringLiteral("traefik.http.services.jelly-fin-2.loadbalancer")));
    const QRegularExpression key(
        QStringLiteral("traefik\\.http\\.(routers|services)\\.([^.]+)\\."));
    for (auto it = key.globalMatch(yaml); it.hasNext();) {
        const QString name = it.next().captured(2);
        QVERIFY2(QRegularExpression(QStringLiteral("^[a-z0-9-]+$")).match(name).hasMatch(),
                 qPrintable(name));
    }
}

void TestCompose::importKeepsThePortOpenedForTheProxy()
{
    // helios's own compose file, as an admin keeps it: n8n published on helios's address.
    ComposeReader reader;
    QVERIFY(reader.readData("services:\n  n8n:\n    image: n8nio/n8n:1.50.0\n    ports:\n"
                            "      - \"192.168.10.3:25500:5678\"\n      - \"25501:9999\"\n",
                            QStringLiteral("helios.yml")));
    Registry registry = m_example;
    registry.devices[1].services[2].ports.clear(); // n8n: the route only
    ImportPlan plan;
    Error error;
    QVERIFY2(planComposeImport(registry, 1, reader.services(), QString(), {}, &plan, &error),
             qPrintable(error.toString()));
    plan.applyTo(registry, 1);
    const QVector<Binding> &ports = registry.devices[1].services[2].ports;
    QCOMPARE(ports.size(), 2);
    QCOMPARE(ports[0].exception, Exceptions::ProxyBackend); // the route's port, for atlas
    QVERIFY(ports[1].exception.isEmpty());                  // another port: to be decided
    QVERIFY(plan.warnings.join(u'\n').contains(QStringLiteral("for the proxy on atlas")));
}

QTEST_GUILESS_MAIN(TestCompose)
#include "tst_compose.moc"
