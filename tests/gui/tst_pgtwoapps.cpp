// Two instances of the app, two processes, on one PostgreSQL database (a real server, started by
// tests/pg/with-postgres): an edit of the element the other changed first is never written over
// it silently; the user is told by element and chooses; edits made while the server is away
// are kept and written when it is back.
#include "document/Document.h"
#include "document/commands/AddRemove.h"
#include "document/commands/EditElement.h"
#include "store/RegistryIo.h"
#include "support/GuiSupport.h"
#include "support/TestSupport.h"
#include "window/MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace portolan;
using namespace portolan::testing;

namespace {

QString url()
{
    return qEnvironmentVariable("PORTOLAN_TEST_PG_URL");
}

// The second app: opens the database in its own main window, sets the notes of atlas's third
// service's first binding (gitea 20022/tcp, as the database orders them) as its user would,
// and quits once it is stored.
int runSecondApp(const QString &notes, bool remove = false)
{
    MainWindow window;
    window.show();
    if (!window.openLocation(url()))
        return 3;
    QElapsedTimer clock;
    clock.start();
    while (window.isOpening() && clock.elapsed() < 30000)
        QTest::qWait(20);
    Document *doc = window.document();
    if (doc->registry().devices.isEmpty())
        return 4;
    Binding value = doc->registry().devices[0].services[2].ports[0];
    if (remove) {
        doc->undoStack()->push(new RemoveBinding(doc, value.key.id));
        return doc->isModified() ? 5 : 0;
    }
    value.notes = notes;
    doc->undoStack()->push(new EditBinding(doc, value.key.id, value));
    return doc->isModified() ? 5 : 0; // stored, not held
}

} // namespace

class TestPgTwoApps : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void theSecondEditOfOneBindingIsAConflict();
    void editsMadeWhileTheServerIsAwayAreKept();
    void aDialogOpenDuringTheirCommitAsksFirst();
    void aDialogOnADeletedBindingSaysSo();
    void undoNeverWritesOverTheirNewerValue();

private:
    void openInThisApp();
    // The other app, in another process, stores `notes` on the same binding.
    void otherAppSets(const QString &notes);
    QString storedNotes(int service);
    void selectAdguardsBinding();
    std::unique_ptr<MainWindow> m_window;
    Registry m_example;
};

void TestPgTwoApps::initTestCase()
{
    QVERIFY2(!url().isEmpty(), "run through tests/pg/with-postgres");
    QStandardPaths::setTestModeEnabled(true);
    Error error;
    QVERIFY(RegistryIo::load(fromTestFolder(PORTOLAN_EXAMPLE), m_example, error));
}

void TestPgTwoApps::init()
{
    Error error;
    QVERIFY2(RegistryIo::save(m_example, url(), &error), qPrintable(error.toString()));
    openInThisApp();
}

void TestPgTwoApps::openInThisApp()
{
    m_window = std::make_unique<MainWindow>();
    m_window->show();
    QVERIFY(m_window->openLocation(url()));
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->isOpening(), 30000);
    QCOMPARE(m_window->document()->registry().devices.size(), 2);
}

void TestPgTwoApps::otherAppSets(const QString &notes)
{
    QProcess other;
    other.start(QCoreApplication::applicationFilePath(),
                notes.isNull() ? QStringList{QStringLiteral("--second-app-removes")}
                               : QStringList{QStringLiteral("--second-app"), notes});
    // Blocking: this app's event loop does not run, so it has not heard of the change yet
    // when it edits (as a user who typed before the notification arrived).
    QVERIFY(other.waitForFinished(60000));
    QVERIFY2(other.exitCode() == 0, other.readAllStandardError().constData());
}

// The row the other app edits (atlas's third service's first binding), selected in the port map.
void TestPgTwoApps::selectAdguardsBinding()
{
    m_window->selectDevice(0);
    QCoreApplication::processEvents();
    m_window->selectPortMapRow(2, 0);
    QCoreApplication::processEvents();
    auto *view = child<QTableView>(m_window.get(), QStringLiteral("portMapView"));
    QTRY_VERIFY(view->selectionModel()->hasSelection());
    const QModelIndex row = view->selectionModel()->selectedIndexes().first();
    view->selectionModel()->setCurrentIndex(row, QItemSelectionModel::SelectCurrent |
                                                     QItemSelectionModel::Rows);
    view->setFocus(); // Edit… edits what has the focus: the row, not the device
    QTRY_VERIFY(view->hasFocus());
}

