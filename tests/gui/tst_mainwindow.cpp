#include "check/Validator.h"
#include "controllers/DocumentController.h"
#include "dialogs/BindingDialog.h"
#include "dialogs/DeviceDialog.h"
#include "dialogs/DriftDialog.h"
#include "dialogs/ExportPreviewDialog.h"
#include "dialogs/PolicyDialog.h"
#include "dialogs/ServiceDialog.h"
#include "document/Document.h"
#include "document/commands/AddRemove.h"
#include "document/commands/EditElement.h"
#include "domain/WellKnownPorts.h"
#include "drift/SocketTable.h"
#include "formats/FormatRegistry.h"
#include "formats/yaml/YamlReader.h"
#include "itemmodels/PortMapModel.h"
#include "store/RegistryIo.h"
#include "support/CommandCases.h"
#include "support/GuiSupport.h"
#include "support/TestSupport.h"
#include "widgets/Icons.h"
#include "widgets/SeverityStyle.h"
#include "window/MainWindow.h"
#include "window/Navigator.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressDialog>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>

using namespace portolan;
using namespace portolan::testing;

// The main window as a user drives it: selecting, editing in place and by dialog, undo, findings,
// search, import, drift, refused exports.
class TestMainWindow : public QObject, public MainWindowFixture
{
    Q_OBJECT

private slots:
    void initTestCase() { MainWindowFixture::initTestCase(); }
    void init() { QVERIFY(openExample()); }
    void opensTheExample();
    void fitsAScreen1024PixelsWide();
    void opensAfterTheFirstPaint();
    void opensAWindowThatNeverPaints();
    void startOpenOfAMissingFileEnds();
    void hiddenPagesAndDocksBuildWhenShown();
    void iconsAreMadeOnce();
    void selectingADeviceShowsItsPorts();
    void addBindingByTyping();
    void undoRedoRestore();
    void inCellEditGoesThroughTheUndoStack();
    void typingInThePortMapSearchesAndEditsNothing();
    void cellEditsAreCheckedAsTheDialogsCheck();
    void findingsDockSelectsTheRow();
    void modifiedMarkerAndSave();
    void searchFiltersThePortMap();
    void importComposeIsOneUndoStep();
    void importRunningContainersIsOneUndoStep();
    void compareWithLastSaveAndLastCommit();
    void driftShowsInTheDialogAndThePortMap();
    void exportsRefuseAnInvalidValue();
};

void TestMainWindow::opensTheExample()
{
    auto *devices = child<QTableView>(m_window.get(), QStringLiteral("deviceList"));
    QCOMPARE(devices->model()->rowCount(), 2);
    auto *portMap = child<QTableView>(m_window.get(), QStringLiteral("portMapView"));
    QCOMPARE(portMap->model()->rowCount(), 10);
    QVERIFY(m_window->windowTitle().startsWith(QStringLiteral("example.yaml")));
    QVERIFY(child<QLabel>(m_window.get(), QStringLiteral("statusCounts"))
                ->text()
                .contains(QStringLiteral("0 errors")));
    screenshot(m_window.get(), QStringLiteral("main-window"));
}

void TestMainWindow::opensAfterTheFirstPaint()
{
    MainWindow window;
    const QString path = copyOf(fromTestFolder(PORTOLAN_EXAMPLE), QStringLiteral("late.yaml"));
    window.openAfterFirstPaint(path);
    // Nothing is read before the window has painted: the reader would compete with the paint.
    QVERIFY(!window.isOpening());
    QVERIFY(window.document()->location().isEmpty());
    // The first frame names what is on its way and claims nothing about the empty registry.
    QVERIFY(window.windowTitle().startsWith(QStringLiteral("late.yaml")));
    QVERIFY(child<QLabel>(&window, QStringLiteral("statusCounts"))
                ->text()
                .startsWith(QStringLiteral("Opening late.yaml")));
    QCOMPARE(child<QLabel>(&window, QStringLiteral("findingsEmpty"))->text(), QString());
    window.resize(900, 600);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_COMPARE(window.document()->registry().devices.size(), 2);
    QCOMPARE(window.document()->location(), path);
    QTRY_VERIFY(child<QLabel>(&window, QStringLiteral("statusCounts"))
                    ->text()
                    .startsWith(QStringLiteral("2 devices")));
    QCOMPARE(child<QLabel>(&window, QStringLiteral("findingsEmpty"))->text(),
             QStringLiteral("No findings: the registry follows the policy."));
}

