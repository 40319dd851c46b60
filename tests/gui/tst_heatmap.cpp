#include "document/Document.h"
#include "domain/TranslationLoader.h"
#include "itemmodels/OccupancyModel.h"
#include "itemmodels/PortMapModel.h"
#include "overview/HeatmapPainter.h"
#include "support/TestSupport.h"
#include "widgets/HeatmapWidget.h"
#include "window/MainWindow.h"

#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QFile>
#include <QHelpEvent>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMouseEvent>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QToolTip>

using namespace portolan;
using portolan::testing::fromTestFolder;

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
    void oneCellPerPortInRowsOfAHundred_data();
    void oneCellPerPortInRowsOfAHundred();
    void keyboardMovesAVisibleCursor();
    void zoomScalesCellsAndEscResets();
    void dragOverFreeCellsPlansARange();
    void misplacedIsNotAConflict();
    void aLoneBindingIsMoreThanASpeck();
    void columnTicksStayInSightWhenScrolled();
    void zoomingByKeyKeepsTheCursorInSight();

private:
    QColor pixelAt(int port);
    Document *m_document = nullptr;
    OccupancyModel *m_model = nullptr;
    HeatmapWidget *m_widget = nullptr;
};

void TestHeatmap::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(TranslationLoader::install()); // plural forms, as in the app
}

void TestHeatmap::init()
{
    m_document = new Document;
    Error error;
    QVERIFY(m_document->open(fromTestFolder(PORTOLAN_TEST_DATA "/occupancy.yaml"), &error));
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
    QTest::newRow("misplaced in a reserved block") << 20150 << int(PortState::Misplaced);
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
    QVERIFY(window.openLocation(fromTestFolder(PORTOLAN_TEST_DATA "/occupancy.yaml")));
    auto *pages = window.findChild<QTabWidget *>(QStringLiteral("pages"));
    pages->setCurrentIndex(2);
    auto *heatmap = window.findChild<HeatmapWidget *>(QStringLiteral("heatmap"));
    QVERIFY(heatmap);
    // The heatmap follows the selected device (atlas); 20050 is helios's: show all devices.
    auto *show = window.findChild<QComboBox *>(QStringLiteral("heatmapFilter"));
    QCOMPARE(show->currentIndex(), 1);
    show->setCurrentIndex(0);
    emit show->activated(0);
    window.selectDevice(0); // a choice of "All devices" stays
    QCOMPARE(show->currentIndex(), 0);
    QTRY_VERIFY(heatmap->isVisible() && heatmap->rect().contains(heatmap->pointOf(20050)));
    // A click selects the cell on the heatmap and says what it is; the page stays.
    QTest::mouseClick(heatmap, Qt::LeftButton, {}, heatmap->pointOf(20050));
    QCOMPARE(heatmap->cursorPort(), 20050);
    QCOMPARE(pages->currentIndex(), 2);
    QVERIFY2(window.findChild<QLabel *>(QStringLiteral("selectionInfo"))
                 ->text()
                 .contains(QStringLiteral("20050")),
             qPrintable(window.findChild<QLabel *>(QStringLiteral("selectionInfo"))->text()));
    // A double-click goes to its binding in the port map.
    QTest::mouseDClick(heatmap, Qt::LeftButton, {}, heatmap->pointOf(20050));
    QCOMPARE(window.currentDeviceIndex(), 1);
    auto *portMap = window.findChild<QTableView *>(QStringLiteral("portMapView"));
    QCOMPARE(portMap->currentIndex().siblingAtColumn(PortMapModel::HostPort).data().toString(),
             QStringLiteral("20050"));
    QCOMPARE(pages->currentIndex(), 0);
    const QString folder = qEnvironmentVariable("PORTOLAN_SCREENSHOTS");
    if (!folder.isEmpty()) {
        pages->setCurrentIndex(2);
        QTRY_VERIFY(heatmap->isVisible());
        QDir().mkpath(folder);
        window.grab().save(QDir(folder).filePath(QStringLiteral("heatmap.png")));
    }
}

