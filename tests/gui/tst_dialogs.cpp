#include "check/Validator.h"
#include "controllers/DocumentController.h"
#include "dialogs/BindingDialog.h"
#include "dialogs/DeviceDialog.h"
#include "dialogs/DriftDialog.h"
#include "dialogs/ExportPreviewDialog.h"
#include "dialogs/ImportServicesDialog.h"
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

#include <QAbstractItemView>
#include <QAbstractSpinBox>
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

// The dialogs that check what is typed with the validation core, and the export preview.
class TestDialogs : public QObject, public MainWindowFixture
{
    Q_OBJECT

private slots:
    void initTestCase() { MainWindowFixture::initTestCase(); }
    void init() { QVERIFY(openExample()); }
    void dialogsStartNeutralInTheFirstField_data();
    void dialogsStartNeutralInTheFirstField();
    void conflictingPortMarksFieldAndDisablesOk();
    void nextFreeFillsTheBlocksLowestPort_data();
    void nextFreeFillsTheBlocksLowestPort();
    void bindingDialogOffersEveryProtocol();
    void deviceDialogErrorsAndWarnings();
    void serviceDialogRouteClash();
    void messagesUnderDropDownsAreWhole();
    void policyDialogRejectsReversedRange();
    void networkFieldsValidateLive();
    void composePreviewShowsTheSnippet();
    void composeImportShowsRemovalsAndReturnDoesNotApply();
    void bindingDialogByKeyboardOnly();
    void tabVisitsEveryFieldAsSeen_data();
    void tabVisitsEveryFieldAsSeen();
    void openingADropDownIsNotLeavingIt();
    void importDialogsSpeakOfTheirOwnFields();
};

void TestDialogs::dialogsStartNeutralInTheFirstField_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("firstField");
    QTest::addColumn<QString>("hint");
    QTest::newRow("device") << "device"
                            << "name"
                            << "Fill in Name and IP address to continue.";
    QTest::newRow("service") << "service"
                             << "name"
                             << "Fill in Name and Category to continue.";
    QTest::newRow("binding") << "binding"
                             << "host"
                             << "Fill in Host port and Container port to continue.";
}

// A dialog opens with the cursor in its first field, nothing red, OK disabled with a plain hint
// of what is missing; an empty field becomes an error only once the user leaves it.
void TestDialogs::dialogsStartNeutralInTheFirstField()
{
    QFETCH(QString, kind);
    QFETCH(QString, firstField);
    QFETCH(QString, hint);
    const Registry &registry = m_window->document()->registry();
    std::unique_ptr<ValidatedDialog> dialog;
    if (kind == QLatin1String("device"))
        dialog = std::make_unique<DeviceDialog>(registry, -1, Device(), m_window.get());
    else if (kind == QLatin1String("service"))
        dialog = std::make_unique<ServiceDialog>(registry, 0, -1, Service(), m_window.get());
    else
        dialog = std::make_unique<BindingDialog>(registry, 0, 2, -1, Binding(), m_window.get());
    dialog->show();
    dialog->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(dialog.get()));

    auto *first = child<QWidget>(dialog.get(), firstField + QStringLiteral("Field"));
    QTRY_COMPARE(QApplication::focusWidget(), first);
    QVERIFY(!child<QPushButton>(dialog.get(), QStringLiteral("okButton"))->isEnabled());
    const QList<QLabel *> labels = dialog->findChildren<QLabel *>();
    for (const QLabel *label : labels) {
        if (label->objectName().endsWith(QStringLiteral("Message")))
            QVERIFY2(!label->isVisible(), qPrintable(label->objectName()));
    }
    QCOMPARE(first->property("severity"), QVariant());
    auto *summary = child<QLabel>(dialog.get(), QStringLiteral("summary"));
    QCOMPARE(summary->text(), hint);
    QCOMPARE(summary->styleSheet(), QString()); // plain, not the error colour
    screenshot(dialog.get(), kind + QStringLiteral("-dialog-empty"));

    // Return while OK is disabled neither accepts nor cancels: nothing typed is lost.
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QVERIFY(dialog->isVisible());
    QVERIFY(!child<QPushButton>(dialog.get(), QStringLiteral("okButton"))->isEnabled());
    // What is typed first lands in the first field.
    QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("x"));
    QVERIFY(qobject_cast<QLineEdit *>(first)->text().startsWith(u'x'));
    // Leaving a required field empty makes it an error, in words a person uses.
    qobject_cast<QLineEdit *>(first)->clear();
    QTest::keyClick(first, Qt::Key_Tab);
    QTRY_VERIFY(child<QLabel>(dialog.get(), firstField + QStringLiteral("Message"))->isVisible());
    QVERIFY2(dialog->messageText(firstField).endsWith(QStringLiteral(" is required.")) ||
                 dialog->messageText(firstField).startsWith(QStringLiteral("Enter the")),
             qPrintable(dialog->messageText(firstField)));
    QCOMPARE(first->property("severity").toString(), QStringLiteral("error"));
}

