#include "check/ChangeReport.h"
#include "check/FindingsReport.h"
#include "check/Validator.h"
#include "document/Document.h"
#include "document/commands/ImportChanges.h"
#include "domain/RegistryDiff.h"
#include "domain/WellKnownPorts.h"
#include "store/RegistryIo.h"
#include "support/TestSupport.h"

#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

#include <functional>

using namespace portolan;
using portolan::testing::fromTestFolder;

namespace {

Registry example()
{
    Registry registry;
    Error error;
    if (!RegistryIo::load(fromTestFolder(PORTOLAN_EXAMPLE), registry, error))
        qFatal("%s", qPrintable(error.toString()));
    return registry;
}

Binding binding(int host, int container, const QString &exception = Exceptions::NonHttp)
{
    Binding b;
    b.host = PortRange::single(host);
    b.container = PortRange::single(container);
    b.exception = exception;
    return b;
}

using Mutation = std::function<void(Registry &)>;

} // namespace

Q_DECLARE_METATYPE(Mutation)

// The one comparison of two registries: what it reports, and that applying it as commands
// turns one registry into the other.
class TestRegistryDiff : public QObject
{
    Q_OBJECT

private slots:
    void describesEachKindOfChange_data();
    void describesEachKindOfChange();
    void applyingTheDiffGivesTheTarget_data();
    void applyingTheDiffGivesTheTarget();
    void randomEditsRoundTrip();
    void identicalIsEmpty();
    void twiceGivenNamesPairByOccurrence();
    void findingsAsFullValidationsSay_data();
    void findingsAsFullValidationsSay();
    void importIsCheckedOnceAsAWhole();
};

void TestRegistryDiff::describesEachKindOfChange_data()
{
    QTest::addColumn<Mutation>("mutate");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("binding host moved") << Mutation([](Registry &r) {
        r.devices[0].services[2].ports[0].host = PortRange::single(20023);
    }) << QStringList{QStringLiteral("changed binding atlas/gitea 20023/tcp: host 20022 -> 20023")};
    QTest::newRow("binding notes")
        << Mutation(
               [](Registry &r) { r.devices[0].services[2].ports[0].notes = QStringLiteral("ssh"); })
        << QStringList{
               QStringLiteral("changed binding atlas/gitea 20022/tcp: notes git over ssh -> ssh")};
    QTest::newRow("service removed")
        << Mutation([](Registry &r) { r.devices[0].services.removeAt(3); })
        << QStringList{QStringLiteral("removed service atlas/vault")};
    QTest::newRow("service moved") << Mutation([](Registry &r) {
        r.devices[1].services.append(r.devices[0].services.takeAt(3));
    }) << QStringList{QStringLiteral("moved service helios/vault: from atlas")};
    QTest::newRow("device added") << Mutation([](Registry &r) {
        Device device;
        device.name = QStringLiteral("nova");
        device.ip = QStringLiteral("192.168.10.4");
        r.devices.append(device);
    }) << QStringList{QStringLiteral("added device nova")};
    QTest::newRow("device ip") << Mutation([](Registry &r) {
        r.devices[1].ip = QStringLiteral("192.168.10.9");
    }) << QStringList{QStringLiteral("changed device helios: ip 192.168.10.3 -> 192.168.10.9")};
    QTest::newRow("devices reordered")
        << Mutation([](Registry &r) { r.devices.move(0, 1); })
        << QStringList{QStringLiteral("reordered device helios: now first (was after atlas)")};
    QTest::newRow("route dropped")
        << Mutation([](Registry &r) { r.devices[0].services[2].route.reset(); })
        << QStringList{QStringLiteral("removed route atlas/gitea")};
    QTest::newRow("route port") << Mutation([](Registry &r) {
        r.devices[0].services[2].route->port = 3001;
    }) << QStringList{QStringLiteral("changed route atlas/gitea: port 3000 -> 3001")};
    QTest::newRow("second binding of a container port is an addition")
        << Mutation([](Registry &r) { r.devices[0].services[2].ports.append(binding(20023, 22)); })
        << QStringList{QStringLiteral("added binding atlas/gitea 20023/tcp")};
    QTest::newRow("protocol spelled out is no change") << Mutation([](Registry &r) {
        r.devices[0].services[2].ports[0].protocol = Protocols::Tcp;
    }) << QStringList{};
    QTest::newRow("block label") << Mutation([](Registry &r) {
        r.policy.blocks[0].label = QStringLiteral("Git");
    }) << QStringList{QStringLiteral("changed block 1 (Git): label SSH/Git -> Git")};
    QTest::newRow("policy domain")
        << Mutation([](Registry &r) { r.policy.domain = QStringLiteral("example.net"); })
        << QStringList{QStringLiteral("changed policy: domain example.org -> example.net")};
}

