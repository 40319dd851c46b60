#include "formats/yaml/YamlReader.h"
#include "io/PositionedFileBuffer.h"
#include "support/TestSupport.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QSet>
#include <QTest>
#include <QThread>

#include <QTemporaryDir>

#include <iterator>
#include <limits>
#include <string>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

using namespace portolan;
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
    void partsAgreeWithWhole_data();
    void partsAgreeWithWhole();
    void largeRegistryCut_data();
    void largeRegistryCut();
    void progressCountsBothThreadsAndCancelsLate();
    void partsReadTheFileOpened();
    void besideAgreesWithWhole_data();
    void besideAgreesWithWhole();
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
    QTest::addColumn<QString>("path");
    const QString data = fromTestFolder(PORTOLAN_TEST_DATA);
    QDirIterator files(data, {QStringLiteral("*.yaml")}, QDir::Files, QDirIterator::Subdirectories);
    int rows = 0;
    while (files.hasNext()) {
        const QString path = files.next();
        QTest::newRow(qPrintable(path.mid(data.size() + 1))) << path;
        ++rows;
    }
    QTest::newRow("example") << fromTestFolder(PORTOLAN_EXAMPLE);
    QVERIFY(rows > 90);
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

namespace {

// Two reads of one text: the same registry, or the same error at the same place.
void compareOutcomes(const YamlReader &whole, bool wholeRead, const Registry &fromWhole,
                     const YamlReader &other, bool otherRead, const Registry &fromOther)
{
    QVERIFY2(wholeRead == otherRead,
             qPrintable(wholeRead ? other.error().toString() : whole.error().toString()));
    if (wholeRead)
        QVERIFY(fromWhole == fromOther);
    else
        QCOMPARE(other.error().toString(), whole.error().toString());
}

// Reads data as one parse, as two parts and as up to MostParts parts (cut wherever the reader
// finds cuts): the same registry, or the same error at the same place; both cut readings
// read in parts, or neither.
void compareWholeWithParts(const QByteArray &data, bool *readInTwo)
{
    YamlReader whole;
    whole.setParallelFromBytes(std::numeric_limits<qint64>::max());
    Registry fromWhole;
    const bool wholeRead = whole.readData(data, QStringLiteral("r.yaml"), fromWhole);
    QVERIFY(!whole.wasReadInTwo());
    for (const qint64 partBytes : {std::numeric_limits<qint64>::max(), qint64(1)}) {
        YamlReader parts;
        parts.setParallelFromBytes(0);
        parts.setPartBytes(partBytes);
        Registry fromParts;
        const bool partsRead = parts.readData(data, QStringLiteral("r.yaml"), fromParts);
        if (partBytes == 1) {
            QCOMPARE(parts.wasReadInTwo(), *readInTwo);
            // Many devices of about one size: a cut near each fraction, the most parts.
            if (*readInTwo && fromParts.devices.size() >= 4 * YamlReader::MostParts)
                QCOMPARE(parts.partsRead(), YamlReader::MostParts);
        }
        *readInTwo = parts.wasReadInTwo();
        compareOutcomes(whole, wholeRead, fromWhole, parts, partsRead, fromParts);
    }
}

QByteArray deviceText(int i, const QByteArray &indent, const QByteArray &description)
{
    const QByteArray n = QByteArray::number(i);
    QByteArray text = indent + "- name: d" + n + "\n" + indent + "  ip: 10.0.0." +
                      QByteArray::number(i % 250 + 1) + "\n";
    if (!description.isEmpty())
        text += indent + "  description: " + description + "\n";
    text += indent + "  services:\n" + indent + "    - name: s" + n + "\n" + indent +
            "      category: ssh-git\n" + indent + "      ports:\n" + indent +
            "        - {host: 20022, container: 22, exception: non-http}\n";
    return text;
}

} // namespace

void TestYamlReader::partsAgreeWithWhole_data()
{
    enginesAgree_data();
}

// Every fixture, cut wherever a cut is found, small or not.
void TestYamlReader::partsAgreeWithWhole()
{
    QFETCH(QString, path);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    bool readInTwo = false;
    compareWholeWithParts(file.readAll(), &readInTwo);
}

