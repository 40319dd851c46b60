#include "formats/yaml/YamlReader.h"
#include "support/TestSupport.h"
#include "support/YamlFixtureRows.h"

#include <QDir>
#include <QFile>
#include <QSet>
#include <QTest>

#include <limits>

using namespace portolan;
using portolan::testing::addYamlFixtureRows;
using portolan::testing::fromTestFolder;

class TestYamlReader : public QObject
{
    Q_OBJECT

private slots:
    void readsExample();
    void keepsOrderAndOptionalKeys();
    void readsAnchorsAndAliases();
    void repeatedValuesShareText();
    void valuesTakingTurnsShareText();
    void listsHoldNoSlack();
    void malformed_data();
    void malformed();
    void validEdgeCases_data();
    void validEdgeCases();
    void missingFileIsAnError();
    void readDataUsesDisplayName();
    void aliasBombIsRefused();
    void enginesAgree_data();
    void enginesAgree();
};

void TestYamlReader::readsExample()
{
    YamlReader reader;
    Registry registry;
    QVERIFY2(reader.readFile(fromTestFolder(PORTOLAN_EXAMPLE), registry),
             qPrintable(reader.error().toString()));
    QCOMPARE(registry.formatVersion, 1);
    QCOMPARE(registry.policy.domain, QStringLiteral("example.org"));
    QCOMPARE(registry.policy.internalSubdomain, QStringLiteral("home"));
    QCOMPARE(registry.policy.range.first, 20000);
    QCOMPARE(registry.policy.range.last, 29999);
    QCOMPARE(registry.policy.blockSize, std::optional<int>(1000));
    QCOMPARE(registry.policy.blocks.size(), 10);
    QCOMPARE(registry.policy.blocks[0].purpose, QStringLiteral("ssh-git"));
    QCOMPARE(registry.policy.blocks[0].label, QStringLiteral("SSH/Git"));
    QCOMPARE(registry.policy.blocks[1].label, QString());
    QCOMPARE(registry.devices.size(), 2);
    const Device &atlas = registry.devices[0];
    QCOMPARE(atlas.name, QStringLiteral("atlas"));
    QCOMPARE(atlas.ip, QStringLiteral("192.168.10.2"));
    QCOMPARE(atlas.services.size(), 8);
    QCOMPARE(atlas.bindingCount(), 7);
    const Service &adguard = atlas.services[1];
    QCOMPARE(adguard.route->host, QStringLiteral("dns"));
    QCOMPARE(adguard.route->scope, QStringLiteral("internal"));
    QCOMPARE(adguard.route->port, std::optional<int>(3000));
    QCOMPARE(adguard.ports[1].protocol, QStringLiteral("udp"));
    QCOMPARE(registry.devices[1].services[4].ports[0].host.first, 28820);
    QCOMPARE(registry.devices[1].services[4].ports[0].container.first, 51820);
}

void TestYamlReader::keepsOrderAndOptionalKeys()
{
    YamlReader reader;
    Registry registry;
    QVERIFY2(reader.readFile(fromTestFolder(PORTOLAN_TEST_DATA "/roundtrip/ranges-and-ipv6.yaml"),
                             registry),
             qPrintable(reader.error().toString()));
    QVERIFY(!registry.policy.blockSize.has_value());
    QCOMPARE(registry.policy.effectiveBlockSize(), 1000);
    const Service &minecraft = registry.devices[0].services[0];
    QCOMPARE(minecraft.ports[0].host, PortRange::span(40000, 40009));
    QCOMPARE(minecraft.ports[0].container, PortRange::span(25565, 25574));
    QCOMPARE(minecraft.ports[0].bind, QStringLiteral("::"));
    QCOMPARE(minecraft.ports[1].host, PortRange::single(40010));
    QCOMPARE(minecraft.ports[1].protocol, QStringLiteral("udp"));
    QCOMPARE(minecraft.ports[2].host, PortRange::span(40020, 40020));
    QCOMPARE(minecraft.ports[2].protocol, QString());
    QCOMPARE(minecraft.ports[2].effectiveProtocol(), QStringLiteral("tcp"));
    QCOMPARE(registry.devices[0].services[1].name, QStringLiteral("exporter"));
}

