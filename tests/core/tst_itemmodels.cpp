#include "check/RegistrySearch.h"
#include "itemmodels/BlocksModel.h"
#include "itemmodels/DeviceListModel.h"
#include "itemmodels/FindingsModel.h"
#include "itemmodels/ItemRoles.h"
#include "itemmodels/PortMapFilter.h"
#include "itemmodels/PortMapModel.h"
#include "support/CommandCases.h"
#include "support/TestSupport.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace portolan;
using namespace portolan::testing;

class TestItemModels : public QObject
{
    Q_OBJECT

private slots:
    void modelsStayConsistentThroughEveryCommand_data();
    void modelsStayConsistentThroughEveryCommand();
    void portMapRows();
    void portMapPlaceholderBecomesBinding();
    void portMapSetDataPushesCommands();
    void portMapRejectsBadPorts();
    void deviceListCountsAndRename();
    void findingsFollowEdits();
    void conflictNamesTheOtherSideOnEachRow();
    void searchAcrossDevices_data();
    void searchAcrossDevices();
    void filterMatchesServicePortAndHost_data();
    void filterMatchesServicePortAndHost();
    void blocksShowFill();
};

namespace {

struct Fixture
{
    Document document;
    QTemporaryDir dir;
    Fixture()
    {
        Error error;
        if (!document.open(fromTestFolder(PORTOLAN_EXAMPLE), &error))
            qFatal("%s", qPrintable(error.toString()));
    }
};

} // namespace

void TestItemModels::modelsStayConsistentThroughEveryCommand_data()
{
    QTest::addColumn<int>("caseIndex");
    QTest::addColumn<int>("shownDevice");
    for (int i = 0; i < commandCases().size(); ++i) {
        for (int device : {0, 1})
            QTest::newRow(qPrintable(QStringLiteral("%1, showing device %2")
                                         .arg(QLatin1String(commandCases()[i].name))
                                         .arg(device)))
                << i << device;
    }
}

// QAbstractItemModelTester checks every notification against the model's own answers.
void TestItemModels::modelsStayConsistentThroughEveryCommand()
{
    QFETCH(int, caseIndex);
    QFETCH(int, shownDevice);
    Fixture f;
    DeviceListModel devices(&f.document);
    PortMapModel portMap(&f.document);
    portMap.setDeviceId(deviceId(f.document, shownDevice));
    FindingsModel findings(&f.document);
    BlocksModel blocks(&f.document);
    PortMapFilter filter;
    filter.setSourceModel(&portMap);
    const auto mode = QAbstractItemModelTester::FailureReportingMode::QtTest;
    QAbstractItemModelTester t1(&devices, mode), t2(&portMap, mode), t3(&findings, mode),
        t4(&blocks, mode), t5(&filter, mode);

    f.document.undoStack()->push(commandCases()[caseIndex].make(f.document));
    f.document.undoStack()->undo();
    f.document.undoStack()->redo();
    f.document.undoStack()->undo();
    QCOMPARE(devices.rowCount(), f.document.registry().devices.size());
    QCOMPARE(findings.rowCount(), f.document.findings().size());
    QCOMPARE(blocks.rowCount(), f.document.registry().policy.blocks.size());
}

void TestItemModels::portMapRows()
{
    Fixture f;
    PortMapModel model(&f.document);
    QCOMPARE(model.rowCount(), 0);
    model.setDeviceId(deviceId(f.document, 0));
    // atlas: traefik 2 bindings, adguard 2, gitea 1, vault 1, komodo-core 1, grafana,
    // prometheus and portainer none: 7 + 3 placeholders.
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(model.index(0, PortMapModel::ServiceName).data().toString(),
             QStringLiteral("traefik"));
    QCOMPARE(model.index(3, PortMapModel::Protocol).data().toString(), QStringLiteral("udp"));
    QCOMPARE(model.index(4, PortMapModel::HostPort).data().toString(), QStringLiteral("20022"));
    QCOMPARE(model.index(4, PortMapModel::RouteName).data().toString(),
             QStringLiteral("git.example.org"));
    QCOMPARE(model.index(7, PortMapModel::ServiceName).data().toString(),
             QStringLiteral("grafana"));
    QCOMPARE(model.index(7, PortMapModel::HostPort).data().toString(), QString());
    QCOMPARE(model.index(7, PortMapModel::ContainerPort).data().toString(), QStringLiteral("3000"));
    QCOMPARE(model.index(7, PortMapModel::RouteName).data().toString(),
             QStringLiteral("grafana.home.example.org"));
    QCOMPARE(model.index(4, PortMapModel::HostPort).data(SortRole).toInt(), 20022);
    QVERIFY(!(model.flags(model.index(7, PortMapModel::HostPort)) & Qt::ItemIsEditable));
    QVERIFY(model.flags(model.index(4, PortMapModel::HostPort)) & Qt::ItemIsEditable);
}

