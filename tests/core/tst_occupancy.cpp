#include "check/Occupancy.h"
#include "check/Validator.h"
#include "document/Document.h"
#include "domain/BlockUsage.h"
#include "itemmodels/OccupancyModel.h"
#include "overview/OverviewRenderer.h"
#include "store/RegistryIo.h"
#include "support/TestSupport.h"

#include <QAbstractItemModelTester>
#include <QGuiApplication>
#include <QPdfWriter>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace portolan;
using portolan::testing::fromTestFolder;

class TestOccupancy : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void states_data();
    void states();
    void deviceFilter();
    void anErrorOnABindingBreaksThePolicy();
    void blocksAndOutside();
    void worstOfABucket();
    void modelFollowsEdits();
    void pdfNamesEveryDeviceAndPort();
    void pagesGrowWithDevices();
    void printKeepsEveryValueWhole();
    void firstFreeRun_data();
    void firstFreeRun();
    void blockFillCountsEachHeldPortOnce_data();
    void blockFillCountsEachHeldPortOnce();

private:
    Registry m_registry;
    Findings m_findings;
    QTemporaryDir m_dir;
    QString pdfText(const QString &pdf, bool raw = false);
};

void TestOccupancy::initTestCase()
{
    Error error;
    QVERIFY2(
        RegistryIo::load(fromTestFolder(PORTOLAN_TEST_DATA "/occupancy.yaml"), m_registry, error),
        qPrintable(error.toString()));
    m_findings = Validator().validate(m_registry);
}

// A binding the validator finds in error (here: published in the range without an exception)
// is shown as breaking the policy, as the Findings dock lists it; a clean one stays used.
void TestOccupancy::anErrorOnABindingBreaksThePolicy()
{
    Registry registry = m_registry;
    Binding bare;
    bare.host = PortRange::single(20040);
    bare.container = PortRange::single(8080);
    registry.devices[0].services[0].ports.append(bare);
    const Findings findings = Validator().validate(registry);
    QVERIFY(std::any_of(findings.cbegin(), findings.cend(), [](const Finding &f) {
        return f.severity == Severity::Error && f.code != FindingCode::PortConflict;
    }));
    const Occupancy occupancy(registry, findings);
    QCOMPARE(occupancy.state(20040), PortState::Misplaced);
    QCOMPARE(occupancy.state(20012), PortState::Used);
}

void TestOccupancy::states_data()
{
    QTest::addColumn<int>("port");
    QTest::addColumn<int>("state");
    QTest::newRow("free") << 20000 << int(PortState::Free);
    QTest::newRow("used") << 20010 << int(PortState::Used);
    QTest::newRow("overlap conflict") << 20015 << int(PortState::Conflict);
    QTest::newRow("edge of the overlap") << 20016 << int(PortState::Used);
    QTest::newRow("reserved free") << 20100 << int(PortState::Reserved);
    QTest::newRow("used in a reserved block") << 20150 << int(PortState::Misplaced);
    QTest::newRow("shared by two devices") << 20200 << int(PortState::Shared);
    QTest::newRow("other device, used once") << 20050 << int(PortState::Used);
    QTest::newRow("last port") << 20299 << int(PortState::Free);
}

void TestOccupancy::states()
{
    QFETCH(int, port);
    QFETCH(int, state);
    const Occupancy occupancy(m_registry, m_findings);
    QCOMPARE(int(occupancy.state(port)), state);
}

void TestOccupancy::deviceFilter()
{
    const Occupancy helios(m_registry, m_findings, 1);
    QCOMPARE(helios.state(20200), PortState::Used); // shared only when every device counts
    QCOMPARE(helios.state(20010), PortState::Free);
    QCOMPARE(helios.state(20100), PortState::Reserved);
    QCOMPARE(helios.usersOf(20200).size(), 1);
    const Occupancy all(m_registry, m_findings);
    QCOMPARE(all.usersOf(20200).size(), 2);
    QCOMPARE(all.usersOf(20015).size(), 2);
}

void TestOccupancy::blocksAndOutside()
{
    const Occupancy occupancy(m_registry, m_findings);
    QCOMPARE(occupancy.blocks().size(), 3);
    QCOMPARE(occupancy.blocks()[0].used, 11); // 20010-20019 and 20050
    QCOMPARE(occupancy.blocks()[0].conflicts, 1);
    QCOMPARE(occupancy.blocks()[0].free(), 89);
    QCOMPARE(occupancy.blocks()[1].used, 1);
    QCOMPARE(occupancy.blocks()[1].conflicts, 1);
    QCOMPARE(occupancy.blocks()[2].used, 1);
    QCOMPARE(occupancy.blocks()[2].percent(), 1.0);
    QCOMPARE(occupancy.outside().size(), 2);
    QCOMPARE(occupancy.outside()[0].ports.first, 53);
    QCOMPARE(occupancy.outside()[0].protocol, QStringLiteral("udp"));
    QCOMPARE(occupancy.outside()[1].ports.first, 8080);
    QVERIFY(occupancy.outside()[1].exception.isEmpty());
}