void TestMainWindow::opensAWindowThatNeverPaints()
{
    MainWindow window; // never shown, as when it starts minimized
    const QString path = copyOf(fromTestFolder(PORTOLAN_EXAMPLE), QStringLiteral("hidden.yaml"));
    window.openAfterFirstPaint(path);
    QTRY_COMPARE_WITH_TIMEOUT(window.document()->registry().devices.size(), 2, 5000);
}

void TestMainWindow::startOpenOfAMissingFileEnds()
{
    // A registry named at start that is not there: the window stops saying it is opening it.
    MainWindow window;
    window.openAfterFirstPaint(m_dir.filePath(QStringLiteral("missing.yaml")));
    window.resize(900, 600);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *counts = child<QLabel>(&window, QStringLiteral("statusCounts"));
    QTRY_VERIFY2(counts->text().startsWith(QStringLiteral("0 devices")),
                 qPrintable(counts->text()));
    QVERIFY(!window.isOpening());
    QVERIFY(!child<QLabel>(&window, QStringLiteral("findingsEmpty"))->text().isEmpty());
}

void TestMainWindow::hiddenPagesAndDocksBuildWhenShown()
{
    // Built at first show, not with the window: none of them is visible at start.
    MainWindow window;
    window.resize(1360, 820);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    for (const char *name :
         {"heatmap", "blocksView", "searchAllField", "changesTree", "historyView"})
        QVERIFY2(!window.findChild<QWidget *>(QLatin1String(name)), name);
    // The user brings each one up; each is there, visible and filled in.
    auto *pages = child<QTabWidget>(&window, QStringLiteral("pages"));
    pages->setCurrentIndex(int(Navigator::Page::Policy));
    QTRY_VERIFY(child<QTableView>(&window, QStringLiteral("blocksView"))->isVisible());
    QVERIFY(!child<QLabel>(&window, QStringLiteral("policySummary"))->text().isEmpty());
    pages->setCurrentIndex(int(Navigator::Page::Range));
    QTRY_VERIFY(window.findChild<QWidget *>(QStringLiteral("heatmap"))->isVisible());
    QCOMPARE(child<QComboBox>(&window, QStringLiteral("heatmapFilter"))->itemText(0),
             QStringLiteral("All devices"));
    window.findChild<QAction *>(QStringLiteral("actionSearchAll"))->trigger();
    auto *search = child<QLineEdit>(&window, QStringLiteral("searchAllField"));
    QTRY_VERIFY(search->isVisible());
    QTRY_COMPARE(QApplication::focusWidget(), search);
    // Placed as it first shows: a tab beside the findings, the history on the right.
    auto *findings = window.findChild<QDockWidget *>(QStringLiteral("findingsDock"));
    auto *searchDock = window.findChild<QDockWidget *>(QStringLiteral("searchDock"));
    QVERIFY(window.tabifiedDockWidgets(findings).contains(searchDock));
    // View › Changes: its tab comes to the front, over the search's and the findings'.
    auto *changes = window.findChild<QDockWidget *>(QStringLiteral("changesDock"));
    changes->toggleViewAction()->trigger();
    QTRY_VERIFY(child<QWidget>(&window, QStringLiteral("changesTree"))->isVisible());
    auto currentDockTab = [&window] {
        for (QTabBar *tabs :
             window.findChildren<QTabBar *>(QString(), Qt::FindDirectChildrenOnly)) {
            for (int i = 0; i < tabs->count(); ++i) {
                if (tabs->tabText(i) == QLatin1String("Changes"))
                    return tabs->tabText(tabs->currentIndex());
            }
        }
        return QString();
    };
    QTRY_COMPARE(currentDockTab(), QStringLiteral("Changes"));
    auto *history = window.findChild<QDockWidget *>(QStringLiteral("historyDock"));
    QCOMPARE(window.dockWidgetArea(history), Qt::NoDockWidgetArea);
    history->toggleViewAction()->trigger();
    QTRY_VERIFY(child<QWidget>(&window, QStringLiteral("historyView"))->isVisible());
    QCOMPARE(window.dockWidgetArea(history), Qt::RightDockWidgetArea);
    QVERIFY(!history->isFloating());
    // Sized for what it holds (placed empty, it was a sliver: "Hist…").
    QTRY_VERIFY2(history->width() >= 150, qPrintable(QString::number(history->width())));
}

