#include "document/Document.h"
#include "document/commands/AddRemove.h"
#include "document/commands/EditElement.h"
#include "domain/RegistryMerge.h"
#include "formats/yaml/YamlWriter.h"
#include "store/RegistryIo.h"
#include "support/TestSupport.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace portolan;
using namespace portolan::testing;

namespace {

Device device(const QString &name, const QString &ip)
{
    Device d;
    d.name = name;
    d.ip = ip;
    return d;
}

// What `git pull` or an editor does: the new content written beside and renamed over.
void replaceOnDisk(const QString &path, const QByteArray &bytes)
{
    const QString temporary = path + QStringLiteral(".incoming");
    QVERIFY(writeBytes(temporary, bytes));
    QVERIFY(std::rename(QFile::encodeName(temporary).constData(),
                        QFile::encodeName(path).constData()) == 0);
}

void replaceOnDisk(const QString &path, const Registry &registry)
{
    replaceOnDisk(path, YamlWriter::toYaml(registry));
}

Registry readBack(const QString &path)
{
    Registry registry;
    Error error;
    if (!RegistryIo::load(path, registry, error))
        qFatal("%s", qPrintable(error.toString()));
    return registry;
}

} // namespace

// A registry file changed, replaced or full under an open document: nothing is overwritten
// silently, nothing typed is lost, and a failed save says why and stays unsaved.
class TestDocumentOnDisk : public QObject
{
    Q_OBJECT

private slots:
    void changeOnDiskIsNoticed();
    void saveRefusesToOverwriteAChangeOnDisk();
    void reloadReappliesEditsAsOneStep();
    void collidingEditsAreListed();
    void mergeTakesEachSidesChanges();
    void commentsAreNotDroppedWithoutAsking();
    void fullDiskSaveStaysModified();
    void replacedPortolanIsReopened();

private:
    QString example(const QString &name);
    QTemporaryDir m_dir;
};

QString TestDocumentOnDisk::example(const QString &name)
{
    const QString path = m_dir.filePath(name);
    copyExample(path);
    return path;
}

void TestDocumentOnDisk::changeOnDiskIsNoticed()
{
    const QString path = example(QStringLiteral("noticed.yaml"));
    Document doc;
    Error error;
    QVERIFY2(doc.open(path, &error), qPrintable(error.toString()));
    QSignalSpy changed(&doc, &Document::changedOnDisk);
    // Our own save is not a change from elsewhere.
    doc.undoStack()->push(
        new AddDevice(&doc, 2, device(QStringLiteral("own"), QStringLiteral("10.0.0.1"))));
    QVERIFY(doc.save(&error));
    QVERIFY2(!changed.wait(400), "our own save was taken for a change from elsewhere");
    Registry pulled = readBack(path);
    pulled.devices.append(device(QStringLiteral("pulled"), QStringLiteral("10.0.0.9")));
    replaceOnDisk(path, pulled);
    QVERIFY(changed.wait(3000));
    QCOMPARE(changed.first().first().toBool(), false);
    // Then deleted.
    changed.clear();
    QVERIFY(QFile::remove(path));
    QVERIFY(changed.wait(3000) || changed.count() > 0);
}

void TestDocumentOnDisk::saveRefusesToOverwriteAChangeOnDisk()
{
    const QString path = example(QStringLiteral("refuse.yaml"));
    Document doc;
    Error error;
    QVERIFY(doc.open(path, &error));
    doc.undoStack()->push(
        new AddDevice(&doc, 2, device(QStringLiteral("mine"), QStringLiteral("10.0.0.2"))));
    Registry pulled = readBack(path);
    pulled.devices.append(device(QStringLiteral("pulled"), QStringLiteral("10.0.0.9")));
    // Written in place, as some editors do: the watcher may see nothing, the save check must.
    QVERIFY(writeBytes(path, YamlWriter::toYaml(pulled)));
    const QByteArray theirs = fileBytes(path);
    QCOMPARE(doc.save(Document::SaveOptions(), &error), Document::SaveResult::ChangedOnDisk);
    QVERIFY2(error.toString().contains(QLatin1String("changed on disk")),
             qPrintable(error.toString()));
    QCOMPARE(fileBytes(path), theirs);
    QVERIFY(doc.isModified());
    // Keeping mine is an explicit overwrite.
    Document::SaveOptions overwrite;
    overwrite.overwriteChangesOnDisk = true;
    QCOMPARE(doc.save(overwrite, &error), Document::SaveResult::Saved);
    QVERIFY(readBack(path).findDevice(QStringLiteral("mine")) >= 0);
    QVERIFY(readBack(path).findDevice(QStringLiteral("pulled")) < 0);
}