QString TestPgTwoApps::storedNotes(int service)
{
    Registry stored;
    Error error;
    if (!RegistryIo::load(url(), stored, error))
        return QStringLiteral("(unreadable: %1)").arg(error.toString());
    return stored.devices[0].services[service].ports[0].notes;
}

void TestPgTwoApps::theSecondEditOfOneBindingIsAConflict()
{
    for (const bool keepMine : {false, true}) {
        Document *doc = m_window->document();
        const QString theirs = keepMine ? QStringLiteral("theirs again") : QStringLiteral("theirs");
        const QString mine = keepMine ? QStringLiteral("mine again") : QStringLiteral("mine");
        otherAppSets(theirs);
        // Here: the same binding, and another one nobody else touched.
        Binding same = doc->registry().devices[0].services[2].ports[0];
        same.notes = mine;
        doc->undoStack()->push(new EditBinding(doc, same.key.id, same));
        Binding other = doc->registry().devices[0].services[4].ports[0];
        other.notes = mine + QStringLiteral(" elsewhere");
        doc->undoStack()->push(new EditBinding(doc, other.key.id, other));
        // The second save did not overwrite the first.
        QCOMPARE(storedNotes(2), theirs);
        QTRY_VERIFY(m_window->findChild<QPushButton *>(QStringLiteral("reapplyMineButton")));
        auto *keep = child<QPushButton>(m_window.get(), QStringLiteral("keepMineButton"));
        auto *reapply = child<QPushButton>(m_window.get(), QStringLiteral("reapplyMineButton"));
        QTRY_VERIFY(keep->isVisible() && reapply->isVisible());
        QVERIFY(doc->isModified());
        QCOMPARE(doc->collisions().size(), 1);
        QVERIFY2(doc->collisions().first().contains(mine) &&
                     doc->collisions().first().contains(theirs),
                 qPrintable(doc->collisions().first()));
        auto *banner = m_window->findChild<QLabel *>(QStringLiteral("messageText"));
        QVERIFY(banner);
        QVERIFY2(banner->text().contains(QStringLiteral("atlas/gitea 20022/tcp notes")),
                 qPrintable(banner->text()));
        QTest::mouseClick(keepMine ? keep : reapply, Qt::LeftButton);
        QTRY_VERIFY(!doc->isModified());
        QCOMPARE(storedNotes(2), keepMine ? mine : theirs);
        QCOMPARE(storedNotes(4), mine + QStringLiteral(" elsewhere"));
        QCOMPARE(doc->undoStack()->count(), 1); // the settlement is one step
        QCOMPARE(doc->registry().devices[0].services[2].ports[0].notes, keepMine ? mine : theirs);
    }
}

void TestPgTwoApps::editsMadeWhileTheServerIsAwayAreKept()
{
    const QString stop = qEnvironmentVariable("PORTOLAN_TEST_PG_STOP");
    const QString start = qEnvironmentVariable("PORTOLAN_TEST_PG_START");
    QVERIFY(!stop.isEmpty() && !start.isEmpty());
    QCOMPARE(QProcess::execute(stop, {}), 0);
    Document *doc = m_window->document();
    Binding edited = doc->registry().devices[0].services[2].ports[0];
    edited.notes = QStringLiteral("typed while the server was down");
    doc->undoStack()->push(new EditBinding(doc, edited.key.id, edited));
    // Kept, and said so: the title marks it unsaved.
    QCOMPARE(doc->registry().devices[0].services[2].ports[0].notes, edited.notes);
    QVERIFY(doc->isModified());
    QTRY_VERIFY(m_window->windowTitle().contains(u'*'));
    QCOMPARE(QProcess::execute(start, {}), 0);
    QTRY_VERIFY_WITH_TIMEOUT(!doc->isModified(), 20000);
    QCOMPARE(storedNotes(2), edited.notes);
}