void TestMainWindow::iconsAreMadeOnce()
{
    // The same icon each time: its rendered pixmaps are cached with it, so a table cell's
    // severity icon is not parsed and rendered again on every paint.
    const QIcon error = SeverityStyle::icon(Severity::Error);
    QVERIFY(!error.isNull());
    QCOMPARE(SeverityStyle::icon(Severity::Error).cacheKey(), error.cacheKey());
    QVERIFY(SeverityStyle::icon(Severity::Warning).cacheKey() != error.cacheKey());
    QCOMPARE(Icons::get(QStringLiteral("undo")).cacheKey(),
             Icons::get(QStringLiteral("undo")).cacheKey());
    // Every icon the app ships draws something, at 1x and 2x, and a disabled one looks different.
    const QStringList files = QDir(QStringLiteral(":/icons")).entryList({QStringLiteral("*.svg")});
    QVERIFY(files.size() >= 10);
    for (const QString &file : files) {
        const QIcon icon = Icons::get(QFileInfo(file).completeBaseName());
        for (qreal scale : {1.0, 2.0}) {
            const QImage image = icon.pixmap(QSize(16, 16), scale).toImage();
            QCOMPARE(image.size(), QSize(16, 16) * scale);
            bool drawn = false;
            for (int y = 0; y < image.height() && !drawn; ++y)
                for (int x = 0; x < image.width() && !drawn; ++x)
                    drawn = qAlpha(image.pixel(x, y)) > 0;
            QVERIFY2(drawn, qPrintable(file));
        }
        QVERIFY2(icon.pixmap(16, 16, QIcon::Disabled).toImage() != icon.pixmap(16, 16).toImage(),
                 qPrintable(file));
    }
}

