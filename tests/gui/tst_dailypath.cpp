#include "dialogs/BindingDialog.h"
#include "dialogs/DeviceDialog.h"
#include "dialogs/ServiceDialog.h"
#include "docks/FindingsDock.h"
#include "document/Document.h"
#include "document/commands/AddRemove.h"
#include "itemmodels/ItemRoles.h"
#include "itemmodels/PortMapModel.h"
#include "support/CommandCases.h"
#include "support/GuiSupport.h"
#include "support/TestSupport.h"
#include "window/MainWindow.h"

#include <QAbstractSpinBox>
#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTreeWidget>
#include <QUndoStack>

using namespace portolan;
using namespace portolan::testing;

// The main path as a person takes it, by mouse and by keyboard: what once passed every other
// test and still failed a person at the real window.
class TestDailyPath : public QObject, public MainWindowFixture
{
    Q_OBJECT

private slots:
    void initTestCase() { MainWindowFixture::initTestCase(); }
    void init();
    void findingsShowManyRowsBesideOtherDocks();
    void closeClosesTheRegistryNotTheWindow();
    void tabPassesOverDocksBehindOthers();
    void clickOnABindingRowEnablesAddBinding();
    void pagesSwitchByKeyboard();
    void escClearsTheSearch();
    void tabLeavesTheTables();
    void deleteDoesNotAskAndOffersUndo();
    void missingFileOffersToCreateIt();
    void findingsFilterAndQuickFix();
    void statusSpeaksInPluralForms();
    void searchAllDevicesGoesToTheRow();
    void rowsHaveContextMenus();
    void everyControlHasAnAccessibleName();
    void aDeviceWithoutServicesSaysWhatToDo();

private:
    QTableView *portMap() const
    {
        return child<QTableView>(m_window.get(), QStringLiteral("portMapView"));
    }
    QAction *action(const char *name) const
    {
        return child<QAction>(m_window.get(), QString::fromLatin1(name));
    }
};

void TestDailyPath::init()
{
    QSettings().clear();
    QVERIFY(openExample());
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
}

void TestDailyPath::clickOnABindingRowEnablesAddBinding()
{
    QTableView *view = portMap();
    QVERIFY(!action("actionAddBinding")->isEnabled());
    // gitea's binding, by a real click on the row (no arrow key).
    const QRect cell = view->visualRect(view->model()->index(4, PortMapModel::HostPort));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, cell.center());
    QVERIFY(action("actionAddBinding")->isEnabled());
    QVERIFY(action("actionEditService")->isEnabled());
}

void TestDailyPath::pagesSwitchByKeyboard()
{
    auto *pages = child<QTabWidget>(m_window.get(), QStringLiteral("pages"));
    portMap()->setFocus();
    QCOMPARE(pages->currentIndex(), 0);
    QTest::keyClick(portMap(), Qt::Key_PageDown, Qt::ControlModifier);
    QCOMPARE(pages->currentIndex(), 1);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab, Qt::ControlModifier);
    QCOMPARE(pages->currentIndex(), 2);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_PageUp, Qt::ControlModifier);
    QCOMPARE(pages->currentIndex(), 1);
    // Each tab has a mnemonic.
    QTest::keyClick(m_window.get(), Qt::Key_P, Qt::AltModifier);
    QCOMPARE(pages->currentIndex(), 0);
}

void TestDailyPath::escClearsTheSearch()
{
    auto *search = child<QLineEdit>(m_window.get(), QStringLiteral("searchField"));
    search->setFocus();
    QTest::keyClicks(search, QStringLiteral("vault"));
    QCOMPARE(portMap()->model()->rowCount(), 1);
    QTest::keyClick(search, Qt::Key_Escape);
    QCOMPARE(search->text(), QString());
    QCOMPARE(portMap()->model()->rowCount(), 10);
    // A second Esc goes back to the table.
    QTest::keyClick(search, Qt::Key_Escape);
    QCOMPARE(QApplication::focusWidget(), portMap());
}

void TestDailyPath::tabLeavesTheTables()
{
    portMap()->setFocus();
    portMap()->setCurrentIndex(portMap()->model()->index(0, 0));
    QTest::keyClick(portMap(), Qt::Key_Tab);
    QVERIFY(QApplication::focusWidget() != portMap());
    QVERIFY(!portMap()->isAncestorOf(QApplication::focusWidget()));
}