void TestYamlReader::readsAnchorsAndAliases()
{
    YamlReader reader;
    Registry registry;
    QVERIFY2(
        reader.readFile(fromTestFolder(PORTOLAN_TEST_DATA "/roundtrip/anchors-and-quoting.yaml"),
                        registry),
        qPrintable(reader.error().toString()));
    QCOMPARE(registry.policy.blocks.size(), 3);
    QCOMPARE(registry.policy.blocks[1], registry.policy.blocks[0]);
    QCOMPARE(registry.devices[0].description, QStringLiteral("example.org"));
    QCOMPARE(registry.devices[0].services[0].notes, QString());
    QCOMPARE(registry.devices[0].services[0].ports[0].exception, QStringLiteral("agent"));
    QVERIFY(registry.devices[0].services[1].ports.isEmpty());
}

// A value that repeats (a protocol, an exception, a category) is one string for all the places
// that hold it, not a copy each; numbers read from their bytes mean what the slow path reads.
void TestYamlReader::repeatedValuesShareText()
{
    const QByteArray yaml =
        "portolan: 1\npolicy:\n  domain: example.org\n  internal_subdomain: home\n"
        "  range: {start: 20000, end: 0029999}\ndevices:\n  - name: a\n    ip: 10.0.0.1\n"
        "    services:\n      - name: s1\n        category: ssh-git\n        ports:\n"
        "          - {host: 20022, container: 22, protocol: udp, exception: non-http}\n"
        "          - {host: \"20023-20025\", container: \" 22 \", protocol: tcp, exception: "
        "non-http}\n"
        "          - {host: 0020026, container: 22, protocol: udp, exception: non-http}\n"
        "      - name: s2\n        category: ssh-git\n        ports:\n"
        "          - {host: 20027, container: 22, protocol: udp, exception: agent}\n";
    YamlReader reader;
    Registry registry;
    QVERIFY2(reader.readData(yaml, QStringLiteral("shared.yaml"), registry),
             qPrintable(reader.error().toString()));
    const QVector<Binding> &first = registry.devices[0].services[0].ports;
    const QVector<Binding> &second = registry.devices[0].services[1].ports;
    QCOMPARE(first[0].protocol, QStringLiteral("udp"));
    QCOMPARE(first[1].protocol, QStringLiteral("tcp"));
    QVERIFY(first[0].protocol.constData() == first[2].protocol.constData());
    QVERIFY(first[0].protocol.constData() == second[0].protocol.constData());
    QVERIFY(first[0].exception.constData() == first[1].exception.constData());
    QCOMPARE(second[0].exception, QStringLiteral("agent"));
    QVERIFY(registry.devices[0].services[0].category.constData() ==
            registry.devices[0].services[1].category.constData());
    QCOMPARE(registry.policy.range.last, 29999);
    QCOMPARE(first[1].host, PortRange::span(20023, 20025));
    QCOMPARE(first[1].container, PortRange::single(22));
    QCOMPARE(first[2].host, PortRange::single(20026));
}

// Values that take turns down a key (the two scopes, two exceptions, the purposes in order)
// each keep one text: a cache that put two of them on one place shared neither, and a 100,000-
// binding registry held a copy of its scope for every route.
void TestYamlReader::valuesTakingTurnsShareText()
{
    const QStringList purposes{QStringLiteral("ssh-git"),       QStringLiteral("monitoring"),
                               QStringLiteral("orchestration"), QStringLiteral("automation"),
                               QStringLiteral("security"),      QStringLiteral("management")};
    const QStringList scopes{Scopes::Internal, Scopes::External};
    const QStringList exceptions{Exceptions::NonHttp, Exceptions::ReverseProxy};
    QByteArray yaml = "portolan: 1\npolicy:\n  domain: example.org\n  internal_subdomain: home\n"
                      "  range: {start: 20000, end: 29999}\n"
                      "devices:\n  - name: a\n    ip: 10.0.0.1\n    services:\n";
    const int services = 60;
    for (int s = 0; s < services; ++s) {
        yaml +=
            QStringLiteral("      - name: s%1\n        category: %2\n        route: {host: h%1, "
                           "scope: %3}\n        ports:\n          - {host: %4, container: 80, "
                           "exception: %5}\n")
                .arg(s)
                .arg(purposes[s % purposes.size()], scopes[s % 2])
                .arg(20000 + s)
                .arg(exceptions[s % 2])
                .toUtf8();
    }
    YamlReader reader;
    reader.setParallelFromBytes(std::numeric_limits<qint64>::max()); // one cache, one parser
    Registry registry;
    QVERIFY2(reader.readData(yaml, QStringLiteral("turns.yaml"), registry),
             qPrintable(reader.error().toString()));
    QSet<const QChar *> categoryTexts;
    QSet<const QChar *> scopeTexts;
    QSet<const QChar *> exceptionTexts;
    const QVector<Service> &read = registry.devices[0].services;
    QCOMPARE(read.size(), services);
    for (int s = 0; s < services; ++s) {
        QCOMPARE(read[s].category, purposes[s % purposes.size()]);
        QCOMPARE(read[s].route->scope, scopes[s % 2]);
        QCOMPARE(read[s].ports[0].exception, exceptions[s % 2]);
        categoryTexts << read[s].category.constData();
        scopeTexts << read[s].route->scope.constData();
        exceptionTexts << read[s].ports[0].exception.constData();
    }
    QCOMPARE(categoryTexts.size(), purposes.size());
    QCOMPARE(scopeTexts.size(), 2);
    QCOMPARE(exceptionTexts.size(), 2);
}

