#include "dialogs/BindingDialog.h"
#include "dialogs/ExportPreviewDialog.h"
#include "formats/FormatRegistry.h"
#include "dialogs/DeviceDialog.h"
#include "document/Document.h"
#include "dialogs/DriftDialog.h"
#include "MainWindow.h"
#include "dialogs/PolicyDialog.h"
#include "itemmodels/PortMapModel.h"
#include "store/RegistryIo.h"
#include "dialogs/ServiceDialog.h"
#include "drift/SocketTable.h"
#include "check/Validator.h"
#include "domain/WellKnownPorts.h"
#include "formats/yaml/YamlReader.h"
#include "document/commands/AddRemove.h"
#include "TestSupport.h"
#include "controllers/DocumentController.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressDialog>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace portolan;

namespace {

// Runs `interact` on the next modal dialog once it is shown.
void onNextDialog(const std::function<void(QWidget *)> &interact)
{
    QTimer::singleShot(0, [interact] {
        QWidget *dialog = QApplication::activeModalWidget();
        if (!dialog) {
            // The dialog is not up yet: try again shortly.
            onNextDialog(interact);
            return;
        }
        interact(dialog);
    });
}

template <typename T>
T *child(QWidget *parent, const QString &name)
{
    T *widget = parent->findChild<T *>(name);
    if (!widget)
        qFatal("no child %s", qPrintable(name));
    return widget;
}

// Saves what the user would see, when PORTOLAN_SCREENSHOTS names a folder.
void screenshot(QWidget *widget, const QString &name)
{
    const QString folder = qEnvironmentVariable("PORTOLAN_SCREENSHOTS");
    if (folder.isEmpty())
        return;
    QDir().mkpath(folder);
    // Let pending layout requests settle, as they would before the next paint.
    widget->adjustSize();
    QTest::qWait(50);
    widget->grab().save(QDir(folder).filePath(name + QStringLiteral(".png")));
}

// The example's policy with devices x services services of two bindings each (one udp), all in
// range and apart, plus one planted conflict: a registry large enough to take a while to open.
Registry largeRegistry(int devices, int services)
{
    YamlReader reader;
    Registry registry;
    if (!reader.readFile(QStringLiteral(PORTOLAN_EXAMPLE), registry))
        return registry;
    registry.devices.clear();
    for (int d = 0; d < devices; ++d) {
        Device device;
        device.name = QStringLiteral("host%1").arg(d);
        device.ip = QStringLiteral("10.1.%1.%2").arg(d / 250).arg(d % 250 + 1);
        for (int s = 0; s < services; ++s) {
            Service service;
            service.name = QStringLiteral("svc%1").arg(s);
            service.category = QStringLiteral("monitoring");
            const int port = 21000 + (s * 2) % 1000;
            Binding tcp;
            tcp.host = PortRange::single(port);
            tcp.container = PortRange::single(8080);
            tcp.exception = QStringLiteral("agent");
            Binding udp = tcp;
            udp.host = PortRange::single(port + 1);
            udp.protocol = QStringLiteral("udp");
            service.ports = {tcp, udp};
            device.services.append(service);
        }
        registry.devices.append(device);
    }
    registry.devices[0].services[1].ports[0].host = PortRange::single(21000); // clashes with svc0
    return registry;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void opensTheExample();
    void largeRegistryOpensInBackground_data();
    void largeRegistryOpensInBackground();
    void cancelingAnOpenKeepsTheRegistry();
    void backgroundOpenErrorShowsInline();
    void unreachableDatabaseNeverShowsItsPassword();
    void markdownImportRunsInBackgroundAsOneUndoStep();
    void selectingADeviceShowsItsPorts();
    void addBindingByTyping();
    void conflictingPortMarksFieldAndDisablesOk();
    void nextFreeFillsTheBlocksLowestPort_data();
    void nextFreeFillsTheBlocksLowestPort();
    void undoRedoRestore();
    void inCellEditGoesThroughTheUndoStack();
    void findingsDockSelectsTheRow();
    void deviceDialogErrorsAndWarnings();
    void serviceDialogRouteClash();
    void policyDialogRejectsReversedRange();
    void modifiedMarkerAndSave();
    void searchFiltersThePortMap();
    void unreadableFileShowsInline();
    void composePreviewShowsTheSnippet();
    void importComposeIsOneUndoStep();
    void driftShowsInTheDialogAndThePortMap();
    void changeOnDiskOffersReloadAndKeepsEdits();
    void changeOnDiskWithoutEditsReloads();
    void fullDiskSaveKeepsTheDocumentModified();
    void exportsRefuseAnInvalidValue();

private:
    QString copyOf(const QString &source, const QString &name);
    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setApplicationName(QStringLiteral("portolan-tests"));
}

void TestMainWindow::init()
{
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1360, 820);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(m_window->openLocation(
        copyOf(QStringLiteral(PORTOLAN_EXAMPLE), QStringLiteral("example.yaml"))));
}