void TestItemModels::portMapPlaceholderBecomesBinding()
{
    Fixture f;
    PortMapModel model(&f.document);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDeviceId(deviceId(f.document, 0));
    const int rows = model.rowCount();
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    // grafana (service 5) has no binding: its placeholder row turns into the binding.
    f.document.undoStack()->push(new AddBinding(&f.document, serviceId(f.document, 0, 5), 0,
                                                newBinding(23000, 3000, Exceptions::Bootstrap)));
    QCOMPARE(model.rowCount(), rows);
    QCOMPARE(inserted.count(), 0);
    QVERIFY(changed.count() >= 1);
    QCOMPARE(model.index(7, PortMapModel::HostPort).data().toString(), QStringLiteral("23000"));
    // A second binding of the same service is a new row right after it.
    f.document.undoStack()->push(new AddBinding(&f.document, serviceId(f.document, 0, 5), 1,
                                                newBinding(23001, 3001, Exceptions::Bootstrap)));
    QCOMPARE(model.rowCount(), rows + 1);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 8);
    f.document.undoStack()->undo();
    f.document.undoStack()->undo();
    QCOMPARE(model.rowCount(), rows);
    QCOMPARE(model.index(7, PortMapModel::HostPort).data().toString(), QString());
}

void TestItemModels::portMapSetDataPushesCommands()
{
    Fixture f;
    PortMapModel model(&f.document);
    model.setDeviceId(deviceId(f.document, 0));
    QVERIFY(model.setData(model.index(4, PortMapModel::HostPort), QStringLiteral("20023")));
    QCOMPARE(f.document.undoStack()->count(), 1);
    QCOMPARE(f.document.registry().devices[0].services[2].ports[0].host.first, 20023);
    QVERIFY(model.setData(model.index(4, PortMapModel::Notes), QStringLiteral("ssh for git")));
    QVERIFY(model.setData(model.index(7, PortMapModel::Notes), QStringLiteral("dashboards")));
    QCOMPARE(f.document.registry().devices[0].services[5].notes, QStringLiteral("dashboards"));
    QCOMPARE(f.document.undoStack()->count(), 3);
    QCOMPARE(f.document.undoStack()->text(0), QStringLiteral("Edit binding 20022/tcp"));
    f.document.undoStack()->undo();
    f.document.undoStack()->undo();
    f.document.undoStack()->undo();
    QCOMPARE(f.document.registry().devices[0].services[2].ports[0].host.first, 20022);
    QCOMPARE(f.document.registry().devices[0].services[2].ports[0].notes,
             QStringLiteral("git over ssh"));
}

void TestItemModels::portMapRejectsBadPorts()
{
    Fixture f;
    PortMapModel model(&f.document);
    model.setDeviceId(deviceId(f.document, 0));
    QVERIFY(!model.setData(model.index(4, PortMapModel::HostPort), QStringLiteral("twenty")));
    QVERIFY(!model.setData(model.index(4, PortMapModel::HostPort), QStringLiteral("20022")));
    QCOMPARE(f.document.undoStack()->count(), 0);
}

void TestItemModels::deviceListCountsAndRename()
{
    Fixture f;
    DeviceListModel model(&f.document);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, DeviceListModel::Services).data().toInt(), 8);
    QCOMPARE(model.index(0, DeviceListModel::Bindings).data().toInt(), 7);
    QCOMPARE(model.index(0, DeviceListModel::Name).data(SeverityRole).toInt(), -1);
    QVERIFY(model.setData(model.index(1, DeviceListModel::Name), QStringLiteral("atlas")));
    QCOMPARE(f.document.registry().devices[1].name, QStringLiteral("atlas"));
    QCOMPARE(model.index(1, DeviceListModel::Name).data(SeverityRole).toInt(),
             int(Severity::Error));
    QCOMPARE(model.index(1, DeviceListModel::Status).data(ErrorCountRole).toInt(), 1);
}