void TestRegistryDiff::describesEachKindOfChange()
{
    QFETCH(Mutation, mutate);
    QFETCH(QStringList, expected);
    const Registry before = example();
    Registry after = before;
    mutate(after);
    const RegistryDiff diff = RegistryDiff::compare(before, after);
    QCOMPARE(diff.describeAll(), expected);
    // Backwards, the same number of changes, each the inverse kind.
    const RegistryDiff back = RegistryDiff::compare(after, before);
    QCOMPARE(back.changes().size(), diff.changes().size());
    for (int i = 0; i < diff.changes().size(); ++i) {
        const RegistryChange::Kind kind = diff.changes()[i].kind;
        const RegistryChange::Kind inverse =
            kind == RegistryChange::Kind::Added     ? RegistryChange::Kind::Removed
            : kind == RegistryChange::Kind::Removed ? RegistryChange::Kind::Added
                                                    : kind;
        bool found = false;
        for (const RegistryChange &change : back.changes())
            found |= change.kind == inverse && change.element == diff.changes()[i].element;
        QVERIFY2(found, qPrintable(diff.describe(diff.changes()[i])));
    }
}

void TestRegistryDiff::applyingTheDiffGivesTheTarget_data()
{
    describesEachKindOfChange_data();
}

void TestRegistryDiff::applyingTheDiffGivesTheTarget()
{
    QFETCH(Mutation, mutate);
    Document document;
    document.reset(example());
    Registry target = document.registry();
    mutate(target);
    const RegistryDiff diff = RegistryDiff::compare(document.registry(), target);
    QUndoCommand *command = ImportChanges::fromDiff(&document, diff, QStringLiteral("apply"));
    const bool reorderOnly =
        std::all_of(diff.changes().begin(), diff.changes().end(), [](const RegistryChange &c) {
            return c.kind == RegistryChange::Kind::Reordered;
        });
    if (diff.isEmpty() || reorderOnly) {
        QVERIFY(!command);
        return;
    }
    QVERIFY(command);
    const Registry original = document.registry();
    document.undoStack()->push(command);
    const RegistryDiff left = RegistryDiff::compare(document.registry(), target);
    for (const RegistryChange &change : left.changes())
        QVERIFY2(change.kind == RegistryChange::Kind::Reordered, qPrintable(left.describe(change)));
    document.undoStack()->undo();
    QVERIFY(RegistryDiff::compare(document.registry(), original).isEmpty());
}