void TestOccupancy::worstOfABucket()
{
    const Occupancy occupancy(m_registry, m_findings);
    QCOMPARE(occupancy.worst(20000, 20009), PortState::Free);
    QCOMPARE(occupancy.worst(20000, 20012), PortState::Used);
    QCOMPARE(occupancy.worst(20000, 20099), PortState::Conflict);
    QCOMPARE(occupancy.worst(20190, 20210), PortState::Shared);
}

void TestOccupancy::modelFollowsEdits()
{
    Document document;
    Error error;
    QVERIFY(document.open(fromTestFolder(PORTOLAN_TEST_DATA "/occupancy.yaml"), &error));
    OccupancyModel model(&document);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy changed(&model, &OccupancyModel::occupancyChanged);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0, OccupancyModel::Conflicts).data().toInt(), 1);
    Binding fixed = document.registry().devices[0].services[1].ports[0];
    fixed.host = PortRange::single(20030);
    document.update<Binding>(fixed.key.id, fixed);
    QVERIFY(changed.count() >= 1);
    QCOMPARE(model.index(0, OccupancyModel::Conflicts).data().toInt(), 0);
    QCOMPARE(model.occupancy().state(20015), PortState::Used);
    QCOMPARE(model.occupancy().state(20030), PortState::Used);
    model.setDeviceFilter(2);
    QCOMPARE(model.occupancy().state(20030), PortState::Free);
    QCOMPARE(model.occupancy().state(20200), PortState::Used);
}

QString TestOccupancy::pdfText(const QString &pdf, bool raw)
{
    QProcess process;
    // -raw: the text in the order it was drawn, so a wrapped cell reads as one run of words.
    process.start(
        QStringLiteral("pdftotext"),
        {raw ? QStringLiteral("-raw") : QStringLiteral("-layout"), pdf, QStringLiteral("-")});
    if (!process.waitForFinished(30000) || process.exitCode() != 0)
        return QString();
    return QString::fromUtf8(process.readAllStandardOutput());
}

void TestOccupancy::pdfNamesEveryDeviceAndPort()
{
    Registry example;
    Error loadError;
    QVERIFY(RegistryIo::load(fromTestFolder(PORTOLAN_EXAMPLE), example, loadError));
    const QString pdf = m_dir.filePath(QStringLiteral("example.pdf"));
    Error error;
    QVERIFY2(OverviewRenderer::writePdf(example, Validator().validate(example), {}, pdf,
                                        QPageSize::A4, QPageLayout::Portrait, &error),
             qPrintable(error.toString()));
    const QString text = pdfText(pdf);
    QVERIFY2(!text.isEmpty(), "pdftotext (poppler-utils) must read the PDF");
    QVERIFY(text.contains(QStringLiteral("Port registry overview: example.org")));
    for (const Device &device : example.devices) {
        QVERIFY2(text.contains(device.name + QStringLiteral(" (") + device.ip + u')'),
                 qPrintable(device.name));
        for (const Service &service : device.services) {
            for (const Binding &binding : service.ports)
                QVERIFY2(text.contains(binding.host.toString()), qPrintable(binding.hostLabel()));
        }
    }
    QVERIFY(text.contains(QStringLiteral("page 1 of")));
    // pdftotext's default layout finds every service, route name, exception and note word
    // whole: columns are as wide as their longest word, and words break only at spaces.
    QProcess plain;
    plain.start(QStringLiteral("pdftotext"), {pdf, QStringLiteral("-")});
    QVERIFY(plain.waitForFinished(30000) && plain.exitCode() == 0);
    const QString defaultLayout = QString::fromUtf8(plain.readAllStandardOutput());
    QStringList missing;
    for (const Device &device : example.devices) {
        for (const Service &service : device.services) {
            QStringList whole{service.name};
            if (service.route)
                whole << example.routeFqdn(*service.route);
            for (const Binding &binding : service.ports) {
                whole << binding.exception;
                whole += binding.notes.split(u' ', Qt::SkipEmptyParts);
            }
            for (const QString &word : std::as_const(whole)) {
                if (!word.isEmpty() && !defaultLayout.contains(word))
                    missing << word;
            }
        }
    }
    // The policy's bullet points break at spaces only: the entry points stay whole.
    for (const char *whole : {":80)", ":443)"}) {
        if (!defaultLayout.contains(QLatin1String(whole)))
            missing << QLatin1String(whole);
    }
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(", "))));
}