void TestDailyPath::deleteDoesNotAskAndOffersUndo()
{
    QTableView *view = portMap();
    view->setFocus();
    view->selectRow(4); // gitea 20022
    const Registry before = m_window->document()->registry();
    // No modal question may come up: if one did, this would hang until the test timed out.
    QTest::keyClick(view, Qt::Key_Delete);
    QCOMPARE(m_window->document()->registry().devices[0].services[2].ports.size(), 0);
    QVERIFY2(m_window->bannerText().contains(QStringLiteral("Deleted binding 20022/tcp")),
             qPrintable(m_window->bannerText()));
    QTest::mouseClick(child<QPushButton>(m_window.get(), QStringLiteral("undoDeleteButton")),
                      Qt::LeftButton);
    QVERIFY(m_window->document()->registry() == before);

    // Undone another way (Ctrl+Z), the offer goes with it: it no longer describes the state.
    view->selectRow(4);
    QTest::keyClick(view, Qt::Key_Delete);
    QVERIFY(m_window->bannerText().contains(QStringLiteral("Deleted binding")));
    QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(m_window->document()->registry() == before);
    QVERIFY(!child<QPushButton>(m_window.get(), QStringLiteral("undoDeleteButton"))->isVisible());
}

void TestDailyPath::missingFileOffersToCreateIt()
{
    const QString path = m_dir.filePath(QStringLiteral("new-lab.yaml"));
    QVERIFY(!QFile::exists(path));
    QVERIFY(!m_window->openLocation(path));
    QVERIFY2(m_window->bannerText().contains(QStringLiteral("does not exist")),
             qPrintable(m_window->bannerText()));
    QVERIFY(!QFile::exists(path)); // nothing written until asked
    QTest::mouseClick(child<QPushButton>(m_window.get(), QStringLiteral("createHereButton")),
                      Qt::LeftButton);
    QVERIFY(QFile::exists(path));
    QCOMPARE(m_window->document()->location(), path);
    QCOMPARE(m_window->document()->registry().policy.blocks.size(), 10);
    QVERIFY(m_window->windowTitle().startsWith(QStringLiteral("new-lab.yaml")));
}

void TestDailyPath::findingsFilterAndQuickFix()
{
    Document *doc = m_window->document();
    // A binding without an exception (error) on gitea.
    doc->undoStack()->push(
        new AddBinding(doc, serviceId(*doc, 0, 2), 1, newBinding(20031, 2222, QString())));
    auto *dock = child<FindingsDock>(m_window.get(), QStringLiteral("findingsDock"));
    QTableView *findings = dock->view();
    const int all = findings->model()->rowCount();
    QVERIFY(all >= 1);
    // Errors first.
    QCOMPARE(findings->model()->index(0, 0).data(SeverityRole).toInt(), int(Severity::Error));
    child<QCheckBox>(m_window.get(), QStringLiteral("errorsOnlyCheck"))->setChecked(true);
    QCOMPARE(findings->model()->rowCount(), 1);
    // This device only: helios has none of them.
    child<QCheckBox>(m_window.get(), QStringLiteral("thisDeviceOnlyCheck"))->setChecked(true);
    auto *devices = child<QTableView>(m_window.get(), QStringLiteral("deviceList"));
    devices->selectRow(1);
    QCOMPARE(findings->model()->rowCount(), 0);
    QVERIFY(child<QLabel>(m_window.get(), QStringLiteral("findingsEmpty"))->isVisible());
    devices->selectRow(0);
    QCOMPARE(findings->model()->rowCount(), 1);

    // The fix from the finding's menu: one undoable step.
    QMenu *menu = dock->contextMenuFor(0);
    QAction *fix = nullptr;
    for (QAction *candidate : menu->actions()) {
        if (candidate->text().startsWith(QStringLiteral("Set exception: non-http")))
            fix = candidate;
    }
    QVERIFY(fix);
    const int steps = doc->undoStack()->count();
    fix->trigger();
    delete menu;
    QCOMPARE(doc->undoStack()->count(), steps + 1);
    QCOMPARE(doc->registry().devices[0].services[2].ports[1].exception, Exceptions::NonHttp);
    QCOMPARE(findings->model()->rowCount(), 0);
}

void TestDailyPath::statusSpeaksInPluralForms()
{
    auto *status = child<QLabel>(m_window.get(), QStringLiteral("statusCounts"));
    QVERIFY2(status->text().startsWith(QStringLiteral("2 devices · ")), qPrintable(status->text()));
    QVERIFY2(status->text().contains(QStringLiteral("0 errors")), qPrintable(status->text()));
    Document *doc = m_window->document();
    doc->undoStack()->push(
        new AddBinding(doc, serviceId(*doc, 0, 2), 1, newBinding(20031, 2222, QString())));
    QVERIFY2(status->text().contains(QStringLiteral(" 1 error ")), qPrintable(status->text()));
    QVERIFY(!status->text().contains(QStringLiteral("error(s)")));
}