void TestDialogs::conflictingPortMarksFieldAndDisablesOk()
{
    const Registry &registry = m_window->document()->registry();
    BindingDialog dialog(registry, 0, 2, -1, Binding(), m_window.get());
    dialog.show();
    auto *host = child<QLineEdit>(&dialog, QStringLiteral("hostField"));
    QTest::keyClicks(host, QStringLiteral("20022"));
    QTest::keyClicks(child<QLineEdit>(&dialog, QStringLiteral("containerField")),
                     QStringLiteral("22"));
    {
        auto *exception = child<QComboBox>(&dialog, QStringLiteral("exceptionField"));
        exception->setCurrentIndex(exception->findData(Exceptions::NonHttp));
    }
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

void TestDialogs::nextFreeFillsTheBlocksLowestPort_data()
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

void TestDialogs::bindingDialogOffersEveryProtocol()
{
    const Registry &registry = m_window->document()->registry();
    Binding sctp;
    sctp.host = PortRange::single(20040);
    sctp.container = PortRange::single(3868);
    sctp.protocol = Protocols::Sctp;
    sctp.exception = Exceptions::NonHttp;
    BindingDialog dialog(registry, 0, 2, -1, sctp, m_window.get());
    auto *protocol = child<QComboBox>(&dialog, QStringLiteral("protocolField"));
    QStringList offered;
    for (int i = 0; i < protocol->count(); ++i)
        offered << protocol->itemText(i);
    QCOMPARE(offered,
             (QStringList{QStringLiteral("tcp"), QStringLiteral("udp"), QStringLiteral("sctp")}));
    QCOMPARE(protocol->currentText(), QStringLiteral("sctp")); // an sctp binding shows as one
}

void TestDialogs::nextFreeFillsTheBlocksLowestPort()
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

void TestDialogs::deviceDialogErrorsAndWarnings()
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

// A message under a narrow drop-down has the form's width: one line, nothing cut; so does the
// route summary.
void TestDialogs::messagesUnderDropDownsAreWhole()
{
    const Registry &registry = m_window->document()->registry();
    ServiceDialog dialog(registry, 0, -1, Service(), m_window.get());
    dialog.show();
    dialog.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    QTest::keyClicks(child<QLineEdit>(&dialog, QStringLiteral("nameField")),
                     QStringLiteral("myapp"));
    auto *category = child<QComboBox>(&dialog, QStringLiteral("categoryField"));
    category->setFocus();
    QTRY_VERIFY(category->hasFocus());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    auto *message = child<QLabel>(&dialog, QStringLiteral("categoryMessage"));
    QTRY_VERIFY(message->isVisible());
    QCOMPARE(dialog.messageText(QStringLiteral("category")),
             QStringLiteral("Category is required."));
    // Each fits its width on one line: no wrap, no cut.
    for (QLabel *label : {message, child<QLabel>(&dialog, QStringLiteral("fqdnPreview"))}) {
        const QString text = label->text().remove(QRegularExpression(QStringLiteral("<[^>]*>")));
        QVERIFY2(label->fontMetrics().horizontalAdvance(text) <= label->contentsRect().width(),
                 qPrintable(QStringLiteral("%1 in %2 px").arg(text).arg(label->width())));
    }
}

void TestDialogs::serviceDialogRouteClash()
{
    const Registry &registry = m_window->document()->registry();
    ServiceDialog dialog(registry, 1, -1, Service(), m_window.get());
    dialog.show();
    dialog.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
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
    // The port was never reached: a neutral hint, not an error yet.
    QVERIFY(!child<QLabel>(&dialog, QStringLiteral("route.portMessage"))->isVisible());
    QVERIFY2(child<QLabel>(&dialog, QStringLiteral("summary"))
                 ->text()
                 .contains(QStringLiteral("Fix 1 error to continue")),
             qPrintable(child<QLabel>(&dialog, QStringLiteral("summary"))->text()));
    // Leaving it empty makes it one.
    child<QLineEdit>(&dialog, QStringLiteral("route.portField"))->setFocus();
    QTRY_COMPARE(QApplication::focusWidget(),
                 child<QLineEdit>(&dialog, QStringLiteral("route.portField")));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QTRY_VERIFY(child<QLabel>(&dialog, QStringLiteral("route.portMessage"))->isVisible());
    QCOMPARE(dialog.messageText(QStringLiteral("route.port")),
             QStringLiteral("Route port is required."));
    QVERIFY(child<QLabel>(&dialog, QStringLiteral("route.hostMessage"))
                ->text()
                .contains(QStringLiteral("git.example.org")));
    QTest::keyClicks(child<QLineEdit>(&dialog, QStringLiteral("route.portField")),
                     QStringLiteral("3000"));
    screenshot(&dialog, QStringLiteral("service-dialog-error"));
    QVERIFY(!ok->isEnabled());
    child<QLineEdit>(&dialog, QStringLiteral("route.hostField"))->setText(QStringLiteral("forge"));
    QVERIFY(ok->isEnabled());
    // helios runs no proxy: the policy's proxy_device (atlas) serves it; LAN clients reach
    // atlas at its own address.
    QCOMPARE(child<QLabel>(&dialog, QStringLiteral("fqdnPreview"))->text(),
             QStringLiteral("forge.example.org → :3000\nPublished by the tunnel; LAN clients "
                            "resolve 192.168.10.2 (atlas's address). The proxy on atlas cannot "
                            "reach it: publish container port 3000 on helios with exception "
                            "proxy-backend (bound to helios's address)."));
}

void TestDialogs::networkFieldsValidateLive()
{
    Registry registry = m_window->document()->registry();
    DeviceDialog device(registry, 1, registry.devices[1], m_window.get());
    device.show();
    auto *ok = child<QPushButton>(&device, QStringLiteral("okButton"));
    auto *vpn = child<QLineEdit>(&device, QStringLiteral("vpn_ipField"));
    auto *ssh = child<QLineEdit>(&device, QStringLiteral("sshField"));
    QVERIFY(ok->isEnabled());
    QTest::keyClicks(vpn, QStringLiteral("10.8.0.300"));
    QVERIFY(!ok->isEnabled());
    QVERIFY(child<QLabel>(&device, QStringLiteral("vpn_ipMessage"))
                ->text()
                .contains(QStringLiteral("not an IPv4 or IPv6 address")));
    vpn->setText(QStringLiteral("fd10::3"));
    QVERIFY(ok->isEnabled());
    ssh->setText(QStringLiteral("-oProxyCommand=sh"));
    QVERIFY(!ok->isEnabled());
    ssh->setText(QStringLiteral("ssh://admin@helios.lan:2222"));
    QVERIFY(ok->isEnabled());
    QCOMPARE(device.device().vpnIp, QStringLiteral("fd10::3"));
    QCOMPARE(device.device().ssh, QStringLiteral("ssh://admin@helios.lan:2222"));

    // The policy's proxy for others: a device list, and who depends on it.
    registry.policy.proxyDevice.clear();
    PolicyDialog policy(registry, m_window.get());
    policy.show();
    auto *proxy = child<QComboBox>(&policy, QStringLiteral("proxy_deviceField"));
    QCOMPARE(proxy->currentData().toString(), QString());
    auto *names = child<QLabel>(&policy, QStringLiteral("namesPreview"));
    QVERIFY2(names->text().contains(QStringLiteral("No proxy serves the routes of helios")),
             qPrintable(names->text()));
    proxy->setCurrentIndex(proxy->findData(QStringLiteral("atlas")));
    QVERIFY(proxy->currentText().contains(QStringLiteral("runs a reverse proxy")));
    QVERIFY(names->text().contains(QStringLiteral("atlas's proxy serves the routes of helios")));
    QCOMPARE(policy.policy().proxyDevice, QStringLiteral("atlas"));

    // A service's image is kept as typed.
    ServiceDialog service(registry, 0, 2, registry.devices[0].services[2], m_window.get());
    auto *image = child<QLineEdit>(&service, QStringLiteral("imageField"));
    QCOMPARE(image->text(), QStringLiteral("gitea/gitea:1.22"));
    image->setText(QStringLiteral("Gitea/Gitea"));
    QVERIFY(!child<QPushButton>(&service, QStringLiteral("okButton"))->isEnabled());
    image->setText(QStringLiteral("codeberg.org/forgejo/forgejo:9"));
    QVERIFY(child<QPushButton>(&service, QStringLiteral("okButton"))->isEnabled());
    QCOMPARE(service.service().image, QStringLiteral("codeberg.org/forgejo/forgejo:9"));
}

void TestDialogs::policyDialogRejectsReversedRange()
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

void TestDialogs::composePreviewShowsTheSnippet()
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

void TestDialogs::tabVisitsEveryFieldAsSeen_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<bool>("routed");
    QTest::newRow("device") << "device" << false;
    QTest::newRow("service") << "service" << false;
    QTest::newRow("service with a route") << "service" << true;
    QTest::newRow("binding") << "binding" << false;
    QTest::newRow("policy") << "policy" << false;
}