void TestMainWindow::selectingADeviceShowsItsPorts()
{
    auto *devices = child<QTableView>(m_window.get(), QStringLiteral("deviceList"));
    const QRect rect = devices->visualRect(devices->model()->index(1, 0));
    QTest::mouseClick(devices->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(m_window->currentDeviceIndex(), 1);
    auto *portMap = child<QTableView>(m_window.get(), QStringLiteral("portMapView"));
    QCOMPARE(portMap->model()->rowCount(), 5);
    QVERIFY(child<QLabel>(m_window.get(), QStringLiteral("deviceHeader"))
                ->text()
                .contains(QStringLiteral("helios")));
}

void TestMainWindow::addBindingByTyping()
{
    m_window->selectPortMapRow(2, 0); // gitea
    bool sawDialog = false;
    onNextDialog([&sawDialog](QWidget *dialog) {
        sawDialog = true;
        QTest::keyClicks(child<QLineEdit>(dialog, QStringLiteral("hostField")),
                         QStringLiteral("20023"));
        QTest::keyClicks(child<QLineEdit>(dialog, QStringLiteral("containerField")),
                         QStringLiteral("2222"));
        auto *exception = child<QComboBox>(dialog, QStringLiteral("exceptionField"));
        exception->setCurrentIndex(exception->findData(Exceptions::NonHttp));
        QTest::keyClicks(child<QLineEdit>(dialog, QStringLiteral("notesField")),
                         QStringLiteral("second ssh"));
        QPushButton *ok = child<QPushButton>(dialog, QStringLiteral("okButton"));
        QVERIFY(ok->isEnabled());
        QTest::mouseClick(ok, Qt::LeftButton);
    });
    m_window->findChild<QAction *>(QStringLiteral("actionAddBinding"))->trigger();
    QVERIFY(sawDialog);
    const Service &gitea = m_window->document()->registry().devices[0].services[2];
    QCOMPARE(gitea.ports.size(), 2);
    QCOMPARE(gitea.ports[1].host, PortRange::single(20023));
    QCOMPARE(gitea.ports[1].container, PortRange::single(2222));
    QCOMPARE(gitea.ports[1].exception, QStringLiteral("non-http"));
    QCOMPARE(gitea.ports[1].notes, QStringLiteral("second ssh"));
    QCOMPARE(gitea.ports[1].protocol, QString());
    QCOMPARE(m_window->document()->undoStack()->count(), 1);
    QVERIFY(m_window->document()->findings().isEmpty());
}

void TestMainWindow::undoRedoRestore()
{
    addBindingByTyping();
    const Registry after = m_window->document()->registry();
    QAction *undo = m_window->findChild<QAction *>(QStringLiteral("actionUndo"));
    QAction *redo = m_window->findChild<QAction *>(QStringLiteral("actionRedo"));
    QVERIFY(undo->isEnabled());
    QCOMPARE(undo->text(), QStringLiteral("&Undo Add binding 20023/tcp"));
    undo->trigger();
    QCOMPARE(m_window->document()->registry().devices[0].services[2].ports.size(), 1);
    QVERIFY(!m_window->isWindowModified());
    redo->trigger();
    QVERIFY(m_window->document()->registry() == after);
    QVERIFY(m_window->isWindowModified());
}

void TestMainWindow::typingInThePortMapSearchesAndEditsNothing()
{
    auto *portMap = child<QTableView>(m_window.get(), QStringLiteral("portMapView"));
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    portMap->setFocus();
    portMap->setCurrentIndex(portMap->model()->index(4, PortMapModel::ServiceName)); // gitea
    const int before = m_window->document()->undoStack()->count();
    // Typing "gra" jumps to grafana, as the Devices list does; no editor opens, nothing renames.
    QTest::keyClicks(portMap, QStringLiteral("gra"));
    QVERIFY2(!qobject_cast<QLineEdit *>(QApplication::focusWidget()), "an editor opened");
    QCOMPARE(portMap->currentIndex().siblingAtColumn(PortMapModel::ServiceName).data().toString(),
             QStringLiteral("grafana"));
    QTest::mouseClick(portMap->viewport(), Qt::LeftButton, {},
                      portMap->visualRect(portMap->model()->index(0, 0)).center());
    QCOMPARE(m_window->document()->undoStack()->count(), before);
    QCOMPARE(m_window->document()->registry().devices[0].services[2].name, QStringLiteral("gitea"));
}

void TestMainWindow::cellEditsAreCheckedAsTheDialogsCheck()
{
    // F2 on a host port, 70000 typed: the binding dialog refuses it, so does the cell.
    auto *portMap = child<QTableView>(m_window.get(), QStringLiteral("portMapView"));
    auto *model = portMap->model();
    const QModelIndex host = model->index(4, PortMapModel::HostPort); // gitea 20022
    const int before = m_window->document()->undoStack()->count();
    QVERIFY(!model->setData(host, QStringLiteral("70000")));
    QVERIFY(!model->setData(model->index(4, PortMapModel::Protocol), QStringLiteral("http")));
    QCOMPARE(m_window->document()->undoStack()->count(), before);
    QCOMPARE(host.data().toString(), QStringLiteral("20022"));
    // The banner says why.
    QVERIFY2(m_window->bannerText().contains(QStringLiteral("protocol \"http\"")),
             qPrintable(m_window->bannerText()));
    // A valid edit still goes through, one undo step.
    QVERIFY(model->setData(host, QStringLiteral("20023")));
    QCOMPARE(m_window->document()->undoStack()->count(), before + 1);
    m_window->document()->undoStack()->undo();
}

void TestMainWindow::inCellEditGoesThroughTheUndoStack()
{
    auto *portMap = child<QTableView>(m_window.get(), QStringLiteral("portMapView"));
    const QModelIndex notes = portMap->model()->index(4, PortMapModel::Notes); // gitea
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    portMap->setFocus();
    portMap->setCurrentIndex(notes);
    QTest::keyClick(portMap, Qt::Key_F2);
    auto *editor = qobject_cast<QLineEdit *>(QApplication::focusWidget());
    QVERIFY(editor);
    editor->selectAll();
    QTest::keyClicks(editor, QStringLiteral("ssh for git"));
    QTest::keyClick(editor, Qt::Key_Return);
    // The delegate commits on Return through a queued call.
    QTRY_COMPARE(m_window->document()->undoStack()->count(), 1);
    QCOMPARE(m_window->document()->registry().devices[0].services[2].ports[0].notes,
             QStringLiteral("ssh for git"));
    QCOMPARE(m_window->document()->undoStack()->count(), 1);
    QCOMPARE(m_window->document()->undoStack()->text(0), QStringLiteral("Edit notes of 20022/tcp"));
    m_window->document()->undoStack()->undo();
    QCOMPARE(portMap->model()->index(4, PortMapModel::Notes).data().toString(),
             QStringLiteral("git over ssh"));
}

void TestMainWindow::findingsDockSelectsTheRow()
{
    QVERIFY(m_window->openLocation(
        copyOf(fromTestFolder(PORTOLAN_TEST_DATA "/findings/duplicate-route.yaml"),
               QStringLiteral("routes.yaml"))));
    auto *findings = child<QTableView>(m_window.get(), QStringLiteral("findingsView"));
    QCOMPARE(findings->model()->rowCount(), 2);
    const QRect second = findings->visualRect(findings->model()->index(1, 0));
    QTest::mouseClick(findings->viewport(), Qt::LeftButton, {}, second.center());
    QCOMPARE(m_window->currentDeviceIndex(), 1);
    auto *portMap = child<QTableView>(m_window.get(), QStringLiteral("portMapView"));
    QVERIFY(portMap->currentIndex().isValid());
    QCOMPARE(portMap->currentIndex().siblingAtColumn(PortMapModel::ServiceName).data().toString(),
             QStringLiteral("odd"));
    screenshot(m_window.get(), QStringLiteral("findings-dock"));
}

void TestMainWindow::modifiedMarkerAndSave()
{
    QVERIFY(!m_window->isWindowModified());
    auto *devices = child<QTableView>(m_window.get(), QStringLiteral("deviceList"));
    QVERIFY(devices->model()->setData(devices->model()->index(1, 0), QStringLiteral("helios2")));
    QVERIFY(m_window->isWindowModified());
    QVERIFY(m_window->windowTitle().contains(QStringLiteral("[*]")));
    QVERIFY(m_window->documents()->save());
    QVERIFY(!m_window->isWindowModified());
    Registry saved;
    Error error;
    QVERIFY(RegistryIo::load(m_window->document()->location(), saved, error));
    QCOMPARE(saved.devices[1].name, QStringLiteral("helios2"));
}

void TestMainWindow::searchFiltersThePortMap()
{
    auto *search = child<QLineEdit>(m_window.get(), QStringLiteral("searchField"));
    QTest::keyClicks(search, QStringLiteral("53"));
    QCOMPARE(child<QTableView>(m_window.get(), QStringLiteral("portMapView"))->model()->rowCount(),
             2);
    search->clear();
    QTest::keyClicks(search, QStringLiteral("prometheus.home"));
    QCOMPARE(child<QTableView>(m_window.get(), QStringLiteral("portMapView"))->model()->rowCount(),
             1);
}

void TestMainWindow::importComposeIsOneUndoStep()
{
    const Registry before = m_window->document()->registry();
    bool sawDialog = false;
    onNextDialog([&sawDialog](QWidget *dialog) {
        sawDialog = true;
        child<QLineEdit>(dialog, QStringLiteral("envFileField"))
            ->setText(fromTestFolder(PORTOLAN_TEST_DATA "/compose/mixed.env"));
        child<QLineEdit>(dialog, QStringLiteral("composeFileField"))
            ->setText(fromTestFolder(PORTOLAN_TEST_DATA "/compose/mixed.yml"));
        const QString preview =
            child<QPlainTextEdit>(dialog, QStringLiteral("previewText"))->toPlainText();
        QVERIFY2(preview.contains(QStringLiteral("added service atlas/forgejo")),
                 qPrintable(preview));
        QVERIFY(preview.contains(QStringLiteral("added binding atlas/grafana 23001/tcp")));
        screenshot(dialog, QStringLiteral("import-compose"));
        QPushButton *ok = child<QPushButton>(dialog, QStringLiteral("okButton"));
        QVERIFY(ok->isEnabled());
        QTest::mouseClick(ok, Qt::LeftButton);
    });
    m_window->findChild<QAction *>(QStringLiteral("actionImportCompose"))->trigger();
    QVERIFY(sawDialog);
    QCOMPARE(m_window->document()->undoStack()->count(), 1);
    const Device &atlas = m_window->document()->registry().devices[0];
    QVERIFY(atlas.findService(QStringLiteral("forgejo")) >= 0);
    QCOMPARE(atlas.services[atlas.findService(QStringLiteral("grafana"))].ports.first().host.first,
             23001);
    QVERIFY(!m_window->document()->findings().isEmpty()); // imported bindings have no exception
    m_window->document()->undoStack()->undo();
    QVERIFY(m_window->document()->registry() == before);
}

void TestMainWindow::importRunningContainersIsOneUndoStep()
{
    const Registry before = m_window->document()->registry();
    bool sawDialog = false;
    onNextDialog([&sawDialog](QWidget *dialog) {
        sawDialog = true;
        QVERIFY(dialog->windowTitle().contains(QStringLiteral("Running Containers")));
        auto *device = child<QComboBox>(dialog, QStringLiteral("deviceField"));
        device->setCurrentIndex(device->findText(QStringLiteral("helios")));
        auto *category = child<QComboBox>(dialog, QStringLiteral("categoryField"));
        category->setCurrentIndex(category->findData(QStringLiteral("monitoring")));
        child<QLineEdit>(dialog, QStringLiteral("containersFileField"))
            ->setText(fromTestFolder(PORTOLAN_TEST_DATA "/docker/inspect.json"));
        const QString preview =
            child<QPlainTextEdit>(dialog, QStringLiteral("previewText"))->toPlainText();
        QVERIFY2(
            preview.contains(QStringLiteral("added service helios/minecraft")),
            qPrintable(preview + child<QLabel>(dialog, QStringLiteral("importError"))->text()));
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("okButton")), Qt::LeftButton);
    });
    m_window->findChild<QAction *>(QStringLiteral("actionImportDocker"))->trigger();
    QVERIFY(sawDialog);
    QCOMPARE(m_window->document()->undoStack()->count(), 1);
    QCOMPARE(m_window->document()->undoStack()->text(0),
             QStringLiteral("Import running containers"));
    const Device &helios = m_window->document()->registry().devices[1];
    const int minecraft = helios.findService(QStringLiteral("minecraft"));
    QVERIFY(minecraft >= 0);
    QCOMPARE(helios.services[minecraft].image, QStringLiteral("itzg/minecraft-server:latest"));
    m_window->document()->undoStack()->undo();
    QVERIFY(m_window->document()->registry() == before);
}