void TestOccupancy::pagesGrowWithDevices()
{
    Registry example;
    Error loadError;
    QVERIFY(RegistryIo::load(fromTestFolder(PORTOLAN_EXAMPLE), example, loadError));
    auto pagesFor = [&](int copies) {
        Registry scaled = example;
        scaled.devices.clear();
        for (int c = 0; c < copies; ++c) {
            for (Device device : example.devices) {
                device.name += QStringLiteral("-%1").arg(c);
                scaled.devices.append(device);
            }
        }
        QPdfWriter writer(m_dir.filePath(QStringLiteral("scaled%1.pdf").arg(copies)));
        writer.setPageSize(QPageSize(QPageSize::A4));
        OverviewRenderer renderer(scaled, Validator().validate(scaled), {});
        return renderer.render(&writer);
    };
    const int one = pagesFor(1);
    const int ten = pagesFor(10);
    const int thirty = pagesFor(30);
    QVERIFY(one >= 1);
    QVERIFY2(ten > one && thirty > ten,
             qPrintable(QStringLiteral("%1 %2 %3").arg(one).arg(ten).arg(thirty)));
    // The repeated header shows on the continuation pages.
    const QString text = pdfText(m_dir.filePath(QStringLiteral("scaled30.pdf")));
    QVERIFY(text.contains(QStringLiteral("(continued)")) ||
            text.count(QStringLiteral("Service")) >= 30);
    QVERIFY(text.contains(QStringLiteral("page %1 of %1").arg(thirty)));
}

// The printed overview drops nothing: long notes, route names and descriptions wrap inside
// their cells, a device without services says so, the first page indexes 60 devices, and no
// "…" appears anywhere (checked through pdftotext, as a reader of the PDF would see it).
void TestOccupancy::printKeepsEveryValueWhole()
{
    Registry example;
    Error loadError;
    QVERIFY(RegistryIo::load(fromTestFolder(PORTOLAN_EXAMPLE), example, loadError));
    Registry big = example;
    big.devices.clear();
    QStringList longValues;
    for (int c = 0; c < 30; ++c) {
        for (Device device : example.devices) {
            device.name += QStringLiteral("-%1").arg(c);
            device.description = QStringLiteral("rack %1 shelf two, the one behind the UPS with "
                                                "the label that fell off last winter")
                                     .arg(c);
            for (Service &service : device.services) {
                for (Binding &binding : service.ports)
                    binding.notes = QStringLiteral("%1 note %2: opened for the quarterly "
                                                   "restore drill, close again after checking "
                                                   "the backups in the vault")
                                        .arg(service.name)
                                        .arg(c);
                if (service.route)
                    service.route->host = QStringLiteral("%1-with-a-rather-long-host-name-%2")
                                              .arg(service.name)
                                              .arg(c);
            }
            big.devices.append(device);
        }
    }
    Device empty;
    empty.name = QStringLiteral("spare-pi");
    empty.ip = QStringLiteral("192.168.10.250");
    big.devices.append(empty);
    for (const Device &device : big.devices) {
        for (const Service &service : device.services) {
            for (const Binding &binding : service.ports)
                longValues << binding.notes;
            if (service.route)
                longValues << big.routeFqdn(*service.route);
        }
    }
    const QString pdf = m_dir.filePath(QStringLiteral("long.pdf"));
    Error error;
    OverviewRenderer::Options options;
    options.source = QStringLiteral("long-lab.yaml");
    QVERIFY2(OverviewRenderer::writePdf(big, Validator().validate(big), options, pdf, QPageSize::A4,
                                        QPageLayout::Portrait, &error),
             qPrintable(error.toString()));
    const QString raw = pdfText(pdf, true);
    QVERIFY2(!raw.isEmpty(), "pdftotext (poppler-utils) must read the PDF");
    QVERIFY(!raw.contains(QStringLiteral("…")));
    // Wrapping breaks lines, and a word longer than its cell, anywhere: compare the words with
    // the white space taken out.
    QString flat = raw;
    flat.remove(QRegularExpression(QStringLiteral("\\s+")));
    for (const QString &value : std::as_const(longValues)) {
        QString wanted = value;
        wanted.remove(QRegularExpression(QStringLiteral("\\s+")));
        QVERIFY2(flat.contains(wanted), qPrintable(value));
    }
    const QString layout = pdfText(pdf, false);
    QVERIFY(layout.contains(QStringLiteral("No services planned on this device yet.")));
    // The index on page 1 and the footers name the registry.
    QVERIFY(layout.contains(QStringLiteral("Devices")));
    QVERIFY(flat.contains(QStringLiteral("atlas-29")));
    QVERIFY(layout.contains(QStringLiteral("long-lab.yaml")));
    QVERIFY(!layout.contains(QStringLiteral("zoom")));
    QVERIFY(!layout.contains(QStringLiteral("hover")));
}