void TestDailyPath::searchAllDevicesGoesToTheRow()
{
    auto *local = child<QLineEdit>(m_window.get(), QStringLiteral("searchField"));
    QTest::keyClicks(local, QStringLiteral("gitea"));
    QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    auto *field = child<QLineEdit>(m_window.get(), QStringLiteral("searchAllField"));
    QTRY_COMPARE(QApplication::focusWidget(), field);
    QTest::keyClicks(field, QStringLiteral("nothing-like-this"));
    QVERIFY(child<QLabel>(m_window.get(), QStringLiteral("searchStatus"))
                ->text()
                .startsWith(QStringLiteral("No results")));
    field->clear();
    QTest::keyClicks(field, QStringLiteral("komodo"));
    auto *results = child<QTreeWidget>(m_window.get(), QStringLiteral("searchResults"));
    QCOMPARE(results->topLevelItemCount(), 2); // atlas and helios
    QCOMPARE(child<QLabel>(m_window.get(), QStringLiteral("searchStatus"))->text(),
             QStringLiteral("2 results · on 2 devices"));
    QCOMPARE(results->topLevelItem(1)->text(0), QStringLiteral("helios"));
    // Each result says why it matched.
    QCOMPARE(results->headerItem()->text(4), QStringLiteral("Matched"));
    QCOMPARE(results->topLevelItem(1)->child(0)->text(4), QStringLiteral("service name"));
    // The local search is left as it was.
    QCOMPARE(local->text(), QStringLiteral("gitea"));
    results->setCurrentItem(results->topLevelItem(1)->child(0));
    emit results->itemActivated(results->topLevelItem(1)->child(0), 0);
    QCOMPARE(m_window->document()->registry().devices[1].name, QStringLiteral("helios"));
    QCOMPARE(local->text(), QString()); // selecting the row shows it
    QCOMPARE(portMap()->currentIndex().siblingAtColumn(PortMapModel::ServiceName).data().toString(),
             QStringLiteral("komodo-periphery"));
}

void TestDailyPath::rowsHaveContextMenus()
{
    QCOMPARE(portMap()->contextMenuPolicy(), Qt::ActionsContextMenu);
    QVERIFY(portMap()->actions().contains(action("actionAddBinding")));
    auto *devices = child<QTableView>(m_window.get(), QStringLiteral("deviceList"));
    QCOMPARE(devices->contextMenuPolicy(), Qt::ActionsContextMenu);
    QVERIFY(devices->actions().contains(action("actionAddService")));
}

// What a screen reader announces: every input, table and button of the window and of the
// editing dialogs has a name (a buddy label, its text, or an accessible name).
void TestDailyPath::everyControlHasAnAccessibleName()
{
    auto unnamed = [](QWidget *root) {
        QStringList missing;
        const QList<QWidget *> widgets = root->findChildren<QWidget *>();
        for (QWidget *widget : widgets) {
            if (!widget->isVisibleTo(root) || widget->focusPolicy() == Qt::NoFocus)
                continue;
            if (!qobject_cast<QLineEdit *>(widget) && !qobject_cast<QAbstractButton *>(widget) &&
                !qobject_cast<QComboBox *>(widget) && !qobject_cast<QAbstractItemView *>(widget) &&
                !qobject_cast<QAbstractSpinBox *>(widget))
                continue;
            if (qobject_cast<QLineEdit *>(widget) &&
                qobject_cast<QAbstractSpinBox *>(widget->parentWidget()))
                continue; // the spin box speaks for its editor
            if (qobject_cast<QLineEdit *>(widget) &&
                qobject_cast<QComboBox *>(widget->parentWidget()))
                continue;
            QAccessibleInterface *accessible = QAccessible::queryAccessibleInterface(widget);
            if (!accessible || accessible->text(QAccessible::Name).trimmed().isEmpty())
                missing << QStringLiteral("%1 (%2)").arg(
                    widget->objectName(), QString::fromLatin1(widget->metaObject()->className()));
        }
        return missing;
    };
    QStringList missing = unnamed(m_window.get());
    const Registry &registry = m_window->document()->registry();
    DeviceDialog device(registry, -1, Device(), m_window.get());
    device.show();
    missing += unnamed(&device);
    BindingDialog binding(registry, 0, 2, -1, Binding(), m_window.get());
    binding.show();
    missing += unnamed(&binding);
    ServiceDialog service(registry, 0, 2, registry.devices[0].services[2], m_window.get());
    service.show();
    missing += unnamed(&service);
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(", "))));
}