void TestMainWindow::compareWithLastSaveAndLastCommit()
{
    // The open copy lives in a git repository with one commit.
    const QString location = m_window->document()->location();
    const QString folder = QFileInfo(location).absolutePath();
    auto git = [&](const QStringList &arguments) {
        return runProgram(
            QStringLiteral("git"),
            QStringList{QStringLiteral("-c"), QStringLiteral("user.name=Test"),
                        QStringLiteral("-c"), QStringLiteral("user.email=t@example.org")} +
                arguments,
            {}, 60000, [folder](QProcess &process) { process.setWorkingDirectory(folder); });
    };
    QCOMPARE(git({QStringLiteral("init"), QStringLiteral("-q")}).exitCode, 0);
    QCOMPARE(git({QStringLiteral("add"), QFileInfo(location).fileName()}).exitCode, 0);
    QCOMPARE(git({QStringLiteral("commit"), QStringLiteral("-qm"), QStringLiteral("one")}).exitCode,
             0);

    Device helios = m_window->document()->registry().devices[1];
    helios.description = QStringLiteral("now with a GPU");
    m_window->document()->undoStack()->push(
        new EditDevice(m_window->document(), helios.key.id, helios));

    // The dock's content is built when it first shows: the comparison shows it.
    auto *dock = m_window->findChild<QDockWidget *>(QStringLiteral("changesDock"));
    QVERIFY(!dock->findChild<QTreeWidget *>(QStringLiteral("changesTree")));
    QAction *lastSave = m_window->findChild<QAction *>(QStringLiteral("actionCompareLastSave"));
    QAction *lastCommit = m_window->findChild<QAction *>(QStringLiteral("actionCompareLastCommit"));
    lastSave->trigger();
    QVERIFY(!dock->isHidden());
    auto *tree = child<QTreeWidget>(m_window.get(), QStringLiteral("changesTree"));
    auto *status = child<QLabel>(m_window.get(), QStringLiteral("changesStatus"));
    auto lines = [&] {
        QStringList all;
        for (QTreeWidgetItemIterator it(tree); *it; ++it)
            all << (*it)->text(0);
        return all.join(u'\n');
    };
    QVERIFY2(lines().contains(QStringLiteral(
                 "changed device helios: description automation box -> now with a GPU")),
             qPrintable(lines()));
    QVERIFY(status->text().contains(QStringLiteral("the last save")));

    // It follows the edits: a port conflict appears as an introduced finding.
    const Service &gitea = m_window->document()->registry().devices[0].services[2];
    Binding clash = gitea.ports.first();
    clash.host = PortRange::single(53);
    clash.container = PortRange::single(53);
    m_window->document()->undoStack()->push(
        new EditBinding(m_window->document(), clash.key.id, clash));
    QTRY_VERIFY2(lines().contains(QStringLiteral("+ error  port-conflict")), qPrintable(lines()));

    // Activating a change selects its element.
    for (QTreeWidgetItemIterator it(tree); *it; ++it) {
        if ((*it)->text(0).startsWith(QStringLiteral("changed device helios"))) {
            emit tree->itemActivated(*it, 0);
            break;
        }
    }
    QCOMPARE(m_window->currentDeviceIndex(), 1);

    // The last commit, one click too; the working file on disk is the commit still.
    emit m_window->findChild<QDockWidget *>(QStringLiteral("changesDock"))
        ->findChild<QMenu *>()
        ->aboutToShow();
    QVERIFY(lastCommit->isEnabled());
    lastCommit->trigger();
    QVERIFY2(status->text().contains(QStringLiteral("the last commit")),
             qPrintable(status->text()));
    QVERIFY(lines().contains(QStringLiteral("changed device helios")));
    screenshot(m_window.get(), QStringLiteral("changes-dock"));

    // "The last save" moves with a save: nothing differs from it then, and the next edit is
    // the one change.
    lastSave->trigger();
    QVERIFY2(lines().contains(QStringLiteral("changed device helios")), qPrintable(lines()));
    m_window->findChild<QAction *>(QStringLiteral("actionSave"))->trigger();
    QTRY_COMPARE(status->text(), QStringLiteral("No change against the last save."));
    QCOMPARE(lines(), QString());
    helios = m_window->document()->registry().devices[1];
    helios.description = QStringLiteral("after the save");
    m_window->document()->undoStack()->push(
        new EditDevice(m_window->document(), helios.key.id, helios));
    QTRY_VERIFY2(status->text().contains(QStringLiteral("1 change")), qPrintable(status->text()));
    QVERIFY2(lines().contains(QStringLiteral(
                 "changed device helios: description now with a GPU -> after the save")),
             qPrintable(lines()));
}