void TestItemModels::findingsFollowEdits()
{
    Fixture f;
    FindingsModel model(&f.document);
    QCOMPARE(model.rowCount(), 0);
    f.document.undoStack()->push(new AddBinding(&f.document, serviceId(f.document, 0, 2), 1,
                                                newBinding(20022, 23, Exceptions::NonHttp)));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, FindingsModel::Code).data().toString(),
             QStringLiteral("port-conflict"));
    QCOMPARE(model.index(0, FindingsModel::Where).data().toString(), QStringLiteral("atlas/gitea"));
    QCOMPARE(model.index(0, 0).data(BindingIndexRole).toInt(), 1);
    f.document.undoStack()->undo();
    QCOMPARE(model.rowCount(), 0);
}

// A conflict shows on both rows, each naming the other binding, as a short phrase with the code
// and the whole message in the tooltip.
void TestItemModels::conflictNamesTheOtherSideOnEachRow()
{
    Fixture f;
    PortMapModel model(&f.document);
    model.setDeviceId(deviceId(f.document, 0));
    // vault (service 3) takes gitea's 20022.
    f.document.undoStack()->push(new AddBinding(&f.document, serviceId(f.document, 0, 3), 1,
                                                newBinding(20022, 22, Exceptions::NonHttp)));
    int giteaRow = -1;
    int vaultRow = -1;
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.index(row, PortMapModel::HostPort).data().toString() != QLatin1String("20022"))
            continue;
        const QString service = model.index(row, PortMapModel::ServiceName).data().toString();
        (service == QLatin1String("gitea") ? giteaRow : vaultRow) = row;
    }
    QVERIFY(giteaRow >= 0 && vaultRow >= 0);
    QCOMPARE(model.index(giteaRow, PortMapModel::Status).data().toString(),
             QStringLiteral("port conflict"));
    // vault is a security service in the SSH/Git block: the error first, then the warning.
    QCOMPARE(model.index(vaultRow, PortMapModel::Status).data().toString(),
             QStringLiteral("port conflict, wrong block"));
    const QString onGitea =
        model.index(giteaRow, PortMapModel::Status).data(Qt::ToolTipRole).toString();
    const QString onVault =
        model.index(vaultRow, PortMapModel::Status).data(Qt::ToolTipRole).toString();
    QVERIFY2(onGitea.contains(QStringLiteral("overlaps atlas/vault 20022/tcp")),
             qPrintable(onGitea));
    QVERIFY2(!onGitea.contains(QStringLiteral("atlas/gitea")), qPrintable(onGitea));
    QVERIFY2(onVault.contains(QStringLiteral("overlaps atlas/gitea 20022/tcp")),
             qPrintable(onVault));
    QVERIFY(onVault.contains(QStringLiteral("(port-conflict)")));
}

void TestItemModels::searchAcrossDevices_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("hits"); // device/service host
    QTest::newRow("nothing typed") << "" << QStringList{};
    QTest::newRow("a port on atlas")
        << "20022" << QStringList{"atlas/gitea 20022 [host port 20022]"};
    QTest::newRow("a container port")
        << "9100" << QStringList{"helios/node-exporter 23100 [container port 9100]"};
    QTest::newRow("two words narrow it")
        << "komodo agent"
        << QStringList{"helios/komodo-periphery 24121 [service name · exception agent]"};
    QTest::newRow("notes") << "scraped"
                           << QStringList{"helios/node-exporter 23100 [notes: scraped by "
                                          "prometheus]"};
    QTest::newRow("a name on both devices")
        << "komodo"
        << QStringList{"atlas/komodo-core 24120 [service name]",
                       "helios/komodo-periphery 24121 [service name]"};
    QTest::newRow("no such thing") << "nonexistent" << QStringList{};
    QTest::newRow("route name of a routed service")
        << "grafana.home" << QStringList{"atlas/grafana - [route name]"};
    QTest::newRow("two fields, each said once")
        << "gitea 20022 git" << QStringList{"atlas/gitea 20022 [service name · host port 20022]"};
    QTest::newRow("an exception") << "bootstrap"
                                  << QStringList{"atlas/vault 28200 [exception bootstrap]",
                                                 "atlas/komodo-core 24120 [exception bootstrap]"};
    QTest::newRow("a device's address and a service's notes")
        << "192.168.10.2 before"
        << QStringList{"atlas/vault 28200 [device address · service notes: must be up "
                       "before the proxy]"};
    QTest::newRow("a category") << "security 28200"
                                << QStringList{"atlas/vault 28200 [category security · host "
                                               "port 28200]"};
}

