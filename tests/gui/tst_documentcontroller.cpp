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
#include "domain/WellKnownPorts.h"
#include "drift/SocketTable.h"
#include "formats/FormatRegistry.h"
#include "formats/yaml/YamlReader.h"
#include "itemmodels/PortMapModel.h"
#include "store/RegistryIo.h"
#include "support/GuiSupport.h"
#include "support/TestSupport.h"
#include "window/MainWindow.h"

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
using namespace portolan::testing;

// Opening (on a worker for large files and databases), saving, and a file changed or full under the
// window.
class TestDocumentController : public QObject, public MainWindowFixture
{
    Q_OBJECT

private slots:
    void initTestCase() { MainWindowFixture::initTestCase(); }
    void init() { QVERIFY(openExample()); }
    void largeRegistryOpensInBackground_data();
    void largeRegistryOpensInBackground();
    void cancelingAnOpenKeepsTheRegistry();
    void backgroundOpenErrorShowsInline();
    void unreachableDatabaseNeverShowsItsPassword();
    void markdownImportRunsInBackgroundAsOneUndoStep();
    void unreadableFileShowsInline();
    void changeOnDiskOffersReloadAndKeepsEdits();
    void changeOnDiskWithoutEditsReloads();
    void fullDiskSaveKeepsTheDocumentModified();
};

void TestDocumentController::largeRegistryOpensInBackground_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("yaml") << QStringLiteral("large.yaml");
    QTest::newRow("portolan") << QStringLiteral("large.portolan");
}

void TestDocumentController::largeRegistryOpensInBackground()
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

void TestDocumentController::cancelingAnOpenKeepsTheRegistry()
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

void TestDocumentController::backgroundOpenErrorShowsInline()
{
    const QString path =
        copyOf(fromTestFolder(PORTOLAN_TEST_DATA "/malformed/unknown-root-key.yaml"),
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

void TestDocumentController::unreachableDatabaseNeverShowsItsPassword()
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

void TestDocumentController::markdownImportRunsInBackgroundAsOneUndoStep()
{
    Document *document = m_window->document();
    const Registry before = document->registry();
    QSignalSpy stackChanged(document->undoStack(), &QUndoStack::indexChanged);
    m_window->importMarkdownFile(fromTestFolder(PORTOLAN_TEST_DATA "/compose/handkept.md"));
    QVERIFY(m_window->findChild<QProgressDialog *>(QStringLiteral("backgroundProgress")));
    QVERIFY(stackChanged.wait(30000));
    // nova is new; atlas gained what the file adds; all of it is one step.
    QCOMPARE(document->registry().devices.size(), 3);
    QCOMPARE(document->registry().devices[2].name, QStringLiteral("nova"));
    QCOMPARE(document->undoStack()->count(), 1);
    document->undoStack()->undo();
    QVERIFY(document->registry() == before);
}

void TestDocumentController::unreadableFileShowsInline()
{
    const QString path =
        copyOf(fromTestFolder(PORTOLAN_TEST_DATA "/malformed/unknown-root-key.yaml"),
               QStringLiteral("bad.yaml"));
    QVERIFY(!m_window->openLocation(path));
    QVERIFY2(m_window->bannerText().contains(QStringLiteral(":8:1: unknown key \"owner\"")),
             qPrintable(m_window->bannerText()));
    // The registry that was open stays open.
    QCOMPARE(m_window->document()->registry().devices.size(), 2);
}

void TestDocumentController::changeOnDiskOffersReloadAndKeepsEdits()
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
    QTRY_VERIFY_WITH_TIMEOUT(
        m_window->findChild<QPushButton *>(QStringLiteral("reloadFromDiskButton")) != nullptr,
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

void TestDocumentController::changeOnDiskWithoutEditsReloads()
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

void TestDocumentController::fullDiskSaveKeepsTheDocumentModified()
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

QTEST_MAIN(TestDocumentController)
#include "tst_documentcontroller.moc"