void TestMainWindow::driftShowsInTheDialogAndThePortMap()
{
    Registry registry;
    Error error;
    QVERIFY(RegistryIo::load(fromTestFolder(PORTOLAN_TEST_DATA "/drift.yaml"), registry, error));
    SocketTable table;
    QVERIFY(table.readProcFolder(fromTestFolder(PORTOLAN_TEST_DATA "/proc")));
    const QVector<DriftEntry> entries = DriftCheck::compare(registry, 0, table.sockets(), nullptr);
    DriftDialog dialog(registry, 0, entries, QStringLiteral("fixtures"), m_window.get());
    dialog.show();
    auto *view = child<QTableWidget>(&dialog, QStringLiteral("driftTable"));
    QCOMPARE(view->rowCount(), entries.size());
    auto *add = child<QPushButton>(&dialog, QStringLiteral("addUnplannedButton"));
    QSignalSpy wanted(&dialog, &DriftDialog::addUnplanned);
    int unplannedRow = -1;
    for (int row = 0; row < entries.size(); ++row) {
        if (entries[row].status == DriftEntry::Status::Unplanned)
            unplannedRow = row;
    }
    QVERIFY(unplannedRow >= 0);
    view->setCurrentCell(0, 0);
    QVERIFY(!add->isEnabled());
    view->setCurrentCell(unplannedRow, 0);
    QVERIFY(add->isEnabled());
    QTest::mouseClick(add, Qt::LeftButton);
    QCOMPARE(wanted.count(), 1);
    screenshot(&dialog, QStringLiteral("drift-dialog"));

    // The port map's status column says what the check found.
    Document document;
    Error message;
    QVERIFY(document.open(fromTestFolder(PORTOLAN_TEST_DATA "/drift.yaml"), &message));
    PortMapModel model(&document);
    model.setDeviceId(document.registry().devices[0].key.id);
    QHash<qint64, QString> status;
    status.insert(document.registry().devices[0].services[6].ports[0].key.id,
                  QStringLiteral("missing"));
    model.setDriftStatus(status);
    const int row = model.rowOf(6, 0);
    QCOMPARE(model.index(row, PortMapModel::Status).data().toString(),
             QStringLiteral("not listening"));
}

