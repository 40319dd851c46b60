#include "check/FreePortFinder.h"
#include "formats/yaml/YamlReader.h"
#include "support/RegistryFixtures.h"

#include <QTest>

using namespace portolan;

class TestFreePortFinder : public QObject
{
    Q_OBJECT

private slots:
    void lowestFree_data();
    void lowestFree();
    void fullBlockHasNone();
};

namespace {

Registry registryWith(const QVector<Binding> &bindings)
{
    Registry registry;
    registry.policy.domain = QStringLiteral("example.org");
    registry.policy.internalSubdomain = QStringLiteral("home");
    registry.policy.range = PortRange::span(20000, 20999);
    registry.policy.blockSize = 100;
    registry.policy.blocks = {Block{{}, QStringLiteral("ssh-git"), QString()},
                              Block{{}, QStringLiteral("monitoring"), QString()},
                              Block{{}, QStringLiteral("ssh-git"), QString()}};
    registry.devices.append(testing::deviceWithOneService(QStringLiteral("atlas"),
                                                          QStringLiteral("10.0.0.1"), bindings));
    return registry;
}

Binding binding(int first, int last, const QString &protocol = QString())
{
    Binding b;
    b.host = first == last ? PortRange::single(first) : PortRange::span(first, last);
    b.container = b.host;
    b.protocol = protocol;
    b.exception = Exceptions::NonHttp;
    return b;
}

} // namespace

void TestFreePortFinder::lowestFree_data()
{
    QTest::addColumn<QVector<Binding>>("bindings");
    QTest::addColumn<QString>("purpose");
    QTest::addColumn<int>("count");
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<QVector<int>>("expected");

    QTest::newRow("empty device") << QVector<Binding>{} << "ssh-git" << 3 << QString()
                                  << QVector<int>{20000, 20001, 20002};
    QTest::newRow("skips used and ranges")
        << QVector<Binding>{binding(20000, 20000), binding(20002, 20005), binding(20003, 20004)}
        << "ssh-git" << 3 << QString() << QVector<int>{20001, 20006, 20007};
    QTest::newRow("udp use does not block tcp")
        << QVector<Binding>{binding(20000, 20001, QStringLiteral("udp"))} << "ssh-git" << 1
        << QStringLiteral("tcp") << QVector<int>{20000};
    QTest::newRow("both protocols: udp use blocks")
        << QVector<Binding>{binding(20000, 20001, QStringLiteral("udp"))} << "ssh-git" << 1
        << QString() << QVector<int>{20002};
    QTest::newRow("range reaching in from before the block")
        << QVector<Binding>{binding(20050, 20110)} << "monitoring" << 2 << QString()
        << QVector<int>{20111, 20112};
    QTest::newRow("continues into the next block of the purpose")
        << QVector<Binding>{binding(20000, 20098)} << "ssh-git" << 3 << QString()
        << QVector<int>{20099, 20200, 20201};
    QTest::newRow("unknown purpose")
        << QVector<Binding>{} << "media" << 1 << QString() << QVector<int>{};
}

void TestFreePortFinder::lowestFree()
{
    QFETCH(QVector<Binding>, bindings);
    QFETCH(QString, purpose);
    QFETCH(int, count);
    QFETCH(QString, protocol);
    QFETCH(QVector<int>, expected);
    const Registry registry = registryWith(bindings);
    QCOMPARE(FreePortFinder(registry).lowestFree(0, purpose, count, protocol), expected);
}

void TestFreePortFinder::fullBlockHasNone()
{
    const Registry registry = registryWith({binding(20100, 20199)});
    const FreePortFinder finder(registry);
    QVERIFY(finder.lowestFree(0, QStringLiteral("monitoring"), 1).isEmpty());
    QCOMPARE(finder.blocksOf(QStringLiteral("monitoring")),
             QVector<PortRange>{PortRange::span(20100, 20199)});
}

QTEST_GUILESS_MAIN(TestFreePortFinder)
#include "tst_freeportfinder.moc"