void TestYamlReader::largeRegistryCut_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("inTwo"); // whether two parsers must have read it
    const QByteArray head = "portolan: 1\npolicy:\n  domain: example.org\n"
                            "  internal_subdomain: home\n  range: {start: 20000, end: 29999}\n"
                            "  block_size: 1000\n  blocks:\n    - {purpose: ssh-git}\n";
    auto devices = [](int count, const QByteArray &indent, int special,
                      const QByteArray &specialDescription) {
        QByteArray text;
        for (int i = 0; i < count; ++i)
            text += deviceText(i, indent, i == special ? specialDescription : QByteArray());
        return text;
    };
    QTest::newRow("devices last") << head + "devices:\n" + devices(200, "  ", -1, {}) << true;
    QTest::newRow("elements at column 0") << head + "devices:\n" + devices(200, "", -1, {}) << true;
    // Not cut: the devices do not run to the end of the file (read whole, the same).
    QTest::newRow("devices before the policy")
        << "portolan: 1\ndevices:  # all of them\n" + devices(200, "    ", -1, {}) + "\n# end\n" +
               head.mid(12)
        << false;
    QTest::newRow("devices indented, comment after the key")
        << head + "devices:  # all of them\n" + devices(200, "    ", -1, {}) + "\n# end\n"
        << true;
    // A double-quoted description carried on at column 0, with an element-shaped line inside
    // it before the cut (found by a reviewer: the parts read an extra device).
    QTest::newRow("quoted scalar carried on at column 0")
        << head + "devices:\n" + devices(5, "  ", 1, "\"abc") +
               "  - name: x\n    ip: 10.0.0.5\nxyz\"\n" +
               devices(200, "  ", -1, {}).replace("name: d", "name: e")
        << false;
    // libyaml skips a byte-order mark at the start of any line.
    QTest::newRow("byte-order mark before an element")
        << head + "devices:\n" + devices(150, "  ", -1, {}) + "\xEF\xBB\xBF - name: bomdev\n" +
               "    ip: 10.0.0.7\n" + devices(50, "  ", -1, {}).replace("name: d", "name: e")
        << false;
    // A %TAG directive redefines !! for the whole document, the second part included.
    QTest::newRow("tag directive")
        << "%TAG !! tag:example.com,2000:\n---\n" + head + "devices:\n" +
               devices(200, "  ", -1, {}).replace("port: 3000", "port: !!int 3000") +
               "  - name: tagged\n    ip: 10.0.0.8\n    services:\n      - name: web\n"
               "        category: ssh-git\n        route: {host: web, scope: internal, port: "
               "!!int 8080}\n"
        << false;
    QByteArray crlf = head + "devices:\n" + devices(200, "  ", -1, {});
    crlf.replace("\n", "\r\n");
    QTest::newRow("CRLF") << crlf << true;
    QByteArray commented = head + "devices:\n";
    for (int i = 0; i < 200; ++i)
        commented += "\n# device " + QByteArray::number(i) + "\n  # - name: not a device\n" +
                     deviceText(i, "  ", {});
    QTest::newRow("comments and blank lines") << commented << true;
    // A quoted description running over lines, one of them shaped like an element, right
    // where the cut falls: only one parse can tell, and the parts must give way to it.
    QByteArray quoted = head + "devices:\n" + devices(100, "  ", 99, "\"first line\n");
    for (int i = 0; i < 100; ++i)
        quoted += "  - name: in the quote " + QByteArray::number(i) + "\n";
    quoted += "  end of it\"\n" + devices(100, "  ", -1, {}).replace("name: d", "name: e");
    QTest::newRow("quoted scalar over the cut") << quoted << false;
    QTest::newRow("alias into the first part")
        << head + "devices:\n" + devices(100, "  ", 0, "&shared one description") +
               devices(100, "  ", 50, "*shared").replace("name: d", "name: e")
        << false;
    QTest::newRow("anchor and alias in the second part")
        << head + "devices:\n" + devices(100, "  ", -1, {}) +
               devices(100, "  ", 90, "&late late").replace("name: d", "name: e") +
               "  - name: last\n    ip: 10.0.0.9\n    description: *late\n"
        << false;
    QTest::newRow("error in the second part")
        << head + "devices:\n" + devices(200, "  ", 180, "[unclosed") << false;
    QTest::newRow("schema error in the second part")
        << head + "devices:\n" + devices(200, "  ", -1, {}).replace("name: d190\n", "nmae: d190\n")
        << false;
    QTest::newRow("second devices key after")
        << head + "devices:\n" + devices(200, "  ", -1, {}) + "devices: []\n"
        << false;
    QByteArray carriageReturn = head + "devices:\n" + devices(200, "  ", -1, {});
    carriageReturn.chop(1);
    QTest::newRow("a lone CR before a top-level key") << carriageReturn + "\rportolan: 1\n"
                                                      << false;
    QTest::newRow("tab at column 0")
        << head + "devices:\n" + devices(200, "  ", -1, {}) + "\t- name: x\n"
        << false;
    // A document end hidden behind a break libyaml sees and a scan of line feeds does not,
    // right before an element near the middle (found by a reviewer: the part before the cut
    // ended there and parsed, where one parse reads on and fails).
    for (const QByteArray &lineBreak : {QByteArray("\r"), QByteArray("\xC2\x85"),
                                        QByteArray("\xE2\x80\xA8"), QByteArray("\xE2\x80\xA9")}) {
        QByteArray hidden = head + "devices:\n" + devices(100, "  ", -1, {});
        hidden.chop(1);
        hidden +=
            " # x" + lineBreak + "...\n" + devices(100, "  ", -1, {}).replace("name: d", "name: e");
        QTest::newRow(("document end behind " + lineBreak.toHex() + " before a cut").constData())
            << hidden << false;
    }
}