void TestMainWindow::exportsRefuseAnInvalidValue()
{
    QVERIFY(
        m_window->openLocation(copyOf(fromTestFolder(PORTOLAN_TEST_DATA "/injection/notes-ls.yaml"),
                                      QStringLiteral("injected.yaml"))));
    bool dialogShown = false;
    QTimer watcher;
    connect(&watcher, &QTimer::timeout, [&] {
        if (QWidget *dialog = QApplication::activeModalWidget()) {
            dialogShown = true;
            dialog->close();
        }
    });
    watcher.start(10);
    for (const char *action : {"actionExportCompose", "actionExportPdf", "actionExportMarkdown"}) {
        m_window->findChild<QAction *>(QLatin1String(action))->trigger();
        QVERIFY2(m_window->bannerText().contains(QStringLiteral("Nothing was exported")), action);
        QVERIFY2(m_window->bannerText().contains(QStringLiteral("U+2028")),
                 qPrintable(m_window->bannerText()));
    }
    QVERIFY(!dialogShown);
}

// Usable at 1024x640: on every page, once shown (the heatmap page too), the window can be made
// at most 1000 pixels wide, and it opens no larger than the screen it is on.
void TestMainWindow::fitsAScreen1024PixelsWide()
{
    auto *pages = m_window->findChild<QTabWidget *>(QStringLiteral("pages"));
    QVERIFY(pages);
    QStringList widths;
    for (int page = 0; page < pages->count(); ++page) {
        pages->setCurrentIndex(page);
        QCoreApplication::processEvents();
        const int minimum = m_window->minimumSizeHint().width();
        widths << QStringLiteral("%1: %2").arg(pages->tabText(page)).arg(minimum);
    }
    for (int page = 0; page < pages->count(); ++page) {
        pages->setCurrentIndex(page);
        QCoreApplication::processEvents();
        QVERIFY2(m_window->minimumSizeHint().width() <= 1000, qPrintable(widths.join(u';')));
        m_window->resize(1000, 600);
        QCoreApplication::processEvents();
        QVERIFY2(m_window->width() <= 1000, qPrintable(widths.join(u';')));
    }
    // A first start (no saved geometry) opens inside the screen's free area.
    QSettings().remove(QStringLiteral("window"));
    MainWindow fresh;
    fresh.show();
    const QRect free = fresh.screen()->availableGeometry();
    QVERIFY2(fresh.width() <= free.width() && fresh.height() <= free.height(),
             qPrintable(QStringLiteral("%1x%2 on %3x%4")
                            .arg(fresh.width())
                            .arg(fresh.height())
                            .arg(free.width())
                            .arg(free.height())));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