void TestItemModels::searchAcrossDevices()
{
    QFETCH(QString, text);
    QFETCH(QStringList, hits);
    Fixture f;
    const Registry &registry = f.document.registry();
    QStringList found;
    for (const RegistrySearch::Hit &hit : RegistrySearch::find(registry, text)) {
        const Device &device = registry.devices[hit.device];
        const Service &service = device.services[hit.service];
        const Binding *binding = hit.binding >= 0 ? &service.ports[hit.binding] : nullptr;
        found << QStringLiteral("%1/%2 %3 [%4]")
                     .arg(device.name, service.name,
                          binding ? binding->host.toString() : QStringLiteral("-"),
                          RegistrySearch::whyMatched(registry, service, binding, text, &device));
    }
    QCOMPARE(found, hits);
}

void TestItemModels::filterMatchesServicePortAndHost_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<QStringList>("services");
    QTest::newRow("everything") << QString() << QStringList{};
    QTest::newRow("service name") << "vault" << QStringList{"vault"};
    QTest::newRow("port number") << "53" << QStringList{"adguard", "adguard"};
    QTest::newRow("container port") << "9120" << QStringList{"komodo-core"};
    QTest::newRow("route host") << "grafana.home" << QStringList{"grafana"};
    QTest::newRow("two words") << "monitoring 9090" << QStringList{"prometheus"};
    QTest::newRow("nothing") << "jellyfin" << QStringList{};
}

void TestItemModels::filterMatchesServicePortAndHost()
{
    QFETCH(QString, search);
    QFETCH(QStringList, services);
    Fixture f;
    PortMapModel model(&f.document);
    model.setDeviceId(deviceId(f.document, 0));
    PortMapFilter filter;
    filter.setSourceModel(&model);
    filter.setSearchText(search);
    if (search.isEmpty()) {
        QCOMPARE(filter.rowCount(), model.rowCount());
        return;
    }
    QStringList shown;
    for (int row = 0; row < filter.rowCount(); ++row)
        shown << filter.index(row, PortMapModel::ServiceName).data().toString();
    QCOMPARE(shown, services);
}

void TestItemModels::blocksShowFill()
{
    Fixture f;
    BlocksModel model(&f.document);
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(model.index(0, BlocksModel::Ports).data().toString(), QStringLiteral("20000-20999"));
    QCOMPARE(model.index(4, BlocksModel::Used).data().toInt(), 2);
    QCOMPARE(model.index(4, BlocksModel::Fill).data().toString(), QStringLiteral("0.2%"));
    QVERIFY(model.setData(model.index(1, BlocksModel::Label), QStringLiteral("Spare")));
    QCOMPARE(f.document.registry().policy.blocks[1].label, QStringLiteral("Spare"));
    f.document.undoStack()->undo();
    QCOMPARE(f.document.registry().policy.blocks[1].label, QString());

    // Fill follows every kind of change, undone ones included: block 5 (orchestration) holds
    // atlas's 24120 and helios's 24121. Each change read after is announced: the fill is
    // counted again when next read, and a view hears of it once until it reads again.
    QCOMPARE(model.index(4, BlocksModel::Used).data().toInt(), 2);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    f.document.undoStack()->push(new RemoveDevice(&f.document, deviceId(f.document, 1)));
    QCOMPARE(model.index(4, BlocksModel::Used).data().toInt(), 1);
    f.document.undoStack()->undo();
    QCOMPARE(model.index(4, BlocksModel::Used).data().toInt(), 2);
    f.document.undoStack()->push(
        new RemoveService(&f.document, serviceId(f.document, 0, 4))); // komodo-core
    QCOMPARE(model.index(4, BlocksModel::Used).data().toInt(), 1);
    f.document.undoStack()->undo();
    QCOMPARE(model.index(4, BlocksModel::Used).data().toInt(), 2);
    QCOMPARE(changed.count(), 4);
    // Changes nobody read in between are announced once.
    changed.clear();
    f.document.undoStack()->redo();
    f.document.undoStack()->undo();
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.index(4, BlocksModel::Used).data().toInt(), 2);
}

QTEST_GUILESS_MAIN(TestItemModels)
#include "tst_itemmodels.moc"