QString TestMainWindow::copyOf(const QString &source, const QString &name)
{
    const QString path = m_dir.filePath(name);
    QFile::remove(path);
    QFile::copy(source, path);
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    return path;
}

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
        child<QComboBox>(dialog, QStringLiteral("exceptionField"))->setCurrentIndex(2); // non-http
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

void TestMainWindow::conflictingPortMarksFieldAndDisablesOk()
{
    const Registry &registry = m_window->document()->registry();
    BindingDialog dialog(registry, 0, 2, -1, Binding(), m_window.get());
    dialog.show();
    auto *host = child<QLineEdit>(&dialog, QStringLiteral("hostField"));
    QTest::keyClicks(host, QStringLiteral("20022"));
    QTest::keyClicks(child<QLineEdit>(&dialog, QStringLiteral("containerField")),
                     QStringLiteral("22"));
    child<QComboBox>(&dialog, QStringLiteral("exceptionField"))->setCurrentIndex(2);
    QVERIFY(!child<QPushButton>(&dialog, QStringLiteral("okButton"))->isEnabled());
    QCOMPARE(host->property("severity").toString(), QStringLiteral("error"));
    auto *message = child<QLabel>(&dialog, QStringLiteral("hostMessage"));
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(QStringLiteral("overlaps atlas/gitea 20022/tcp")),
             qPrintable(message->text()));
    QVERIFY(child<QLabel>(&dialog, QStringLiteral("blockHint"))
                ->text()
                .contains(QStringLiteral("SSH/Git")));
    screenshot(&dialog, QStringLiteral("binding-dialog-conflict"));

    // Fixing the port clears the mark and enables OK.
    host->clear();
    QTest::keyClicks(host, QStringLiteral("20024"));
    QVERIFY(child<QPushButton>(&dialog, QStringLiteral("okButton"))->isEnabled());
    QVERIFY(!message->isVisible());

    // Not a port at all.
    host->clear();
    QTest::keyClicks(host, QStringLiteral("twenty"));
    QVERIFY(!child<QPushButton>(&dialog, QStringLiteral("okButton"))->isEnabled());
    QVERIFY(message->text().contains(QStringLiteral("Expected a port")));

    // A warning (wrong block) is shown but allowed.
    host->clear();
    QTest::keyClicks(host, QStringLiteral("23500"));
    QVERIFY(child<QPushButton>(&dialog, QStringLiteral("okButton"))->isEnabled());
    QCOMPARE(host->property("severity").toString(), QStringLiteral("warning"));
    QVERIFY(message->text().contains(QStringLiteral("Monitoring block")));
}