namespace {

// Reads the host field of the binding dialog once it is up (the picker before it may still
// be closing), then cancels it.
std::function<void(QWidget *)> bindingDialog(QString *offered)
{
    return [offered](QWidget *dialog) {
        auto *host = dialog->findChild<QLineEdit *>(QStringLiteral("hostField"));
        if (!host) {
            QTimer::singleShot(
                10, [offered] { portolan::testing::onNextDialog(bindingDialog(offered)); });
            return;
        }
        *offered = host->text();
        QMetaObject::invokeMethod(dialog, "reject", Qt::QueuedConnection);
    };
}

} // namespace

void TestHeatmap::doubleClickOnAFreePortOffersIt()
{
    MainWindow window;
    window.resize(1360, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openLocation(fromTestFolder(PORTOLAN_TEST_DATA "/occupancy.yaml")));
    window.selectDevice(0);
    window.selectPortMapRow(1, 0); // atlas/gitea
    auto *pages = window.findChild<QTabWidget *>(QStringLiteral("pages"));
    pages->setCurrentIndex(2);
    auto *heatmap = window.findChild<HeatmapWidget *>(QStringLiteral("heatmap"));
    QVERIFY(heatmap);
    QTRY_VERIFY(heatmap->isVisible() && heatmap->rect().contains(heatmap->pointOf(20040)));
    // Which service is asked first (gitea, selected and of the block's category), then the
    // binding dialog offers the port.
    QString offered;
    portolan::testing::onNextDialog([&offered](QWidget *picker) {
        auto *input = qobject_cast<QInputDialog *>(picker);
        QVERIFY(input);
        QCOMPARE(input->textValue(), QStringLiteral("gitea"));
        QMetaObject::invokeMethod(input, "accept", Qt::QueuedConnection);
        portolan::testing::onNextDialog(bindingDialog(&offered));
    });
    QTest::mouseDClick(heatmap, Qt::LeftButton, {}, heatmap->pointOf(20040));
    QTRY_COMPARE(offered, QStringLiteral("20040"));
}

void TestHeatmap::oneCellPerPortInRowsOfAHundred_data()
{
    QTest::addColumn<int>("port");
    QTest::newRow("first") << 20000;
    QTest::newRow("end of the first row") << 20099;
    QTest::newRow("second row") << 20100;
    QTest::newRow("middle") << 25555;
    QTest::newRow("last") << 29999;
}

// The example's 10,000-port range in a window the size of a 1600x1000 screen's heatmap page:
// every port its own cell, 100 to a row, rows of a block stacked, nothing scrolled.
void TestHeatmap::oneCellPerPortInRowsOfAHundred()
{
    QFETCH(int, port);
    Document document;
    Error error;
    QVERIFY(document.open(fromTestFolder(PORTOLAN_EXAMPLE), &error));
    OccupancyModel model(&document);
    HeatmapWidget widget(&model);
    widget.resize(1500, 760);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    QVERIFY2(widget.minimumSizeHint().height() <= 760 && widget.minimumSizeHint().width() <= 1500,
             "the whole range fits without scrolling");
    QCOMPARE(widget.portAt(widget.pointOf(port)), port);
    const QPoint here = widget.pointOf(port);
    if (port % 100 != 99) {
        const QPoint right = widget.pointOf(port + 1);
        QCOMPARE(right.y(), here.y());
        QVERIFY(right.x() > here.x()); // its own cell, the next one to the right
        QCOMPARE(widget.portAt(right), port + 1);
    }
    if ((port - 20000) % 1000 < 900) {
        const QPoint below = widget.pointOf(port + 100);
        QVERIFY(qAbs(below.x() - here.x()) <= 1); // the same column, a row down
        QVERIFY(below.y() > here.y());
    }
    // Cells are at least 3 px wide and 4 px tall: readable without zooming.
    const QPoint next = widget.pointOf(20001);
    const QPoint down = widget.pointOf(20100);
    QVERIFY(next.x() - widget.pointOf(20000).x() >= 3);
    QVERIFY(down.y() - widget.pointOf(20000).y() >= 4);
}