void TestDailyPath::aDeviceWithoutServicesSaysWhatToDo()
{
    Document *doc = m_window->document();
    Device nova;
    nova.name = QStringLiteral("nova");
    nova.ip = QStringLiteral("192.168.10.9");
    doc->undoStack()->push(new AddDevice(doc, 2, nova));
    auto *devices = child<QTableView>(m_window.get(), QStringLiteral("deviceList"));
    devices->selectRow(2);
    auto *empty = child<QLabel>(m_window.get(), QStringLiteral("portMapEmpty"));
    QVERIFY(empty->isVisible());
    QVERIFY(empty->text().startsWith(QStringLiteral("nova has no services yet.")));
    devices->selectRow(0);
    QVERIFY(!empty->isVisible());
    QVERIFY(portMap()->isVisible());
}

// At the first start's size, with the search and the changes tabbed beside the findings, the
// findings list shows most of a broken registry's errors (it showed 2 of 11 in a 140-px dock).
void TestDailyPath::findingsShowManyRowsBesideOtherDocks()
{
    QSettings().remove(QStringLiteral("window"));
    MainWindow fresh;
    fresh.show();
    QVERIFY(fresh.openLocation(copyOf(fromTestFolder(PORTOLAN_EXAMPLE), QStringLiteral("e.yaml"))));
    Document *doc = fresh.document();
    for (int i = 0; i < 11; ++i) // a published port without an exception: an error each
        doc->undoStack()->push(new AddBinding(doc, serviceId(*doc, 0, 2), 0,
                                              newBinding(20030 + i, 2000 + i, QString())));
    for (const char *name : {"searchDock", "changesDock"})
        child<QDockWidget>(&fresh, QString::fromLatin1(name))->toggleViewAction()->trigger();
    auto *findingsDock = child<QDockWidget>(&fresh, QStringLiteral("findingsDock"));
    findingsDock->raise();
    auto *findings = child<QTableView>(&fresh, QStringLiteral("findingsView"));
    QTRY_VERIFY(findings->isVisible());
    QVERIFY(findings->model()->rowCount() >= 11);
    const int rowHeight = findings->rowHeight(0);
    const int shown = findings->viewport()->height() / rowHeight;
    QVERIFY2(shown >= 8, qPrintable(QStringLiteral("%1 rows of %2 px in %3 px at %4x%5")
                                        .arg(shown)
                                        .arg(rowHeight)
                                        .arg(findings->viewport()->height())
                                        .arg(fresh.width())
                                        .arg(fresh.height())));
}

// File > Close (Ctrl+W) closes the registry and keeps the window, offering to reopen it.

void TestDailyPath::closeClosesTheRegistryNotTheWindow()
{
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    const QString path = m_window->document()->location();
    QVERIFY(!path.isEmpty());
    QTest::keySequence(m_window.get(), QKeySequence::Close);
    QVERIFY(m_window->isVisible());
    QVERIFY(m_window->document()->location().isEmpty());
    QVERIFY(m_window->windowTitle().startsWith(QStringLiteral("Untitled")));
    auto *reopen = child<QPushButton>(m_window.get(), QStringLiteral("reopenButton"));
    QTRY_VERIFY(reopen->isVisible());
    reopen->click();
    QTRY_COMPARE(m_window->document()->location(), path);
    QCOMPARE(m_window->document()->registry().devices.size(), 2);
}

// With Search in front of Findings and Changes, Tab never lands in the docks behind it (Qt
// keeps them "visible", only covered): forward round the whole window and back.

void TestDailyPath::tabPassesOverDocksBehindOthers()
{
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    for (const char *name : {"changesDock", "searchDock"})
        child<QDockWidget>(m_window.get(), QString::fromLatin1(name))
            ->toggleViewAction()
            ->trigger();
    auto *field = child<QLineEdit>(m_window.get(), QStringLiteral("searchAllField"));
    QTRY_VERIFY(field->isVisible() && !field->visibleRegion().isEmpty());
    field->setFocus();
    QTRY_COMPARE(QApplication::focusWidget(), field);
    for (const Qt::KeyboardModifiers modifiers : {Qt::NoModifier, Qt::ShiftModifier}) {
        QStringList visited;
        for (int i = 0; i < 60; ++i) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab, modifiers);
            QWidget *now = QApplication::focusWidget();
            visited << now->objectName();
            QVERIFY2(!now->visibleRegion().isEmpty(),
                     qPrintable(QStringLiteral("Tab reached %1, which nobody can see: %2")
                                    .arg(now->objectName(), visited.join(u' '))));
            if (now == field)
                break;
        }
        QVERIFY2(visited.contains(QStringLiteral("portMapView")), qPrintable(visited.join(u' ')));
    }
}

QTEST_MAIN(TestDailyPath)
#include "tst_dailypath.moc"