void TestDocumentOnDisk::reloadReappliesEditsAsOneStep()
{
    const QString path = example(QStringLiteral("reapply.yaml"));
    Document doc;
    Error error;
    QVERIFY(doc.open(path, &error));
    doc.undoStack()->push(
        new AddDevice(&doc, 2, device(QStringLiteral("mine"), QStringLiteral("10.0.0.2"))));
    Binding notes = doc.registry().devices[0].services[2].ports[0];
    notes.notes = QStringLiteral("edited in the app");
    doc.undoStack()->push(new EditBinding(&doc, notes.key.id, notes));
    Registry pulled = readBack(path);
    pulled.devices.append(device(QStringLiteral("pulled"), QStringLiteral("10.0.0.9")));
    pulled.devices[1].description = QStringLiteral("changed by git pull");
    replaceOnDisk(path, pulled);

    QStringList collisions;
    QVERIFY2(doc.reloadFromDisk(&collisions, &error), qPrintable(error.toString()));
    QVERIFY2(collisions.isEmpty(), qPrintable(collisions.join(u'\n')));
    const Registry &now = doc.registry();
    QVERIFY(now.findDevice(QStringLiteral("mine")) >= 0);
    QVERIFY(now.findDevice(QStringLiteral("pulled")) >= 0);
    QCOMPARE(now.devices[1].description, QStringLiteral("changed by git pull"));
    QCOMPARE(now.devices[0].services[2].ports[0].notes, QStringLiteral("edited in the app"));
    QCOMPARE(doc.undoStack()->count(), 1);
    QVERIFY(doc.isModified());
    // Saving now writes both, with no complaint about the change already taken in.
    QVERIFY2(doc.save(&error), qPrintable(error.toString()));
    const Registry saved = readBack(path);
    QVERIFY(saved.findDevice(QStringLiteral("mine")) >= 0);
    QVERIFY(saved.findDevice(QStringLiteral("pulled")) >= 0);
    // Undo of the reapply leaves the pulled file as it was.
    doc.undoStack()->undo();
    QVERIFY(doc.registry().findDevice(QStringLiteral("mine")) < 0);
    QVERIFY(doc.registry().findDevice(QStringLiteral("pulled")) >= 0);
}

void TestDocumentOnDisk::collidingEditsAreListed()
{
    const QString path = example(QStringLiteral("collide.yaml"));
    Document doc;
    Error error;
    QVERIFY(doc.open(path, &error));
    Binding mine = doc.registry().devices[0].services[2].ports[0];
    mine.notes = QStringLiteral("mine");
    doc.undoStack()->push(new EditBinding(&doc, mine.key.id, mine));
    Registry pulled = readBack(path);
    pulled.devices[0].services[2].ports[0].notes = QStringLiteral("theirs");
    replaceOnDisk(path, pulled);
    QStringList collisions;
    QVERIFY(doc.reloadFromDisk(&collisions, &error));
    QCOMPARE(collisions.size(), 1);
    QVERIFY2(collisions.first().contains(QLatin1String("20022/tcp")),
             qPrintable(collisions.first()));
    QCOMPARE(doc.registry().devices[0].services[2].ports[0].notes, QStringLiteral("theirs"));
}

void TestDocumentOnDisk::mergeTakesEachSidesChanges()
{
    const Registry base = readBack(fromTestFolder(PORTOLAN_EXAMPLE));
    Registry mine = base;
    Registry theirs = base;
    mine.devices[0].ip = QStringLiteral("10.1.1.1");     // only mine
    theirs.devices[1].description = QStringLiteral("x"); // only theirs
    mine.devices[0].services.removeAt(3);                // I removed vault
    theirs.devices[1].services.removeAt(0);              // they removed a service
    mine.policy.domain = QStringLiteral("same.org");     // both, the same
    theirs.policy.domain = QStringLiteral("same.org");
    mine.devices[1].services[2].notes = QStringLiteral("a"); // both, differently
    theirs.devices[1].services[theirs.devices[1].findService(QStringLiteral("n8n"))].notes =
        QStringLiteral("b");
    const RegistryMerge::Result merged = RegistryMerge::threeWay(base, mine, theirs);
    QCOMPARE(merged.merged.devices[0].ip, QStringLiteral("10.1.1.1"));
    QCOMPARE(merged.merged.devices[1].description, QStringLiteral("x"));
    QVERIFY(merged.merged.devices[0].findService(QStringLiteral("vault")) < 0);
    QCOMPARE(merged.merged.devices[1].services.size(), base.devices[1].services.size() - 1);
    QCOMPARE(merged.merged.policy.domain, QStringLiteral("same.org"));
    QCOMPARE(merged.collisions.size(), 1);
    QVERIFY2(merged.collisions.first().contains(QLatin1String("helios/n8n notes")),
             qPrintable(merged.collisions.first()));
}