// The Edit dialog open on a binding while the other app commits a change to it: OK does not
// write over theirs; the banner names the field and both values and waits for a choice.
void TestPgTwoApps::aDialogOpenDuringTheirCommitAsksFirst()
{
    Document *doc = m_window->document();
    selectAdguardsBinding();
    bool asked = false;
    onNextDialog([this, &asked](QWidget *dialog) {
        child<QLineEdit>(dialog, QStringLiteral("notesField"))
            ->setText(QStringLiteral("mine in the dialog"));
        otherAppSets(QStringLiteral("theirs meanwhile"));
        // Their commit reaches this app (LISTEN/NOTIFY) while the dialog is open.
        QTRY_COMPARE(m_window->document()->registry().devices[0].services[2].ports[0].notes,
                     QStringLiteral("theirs meanwhile"));
        asked = true;
        child<QPushButton>(dialog, QStringLiteral("okButton"))->click();
    });
    m_window->findChild<QAction *>(QStringLiteral("actionEdit"))->trigger();
    QVERIFY(asked);
    QCOMPARE(storedNotes(2), QStringLiteral("theirs meanwhile"));
    QTRY_VERIFY(m_window->findChild<QPushButton *>(QStringLiteral("keepTheirsButton")));
    auto *banner = m_window->findChild<QLabel *>(QStringLiteral("messageText"));
    QVERIFY2(banner->text().contains(QStringLiteral("notes")) &&
                 banner->text().contains(QStringLiteral("mine in the dialog")) &&
                 banner->text().contains(QStringLiteral("theirs meanwhile")),
             qPrintable(banner->text()));
    child<QPushButton>(m_window.get(), QStringLiteral("keepMineButton"))->click();
    QTRY_COMPARE(storedNotes(2), QStringLiteral("mine in the dialog"));
    QCOMPARE(doc->registry().devices[0].services[2].ports[0].notes,
             QStringLiteral("mine in the dialog"));
}

// The other app deletes the binding while its Edit dialog is open here: the dialog says so
// inline, OK is off, nothing crashes and nothing is written.
void TestPgTwoApps::aDialogOnADeletedBindingSaysSo()
{
    selectAdguardsBinding();
    const int before = int(m_window->document()->registry().devices[0].services[2].ports.size());
    QString message;
    bool okEnabled = true;
    onNextDialog([this, &message, &okEnabled, before](QWidget *dialog) {
        child<QLineEdit>(dialog, QStringLiteral("notesField"))->setText(QStringLiteral("edited"));
        otherAppSets(QString()); // removes it
        QTRY_COMPARE(int(m_window->document()->registry().devices[0].services[2].ports.size()),
                     before - 1);
        child<QLineEdit>(dialog, QStringLiteral("notesField"))->setText(QStringLiteral("edited!"));
        auto *ok = child<QPushButton>(dialog, QStringLiteral("okButton"));
        okEnabled = ok->isEnabled();
        message = child<QLabel>(dialog, QStringLiteral("hostMessage"))->text();
        qobject_cast<QDialog *>(dialog)->reject();
    });
    m_window->findChild<QAction *>(QStringLiteral("actionEdit"))->trigger();
    QVERIFY(!okEnabled);
    QVERIFY2(message.contains(QStringLiteral("deleted this binding")), qPrintable(message));
}

// My edit, then theirs on the same binding, then my undo: their newer value stays, and the
// undo says why it was not done.
void TestPgTwoApps::undoNeverWritesOverTheirNewerValue()
{
    Document *doc = m_window->document();
    Binding mine = doc->registry().devices[0].services[2].ports[0];
    mine.notes = QStringLiteral("mine first");
    doc->undoStack()->push(new EditBinding(doc, mine.key.id, mine));
    QCOMPARE(storedNotes(2), QStringLiteral("mine first"));
    otherAppSets(QStringLiteral("theirs after mine"));
    QTRY_COMPARE(doc->registry().devices[0].services[2].ports[0].notes,
                 QStringLiteral("theirs after mine"));
    QSignalSpy refused(doc, &Document::undoRefused);
    doc->undoStack()->undo();
    QCOMPARE(refused.count(), 1);
    QCOMPARE(storedNotes(2), QStringLiteral("theirs after mine"));
    QCOMPARE(doc->registry().devices[0].services[2].ports[0].notes,
             QStringLiteral("theirs after mine"));
    QVERIFY(m_window->findChild<QLabel *>(QStringLiteral("messageText"))
                ->text()
                .startsWith(QStringLiteral("Not undone")));
}

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    if (argc == 3 && qstrcmp(argv[1], "--second-app") == 0) {
        QStandardPaths::setTestModeEnabled(true);
        return runSecondApp(QString::fromUtf8(argv[2]));
    }
    if (argc == 2 && qstrcmp(argv[1], "--second-app-removes") == 0) {
        QStandardPaths::setTestModeEnabled(true);
        return runSecondApp(QString(), true);
    }
    TestPgTwoApps test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_pgtwoapps.moc"
