#include "document/Document.h"
#include "overview/HeatmapPainter.h"
#include "widgets/HeatmapWidget.h"
#include "MainWindow.h"
#include "itemmodels/OccupancyModel.h"
#include "itemmodels/PortMapModel.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTimer>

using namespace portolan;

class TestHeatmap : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void pixelsShowTheStates_data();
    void pixelsShowTheStates();
    void bucketsShowTheWorstState();
    void cacheIsRebuiltOnlyOnChange();
    void zoomIntoABlock();
    void markersShowAboveTheirPorts();
    void clickSelectsTheBindingInThePortMap();
    void doubleClickOnAFreePortOffersIt();

private:
    QColor pixelAt(int port);
    Document *m_document = nullptr;
    OccupancyModel *m_model = nullptr;
    HeatmapWidget *m_widget = nullptr;
};

void TestHeatmap::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestHeatmap::init()
{
    m_document = new Document;
    Error error;
    QVERIFY(m_document->open(QStringLiteral(PORTOLAN_TEST_DATA "/occupancy.yaml"), &error));
    m_model = new OccupancyModel(m_document);
    m_widget = new HeatmapWidget(m_model);
    // Wide enough for one cell per port: 100-port blocks over ~700 px.
    m_widget->resize(1000, 260);
    m_widget->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_widget));
}

void TestHeatmap::cleanup()
{
    delete m_widget;
    delete m_model;
    delete m_document;
}

QColor TestHeatmap::pixelAt(int port)
{
    const QPoint point = m_widget->pointOf(port);
    const QImage image = m_widget->grab().toImage();
    return image.pixelColor(point * image.devicePixelRatio());
}

void TestHeatmap::pixelsShowTheStates_data()
{
    QTest::addColumn<int>("port");
    QTest::addColumn<int>("state");
    QTest::newRow("free") << 20000 << int(PortState::Free);
    QTest::newRow("used") << 20012 << int(PortState::Used);
    QTest::newRow("conflict") << 20015 << int(PortState::Conflict);
    QTest::newRow("shared") << 20200 << int(PortState::Shared);
    QTest::newRow("conflict in reserved block") << 20150 << int(PortState::Conflict);
}

void TestHeatmap::pixelsShowTheStates()
{
    QFETCH(int, port);
    QFETCH(int, state);
    QCOMPARE(m_widget->portAt(m_widget->pointOf(port)), port);
    QCOMPARE(pixelAt(port), HeatmapPainter::color(PortState(state), m_widget->palette()));
}

void TestHeatmap::bucketsShowTheWorstState()
{
    m_widget->resize(420, 260); // under 3 px per port: ports share cells
    const int bucketed = m_widget->portAt(m_widget->pointOf(20015));
    QVERIFY(bucketed <= 20015 && bucketed > 20010);
    QCOMPARE(pixelAt(20015), HeatmapPainter::color(PortState::Conflict, m_widget->palette()));
    // 20016 shares its cell with the conflicting 20015: the cell shows the conflict.
    if (m_widget->pointOf(20016) == m_widget->pointOf(20015))
        QCOMPARE(pixelAt(20016), HeatmapPainter::color(PortState::Conflict, m_widget->palette()));
}

void TestHeatmap::cacheIsRebuiltOnlyOnChange()
{
    m_widget->grab();
    const int builds = m_widget->cacheBuilds();
    m_widget->repaint();
    m_widget->grab();
    QCOMPARE(m_widget->cacheBuilds(), builds);
    // A data change rebuilds once.
    Binding moved = m_document->registry().devices[0].services[1].ports[0];
    moved.host = PortRange::single(20030);
    m_document->update<Binding>(moved.key.id, moved);
    m_widget->grab();
    QCOMPARE(m_widget->cacheBuilds(), builds + 1);
    QCOMPARE(pixelAt(20015), HeatmapPainter::color(PortState::Used, m_widget->palette()));
    // So does a new filter.
    m_model->setDeviceFilter(1);
    m_widget->grab();
    QCOMPARE(m_widget->cacheBuilds(), builds + 2);
    QCOMPARE(pixelAt(20015), HeatmapPainter::color(PortState::Free, m_widget->palette()));
}