void TestHeatmap::keyboardMovesAVisibleCursor()
{
    QSignalSpy offered(m_widget, &HeatmapWidget::freePortDoubleClicked);
    m_widget->setFocus();
    const QColor before = m_widget->grab().toImage().pixelColor(m_widget->pointOf(20000));
    QTest::keyClick(m_widget, Qt::Key_Right);
    QCOMPARE(m_widget->cursorPort(), 20000);
    QTest::keyClick(m_widget, Qt::Key_Right);
    QCOMPARE(m_widget->cursorPort(), 20001);
    QTest::keyClick(m_widget, Qt::Key_End);
    QCOMPARE(m_widget->cursorPort(), 20099);
    QTest::keyClick(m_widget, Qt::Key_Home);
    QCOMPARE(m_widget->cursorPort(), 20000);
    QTest::keyClick(m_widget, Qt::Key_PageDown);
    QCOMPARE(m_widget->cursorPort(), 20100);
    QTest::keyClick(m_widget, Qt::Key_PageUp);
    QCOMPARE(m_widget->cursorPort(), 20000);
    // The cursor is drawn around its cell.
    const QImage image = m_widget->grab().toImage();
    const QPoint cell = m_widget->pointOf(20000);
    const QRect edge(cell.x() - 6, cell.y() - 6, 12, 12);
    bool highlighted = false;
    for (int x = edge.left(); x <= edge.right(); ++x) {
        for (int y = edge.top(); y <= edge.bottom(); ++y)
            highlighted |= image.pixelColor(x, y) == m_widget->palette().color(QPalette::Highlight);
    }
    QVERIFY(highlighted);
    Q_UNUSED(before);
    // What a screen reader hears.
    QVERIFY2(m_widget->accessibleDescription().startsWith(QStringLiteral("Port 20000, free")),
             qPrintable(m_widget->accessibleDescription()));
    QTest::keyClick(m_widget, Qt::Key_Return);
    QCOMPARE(offered.count(), 1);
    QCOMPARE(offered.first().first().toInt(), 20000);
    // 20012 is used: the description names its user.
    m_widget->setCursorPort(20012);
    QVERIFY2(m_widget->accessibleDescription().contains(QStringLiteral("used: ")),
             qPrintable(m_widget->accessibleDescription()));
}

void TestHeatmap::zoomScalesCellsAndEscResets()
{
    m_widget->setFocus();
    const QSize fit = m_widget->minimumSizeHint();
    QTest::keyClick(m_widget, Qt::Key_Plus, Qt::ControlModifier);
    QVERIFY(m_widget->zoom() > 1.0);
    QVERIFY(m_widget->minimumSizeHint().width() > fit.width());
    m_widget->setZoom(8);
    m_widget->resize(m_widget->minimumSizeHint());
    // Large cells carry their port number (last three digits): not the plain fill colour.
    const QImage image = m_widget->grab().toImage();
    const QPoint center = m_widget->pointOf(20000);
    int other = 0;
    for (int dx = -8; dx <= 8; ++dx) {
        if (image.pixelColor(center + QPoint(dx, 0)) !=
            HeatmapPainter::color(PortState::Free, m_widget->palette()))
            ++other;
    }
    QVERIFY2(other > 0, "a zoomed cell shows its number");
    QTest::keyClick(m_widget, Qt::Key_Escape);
    QCOMPARE(m_widget->zoom(), 1.0);

    // At a middle zoom a port used on several devices shows how many (20200: two devices).
    m_widget->setZoom(3.5);
    m_widget->resize(m_widget->minimumSizeHint());
    const QImage shared = m_widget->grab().toImage();
    const QPoint sharedCell = m_widget->pointOf(20200);
    int marked = 0;
    for (int dx = -3; dx <= 3; ++dx) {
        for (int dy = -3; dy <= 3; ++dy)
            marked += shared.pixelColor(sharedCell + QPoint(dx, dy)) !=
                      HeatmapPainter::color(PortState::Shared, m_widget->palette());
    }
    QVERIFY2(marked > 0, "a shared cell shows its count");
}

