#include "itemmodels/PortMapModel.h"
#include "widgets/HeatmapWidget.h"
#include "window/MainWindow.h"

#include "support/GuiSupport.h"
#include "support/TestSupport.h"

#include <QAction>
#include <QProgressDialog>
#include <QTabWidget>
#include <QTableView>
#include <QTcpServer>
#include <QTest>

using namespace portolan;
using namespace portolan::testing;

// Tools > Audit This Device on a device at 127.0.0.1 with real listeners: an agent that
// answers (planned, not a finding), a planned port nothing listens on (closed, in the port
// map's status), and a listener nobody planned inside the range (exposed, ringed on the
// heatmap); the banner sums it up. The same audit canceled keeps nothing.
class TestAuditGui : public QObject, public MainWindowFixture
{
    Q_OBJECT

private slots:
    void initTestCase();
    void auditShowsInThePortMapAndTheHeatmap();

private:
    QTcpServer m_agent;
    QTcpServer m_rogue;
};

void TestAuditGui::initTestCase()
{
    MainWindowFixture::initTestCase();
    QVERIFY(m_agent.listen(QHostAddress::LocalHost));
    QVERIFY(m_rogue.listen(QHostAddress::LocalHost));
}

void TestAuditGui::auditShowsInThePortMapAndTheHeatmap()
{
    QTcpServer gone;
    QVERIFY(gone.listen(QHostAddress::LocalHost));
    const int down = gone.serverPort();
    gone.close();
    // The range is the 1000 ports around the rogue listener, so it is probed.
    const int start = m_rogue.serverPort() / 1000 * 1000;
    const QString yaml = QStringLiteral("portolan: 1\n"
                                        "policy:\n"
                                        "  domain: example.org\n"
                                        "  internal_subdomain: home\n"
                                        "  range: {start: %1, end: %2}\n"
                                        "  blocks:\n"
                                        "    - {purpose: web}\n"
                                        "devices:\n"
                                        "  - name: local\n"
                                        "    ip: 127.0.0.1\n"
                                        "    services:\n"
                                        "      - name: agent\n"
                                        "        category: web\n"
                                        "        ports:\n"
                                        "          - {host: %3, container: 80, exception: agent}\n"
                                        "      - name: dns\n"
                                        "        category: web\n"
                                        "        ports:\n"
                                        "          - {host: %4, container: 53, exception: "
                                        "non-http}\n")
                             .arg(start)
                             .arg(start + 999)
                             .arg(m_agent.serverPort())
                             .arg(down);
    const QString path = m_dir.filePath(QStringLiteral("audit.yaml"));
    QVERIFY(writeBytes(path, yaml.toUtf8()));
    m_window = std::make_unique<MainWindow>();
    m_window->show();
    QVERIFY(m_window->openLocation(path));
    m_window->selectDevice(0);

    auto *audit = m_window->findChild<QAction *>(QStringLiteral("actionAuditDevice"));
    QVERIFY(audit && audit->isEnabled());
    audit->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(m_window->bannerText().startsWith(QStringLiteral("Audit: ")), 30000);
    // The banner names the ports: the rogue one exposed, the planned one closed.
    const QString banner = m_window->bannerText();
    // Other programs of this machine may listen in the range too (tests run in parallel):
    // the rogue is among the exposed, whatever else is.
    const QString exposedList = banner.section(QStringLiteral("exposed "), 1).section(u';', 0, 0);
    QVERIFY2(exposedList.contains(QStringLiteral("%1/tcp").arg(m_rogue.serverPort())) &&
                 banner.contains(QStringLiteral("closed %1/tcp (dns)").arg(down)),
             qPrintable(banner));
    QVERIFY(audit->isEnabled());
    auto *progress = m_window->findChild<QProgressDialog *>(QStringLiteral("auditProgress"));
    QVERIFY(!progress || !progress->isVisible());

    // The port map: the planned port nobody answers on says so; the agent that answers is OK.
    auto *portMap = child<QTableView>(m_window.get(), QStringLiteral("portMapView"));
    QAbstractItemModel *model = portMap->model();
    QStringList statuses;
    for (int row = 0; row < model->rowCount(); ++row)
        statuses << model->index(row, PortMapModel::Status).data().toString();
    QVERIFY2(statuses.contains(QStringLiteral("closed (audit)")), qPrintable(statuses.join(u'|')));
    const int closedRow = int(statuses.indexOf(QStringLiteral("closed (audit)")));
    QVERIFY(model->index(closedRow, PortMapModel::Status)
                .data(Qt::ToolTipRole)
                .toString()
                .startsWith(QStringLiteral("Audit from 127.0.0.1: closed")));
    QVERIFY2(!statuses.join(u'|').contains(QStringLiteral("exposed")),
             qPrintable(statuses.join(u'|')));

    // The heatmap rings the rogue listener, which no binding holds.
    auto *pages = m_window->findChild<QTabWidget *>(QStringLiteral("pages"));
    pages->setCurrentIndex(2);
    auto *heatmap = m_window->findChild<HeatmapWidget *>(QStringLiteral("heatmap"));
    QVERIFY(heatmap);
    QVERIFY(heatmap->exposedMarkers().contains(m_rogue.serverPort()));
    QVERIFY2(
        heatmap->exposedMarkers().value(m_rogue.serverPort()).contains(QStringLiteral("exposed")),
        qPrintable(heatmap->exposedMarkers().value(m_rogue.serverPort())));
    screenshot(m_window.get(), QStringLiteral("audit-heatmap"));

    // Another document: what was found is not carried over.
    QVERIFY(m_window->openLocation(path));
    QTRY_VERIFY(heatmap->exposedMarkers().isEmpty());
}

QTEST_MAIN(TestAuditGui)
#include "tst_auditgui.moc"
