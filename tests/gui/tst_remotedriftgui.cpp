#include "dialogs/DeviceDialog.h"
#include "document/Document.h"
#include "itemmodels/DeviceListModel.h"
#include "itemmodels/PortMapModel.h"
#include "window/MainWindow.h"

#include "support/GuiSupport.h"
#include "support/TestSupport.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QProgressDialog>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableView>
#include <QTcpServer>
#include <QTest>
#include <QUndoStack>

using namespace portolan;
using namespace portolan::testing;

// Tools > Check All Devices against a real sshd (tests/ssh/with-sshd): badges in the device
// list, the selected device's drift in the port map, and adopting its unplanned ports in one
// undo step.
class TestRemoteDriftGui : public QObject, public MainWindowFixture
{
    Q_OBJECT

private slots:
    void initTestCase();
    void checkAllDevicesThenAdopt();
    void deviceDialogTestsTheConnection();

private:
    QTcpServer m_listening;
    QTcpServer m_unplanned;
};

void TestRemoteDriftGui::initTestCase()
{
    MainWindowFixture::initTestCase();
    QVERIFY2(qEnvironmentVariableIsSet("PORTOLAN_SSH"), "run through tests/ssh/with-sshd");
    qputenv("PORTOLAN_SSH_TIMEOUT", "3");
    QVERIFY(m_listening.listen(QHostAddress::LocalHost));
    QVERIFY(m_unplanned.listen(QHostAddress::LocalHost));
}

void TestRemoteDriftGui::checkAllDevicesThenAdopt()
{
    const QString yaml = QStringLiteral("portolan: 1\n"
                                        "policy:\n"
                                        "  domain: example.org\n"
                                        "  internal_subdomain: home\n"
                                        "  range: {start: 20000, end: 29999}\n"
                                        "  blocks:\n"
                                        "    - {purpose: web}\n"
                                        "devices:\n"
                                        "  - name: alpha\n"
                                        "    ip: 127.0.0.1\n"
                                        "    ssh: portolan-a\n"
                                        "    services:\n"
                                        "      - name: app\n"
                                        "        category: web\n"
                                        "        ports:\n"
                                        "          - {host: %1, container: 80, bind: 127.0.0.1, "
                                        "exception: non-http}\n"
                                        "  - name: refused\n"
                                        "    ip: 127.0.0.5\n"
                                        "    ssh: portolan-refused\n"
                                        "  - name: printer\n"
                                        "    ip: 127.0.0.9\n")
                             .arg(m_listening.serverPort());
    const QString path = m_dir.filePath(QStringLiteral("remote.yaml"));
    QVERIFY(writeBytes(path, yaml.toUtf8()));
    m_window = std::make_unique<MainWindow>();
    m_window->show();
    QVERIFY(m_window->openLocation(path));

    m_window->findChild<QAction *>(QStringLiteral("actionCheckAllDevices"))->trigger();
    auto *devices = child<QTableView>(m_window.get(), QStringLiteral("deviceList"));
    QVERIFY(!devices->isColumnHidden(DeviceListModel::Reality) ||
            QTest::qWaitFor([&] { return !devices->isColumnHidden(DeviceListModel::Reality); }));
    auto badge = [&](int row) {
        return devices->model()->index(row, DeviceListModel::Reality).data().toString();
    };
    QTRY_VERIFY_WITH_TIMEOUT(!badge(0).isEmpty() && !badge(1).isEmpty(), 30000);
    // "1 difference", "3 differences": the count and its noun agree.
    static const QRegularExpression differences(
        QStringLiteral("^(1 difference|([02-9]|\\d\\d+) differences)$"));
    QVERIFY2(differences.match(badge(0)).hasMatch(), qPrintable(badge(0)));
    QCOMPARE(badge(1), QStringLiteral("unreadable"));
    // A device without an ssh destination is said to be unchecked, not left blank.
    QCOMPARE(badge(2), QStringLiteral("not checked"));
    QVERIFY(devices->model()
                ->index(2, DeviceListModel::Reality)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("no ssh destination")));
    QVERIFY(devices->model()
                ->index(1, DeviceListModel::Reality)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("Connection refused")));
    QTRY_VERIFY(
        !m_window->findChild<QProgressDialog *>(QStringLiteral("driftProgress")) ||
        !m_window->findChild<QProgressDialog *>(QStringLiteral("driftProgress"))->isVisible());
    screenshot(m_window.get(), QStringLiteral("check-all-devices"));

    // The selected device's drift column: its planned port is listening.
    m_window->selectDevice(0);
    auto *portMap = child<QTableView>(m_window.get(), QStringLiteral("portMapView"));
    QTRY_VERIFY(portMap->model()
                    ->index(0, PortMapModel::Status)
                    .data()
                    .toString()
                    .contains(QStringLiteral("listening")));

    // Check This Device, then adopt every unplanned port into app: one undo step.
    const int before = m_window->document()->registry().devices[0].services[0].ports.size();
    bool adopted = false;
    // The progress dialog comes first; the drift dialog after it.
    std::function<void(QWidget *)> answer = [&](QWidget *dialog) {
        auto *adopt = dialog->findChild<QPushButton *>(QStringLiteral("adoptUnplannedButton"));
        if (!adopt) {
            onNextDialog(answer);
            return;
        }
        onNextDialog([](QWidget *picker) {
            // The service picker: app is the only choice.
            picker->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        });
        QVERIFY(adopt->isEnabled());
        adopt->click();
        adopted = true;
    };
    onNextDialog(answer);
    m_window->findChild<QAction *>(QStringLiteral("actionCheckMachine"))->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(adopted, 30000);
    const Service &app = m_window->document()->registry().devices[0].services[0];
    QVERIFY(app.ports.size() > before);
    bool found = false;
    for (const Binding &binding : app.ports)
        found |= binding.host.first == m_unplanned.serverPort();
    QVERIFY(found);
    QVERIFY(m_window->document()
                ->undoStack()
                ->text(m_window->document()->undoStack()->index() - 1)
                .startsWith(QStringLiteral("Adopt ")));
    m_window->document()->undoStack()->undo();
    QCOMPARE(m_window->document()->registry().devices[0].services[0].ports.size(), before);
}

void TestRemoteDriftGui::deviceDialogTestsTheConnection()
{
    Registry registry;
    Device device;
    device.name = QStringLiteral("alpha");
    device.ip = QStringLiteral("127.0.0.1");
    DeviceDialog dialog(registry, -1, device, nullptr);
    dialog.show();
    auto *ssh = child<QLineEdit>(&dialog, QStringLiteral("sshField"));
    auto *test = child<QPushButton>(&dialog, QStringLiteral("testSshButton"));
    auto *result = child<QLabel>(&dialog, QStringLiteral("sshTestResult"));
    QVERIFY(!test->isEnabled()); // nothing to test yet
    ssh->setText(QStringLiteral("portolan-a"));
    QVERIFY(test->isEnabled());
    QTest::mouseClick(test, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(result->text().startsWith(QStringLiteral("Connected:")), 20000);
    ssh->setText(QStringLiteral("portolan-refused"));
    QTest::mouseClick(test, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(QStringLiteral("Connection refused")), 20000);
    screenshot(&dialog, QStringLiteral("device-dialog-ssh-test"));
}

QTEST_MAIN(TestRemoteDriftGui)
#include "tst_remotedriftgui.moc"