void TestHeatmap::zoomIntoABlock()
{
    QSignalSpy zoom(m_widget, &HeatmapWidget::zoomChanged);
    // The label of the third block (Monitoring).
    const QPoint label(40, m_widget->pointOf(20200).y());
    QTest::mouseClick(m_widget, Qt::LeftButton, {}, label);
    QCOMPARE(m_widget->zoomedBlock(), 2);
    QCOMPARE(zoom.count(), 1);
    QCOMPARE(m_widget->portAt(m_widget->pointOf(20299)), 20299);
    QVERIFY(m_widget->pointOf(20015).isNull());
    QCOMPARE(pixelAt(20200), HeatmapPainter::color(PortState::Shared, m_widget->palette()));
    QTest::mouseClick(m_widget, Qt::LeftButton, {}, QPoint(40, m_widget->pointOf(20200).y()));
    QCOMPARE(m_widget->zoomedBlock(), -1);
}

void TestHeatmap::markersShowAboveTheirPorts()
{
    const int builds = m_widget->cacheBuilds();
    const QPoint port = m_widget->pointOf(20040);
    const QColor before = m_widget->grab().toImage().pixelColor(port + QPoint(0, -11));
    m_widget->setMarkers({{20040, QStringLiteral("listening, not planned")}});
    const QColor marked = m_widget->grab().toImage().pixelColor(port + QPoint(0, -11));
    QCOMPARE(marked, HeatmapPainter::color(PortState::Conflict, m_widget->palette()));
    QVERIFY(marked != before);
    QCOMPARE(m_widget->cacheBuilds(), builds + (builds == 0 ? 1 : 0)); // markers need no rebuild
}

void TestHeatmap::clickSelectsTheBindingInThePortMap()
{
    MainWindow window;
    window.resize(1360, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openLocation(QStringLiteral(PORTOLAN_TEST_DATA "/occupancy.yaml")));
    auto *pages = window.findChild<QTabWidget *>(QStringLiteral("pages"));
    pages->setCurrentIndex(2);
    auto *heatmap = window.findChild<HeatmapWidget *>(QStringLiteral("heatmap"));
    QVERIFY(heatmap);
    QTest::qWait(20);
    QTest::mouseClick(heatmap, Qt::LeftButton, {}, heatmap->pointOf(20050));
    QCOMPARE(window.currentDeviceIndex(), 1);
    auto *portMap = window.findChild<QTableView *>(QStringLiteral("portMapView"));
    QCOMPARE(portMap->currentIndex().siblingAtColumn(PortMapModel::HostPort).data().toString(),
             QStringLiteral("20050"));
    QCOMPARE(pages->currentIndex(), 0);
    const QString folder = qEnvironmentVariable("PORTOLAN_SCREENSHOTS");
    if (!folder.isEmpty()) {
        pages->setCurrentIndex(2);
        QTest::qWait(50);
        QDir().mkpath(folder);
        window.grab().save(QDir(folder).filePath(QStringLiteral("heatmap.png")));
    }
}

void TestHeatmap::doubleClickOnAFreePortOffersIt()
{
    MainWindow window;
    window.resize(1360, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openLocation(QStringLiteral(PORTOLAN_TEST_DATA "/occupancy.yaml")));
    window.selectDevice(0);
    window.selectPortMapRow(1, 0); // atlas/gitea
    auto *pages = window.findChild<QTabWidget *>(QStringLiteral("pages"));
    pages->setCurrentIndex(2);
    auto *heatmap = window.findChild<HeatmapWidget *>(QStringLiteral("heatmap"));
    QTest::qWait(20);
    QString offered;
    QTimer::singleShot(0, [&offered] {
        QWidget *dialog = QApplication::activeModalWidget();
        if (!dialog)
            return;
        offered = dialog->findChild<QLineEdit *>(QStringLiteral("hostField"))->text();
        dialog->findChild<QPushButton *>(QStringLiteral("okButton"))->isEnabled();
        QMetaObject::invokeMethod(dialog, "reject", Qt::QueuedConnection);
    });
    QTest::mouseDClick(heatmap, Qt::LeftButton, {}, heatmap->pointOf(20040));
    QCOMPARE(offered, QStringLiteral("20040"));
}

QTEST_MAIN(TestHeatmap)
#include "tst_heatmap.moc"