void TestOccupancy::firstFreeRun_data()
{
    QTest::addColumn<int>("first");
    QTest::addColumn<int>("last");
    QTest::addColumn<int>("length");
    QTest::addColumn<QString>("expected"); // empty: none
    QTest::newRow("one port") << 20000 << 20099 << 1 << "20000";
    QTest::newRow("fits before the used range") << 20000 << 20099 << 10 << "20000-20009";
    QTest::newRow("skips 20010-20019") << 20000 << 20099 << 11 << "20020-20030";
    QTest::newRow("skips 20050 too") << 20000 << 20099 << 40 << "20051-20090";
    QTest::newRow("none long enough") << 20000 << 20099 << 60 << "";
    QTest::newRow("from inside a used range") << 20012 << 20030 << 5 << "20020-20024";
    QTest::newRow("a whole empty block") << 20200 << 20299 << 99 << "20201-20299";
}

// The free-run finder of the heatmap: the lowest run of N free ports, in the view's filter.
void TestOccupancy::firstFreeRun()
{
    QFETCH(int, first);
    QFETCH(int, last);
    QFETCH(int, length);
    QFETCH(QString, expected);
    const Occupancy occupancy(m_registry, m_findings);
    const auto run = occupancy.firstFreeRun(PortRange::span(first, last), length);
    QCOMPARE(run ? run->toString() : QString(), expected);
    if (run)
        QCOMPARE(occupancy.freeCount(run->first, run->last), length);
}

void TestOccupancy::blockFillCountsEachHeldPortOnce_data()
{
    QTest::addColumn<int>("first");
    QTest::addColumn<int>("last");
    QTest::addColumn<int>("blockSize");
    QTest::addRow("the usual range") << 20000 << 26999 << 1000;
    QTest::addRow("a last block cut short") << 20000 << 25499 << 1000;
    // Wider than the ports are counted one by one over: the intervals are merged instead.
    QTest::addRow("a range past the ports") << 1 << 400000 << 100000;
}

// Distinct host ports per block, whichever way they are counted, against a set of every port:
// overlapping and equal bindings, ranges across blocks and past the range, reversed ranges.
void TestOccupancy::blockFillCountsEachHeldPortOnce()
{
    QFETCH(int, first);
    QFETCH(int, last);
    QFETCH(int, blockSize);
    Registry registry;
    registry.policy.range = PortRange::span(first, last);
    registry.policy.blockSize = blockSize;
    for (int b = 0; b < 7; ++b)
        registry.policy.blocks.append({RowKey(), QStringLiteral("b%1").arg(b), QString()});
    QRandomGenerator random(32);
    const int around = (last - first) / 10;
    Device device;
    Service service;
    for (int i = 0; i < 600; ++i) {
        Binding binding;
        const int start = first - around + int(random.bounded(last - first + 2 * around));
        const int length = int(random.bounded(i % 100 == 0 ? 400 : 8));
        // One in 40 reversed: no ports at all.
        binding.host = i % 40 == 0 ? PortRange::span(start + 5, start)
                                   : PortRange::span(start, start + length);
        service.ports.append(binding);
    }
    device.services.append(service);
    registry.devices.append(device);

    const QVector<BlockFill> fills = computeBlockFill(registry);
    QCOMPARE(fills.size(), registry.policy.blocks.size());
    QSet<int> held;
    for (const Binding &binding : std::as_const(registry.devices[0].services[0].ports)) {
        for (int port = binding.host.first; port <= binding.host.last; ++port)
            held.insert(port);
    }
    int usedAnywhere = 0;
    for (const BlockFill &fill : fills) {
        int expected = 0;
        for (int port = fill.ports.first; port <= fill.ports.last; ++port)
            expected += held.contains(port) ? 1 : 0;
        QCOMPARE(fill.used, expected);
        usedAnywhere += fill.used;
    }
    QVERIFY(usedAnywhere > 0);
}

QTEST_MAIN(TestOccupancy)
#include "tst_occupancy.moc"