void TestMainWindow::nextFreeFillsTheBlocksLowestPort_data()
{
    QTest::addColumn<int>("device");
    QTest::addColumn<int>("service");
    QTest::addColumn<int>("protocolIndex");
    QTest::addColumn<QString>("expected");
    QTest::newRow("atlas/grafana monitoring") << 0 << 5 << 0 << "23000";
    QTest::newRow("atlas/gitea ssh-git") << 0 << 2 << 0 << "20000";
    QTest::newRow("atlas/komodo-core orchestration") << 0 << 4 << 0 << "24000";
    QTest::newRow("helios/komodo-periphery") << 1 << 0 << 0 << "24000";
}

void TestMainWindow::nextFreeFillsTheBlocksLowestPort()
{
    QFETCH(int, device);
    QFETCH(int, service);
    QFETCH(int, protocolIndex);
    QFETCH(QString, expected);
    const Registry &registry = m_window->document()->registry();
    BindingDialog dialog(registry, device, service, -1, Binding(), m_window.get());
    child<QComboBox>(&dialog, QStringLiteral("protocolField"))->setCurrentIndex(protocolIndex);
    QTest::mouseClick(child<QPushButton>(&dialog, QStringLiteral("nextFreeButton")),
                      Qt::LeftButton);
    QCOMPARE(child<QLineEdit>(&dialog, QStringLiteral("hostField"))->text(), expected);
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
        copyOf(QStringLiteral(PORTOLAN_TEST_DATA "/findings/duplicate-route.yaml"),
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

void TestMainWindow::deviceDialogErrorsAndWarnings()
{
    const Registry &registry = m_window->document()->registry();
    DeviceDialog dialog(registry, -1, Device(), m_window.get());
    dialog.show();
    auto *ok = child<QPushButton>(&dialog, QStringLiteral("okButton"));
    QVERIFY(!ok->isEnabled()); // empty name and IP
    QTest::keyClicks(child<QLineEdit>(&dialog, QStringLiteral("nameField")),
                     QStringLiteral("helios"));
    QTest::keyClicks(child<QLineEdit>(&dialog, QStringLiteral("ipField")),
                     QStringLiteral("192.168.10.3"));
    QVERIFY(!ok->isEnabled());
    QCOMPARE(
        child<QLineEdit>(&dialog, QStringLiteral("nameField"))->property("severity").toString(),
        QStringLiteral("error"));
    QVERIFY(child<QLabel>(&dialog, QStringLiteral("nameMessage"))
                ->text()
                .contains(QStringLiteral("already used")));
    screenshot(&dialog, QStringLiteral("device-dialog-error"));
    child<QLineEdit>(&dialog, QStringLiteral("nameField"))->setText(QStringLiteral("nova"));
    QVERIFY(ok->isEnabled()); // the shared IP is a warning only
    QCOMPARE(child<QLineEdit>(&dialog, QStringLiteral("ipField"))->property("severity").toString(),
             QStringLiteral("warning"));
    child<QLineEdit>(&dialog, QStringLiteral("ipField"))->setText(QStringLiteral("300.1.1.1"));
    QVERIFY(!ok->isEnabled());
}

void TestMainWindow::serviceDialogRouteClash()
{
    const Registry &registry = m_window->document()->registry();
    ServiceDialog dialog(registry, 1, -1, Service(), m_window.get());
    dialog.show();
    QTest::keyClicks(child<QLineEdit>(&dialog, QStringLiteral("nameField")),
                     QStringLiteral("forgejo"));
    child<QComboBox>(&dialog, QStringLiteral("categoryField"))
        ->setCurrentText(QStringLiteral("ssh-git"));
    QTest::mouseClick(child<QCheckBox>(&dialog, QStringLiteral("routedCheck")), Qt::LeftButton);
    QTest::keyClicks(child<QLineEdit>(&dialog, QStringLiteral("route.hostField")),
                     QStringLiteral("git"));
    child<QComboBox>(&dialog, QStringLiteral("route.scopeField"))->setCurrentIndex(1); // external
    auto *ok = child<QPushButton>(&dialog, QStringLiteral("okButton"));
    QVERIFY(!ok->isEnabled()); // no port, and git.example.org is gitea's
    QVERIFY(child<QLabel>(&dialog, QStringLiteral("route.portMessage"))->isVisible());
    QVERIFY(child<QLabel>(&dialog, QStringLiteral("route.hostMessage"))
                ->text()
                .contains(QStringLiteral("git.example.org")));
    QTest::keyClicks(child<QLineEdit>(&dialog, QStringLiteral("route.portField")),
                     QStringLiteral("3000"));
    screenshot(&dialog, QStringLiteral("service-dialog-error"));
    QVERIFY(!ok->isEnabled());
    child<QLineEdit>(&dialog, QStringLiteral("route.hostField"))->setText(QStringLiteral("forge"));
    QVERIFY(ok->isEnabled());
    QCOMPARE(child<QLabel>(&dialog, QStringLiteral("fqdnPreview"))->text(),
             QStringLiteral("forge.example.org → :3000"));
}

void TestMainWindow::policyDialogRejectsReversedRange()
{
    PolicyDialog dialog(m_window->document()->registry(), m_window.get());
    dialog.show();
    auto *ok = child<QPushButton>(&dialog, QStringLiteral("okButton"));
    QVERIFY(ok->isEnabled());
    child<QSpinBox>(&dialog, QStringLiteral("rangeEnd"))->setValue(19000);
    QVERIFY(!ok->isEnabled());
    QVERIFY(child<QLabel>(&dialog, QStringLiteral("rangeMessage"))
                ->text()
                .contains(QStringLiteral("after its end")));
    screenshot(&dialog, QStringLiteral("policy-dialog-error"));
    child<QSpinBox>(&dialog, QStringLiteral("rangeEnd"))->setValue(39999);
    QVERIFY(ok->isEnabled()); // ephemeral overlap: a warning
    QCOMPARE(dialog.policy().range.last, 39999);
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

void TestMainWindow::largeRegistryOpensInBackground_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("yaml") << QStringLiteral("large.yaml");
    QTest::newRow("portolan") << QStringLiteral("large.portolan");
}

void TestMainWindow::largeRegistryOpensInBackground()
{
    QFETCH(QString, name);
    const QString path = m_dir.filePath(name);
    QFile::remove(path);
    const Registry registry = largeRegistry(60, 100);
    Error error;
    QVERIFY2(RegistryIo::save(registry, path, &error), qPrintable(error.toString()));
    QVERIFY(QFileInfo(path).size() > 100 * 1024);

    m_window->setBackgroundOpenThreshold(100 * 1024);
    QSignalSpy finished(m_window.get(), &MainWindow::openFinished);
    QVERIFY(m_window->openLocation(path));
    // The call returned at once: the worker reads, the example is still what the window shows.
    QVERIFY(m_window->isOpening());
    QCOMPARE(m_window->document()->registry().devices.size(), 2);
    auto *progress = m_window->findChild<QProgressDialog *>(QStringLiteral("backgroundProgress"));
    QVERIFY(progress);
    QVERIFY(progress->isModal() || progress->windowModality() == Qt::WindowModal);
    if (name.endsWith(QLatin1String(".portolan"))) {
        progress->show(); // it shows by itself only after 400 ms
        screenshot(progress, QStringLiteral("opening-progress"));
    }

    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().first().toBool(), true);
    QVERIFY(!m_window->isOpening());
    const Document *document = m_window->document();
    QCOMPARE(document->registry().devices.size(), 60);
    QCOMPARE(document->registry().bindingCount(), 60 * 100 * 2);
    QCOMPARE(document->location(), path);
    // The check made on the worker is the one a fresh full validation gives.
    const Findings expected = Validator(&WellKnownPorts::system()).validate(document->registry());
    QCOMPARE(document->findings().size(), expected.size());
    QVERIFY(std::any_of(expected.cbegin(), expected.cend(), [](const Finding &finding) {
        return finding.code == FindingCode::PortConflict;
    }));
    auto *devices = child<QTableView>(m_window.get(), QStringLiteral("deviceList"));
    QCOMPARE(devices->model()->rowCount(), 60);
    QVERIFY(m_window->windowTitle().contains(name));
    QVERIFY(
        !m_window->findChild<QProgressDialog *>(QStringLiteral("backgroundProgress")) ||
        !m_window->findChild<QProgressDialog *>(QStringLiteral("backgroundProgress"))->isVisible());
}

void TestMainWindow::cancelingAnOpenKeepsTheRegistry()
{
    const QString path = m_dir.filePath(QStringLiteral("cancel.portolan"));
    QFile::remove(path);
    Error error;
    QVERIFY2(RegistryIo::save(largeRegistry(60, 100), path, &error), qPrintable(error.toString()));
    const QString before = m_window->document()->location();

    m_window->setBackgroundOpenThreshold(0);
    QSignalSpy finished(m_window.get(), &MainWindow::openFinished);
    QVERIFY(m_window->openLocation(path));
    auto *progress = m_window->findChild<QProgressDialog *>(QStringLiteral("backgroundProgress"));
    QVERIFY(progress);
    auto *cancel = progress->findChild<QPushButton *>();
    QVERIFY(cancel);
    QTest::mouseClick(cancel, Qt::LeftButton);

    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().first().toBool(), false);
    QVERIFY(!m_window->isOpening());
    QCOMPARE(m_window->document()->registry().devices.size(), 2);
    QCOMPARE(m_window->document()->location(), before);
    QVERIFY(!m_window->document()->isModified());
}