// Lists grow by doubling while they are read; once read, each holds what it has and no more.
void TestYamlReader::listsHoldNoSlack()
{
    YamlReader reader;
    Registry registry;
    QVERIFY2(reader.readFile(fromTestFolder(PORTOLAN_EXAMPLE), registry),
             qPrintable(reader.error().toString()));
    int services = 0;
    for (const Device &device : std::as_const(registry.devices)) {
        QCOMPARE(device.services.capacity(), device.services.size());
        for (const Service &service : device.services) {
            QCOMPARE(service.ports.capacity(), service.ports.size());
            ++services;
        }
    }
    QVERIFY(services > 4);
}

// Each malformed file must fail with the line, column and message recorded in manifest.tsv.
void TestYamlReader::malformed_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");
    QFile manifest(fromTestFolder(PORTOLAN_TEST_DATA "/malformed/manifest.tsv"));
    QVERIFY(manifest.open(QIODevice::ReadOnly | QIODevice::Text));
    int rows = 0;
    while (!manifest.atEnd()) {
        const QString line = QString::fromUtf8(manifest.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        const QStringList fields = line.split(u'\t');
        QCOMPARE(fields.size(), 4);
        QTest::newRow(qPrintable(fields[0]))
            << fields[0] << fields[1].toInt() << fields[2].toInt() << fields[3];
        ++rows;
    }
    QVERIFY2(rows >= 20, "the malformed corpus must hold at least 20 files");
    // Every file in the folder is listed, so none is silently untested.
    const QStringList files =
        QDir(fromTestFolder(PORTOLAN_TEST_DATA "/malformed")).entryList({QStringLiteral("*.yaml")});
    QCOMPARE(files.size(), rows);
}

void TestYamlReader::malformed()
{
    QFETCH(QString, file);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    const QString path = fromTestFolder(PORTOLAN_TEST_DATA "/malformed/") + file;
    YamlReader reader;
    Registry registry;
    registry.policy.domain = QStringLiteral("untouched");
    QVERIFY(!reader.readFile(path, registry));
    QCOMPARE(reader.error().location.file, path);
    QCOMPARE(reader.error().location.line, line);
    QCOMPARE(reader.error().location.column, column);
    QVERIFY2(reader.error().message.contains(message), qPrintable(reader.error().message));
    // A failed read leaves the caller's registry as it was.
    QCOMPARE(registry.policy.domain, QStringLiteral("untouched"));
}

void TestYamlReader::validEdgeCases_data()
{
    QTest::addColumn<QString>("path");
    const QDir dir(fromTestFolder(PORTOLAN_TEST_DATA "/roundtrip"));
    for (const QString &file : dir.entryList({QStringLiteral("*.yaml")}))
        QTest::newRow(qPrintable(file)) << dir.filePath(file);
}

void TestYamlReader::validEdgeCases()
{
    QFETCH(QString, path);
    YamlReader reader;
    Registry registry;
    QVERIFY2(reader.readFile(path, registry), qPrintable(reader.error().toString()));
    QVERIFY(!registry.devices.isEmpty());
}