// Registries large enough to be cut: each read in parts matches one parse, and the
// well-formed ones were really read in parts.
void TestYamlReader::largeRegistryCut()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, inTwo);
    if (QThread::idealThreadCount() < 2)
        QSKIP("one core: the reader never cuts");
    bool readInTwo = false;
    compareWholeWithParts(text, &readInTwo);
    QCOMPARE(readInTwo, inTwo);
}

// Read in parts, the progress counts what both threads read, up to the end, and a cancel
// asked late (the main thread waiting for the other's last part) is still honoured.
void TestYamlReader::progressCountsBothThreadsAndCancelsLate()
{
    if (QThread::idealThreadCount() < 2)
        QSKIP("one core: the reader never cuts");
    QByteArray text = "portolan: 1\npolicy:\n  domain: example.org\n  internal_subdomain: home\n"
                      "  range: {start: 20000, end: 29999}\n  block_size: 1000\n  blocks:\n"
                      "    - {purpose: ssh-git}\ndevices:\n";
    for (int i = 0; i < 4000; ++i)
        text += deviceText(i, "  ", {});
    for (const qint64 partBytes : {std::numeric_limits<qint64>::max(), qint64(1)}) {
        qint64 highest = 0;
        qint64 reportedTotal = 0;
        YamlReader reader;
        reader.setParallelFromBytes(0);
        reader.setPartBytes(partBytes);
        reader.setProgress([&](qint64 done, qint64 total) {
            highest = std::max(highest, done);
            reportedTotal = total;
            return true;
        });
        Registry registry;
        QVERIFY(reader.readData(text, QStringLiteral("r.yaml"), registry));
        QVERIFY(reader.wasReadInTwo());
        QCOMPARE(registry.devices.size(), 4000);
        QCOMPARE(reportedTotal, qint64(text.size()));
        QCOMPARE(highest, reportedTotal); // the end is reported, not the main thread's share

        // Canceled once more than half is read: never read to the end.
        YamlReader canceled;
        canceled.setParallelFromBytes(0);
        canceled.setPartBytes(partBytes);
        canceled.setProgress([&](qint64 done, qint64 total) { return done < total * 6 / 10; });
        Registry none;
        QVERIFY(!canceled.readData(text, QStringLiteral("r.yaml"), none));
        QVERIFY(canceled.wasCanceled());
    }
}