// Many small random edits at once: the diff, applied, always reaches the target.
void TestRegistryDiff::randomEditsRoundTrip()
{
    QRandomGenerator random(20261130);
    for (int round = 0; round < 200; ++round) {
        Document document;
        document.reset(example());
        Registry target = document.registry();
        const int edits = 1 + int(random.bounded(6));
        for (int e = 0; e < edits; ++e) {
            Device &device = target.devices[int(random.bounded(target.devices.size()))];
            if (device.services.isEmpty())
                continue;
            Service &service = device.services[int(random.bounded(device.services.size()))];
            switch (random.bounded(7)) {
            case 0:
                service.ports.append(binding(21000 + int(random.bounded(900)), 80));
                break;
            case 1:
                if (!service.ports.isEmpty())
                    service.ports.removeAt(int(random.bounded(service.ports.size())));
                break;
            case 2:
                if (!service.ports.isEmpty())
                    service.ports[0].host = PortRange::single(22000 + int(random.bounded(900)));
                break;
            case 3:
                service.notes = QStringLiteral("note %1").arg(round);
                break;
            case 4:
                if (service.route)
                    service.route.reset();
                else
                    service.route = Route{QStringLiteral("r%1").arg(round), Scopes::Internal, 80};
                break;
            case 5: {
                Service added;
                added.name = QStringLiteral("new-%1-%2").arg(round).arg(e);
                added.category = QStringLiteral("monitoring");
                added.ports.append(binding(23500 + e, 9000));
                device.services.append(added);
                break;
            }
            case 6:
                device.description = QStringLiteral("described %1").arg(round);
                break;
            }
        }
        const RegistryDiff diff = RegistryDiff::compare(document.registry(), target);
        if (QUndoCommand *command = ImportChanges::fromDiff(&document, diff, QStringLiteral("x")))
            document.undoStack()->push(command);
        const RegistryDiff left = RegistryDiff::compare(document.registry(), target);
        QVERIFY2(left.isEmpty(),
                 qPrintable(QStringLiteral("round %1: %2 | wanted %3")
                                .arg(round)
                                .arg(left.describeAll().join(QStringLiteral("; ")))
                                .arg(diff.describeAll().join(QStringLiteral("; ")))));
    }
}

void TestRegistryDiff::identicalIsEmpty()
{
    const Registry registry = example();
    QVERIFY(RegistryDiff::compare(registry, registry).isEmpty());
    QVERIFY(RegistryDiff::compare(Registry(), Registry()).isEmpty());
}

// Two services of one name on a device (a duplicate-service finding) on both sides: only what
// changed is reported, whatever else changes on the device.
void TestRegistryDiff::twiceGivenNamesPairByOccurrence()
{
    Registry before = example();
    before.devices[0].services[3].name = before.devices[0].services[2].name;
    Registry after = before;
    QVERIFY(RegistryDiff::compare(before, after).describeAll().isEmpty());
    after.devices[0].services[0].notes = QStringLiteral("changed");
    const QStringList described = RegistryDiff::compare(before, after).describeAll();
    QCOMPARE(described.size(), 1);
    QVERIFY2(described.first().startsWith(QLatin1String("changed service atlas/")),
             qPrintable(described.first()));
    after.devices[0].services[3].notes = QStringLiteral("second");
    const QStringList second = RegistryDiff::compare(before, after).describeAll();
    QCOMPARE(second.size(), 2);
    QVERIFY2(second.last().contains(QLatin1String("notes")), qPrintable(second.last()));
}

void TestRegistryDiff::findingsAsFullValidationsSay_data()
{
    describesEachKindOfChange_data();
    auto add = [](const char *name, const Mutation &mutate) {
        QTest::newRow(name) << mutate << QStringList();
    };
    add("conflict on one device", [](Registry &r) {
        r.devices[0].services[2].ports.append(r.devices[0].services[2].ports[0]);
    });
    add("duplicate ip with an unchanged device",
        [](Registry &r) { r.devices[1].ip = r.devices[0].ip; });
    add("duplicate device name", [](Registry &r) { r.devices[1].name = r.devices[0].name; });
    add("device with a finding added", [](Registry &r) {
        Device device = r.devices[0];
        device.name = QStringLiteral("twin");
        device.services[2].ports[0].exception.clear();
        r.devices.append(device);
    });
    add("device with findings removed", [](Registry &r) { r.devices.removeFirst(); });
    add("finding resolved", [](Registry &r) {
        for (Service &service : r.devices[1].services) {
            for (Binding &binding : service.ports)
                binding.exception = Exceptions::NonHttp;
        }
    });
}