void TestMainWindow::backgroundOpenErrorShowsInline()
{
    const QString path =
        copyOf(QStringLiteral(PORTOLAN_TEST_DATA "/malformed/unknown-root-key.yaml"),
               QStringLiteral("bad-background.yaml"));
    m_window->setBackgroundOpenThreshold(0);
    QSignalSpy finished(m_window.get(), &MainWindow::openFinished);
    QVERIFY(m_window->openLocation(path)); // started; the worker finds the fault
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.first().first().toBool(), false);
    QVERIFY2(m_window->bannerText().contains(QStringLiteral(":8:1: unknown key \"owner\"")),
             qPrintable(m_window->bannerText()));
    QCOMPARE(m_window->document()->registry().devices.size(), 2);
}

void TestMainWindow::unreachableDatabaseNeverShowsItsPassword()
{
    // Port 1 refuses at once: the worker's connection fails, the window never waits.
    const QString url = QStringLiteral("postgresql://planner:hunter2@127.0.0.1:1/homelab");
    QSignalSpy finished(m_window.get(), &MainWindow::openFinished);
    QVERIFY(m_window->openLocation(url));
    QVERIFY(m_window->isOpening());
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.first().first().toBool(), false);
    const QString banner = m_window->bannerText();
    QVERIFY2(banner.contains(QStringLiteral("postgresql://planner@127.0.0.1:1/homelab")),
             qPrintable(banner));
    QVERIFY(!banner.contains(QStringLiteral("hunter2")));
    QVERIFY(!m_window->windowTitle().contains(QStringLiteral("hunter2")));
    const QStringList recent = QSettings().value(QStringLiteral("recentFiles")).toStringList();
    QVERIFY(!recent.join(u' ').contains(QStringLiteral("hunter2")));
    QCOMPARE(m_window->document()->registry().devices.size(), 2);
}