// The two parts of a cut read one open file through PositionedFileBuffer: a file another
// program renames over the path meanwhile is not read by half.
void TestYamlReader::partsReadTheFileOpened()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("r.yaml"));
    const QString other = dir.filePath(QStringLiteral("new.yaml"));
    QByteArray before(300000, 'a');
    QByteArray after(200000, 'b');
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write(before) == before.size());
    file.close();
    QFile replacement(other);
    QVERIFY(replacement.open(QIODevice::WriteOnly) && replacement.write(after) == after.size());
    replacement.close();
    const int descriptor = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    QVERIFY(descriptor >= 0);
    PositionedFileBuffer first(descriptor, before.size());
    std::istream firstStream(&first);
    char head[10];
    firstStream.read(head, sizeof head);
    QVERIFY(::rename(QFile::encodeName(other).constData(), QFile::encodeName(path).constData()) ==
            0);
    // A second reader of the same descriptor, on another thread, from the middle; the first
    // goes on from where it was.
    std::string secondRead;
    std::thread second([&] {
        PositionedFileBuffer buffer(descriptor, before.size());
        std::istream stream(&buffer);
        stream.seekg(150000);
        secondRead.assign(std::istreambuf_iterator<char>(stream), {});
    });
    const std::string firstRead{std::istreambuf_iterator<char>(firstStream), {}};
    second.join();
    ::close(descriptor);
    QCOMPARE(qsizetype(firstRead.size()), before.size() - 10);
    QCOMPARE(qsizetype(secondRead.size()), before.size() - 150000);
    QVERIFY(firstRead.find('b') == std::string::npos && secondRead.find('b') == std::string::npos);
    firstStream.clear();
    firstStream.seekg(0, std::ios::end);
    QCOMPARE(qint64(firstStream.tellg()), qint64(before.size()));
}

namespace {

// Reads `text` beside `earlierText` (read first) and on its own: the same registry, or the same
// error at the same place. *reused: how many devices came from the earlier registry.
void compareBesideWithWhole(const QByteArray &earlierText, const QByteArray &text, int *reused,
                            bool earlierInTwo = false)
{
    YamlReader earlierReader;
    if (earlierInTwo) {
        earlierReader.setParallelFromBytes(0); // its devices' lines come from every part
        earlierReader.setPartBytes(1);
    }
    Registry earlier;
    const bool earlierRead =
        earlierReader.readData(earlierText, QStringLiteral("old.yaml"), earlier);
    YamlReader whole;
    Registry fromWhole;
    const bool wholeRead = whole.readData(text, QStringLiteral("r.yaml"), fromWhole);
    YamlReader beside;
    Registry fromBeside;
    const bool besideRead = earlierRead
                                ? beside.readBeside(text, QStringLiteral("r.yaml"), earlierReader,
                                                    earlierText, earlier, fromBeside)
                                : beside.readData(text, QStringLiteral("r.yaml"), fromBeside);
    compareOutcomes(whole, wholeRead, fromWhole, beside, besideRead, fromBeside);
    *reused = beside.devicesReused();
}

} // namespace