// Tab visits every control in the order it is seen (rows top to bottom, each left to right,
// then the buttons), each once, and comes round to the first; Shift+Tab walks the same ring
// backwards. Nothing is skipped: not Name, not the route check box, not Next free.
void TestDialogs::tabVisitsEveryFieldAsSeen()
{
    QFETCH(QString, kind);
    QFETCH(bool, routed);
    const Registry &registry = m_window->document()->registry();
    std::unique_ptr<QDialog> dialog;
    if (kind == QLatin1String("device"))
        dialog = std::make_unique<DeviceDialog>(registry, -1, Device(), m_window.get());
    else if (kind == QLatin1String("service"))
        dialog = std::make_unique<ServiceDialog>(registry, 0, -1, Service(), m_window.get());
    else if (kind == QLatin1String("binding"))
        dialog = std::make_unique<BindingDialog>(registry, 0, 2, -1, Binding(), m_window.get());
    else
        dialog = std::make_unique<PolicyDialog>(registry, m_window.get());
    dialog->show();
    dialog->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(dialog.get()));
    if (routed) {
        auto *check = child<QCheckBox>(dialog.get(), QStringLiteral("routedCheck"));
        check->setChecked(true);
        QTRY_VERIFY(child<QWidget>(dialog.get(), QStringLiteral("route.hostField"))->isVisible());
        // The rows it shows are in the ring too, in their places.
        dialog->hide();
        dialog->show();
        QVERIFY(QTest::qWaitForWindowActive(dialog.get()));
    }
    QTRY_VERIFY(QApplication::focusWidget() != nullptr);
    // What a person sees and can reach, in reading order.
    QList<QWidget *> seen;
    const QList<QWidget *> widgets = dialog->findChildren<QWidget *>();
    for (QWidget *widget : widgets) {
        bool inner = false;
        for (QWidget *up = widget->parentWidget(); up && up != dialog.get();
             up = up->parentWidget())
            inner |= qobject_cast<QAbstractSpinBox *>(up) || qobject_cast<QComboBox *>(up);
        if ((widget->focusPolicy() & Qt::TabFocus) && !widget->focusProxy() &&
            widget->isVisible() && widget->isEnabled() && !inner)
            seen << widget;
    }
    auto where = [&dialog](QWidget *w) {
        return w->mapTo(dialog.get(), w->rect().center());
    };
    std::sort(seen.begin(), seen.end(), [&](QWidget *a, QWidget *b) {
        const QPoint pa = where(a);
        const QPoint pb = where(b);
        return qAbs(pa.y() - pb.y()) > 8 ? pa.y() < pb.y() : pa.x() < pb.x();
    });
    QVERIFY(seen.size() >= 4);
    auto name = [](QWidget *w) {
        return w->objectName().isEmpty() ? QString::fromLatin1(w->metaObject()->className())
                                         : w->objectName();
    };
    QWidget *start = seen.first();
    start->setFocus(Qt::TabFocusReason);
    QTRY_COMPARE(QApplication::focusWidget(), start);
    QStringList forward{name(start)};
    for (int i = 0; i < seen.size(); ++i) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        forward << name(QApplication::focusWidget());
    }
    QStringList expected;
    for (QWidget *w : std::as_const(seen))
        expected << name(w);
    QCOMPARE(forward.mid(0, seen.size()), expected);
    QVERIFY2(forward.last() == name(start), qPrintable(forward.join(u','))); // round to the first
    QStringList backward{name(start)};
    for (int i = 0; i < seen.size(); ++i) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Backtab, Qt::ShiftModifier);
        backward << name(QApplication::focusWidget());
    }
    std::reverse(backward.begin(), backward.end());
    QCOMPARE(backward, forward);
    dialog->reject();
}