void TestMainWindow::markdownImportRunsInBackgroundAsOneUndoStep()
{
    Document *document = m_window->document();
    const Registry before = document->registry();
    QSignalSpy stackChanged(document->undoStack(), &QUndoStack::indexChanged);
    m_window->importMarkdownFile(QStringLiteral(PORTOLAN_TEST_DATA "/compose/handkept.md"));
    QVERIFY(m_window->findChild<QProgressDialog *>(QStringLiteral("backgroundProgress")));
    QVERIFY(stackChanged.wait(30000));
    // nova is new; atlas gained what the file adds; all of it is one step.
    QCOMPARE(document->registry().devices.size(), 3);
    QCOMPARE(document->registry().devices[2].name, QStringLiteral("nova"));
    QCOMPARE(document->undoStack()->count(), 1);
    document->undoStack()->undo();
    QVERIFY(document->registry() == before);
}

void TestMainWindow::unreadableFileShowsInline()
{
    const QString path =
        copyOf(QStringLiteral(PORTOLAN_TEST_DATA "/malformed/unknown-root-key.yaml"),
               QStringLiteral("bad.yaml"));
    QVERIFY(!m_window->openLocation(path));
    QVERIFY2(m_window->bannerText().contains(QStringLiteral(":8:1: unknown key \"owner\"")),
             qPrintable(m_window->bannerText()));
    // The registry that was open stays open.
    QCOMPARE(m_window->document()->registry().devices.size(), 2);
}