void TestYamlReader::besideAgreesWithWhole_data()
{
    QTest::addColumn<QByteArray>("earlier");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("reused"); // -1: any number
    const QByteArray head = "portolan: 1\npolicy:\n  domain: example.org\n"
                            "  internal_subdomain: home\n  range: {start: 20000, end: 29999}\n"
                            "  block_size: 1000\n  blocks:\n    - {purpose: ssh-git}\n";
    QByteArray base = head + "devices:\n";
    for (int i = 0; i < 50; ++i)
        base += deviceText(i, "  ", {});
    QTest::newRow("the same") << base << base << 50;
    QByteArray one = base;
    one.replace("name: d7\n", "name: d7\n    description: now described\n");
    QTest::newRow("one device changed") << base << one << 49;
    QByteArray swapped = head + "devices:\n" + deviceText(1, "  ", {}) + deviceText(0, "  ", {});
    for (int i = 2; i < 50; ++i)
        swapped += deviceText(i, "  ", {});
    QTest::newRow("two devices swapped") << base << swapped << 50;
    QTest::newRow("devices added") << base << base + deviceText(60, "  ", {}) << 50;
    QTest::newRow("device removed")
        << base << QByteArray(base).replace(deviceText(3, "  ", {}), "") << 49;
    QTest::newRow("policy changed")
        << base << QByteArray(base).replace("domain: example.org", "domain: example.net") << 50;
    QTest::newRow("error in a changed device")
        << base << QByteArray(base).replace("name: d9\n", "name: [d9\n") << -1;
    QTest::newRow("schema error in a changed device")
        << base << QByteArray(base).replace("    ip: 10.0.0.10\n", "    ipp: 10.0.0.10\n") << -1;
    // A quoted description carried on over element-shaped lines that match earlier elements.
    QByteArray quoted = base;
    quoted.replace("name: d20\n", "name: d20\n    description: \"open\n" +
                                      deviceText(21, "  ", {}) + "  closed\"\n");
    QTest::newRow("quoted scalar over earlier elements") << base << quoted << -1;
    QByteArray columnZero = base;
    columnZero.replace("name: d30\n", "name: d30\n    description: \"open\n" +
                                          deviceText(31, "", {}) + "closed\"\n");
    QTest::newRow("quoted scalar at column 0") << base << columnZero << -1;
    // An earlier element, byte for byte, inside a quoted scalar of the new text.
    QTest::newRow("earlier element inside a quote")
        << base
        << base + "  - name: q1\n    ip: 10.0.0.200\n    description: \"open\n" +
               deviceText(21, "  ", {}) + "  - x\"\n" + deviceText(70, "  ", {})
        << -1;
    QTest::newRow("earlier element inside a quote, single")
        << base
        << base + "  - name: q1\n    ip: 10.0.0.200\n    description: 'open\n" +
               deviceText(21, "  ", {}) + "  - x'\n"
        << -1;
    // Found by a reviewer: a directive behind a byte-order mark (libyaml reads past the mark)
    // gives the earlier text's tags another meaning than the new one's, and the other way.
    const QByteArray tagged = QByteArray(base).replace("name: d4\n", "name: !e!x d4\n");
    QTest::newRow("directive behind a byte-order mark, earlier")
        << "\xEF\xBB\xBF%TAG !e! tag:example.com,2000:\n---\n" + tagged
        << QByteArray(tagged).replace("name: d9\n", "name: d99\n") << 0;
    QTest::newRow("directive behind a byte-order mark, new")
        << QByteArray(base).replace("port: 3000", "port: !!int 3000")
        << "\xEF\xBB\xBF%TAG !! tag:example.com,2000:\n---\n" + base + deviceText(99, "  ", {})
        << 0;
    // A line break libyaml sees and a scan of line feeds does not, before a document end, in
    // the earlier text's last device.
    for (const QByteArray &lineBreak : {QByteArray("\r"), QByteArray("\xC2\x85"),
                                        QByteArray("\xE2\x80\xA8"), QByteArray("\xE2\x80\xA9")}) {
        const QByteArray hidden = "  - name: hid\n    ip: 10.0.0.1 # x" + lineBreak + "...\n";
        QTest::newRow(("document end behind " + lineBreak.toHex()).constData())
            << base + hidden << head + "devices:\n" + hidden + deviceText(98, "  ", {}) << 0;
    }
    QTest::newRow("anchor in the new text")
        << base << QByteArray(base).replace("name: d5\n", "name: d5\n    description: &a x\n")
        << -1;
    QTest::newRow("anchors in the earlier text")
        << QByteArray(base).replace("name: d5\n", "name: d5\n    description: &a x\n") << base << 0;
    QByteArray crlf = base;
    crlf.replace("\n", "\r\n");
    QTest::newRow("CRLF, one changed")
        << crlf << QByteArray(crlf).replace("d7\r\n", "d77\r\n") << 49;
    QTest::newRow("earlier at column 0")
        << QByteArray(base).replace("\n  ", "\n") << QByteArray(base).replace("\n  ", "\n") << -1;
    QTest::newRow("no devices key") << base << head << 0;
    QTest::newRow("not a registry") << base << QByteArray("devices:\n  - [\n") << 0;
    QTest::newRow("element split over two lines")
        << base << QByteArray(base).replace("  - name: d4\n", "  -\n    name: d4\n") << -1;
    QTest::newRow("no newline at the end") << base << base.left(base.size() - 1) + " # end" << -1;
}

// A text read beside an earlier one (a diff's sides): what one parse of it gives, and the
// devices it shares with the earlier text taken from there.
void TestYamlReader::besideAgreesWithWhole()
{
    QFETCH(QByteArray, earlier);
    QFETCH(QByteArray, text);
    QFETCH(int, reused);
    int taken = -1;
    compareBesideWithWhole(earlier, text, &taken);
    if (reused >= 0)
        QCOMPARE(taken, reused);
    if (QThread::idealThreadCount() < 2)
        return;
    int takenAfterTwoParts = -1;
    compareBesideWithWhole(earlier, text, &takenAfterTwoParts, true);
    QCOMPARE(takenAfterTwoParts, taken);
}

QTEST_GUILESS_MAIN(TestYamlReader)
#include "tst_yamlreader.moc"