// Opening the exception list and closing it with nothing chosen is not leaving the field:
// no "required" error, no "Fix 1 error" before the user has moved on.
void TestDialogs::openingADropDownIsNotLeavingIt()
{
    const Registry &registry = m_window->document()->registry();
    BindingDialog dialog(registry, 0, 2, -1, Binding(), m_window.get());
    dialog.show();
    dialog.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    auto *exception = child<QComboBox>(&dialog, QStringLiteral("exceptionField"));
    exception->setFocus(Qt::TabFocusReason);
    QTRY_COMPARE(QApplication::focusWidget(), exception);
    exception->showPopup();
    QTRY_VERIFY(exception->view()->isVisible());
    QTest::keyClick(exception->view(), Qt::Key_Escape);
    QTRY_VERIFY(!exception->view()->isVisible());
    QTest::qWait(50); // a deferred check, if any, has run
    QVERIFY(!child<QLabel>(&dialog, QStringLiteral("exceptionMessage"))->isVisible());
    QVERIFY2(
        !child<QLabel>(&dialog, QStringLiteral("summary"))->text().contains(QStringLiteral("Fix")),
        qPrintable(child<QLabel>(&dialog, QStringLiteral("summary"))->text()));
    dialog.reject();
}

// The import dialogs give the core's advice in their own terms: the Category, Device and
// Profiles fields, never the command line's options.
void TestDialogs::importDialogsSpeakOfTheirOwnFields()
{
    const Registry &registry = m_window->document()->registry();
    const QString compose = m_dir.filePath(QStringLiteral("outside.yml"));
    QVERIFY(writeBytes(compose, "services:\n  web:\n    image: nginx\n    ports: [\"8080:80\"]\n"
                                "  tools:\n    image: busybox\n    profiles: [debug]\n"));
    ImportServicesDialog composeDialog(*FormatRegistry::importer(QStringLiteral("compose")),
                                       registry, 0, m_window.get());
    child<QLineEdit>(&composeDialog, QStringLiteral("composeFileField"))->setText(compose);
    const QString error = child<QLabel>(&composeDialog, QStringLiteral("importError"))->text();
    QVERIFY2(error.contains(QStringLiteral("choose one under Category")) &&
                 !error.contains(QStringLiteral("--category")),
             qPrintable(error));
    auto *category = child<QComboBox>(&composeDialog, QStringLiteral("categoryField"));
    category->setCurrentIndex(category->findData(QStringLiteral("management")));
    const QString preview =
        child<QPlainTextEdit>(&composeDialog, QStringLiteral("previewText"))->toPlainText();
    QVERIFY2(preview.contains(QStringLiteral("write debug under Profiles")) &&
                 !preview.contains(QStringLiteral("--profile")),
             qPrintable(preview));

    const QString list = m_dir.filePath(QStringLiteral("ports.md"));
    QVERIFY(writeBytes(list, "## Ports\n\n| Service | Port |\n|---|---|\n| grafana | 23010 |\n"));
    ImportServicesDialog markdownDialog(*FormatRegistry::importer(QStringLiteral("markdown")),
                                        registry, 0, m_window.get());
    markdownDialog.setFile(list);
    const QString needs = child<QLabel>(&markdownDialog, QStringLiteral("importError"))->text();
    QVERIFY2(needs.contains(QStringLiteral("name it under Device")) &&
                 !needs.contains(QStringLiteral("--device")),
             qPrintable(needs));
    child<QComboBox>(&markdownDialog, QStringLiteral("deviceField"))
        ->setEditText(QStringLiteral("nas"));
    child<QLineEdit>(&markdownDialog, QStringLiteral("ipField"))
        ->setText(QStringLiteral("192.168.10.9"));
    const QString added =
        child<QPlainTextEdit>(&markdownDialog, QStringLiteral("previewText"))->toPlainText();
    QVERIFY2(
        added.contains(QStringLiteral("service grafana")) &&
            added.contains(QStringLiteral("23010/tcp")),
        qPrintable(added + child<QLabel>(&markdownDialog, QStringLiteral("importError"))->text()));
}

