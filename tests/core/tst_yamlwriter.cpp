#include "formats/yaml/YamlReader.h"
#include "formats/yaml/YamlWriter.h"
#include "support/TestSupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace portolan;
using portolan::testing::fromTestFolder;

class TestYamlWriter : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
    void exampleIsWrittenAsItIsKept();
    void writesQuotedStringsThatWouldChangeType();
    void writeFileIsAtomic();
};

void TestYamlWriter::roundTrip_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("example") << fromTestFolder(PORTOLAN_EXAMPLE);
    const QDir dir(fromTestFolder(PORTOLAN_TEST_DATA "/roundtrip"));
    for (const QString &file : dir.entryList({QStringLiteral("*.yaml")}))
        QTest::newRow(qPrintable(file)) << dir.filePath(file);
}

// read -> write -> read gives the same registry, and a second write is byte-identical.
void TestYamlWriter::roundTrip()
{
    QFETCH(QString, path);
    YamlReader reader;
    Registry original;
    QVERIFY2(reader.readFile(path, original), qPrintable(reader.error().toString()));

    const QByteArray first = YamlWriter::toYaml(original);
    Registry reread;
    QVERIFY2(reader.readData(first, QStringLiteral("written"), reread),
             qPrintable(reader.error().toString() + u'\n' + QString::fromUtf8(first)));
    QVERIFY(reread == original);
    const QByteArray second = YamlWriter::toYaml(reread);
    QCOMPARE(second, first);
}

void TestYamlWriter::exampleIsWrittenAsItIsKept()
{
    // The example has no comments, so the writer's style must reproduce it to the byte.
    QFile file(fromTestFolder(PORTOLAN_EXAMPLE));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    YamlReader reader;
    Registry registry;
    QVERIFY(reader.readData(text, QStringLiteral("example"), registry));
    QCOMPARE(QString::fromUtf8(YamlWriter::toYaml(registry)), QString::fromUtf8(text));
}

void TestYamlWriter::writesQuotedStringsThatWouldChangeType()
{
    Registry registry;
    registry.policy.domain = QStringLiteral("example.org");
    registry.policy.internalSubdomain = QStringLiteral("home");
    Device device;
    device.name = QStringLiteral("h");
    device.ip = QStringLiteral("::1");
    device.description = QStringLiteral("null");
    Service service;
    service.name = QStringLiteral("s");
    service.category = QStringLiteral("x");
    service.notes = QStringLiteral("a: b # c");
    Binding binding;
    binding.host = PortRange::span(20000, 20001);
    binding.container = PortRange::span(80, 81);
    binding.bind = QStringLiteral("::");
    binding.exception = QStringLiteral("non-http");
    service.ports.append(binding);
    device.services.append(service);
    registry.devices.append(device);

    const QByteArray yaml = YamlWriter::toYaml(registry);
    Registry reread;
    YamlReader reader;
    QVERIFY2(reader.readData(yaml, QStringLiteral("w"), reread),
             qPrintable(reader.error().toString() + u'\n' + QString::fromUtf8(yaml)));
    QVERIFY(reread == registry);
    QVERIFY(yaml.contains("description: \"null\""));
}

void TestYamlWriter::writeFileIsAtomic()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("r.yaml"));
    YamlReader reader;
    Registry registry;
    QVERIFY(reader.readFile(fromTestFolder(PORTOLAN_EXAMPLE), registry));
    YamlWriter writer;
    QVERIFY(writer.writeFile(registry, path));
    QFile written(path);
    QVERIFY(written.open(QIODevice::ReadOnly));
    QCOMPARE(written.readAll(), YamlWriter::toYaml(registry));
    // Only the target exists afterwards: no temp file left behind.
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("r.yaml")});
    // Writing into a folder that does not exist fails with a message and creates nothing.
    QVERIFY(!writer.writeFile(registry, dir.filePath(QStringLiteral("missing/r.yaml"))));
    QVERIFY(!writer.error().toString().isEmpty());
}

QTEST_GUILESS_MAIN(TestYamlWriter)
#include "tst_yamlwriter.moc"