void TestMainWindow::composePreviewShowsTheSnippet()
{
    FormatValues values;
    values.set(QStringLiteral("device"), {QStringLiteral("atlas")});
    ExportPreviewDialog dialog(FormatRegistry::exporter(QStringLiteral("compose")),
                               m_window->document()->registry(), values, m_dir.path(),
                               m_window.get());
    dialog.show();
    QVERIFY(dialog.text().contains(QStringLiteral("\"20022:22/tcp\"")));
    QVERIFY(dialog.text().contains(QStringLiteral("traefik.http.routers.gitea.rule")));
    child<QComboBox>(&dialog, QStringLiteral("proxyField"))->setCurrentIndex(1);
    QVERIFY(dialog.text().contains(QStringLiteral("caddy.reverse_proxy: \"{{upstreams 3000}}\"")));
    screenshot(&dialog, QStringLiteral("compose-preview"));
}

void TestMainWindow::importComposeIsOneUndoStep()
{
    const Registry before = m_window->document()->registry();
    bool sawDialog = false;
    onNextDialog([&sawDialog](QWidget *dialog) {
        sawDialog = true;
        child<QLineEdit>(dialog, QStringLiteral("envFileField"))
            ->setText(QStringLiteral(PORTOLAN_TEST_DATA "/compose/mixed.env"));
        child<QLineEdit>(dialog, QStringLiteral("composeFileField"))
            ->setText(QStringLiteral(PORTOLAN_TEST_DATA "/compose/mixed.yml"));
        const QString preview =
            child<QPlainTextEdit>(dialog, QStringLiteral("previewText"))->toPlainText();
        QVERIFY2(preview.contains(QStringLiteral("add forgejo")), qPrintable(preview));
        QVERIFY(preview.contains(QStringLiteral("update grafana")));
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

void TestMainWindow::driftShowsInTheDialogAndThePortMap()
{
    Registry registry;
    Error error;
    QVERIFY(RegistryIo::load(QStringLiteral(PORTOLAN_TEST_DATA "/drift.yaml"), registry, error));
    SocketTable table;
    QVERIFY(table.readProcFolder(QStringLiteral(PORTOLAN_TEST_DATA "/proc")));
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
    QVERIFY(document.open(QStringLiteral(PORTOLAN_TEST_DATA "/drift.yaml"), &message));
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

void TestMainWindow::changeOnDiskOffersReloadAndKeepsEdits()
{
    const QString path = m_window->document()->location();
    Device mine;
    mine.name = QStringLiteral("mine");
    mine.ip = QStringLiteral("10.0.0.2");
    m_window->document()->undoStack()->push(new AddDevice(m_window->document(), 2, mine));
    // git pull: a device arrives in the file.
    Registry pulled;
    Error error;
    QVERIFY(RegistryIo::load(path, pulled, error));
    Device other = mine;
    other.name = QStringLiteral("pulled");
    pulled.devices.append(other);
    const QString incoming = path + QStringLiteral(".new");
    Error message;
    QVERIFY(RegistryIo::save(pulled, incoming, &message));
    QVERIFY(QFile::remove(path));
    QVERIFY(QFile::rename(incoming, path));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->findChild<QPushButton *>(
                                 QStringLiteral("reloadFromDiskButton")) != nullptr,
                             3000);
    auto *reload = child<QPushButton>(m_window.get(), QStringLiteral("reloadFromDiskButton"));
    QTRY_VERIFY(reload->isVisible());
    QVERIFY(m_window->bannerText().contains(QStringLiteral("changed on disk")));
    screenshot(m_window.get(), QStringLiteral("changed-on-disk"));
    QTest::mouseClick(reload, Qt::LeftButton);
    const Registry &now = m_window->document()->registry();
    QVERIFY(now.findDevice(QStringLiteral("mine")) >= 0);
    QVERIFY(now.findDevice(QStringLiteral("pulled")) >= 0);
    QVERIFY(m_window->document()->isModified());
    QCOMPARE(m_window->document()->undoStack()->count(), 1);
    // Saving now keeps both.
    QVERIFY(m_window->findChild<QAction *>(QStringLiteral("actionSave")) != nullptr);
    m_window->findChild<QAction *>(QStringLiteral("actionSave"))->trigger();
    QVERIFY(!m_window->document()->isModified());
    Registry saved;
    QVERIFY(RegistryIo::load(path, saved, error));
    QVERIFY(saved.findDevice(QStringLiteral("mine")) >= 0);
    QVERIFY(saved.findDevice(QStringLiteral("pulled")) >= 0);
}

void TestMainWindow::changeOnDiskWithoutEditsReloads()
{
    const QString path = m_window->document()->location();
    Registry pulled;
    Error error;
    QVERIFY(RegistryIo::load(path, pulled, error));
    pulled.devices[1].description = QStringLiteral("edited in vim");
    Error message;
    QVERIFY(RegistryIo::save(pulled, path, &message));
    QTRY_COMPARE_WITH_TIMEOUT(m_window->document()->registry().devices[1].description,
                              QStringLiteral("edited in vim"), 3000);
    QVERIFY(!m_window->document()->isModified());
    QVERIFY(m_window->bannerText().contains(QStringLiteral("Reloaded")));
}

void TestMainWindow::fullDiskSaveKeepsTheDocumentModified()
{
    testing::FullDisk disk;
    QVERIFY2(disk.isValid(), qPrintable(disk.error()));
    const QString path = disk.path(QStringLiteral("full.yaml"));
    QVERIFY(testing::copyExample(path));
    QVERIFY(m_window->openLocation(path));
    const QByteArray before = testing::fileBytes(path);
    Device nova;
    nova.name = QStringLiteral("nova");
    nova.ip = QStringLiteral("10.0.0.4");
    m_window->document()->undoStack()->push(new AddDevice(m_window->document(), 2, nova));
    QVERIFY(disk.fill());
    {
        const testing::FullDisk::Limit limit(disk);
        m_window->findChild<QAction *>(QStringLiteral("actionSave"))->trigger();
    }
    QVERIFY(m_window->document()->isModified());
    QVERIFY(m_window->windowTitle().contains(u'*') || m_window->isWindowModified());
    QVERIFY2(m_window->bannerText().contains(disk.expectedReason()),
             qPrintable(m_window->bannerText()));
    QCOMPARE(testing::fileBytes(path), before);
    // Closing asks instead of quitting: the edit is not lost.
    m_window->document()->undoStack()->clear();
}

void TestMainWindow::exportsRefuseAnInvalidValue()
{
    QVERIFY(m_window->openLocation(copyOf(QStringLiteral(PORTOLAN_TEST_DATA "/injection/notes-ls.yaml"),
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

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