QTEST_MAIN(TestDialogs)
// What a compose file drops is listed like what it adds, and Return in the path field only
// previews: Apply is not the default button until there is a preview to read.
void TestDialogs::composeImportShowsRemovalsAndReturnDoesNotApply()
{
    ImportServicesDialog dialog(composeImporter(), m_window->document()->registry(), 0,
                                m_window.get());
    dialog.show();
    dialog.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    auto *ok = child<QPushButton>(&dialog, QStringLiteral("okButton"));
    QVERIFY(!ok->isDefault());
    auto *file = child<QLineEdit>(&dialog, QStringLiteral("composeFileField"));
    file->setFocus();
    // Typed, not pasted: each keystroke previews; Return then must not apply.
    QTest::keyClicks(file, fromTestFolder(PORTOLAN_TEST_DATA "/compose/drops.yml"));
    QTest::keyClick(file, Qt::Key_Return);
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.QDialog::result(), int(QDialog::Rejected));
    const QString preview =
        child<QPlainTextEdit>(&dialog, QStringLiteral("previewText"))->toPlainText();
    QVERIFY2(preview.contains(QStringLiteral("removed binding atlas/gitea 20022/tcp")),
             qPrintable(preview));
    screenshot(&dialog, QStringLiteral("import-compose-removal"));
    // With the preview on screen, Apply is the default.
    QVERIFY(ok->isEnabled());
    QVERIFY(ok->isDefault());
    dialog.reject();
}