void TestHeatmap::dragOverFreeCellsPlansARange()
{
    MainWindow window;
    window.resize(1360, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openLocation(fromTestFolder(PORTOLAN_TEST_DATA "/occupancy.yaml")));
    window.selectDevice(0);
    window.selectPortMapRow(1, 0);
    auto *pages = window.findChild<QTabWidget *>(QStringLiteral("pages"));
    pages->setCurrentIndex(2);
    auto *heatmap = window.findChild<HeatmapWidget *>(QStringLiteral("heatmap"));
    QVERIFY(heatmap);
    QTRY_VERIFY(heatmap->isVisible() && heatmap->rect().contains(heatmap->pointOf(20089)));
    // Drag from 20060 to 20089 (free in the first block).
    QTest::mousePress(heatmap, Qt::LeftButton, {}, heatmap->pointOf(20060));
    QMouseEvent move(QEvent::MouseMove, heatmap->pointOf(20089),
                     heatmap->mapToGlobal(heatmap->pointOf(20089)), Qt::NoButton, Qt::LeftButton,
                     Qt::NoModifier);
    QApplication::sendEvent(heatmap, &move);
    QTest::mouseRelease(heatmap, Qt::LeftButton, {}, heatmap->pointOf(20089));
    QCOMPARE(heatmap->selectionFirst(), 20060);
    QCOMPARE(heatmap->selectionLast(), 20089);
    auto *info = window.findChild<QLabel *>(QStringLiteral("selectionInfo"));
    QCOMPARE(info->text(), QStringLiteral("30 free ports, 20060-20089"));
    auto *plan = window.findChild<QPushButton *>(QStringLiteral("planRangeButton"));
    QVERIFY(plan->isEnabled());
    // Planning asks which service first, offering the selected one (gitea) since its category
    // is the block's; then the binding dialog with the range filled in.
    QString service;
    QString offered;
    portolan::testing::onNextDialog([&service, &offered](QWidget *picker) {
        auto *input = qobject_cast<QInputDialog *>(picker);
        QVERIFY(input);
        service = input->textValue();
        QMetaObject::invokeMethod(input, "accept", Qt::QueuedConnection);
        portolan::testing::onNextDialog(bindingDialog(&offered));
    });
    QTest::mouseClick(plan, Qt::LeftButton);
    QCOMPARE(service, QStringLiteral("gitea"));
    QTRY_COMPARE(offered, QStringLiteral("20060-20089"));
    // In the Monitoring block the first monitoring service is offered, whatever was selected.
    portolan::testing::onNextDialog([&service](QWidget *picker) {
        service = qobject_cast<QInputDialog *>(picker)->textValue();
        qobject_cast<QDialog *>(picker)->reject();
    });
    emit window.findChild<HeatmapWidget *>(QStringLiteral("heatmap"))->freePortDoubleClicked(20250);
    QCOMPARE(service, QStringLiteral("dns"));

    // The finder picks the lowest free run of a block.
    window.findChild<QSpinBox *>(QStringLiteral("freeRunLength"))->setValue(11);
    auto *block = window.findChild<QComboBox *>(QStringLiteral("freeRunBlock"));
    block->setCurrentIndex(0);
    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("findFreeRunButton")),
                      Qt::LeftButton);
    QCOMPARE(heatmap->selectionFirst(), 20020);
    QCOMPARE(heatmap->selectionLast(), 20030);
    QCOMPARE(heatmap->cursorPort(), 20020);

    // The zoom slider and the keyboard move the same scale.
    auto *zoom = window.findChild<QSlider *>(QStringLiteral("heatmapZoom"));
    zoom->setValue(300);
    QCOMPARE(heatmap->zoom(), 3.0);
    heatmap->setFocus();
    QTest::keyClick(heatmap, Qt::Key_Escape);
    QCOMPARE(zoom->value(), 100);

    // A run that cannot be found is said for the view it was sought in: another view says
    // its own.
    window.findChild<QSpinBox *>(QStringLiteral("freeRunLength"))->setValue(95);
    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("findFreeRunButton")),
                      Qt::LeftButton);
    QVERIFY2(info->text().startsWith(QStringLiteral("No run of 95")), qPrintable(info->text()));
    window.findChild<QComboBox *>(QStringLiteral("heatmapFilter"))->setCurrentIndex(2); // helios
    QVERIFY2(!info->text().startsWith(QStringLiteral("No run")), qPrintable(info->text()));

    // By keyboard, the next stop for Tab after Find Free Run (Plan is off) is the map itself,
    // not the scroll area around it (which took the arrow keys to scroll).
    QWidget *next = window.findChild<QPushButton *>(QStringLiteral("findFreeRunButton"));
    do {
        next = next->nextInFocusChain();
    } while (!(next->focusPolicy() & Qt::TabFocus) || !next->isVisible() || !next->isEnabled());
    QCOMPARE(next, static_cast<QWidget *>(heatmap));
}