void TestYamlReader::missingFileIsAnError()
{
    YamlReader reader;
    Registry registry;
    QVERIFY(!reader.readFile(QStringLiteral("/nonexistent/registry.yaml"), registry));
    QVERIFY(reader.error().toString().startsWith(QStringLiteral("/nonexistent/registry.yaml")));
}

void TestYamlReader::readDataUsesDisplayName()
{
    YamlReader reader;
    Registry registry;
    QVERIFY(!reader.readData("portolan: 1\nfoo: bar\n", QStringLiteral("<stdin>"), registry));
    QCOMPARE(reader.error().toString(),
             QStringLiteral("<stdin>:2:1: unknown key \"foo\" in the registry; expected one of: "
                            "portolan, policy, devices"));
}

void TestYamlReader::aliasBombIsRefused()
{
    const QByteArray policy = "portolan: 1\npolicy:\n  domain: example.org\n"
                              "  internal_subdomain: home\n  range: {start: 20000, end: 29999}\n"
                              "  blocks: [{purpose: x}]\n";
    YamlReader reader;
    Registry registry;

    // Reusing an anchored binding is legal and expands linearly.
    QByteArray reuse =
        policy + "devices:\n  - name: a\n    ip: 10.0.0.1\n    services:\n      - name: s\n"
                 "        category: x\n        ports:\n          - &p {host: 20001, container: 1, "
                 "exception: agent}\n";
    for (int i = 0; i < 9; ++i)
        reuse += "          - *p\n";
    QVERIFY2(reader.readData(reuse, QStringLiteral("reuse.yaml"), registry),
             qPrintable(reader.error().toString()));
    QCOMPARE(registry.devices[0].services[0].ports.size(), 10);
    QCOMPARE(registry.devices[0].services[0].ports[9].exception, QStringLiteral("agent"));

    // Billion laughs: nine levels of ten aliases. Nowhere in the schema may a sequence of
    // sequences stand, so the reader must stop at the first level, never expanding the rest.
    QByteArray laughs = policy +
                        "devices:\n  - name: a\n    ip: 10.0.0.1\n    description: &l0 lol\n"
                        "    services:\n      - name: s\n        category: x\n        notes: &l1 [";
    for (int i = 0; i < 10; ++i)
        laughs += i ? ", *l0" : "*l0";
    laughs += "]\n";
    QVERIFY(!reader.readData(laughs, QStringLiteral("laughs.yaml"), registry));
    QCOMPARE(reader.error().location.line, 14);
    QVERIFY2(reader.error().message.contains(QStringLiteral("expected a string")),
             qPrintable(reader.error().toString()));
}

// libyaml is the default event source and yaml-cpp's the alternative: on every YAML file the
// tests hold, both must read the same registry, or both refuse it. Only where the YAML itself is
// broken may they word the error differently (each parser has its own messages).
void TestYamlReader::enginesAgree_data()
{
    QVERIFY(addYamlFixtureRows() > 90);
}

void TestYamlReader::enginesAgree()
{
    QFETCH(QString, path);
    YamlReader libyaml;
    YamlReader yamlCpp;
    yamlCpp.setEngine(YamlReader::Engine::YamlCpp);
    QCOMPARE(libyaml.engine(), YamlReader::Engine::Libyaml);
    Registry fromLibyaml;
    Registry fromYamlCpp;
    const bool libyamlRead = libyaml.readFile(path, fromLibyaml);
    const bool yamlCppRead = yamlCpp.readFile(path, fromYamlCpp);
    QVERIFY2(libyamlRead == yamlCppRead,
             qPrintable(libyamlRead ? yamlCpp.error().toString() : libyaml.error().toString()));
    if (libyamlRead) {
        QVERIFY(fromLibyaml == fromYamlCpp);
        return;
    }
    const QString message = libyaml.error().message;
    const bool brokenYaml = message.startsWith(QLatin1String("not valid YAML")) ||
                            message.startsWith(QLatin1String("the file is not valid UTF-8")) ||
                            yamlCpp.error().message.startsWith(QLatin1String("not valid YAML"));
    // Plain scalars may continue over lines inside an unclosed flow collection, and the two
    // parsers end them at different places; where both stop at the same place, they agree.
    if (!brokenYaml && libyaml.error().location == yamlCpp.error().location)
        QCOMPARE(message, yamlCpp.error().message);
}

QTEST_GUILESS_MAIN(TestYamlReader)
#include "tst_yamlreader.moc"