// The whole binding dialog by keyboard: Tab reaches Next free right after the host port, using
// it does not make it (or Cancel) the default, and Return on the exception list or in Notes
// accepts what was typed.
void TestDialogs::bindingDialogByKeyboardOnly()
{
    const Registry &registry = m_window->document()->registry();
    BindingDialog dialog(registry, 0, 2, -1, Binding(), m_window.get());
    dialog.show();
    dialog.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    auto *host = child<QLineEdit>(&dialog, QStringLiteral("hostField"));
    auto *nextFree = child<QPushButton>(&dialog, QStringLiteral("nextFreeButton"));
    QTRY_COMPARE(QApplication::focusWidget(), host);
    QTest::keyClick(host, Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), nextFree);
    QTest::keyClick(nextFree, Qt::Key_Space);
    QCOMPARE(host->text(), QStringLiteral("20000"));
    QVERIFY(!nextFree->isDefault());
    auto *container = child<QLineEdit>(&dialog, QStringLiteral("containerField"));
    QCOMPARE(QApplication::focusWidget(), container); // on to what is still empty
    // Alt+C is "&Container port:" alone (Cancel's mnemonic took it, and the port typed next was
    // lost); Esc is Cancel.
    QTest::keyClick(container, Qt::Key_H, Qt::AltModifier);
    QCOMPARE(QApplication::focusWidget(), host);
    QTest::keyClick(host, Qt::Key_C, Qt::AltModifier);
    QCOMPARE(QApplication::focusWidget(), container);
    QVERIFY(dialog.isVisible());
    QTest::keyClicks(container, QStringLiteral("2222"));
    auto *exception = child<QComboBox>(&dialog, QStringLiteral("exceptionField"));
    QCOMPARE(exception->currentIndex(), -1); // nothing chosen: no "(none)" to pick by accident
    QCOMPARE(exception->findData(QString()), -1);
    exception->setFocus();
    QTest::keyClick(exception, Qt::Key_Down);
    QCOMPARE(exception->currentData().toString(), Exceptions::ReverseProxy);
    QTest::keyClick(exception, Qt::Key_Down);
    QCOMPARE(exception->currentData().toString(), Exceptions::NonHttp);
    auto *notes = child<QLineEdit>(&dialog, QStringLiteral("notesField"));
    notes->setFocus();
    QTest::keyClicks(notes, QStringLiteral("ssh for tools"));
    QVERIFY(child<QPushButton>(&dialog, QStringLiteral("okButton"))->isEnabled());
    QTest::keyClick(notes, Qt::Key_Return);
    QCOMPARE(dialog.QDialog::result(), int(QDialog::Accepted));
    QCOMPARE(dialog.binding().host.first, 20000);
    QCOMPARE(dialog.binding().notes, QStringLiteral("ssh for tools"));
}

#include "tst_dialogs.moc"