void TestDocumentOnDisk::commentsAreNotDroppedWithoutAsking()
{
    const QString path = m_dir.filePath(QStringLiteral("comments.yaml"));
    QByteArray text = fileBytes(fromTestFolder(PORTOLAN_EXAMPLE));
    text.replace("devices:\n", "# hand-kept: do not reorder\ndevices:\n");
    QVERIFY(writeBytes(path, text));
    Document doc;
    Error error;
    QVERIFY(doc.open(path, &error));
    QVERIFY(doc.firstComment().has_value());
    doc.undoStack()->push(
        new AddDevice(&doc, 2, device(QStringLiteral("nova"), QStringLiteral("10.0.0.4"))));
    QCOMPARE(doc.save(Document::SaveOptions(), &error), Document::SaveResult::WouldDropComments);
    QVERIFY2(error.toString().contains(QStringLiteral("comments.yaml:%1:1:")
                                           .arg(text.left(text.indexOf("# hand")).count('\n') + 1)),
             qPrintable(error.toString()));
    QCOMPARE(fileBytes(path), text);
    Document::SaveOptions drop;
    drop.dropComments = true;
    QCOMPARE(doc.save(drop, &error), Document::SaveResult::Saved);
    QVERIFY(!doc.firstComment().has_value());
    doc.undoStack()->push(
        new AddDevice(&doc, 3, device(QStringLiteral("vega"), QStringLiteral("10.0.0.5"))));
    QVERIFY(doc.save(&error)); // asked once per file
}

void TestDocumentOnDisk::fullDiskSaveStaysModified()
{
    FullDisk disk;
    QVERIFY2(disk.isValid(), qPrintable(disk.error()));
    const QString path = disk.path(QStringLiteral("full.yaml"));
    QVERIFY(copyExample(path));
    const QByteArray before = fileBytes(path);
    Document doc;
    Error error;
    QVERIFY(doc.open(path, &error));
    doc.undoStack()->push(
        new AddDevice(&doc, 2, device(QStringLiteral("nova"), QStringLiteral("10.0.0.4"))));
    QVERIFY(disk.fill());
    {
        const FullDisk::Limit limit(disk);
        QCOMPARE(doc.save(Document::SaveOptions(), &error), Document::SaveResult::Failed);
    }
    QVERIFY2(error.toString().contains(disk.expectedReason()), qPrintable(error.toString()));
    QVERIFY(doc.isModified());
    QCOMPARE(fileBytes(path), before);
}

void TestDocumentOnDisk::replacedPortolanIsReopened()
{
    const QString path = example(QStringLiteral("replaced.portolan"));
    Document doc;
    Error error;
    QVERIFY(doc.open(path, &error));
    QSignalSpy replaced(&doc, &Document::replacedOnDisk);
    // convert writes a new file and renames it over the old one.
    Registry other = readBack(path);
    other.devices.append(device(QStringLiteral("converted"), QStringLiteral("10.0.0.7")));
    const QString staging = m_dir.filePath(QStringLiteral("staging.portolan"));
    QVERIFY(RegistryIo::save(other, staging, &error));
    QVERIFY(std::rename(QFile::encodeName(staging).constData(),
                        QFile::encodeName(path).constData()) == 0);
    QVERIFY(replaced.wait(3000));
    QVERIFY(doc.registry().findDevice(QStringLiteral("converted")) >= 0);
    // Edits go to the new file (they failed with "readonly database" before).
    doc.undoStack()->push(
        new AddDevice(&doc, 3, device(QStringLiteral("after"), QStringLiteral("10.0.0.8"))));
    QCOMPARE(doc.undoStack()->count(), 1);
    QVERIFY(readBack(path).findDevice(QStringLiteral("after")) >= 0);
}

QTEST_GUILESS_MAIN(TestDocumentOnDisk)
#include "tst_documentondisk.moc"