// A binding in a reserved block and a port outside the range without an exception are not
// conflicts (two bindings on one port): each has its own colour and legend entry.
void TestHeatmap::misplacedIsNotAConflict()
{
    for (const QPalette &palette : {QPalette(Qt::white), QPalette(QColor(0x20, 0x20, 0x20))}) {
        QVERIFY(HeatmapPainter::color(PortState::Misplaced, palette) !=
                HeatmapPainter::color(PortState::Conflict, palette));
    }
    QVERIFY(HeatmapPainter::legendStates().contains(PortState::Misplaced));
    // Each legend entry says what it means, on hover.
    m_widget->resize(m_widget->width(), m_widget->minimumSizeHint().height());
    int found = 0;
    for (int x = 0; x < m_widget->width(); x += 3) {
        for (int y = m_widget->height() - 60; y < m_widget->height(); y += 3) {
            QHelpEvent help(QEvent::ToolTip, QPoint(x, y), m_widget->mapToGlobal(QPoint(x, y)));
            QApplication::sendEvent(m_widget, &help);
            if (QToolTip::isVisible() &&
                QToolTip::text().startsWith(QStringLiteral("breaks the policy: in a reserved")))
                ++found;
            QToolTip::hideText();
        }
    }
    QVERIFY2(found > 0, "no legend entry explains what breaks the policy");
    QCOMPARE(m_model->occupancy().state(20150), PortState::Misplaced);
    QCOMPARE(pixelAt(20150), HeatmapPainter::color(PortState::Misplaced, m_widget->palette()));
}

// At the smallest cells (5 px by 4) a single binding gets a rim that makes it stand out.
void TestHeatmap::aLoneBindingIsMoreThanASpeck()
{
    // The example at its smallest: ten rows a block, cells of about 4 px.
    Document example;
    Error error;
    QVERIFY(example.open(fromTestFolder(PORTOLAN_EXAMPLE), &error));
    OccupancyModel model(&example);
    HeatmapWidget heatmap(&model);
    heatmap.resize(heatmap.minimumSizeHint().width() + 150, heatmap.minimumSizeHint().height());
    const QImage image = heatmap.grab().toImage();
    const QPoint center = heatmap.pointOf(28200); // vault, alone in its block
    const QColor used = HeatmapPainter::color(PortState::Used, heatmap.palette());
    QCOMPARE(image.pixelColor(center), used);
    // The cell and its rim (a deeper blue), counted apart from text and grid lines.
    int marked = 0;
    for (int dx = -8; dx <= 8; ++dx) {
        for (int dy = -8; dy <= 8; ++dy) {
            const QColor pixel = image.pixelColor(center + QPoint(dx, dy));
            marked += pixel.rgb() == used.rgb() || pixel.rgb() == used.darker(150).rgb();
        }
    }
    QVERIFY2(marked >= 36, qPrintable(QString::number(marked)));
}