// Only the devices that differ are checked: the findings introduced and resolved are still
// what two whole validations give.
void TestRegistryDiff::findingsAsFullValidationsSay()
{
    QFETCH(Mutation, mutate);
    Registry before = example();
    // A finding on each device to start with, so that unchanged ones have some to cancel out.
    before.devices[0].services[2].ports[0].exception.clear();
    before.devices[1].services[0].ports[0].exception.clear();
    Registry after = before;
    mutate(after);
    const Validator validator(&WellKnownPorts::system());
    const ChangeReport report = ChangeReport::compare(before, after, validator);
    auto identity = [](const Finding &f) {
        return QStringList{f.code,        f.device, f.service,
                           f.portLabel(), f.field,  QString::number(int(f.severity))}
            .join(u'|');
    };
    auto only = [&](const Findings &side, const Findings &other) {
        QSet<QString> known;
        for (const Finding &f : other)
            known.insert(identity(f));
        QStringList result;
        for (const Finding &f : side) {
            if (!known.contains(identity(f)))
                result << identity(f);
        }
        return result;
    };
    auto identities = [&](const Findings &findings) {
        QStringList result;
        for (const Finding &f : findings)
            result << identity(f);
        return result;
    };
    const Findings oldFindings = validator.validate(before);
    const Findings newFindings = validator.validate(after);
    QCOMPARE(identities(report.introduced()), only(newFindings, oldFindings));
    QCOMPARE(identities(report.resolved()), only(oldFindings, newFindings));
}

// An import of many devices, and its undo and redo, are checked once when the last change is
// made, not after each device (which made undoing 500 devices take ten seconds): the findings
// are then what a full validation says, and they are announced once.
void TestRegistryDiff::importIsCheckedOnceAsAWhole()
{
    Document document;
    document.reset(example());
    const Registry original = document.registry();
    Registry target = original;
    for (int copy = 0; copy < 80; ++copy) {
        for (Device device : original.devices) {
            device.name += QStringLiteral("-%1").arg(copy);
            device.ip = QStringLiteral("10.7.%1.%2").arg(copy).arg(target.devices.size() % 200 + 1);
            // Every tenth copy keeps its route names: duplicate routes across devices.
            for (Service &service : device.services) {
                if (copy % 10 != 0 && service.route && service.route->host != QLatin1String("@"))
                    service.route->host += QStringLiteral("-%1").arg(copy);
            }
            target.devices.append(device);
        }
    }
    const Validator validator(&WellKnownPorts::system());
    const auto fullCheck = [&] {
        return FindingsReport::toText(validator.validate(document.registry()));
    };
    QUndoCommand *command = ImportChanges::fromDiff(
        &document, RegistryDiff::compare(document.registry(), target), QStringLiteral("import"));
    QVERIFY(command);
    QSignalSpy announced(&document, &Document::findingsChanged);
    document.undoStack()->push(command);
    QCOMPARE(document.registry().devices.size(), target.devices.size());
    QCOMPARE(announced.count(), 1);
    QVERIFY(FindingsReport::toText(document.findings()).contains(QLatin1String("duplicate-route")));
    QCOMPARE(FindingsReport::toText(document.findings()), fullCheck());
    announced.clear();
    document.undoStack()->undo();
    QCOMPARE(announced.count(), 1);
    QVERIFY(document.registry() == original);
    QCOMPARE(FindingsReport::toText(document.findings()), fullCheck());
    announced.clear();
    document.undoStack()->redo();
    QCOMPARE(announced.count(), 1);
    QCOMPARE(FindingsReport::toText(document.findings()), fullCheck());
}

QTEST_GUILESS_MAIN(TestRegistryDiff)
#include "tst_registrydiff.moc"