void TestHeatmap::columnTicksStayInSightWhenScrolled()
{
    // The example: seven blocks of ten rows, taller than the view once zoomed.
    Document example;
    Error error;
    QVERIFY(example.open(fromTestFolder(PORTOLAN_EXAMPLE), &error));
    OccupancyModel model(&example);
    QScrollArea scroll;
    auto *heatmap = new HeatmapWidget(&model);
    scroll.setWidget(heatmap);
    scroll.setWidgetResizable(true);
    scroll.resize(900, 160);
    scroll.show();
    QVERIFY(QTest::qWaitForWindowExposed(&scroll));
    heatmap->setZoom(3);
    QTRY_VERIFY(scroll.verticalScrollBar()->maximum() > 200);
    scroll.verticalScrollBar()->setValue(scroll.verticalScrollBar()->maximum() / 2);
    QCoreApplication::processEvents();
    const QImage seen = scroll.viewport()->grab().toImage();
    // The strip at the top of what is seen is the ticks' background with their text, not
    // a row of cells.
    const QColor base = heatmap->palette().color(QPalette::Base);
    int background = 0;
    int ink = 0;
    const int left = heatmap->pointOf(20000).x() - 4;
    for (int x = left; x < left + 300; ++x) {
        for (int y = 1; y < 12; ++y)
            (seen.pixelColor(x, y) == base ? background : ink) += 1;
    }
    QVERIFY2(background > 2 * ink && ink > 20,
             qPrintable(QStringLiteral("%1 background, %2 ink").arg(background).arg(ink)));

    // Scrolled right too: each row's first port stays at the left of what is seen.
    QTRY_VERIFY(scroll.horizontalScrollBar()->maximum() > 100);
    scroll.horizontalScrollBar()->setValue(scroll.horizontalScrollBar()->maximum());
    QCoreApplication::processEvents();
    const QImage right = scroll.viewport()->grab().toImage();
    int leftBackground = 0;
    int leftInk = 0;
    for (int x = 2; x < 40; ++x) {
        for (int y = 20; y < right.height(); ++y)
            (right.pixelColor(x, y) == base ? leftBackground : leftInk) += 1;
    }
    QVERIFY2(leftBackground > 2 * leftInk && leftInk > 20,
             qPrintable(QStringLiteral("%1 background, %2 ink").arg(leftBackground).arg(leftInk)));
}

void TestHeatmap::zoomingByKeyKeepsTheCursorInSight()
{
    // The example: seven blocks of ten rows, taller than the view once zoomed.
    Document example;
    Error error;
    QVERIFY(example.open(fromTestFolder(PORTOLAN_EXAMPLE), &error));
    OccupancyModel model(&example);
    QScrollArea scroll;
    auto *heatmap = new HeatmapWidget(&model);
    scroll.setWidget(heatmap);
    scroll.setWidgetResizable(true);
    scroll.resize(700, 300);
    scroll.show();
    QVERIFY(QTest::qWaitForWindowExposed(&scroll));
    heatmap->setFocus();
    heatmap->setCursorPort(20997);
    for (int i = 0; i < 4; ++i)
        QTest::keyClick(heatmap, Qt::Key_Plus, Qt::ControlModifier);
    QVERIFY(heatmap->zoom() > 4);
    QCoreApplication::processEvents();
    QTRY_VERIFY2(scroll.viewport()->rect().contains(
                     heatmap->mapTo(scroll.viewport(), heatmap->pointOf(20997))),
                 "the cursor is in the viewport");
}

QTEST_MAIN(TestHeatmap)
#include "tst_heatmap.moc"
