#include "window/MainWindow.h"

#include "dialogs/GuideDialog.h"
#include "dialogs/PreferencesDialog.h"
#include "dialogs/ShortcutsDialog.h"

#include "controllers/AuditController.h"
#include "controllers/DocumentController.h"
#include "controllers/DriftController.h"
#include "controllers/EditController.h"
#include "controllers/Feedback.h"
#include "controllers/ImportExportController.h"
#include "docks/ChangesDock.h"
#include "docks/FindingsDock.h"
#include "docks/HistoryDock.h"
#include "docks/SearchDock.h"
#include "document/Document.h"
#include "itemmodels/PortMapModel.h"
#include "pages/DevicesPanel.h"
#include "pages/PolicyPage.h"
#include "pages/PortMapPage.h"
#include "pages/RangePage.h"
#include "store/RegistryIo.h"
#include "store/RegistryLocation.h"
#include "store/Store.h"
#include "widgets/HeatmapWidget.h"
#include "widgets/Icons.h"
#include "widgets/MessageBanner.h"
#include "window/MainActions.h"
#include "window/Navigator.h"

#include <QAction>
#include <QCloseEvent>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

#include <utility>

namespace portolan {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_document(new Document(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(Icons::get(QStringLiteral("portolan")));
    setAcceptDrops(true);

    createPages();
    m_navigator = new Navigator(m_document, m_devices, m_portMap, m_range, m_pages, this);
    m_actions = new MainActions(m_document->undoStack(), this);
    m_documents = new DocumentController(m_document, this, m_feedback.get(), this);
    const WindowParts parts{m_document, m_navigator, m_devices, m_portMap,
                            m_policy,   m_range,     this,      m_feedback.get()};
    m_edits = new EditController(parts, this);
    m_transfers = new ImportExportController(m_document, m_navigator, m_portMap, m_range,
                                             m_documents, this, m_feedback.get(), this);
    m_drift = new DriftController(parts, this);
    m_audit = new AuditController(parts, this);
    createMenus();
    connectActions();

    connect(m_document, &Document::modifiedChanged, this, &MainWindow::updateTitle);
    connect(m_document, &Document::locationChanged, this, &MainWindow::updateTitle);
    // Every change of a device ends in findingsChanged (once for a whole batch, such as an
    // import): the counts are not added up again for each of its 500 devices.
    connect(m_document, &Document::findingsChanged, this, &MainWindow::updateStatus);
    connect(m_document, &Document::resetDone, this, &MainWindow::updateStatus);
    connect(m_document->undoStack(), &QUndoStack::indexChanged, this, &MainWindow::updateActions);
    connect(m_document->undoStack(), &QUndoStack::indexChanged, this,
            [this] { m_feedback->clearInfo(); });
    connect(m_navigator, &Navigator::selectionChanged, this, &MainWindow::updateActions);
    connect(m_navigator, &Navigator::selectionChanged, this,
            [this] { m_findings->setCurrentDevice(m_navigator->selection().device); });
    connect(m_documents, &DocumentController::openFinished, this, &MainWindow::finishStartOpen);
    connect(m_documents, &DocumentController::openFinished, this, &MainWindow::openFinished);
    connect(m_documents, &DocumentController::titleChanged, this, &MainWindow::updateTitle);
    connect(m_documents, &DocumentController::newRegistryCreated, this,
            [this] { m_navigator->showPage(Navigator::Page::Policy); });

    readSettings();
    updateTitle();
    updateStatus();
    updateActions();
}

MainWindow::~MainWindow()
{
    // The document is a child, deleted after this class's part of the object is gone; its last
    // signals (the undo stack clearing) must not reach this window's slots then (UBSan found it).
    disconnect(m_document, nullptr, this, nullptr);
    disconnect(m_document->undoStack(), nullptr, this, nullptr);
    delete m_documents; // stops a background open before the window goes
    m_documents = nullptr;
}

void MainWindow::createPages()
{
    m_banner = new MessageBanner;
    m_statusCounts = new QLabel;
    m_statusCounts->setObjectName(QStringLiteral("statusCounts"));
    m_statusLocation = new QLabel;
    statusBar()->addWidget(m_statusCounts, 1);
    statusBar()->addPermanentWidget(m_statusLocation);
    m_feedback = std::make_unique<Feedback>(m_banner, statusBar());

    m_devices = new DevicesPanel(m_document);
    m_portMap = new PortMapPage(m_document);
    m_policy = new PolicyPage(m_document);
    m_range = new RangePage(m_document);
    m_pages = new QTabWidget;
    m_pages->setObjectName(QStringLiteral("pages"));
    m_pages->setDocumentMode(true);
    // In Navigator::Page order.
    // Mnemonics clear of the menus' (F, E, V, H): Alt+P, Alt+Y, Alt+R.
    m_pages->addTab(m_portMap, tr("&Port Map"));
    m_pages->addTab(m_policy, Icons::get(QStringLiteral("policy")), tr("Polic&y and Blocks"));
    m_pages->addTab(m_range, tr("&Range Heatmap"));

    m_splitter = new QSplitter;
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(m_devices);
    m_splitter->addWidget(m_pages);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({380, 980});
    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addWidget(m_banner);
    layout->addWidget(m_splitter, 1);
    setCentralWidget(central);

    m_findings = new FindingsDock(m_document, this);
    addDockWidget(Qt::BottomDockWidgetArea, m_findings);
    resizeDocks({m_findings}, {140}, Qt::Vertical);
    // Hidden at start, and placed when first shown (unless a restored layout placed them): the
    // search and the changes beside the findings, as tabs (on the right they would squeeze the
    // port map's columns); the history on the right.
    m_search = new SearchDock(m_document, this);
    m_changes = new ChangesDock(m_document, this);
    m_history = new HistoryDock(m_document->undoStack(), this);
    const auto placeBesideFindings = [this](QDockWidget *dock) {
        return [this, dock] {
            if (dockWidgetArea(dock) != Qt::NoDockWidgetArea)
                return;
            addDockWidget(Qt::BottomDockWidgetArea, dock);
            // Open, even behind another tab (closed, it keeps no place to share).
            if (!m_findings->isHidden())
                tabifyDockWidget(m_findings, dock);
        };
    };
    m_search->placeWhenFirstShown(placeBesideFindings(m_search));
    m_changes->placeWhenFirstShown(placeBesideFindings(m_changes));
    m_history->placeWhenFirstShown([this] {
        if (dockWidgetArea(m_history) == Qt::NoDockWidgetArea)
            addDockWidget(Qt::RightDockWidgetArea, m_history);
    });
    for (QDockWidget *dock :
         {static_cast<QDockWidget *>(m_search), static_cast<QDockWidget *>(m_changes),
          static_cast<QDockWidget *>(m_history)})
        dock->hide();
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_actions->newRegistry);
    file->addAction(m_actions->open);
    QMenu *recent = file->addMenu(tr("Open &Recent"));
    recent->setObjectName(QStringLiteral("recentMenu"));
    m_documents->attachRecentMenu(recent);
    file->addSeparator();
    file->addAction(m_actions->save);
    file->addAction(m_actions->saveAs);
    file->addMenu(m_changes->compareMenu());
    file->addMenu(tr("&Import"))->addActions(m_transfers->importActions());
    file->addMenu(tr("&Export"))->addActions(m_transfers->exportActions());
    file->addSeparator();
    file->addAction(m_transfers->printAction());
    file->addAction(m_transfers->printPreviewAction());
    file->addSeparator();
    file->addAction(m_actions->close);
    file->addAction(m_actions->quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addActions({m_actions->undo, m_actions->redo});
    edit->addSeparator();
    edit->addActions({m_actions->addDevice, m_actions->addService, m_actions->addBinding});
    edit->addSeparator();
    edit->addActions({m_actions->edit, m_actions->editService, m_actions->duplicate,
                      m_actions->moveService, m_actions->remove});
    edit->addSeparator();
    edit->addActions({m_actions->find, m_actions->searchAll, m_actions->editPolicy});
    edit->addSeparator();
    edit->addAction(m_actions->preferences);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    // A dock asked for comes to the front of its tabs: once the layout has taken its new tab in,
    // at the next turn of the event loop (raised at once, a tab just added stays behind).
    for (QDockWidget *dock :
         {static_cast<QDockWidget *>(m_findings), static_cast<QDockWidget *>(m_search),
          static_cast<QDockWidget *>(m_changes), static_cast<QDockWidget *>(m_history)}) {
        view->addAction(dock->toggleViewAction());
        connect(dock->toggleViewAction(), &QAction::triggered, dock, [dock](bool shown) {
            if (shown)
                QTimer::singleShot(0, dock, &QWidget::raise);
        });
    }
    view->addSeparator();
    view->addActions({m_actions->nextPage, m_actions->previousPage});

    QMenu *tools = menuBar()->addMenu(tr("&Tools"));
    tools->addActions({m_drift->checkDeviceAction(), m_drift->checkAllAction()});
    tools->addSeparator();
    tools->addActions({m_audit->auditDeviceAction(), m_audit->auditAllAction()});

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addActions({m_actions->guide, m_actions->shortcuts});
    help->addSeparator();
    help->addAction(m_actions->about);

    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolBar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setIconSize(QSize(16, 16));
    toolbar->addActions({m_actions->undo, m_actions->redo});
    // Icons only for these two: their text names the step ("Undo Add binding 20023/tcp") and
    // would push the rest of the toolbar about; the tooltip still says it.
    for (QAction *action : {m_actions->undo, m_actions->redo}) {
        if (auto *button = qobject_cast<QToolButton *>(toolbar->widgetForAction(action)))
            button->setToolButtonStyle(Qt::ToolButtonIconOnly);
    }
    toolbar->addSeparator();
    toolbar->addActions({m_actions->addDevice, m_actions->addService, m_actions->addBinding,
                         m_actions->edit, m_actions->remove});
    toolbar->addSeparator();
    toolbar->addAction(m_actions->editPolicy);

    // Right-click (or the Menu key) on a row: the actions that apply to it. A right press
    // selects the row first, so their enabled state is the row's.
    auto contextActions = [](QWidget *view, const QList<QAction *> &actions) {
        view->setContextMenuPolicy(Qt::ActionsContextMenu);
        view->addActions(actions);
    };
    auto separator = [this] {
        auto *action = new QAction(this);
        action->setSeparator(true);
        return action;
    };
    contextActions(m_devices->view(), {m_actions->edit, m_actions->duplicate, m_actions->remove,
                                       separator(), m_actions->addDevice, m_actions->addService,
                                       separator(), m_drift->checkDeviceAction(),
                                       m_drift->checkAllAction(), m_audit->auditDeviceAction()});
    contextActions(m_portMap->view(),
                   {m_actions->edit, m_actions->editService, m_actions->addBinding, separator(),
                    m_actions->duplicate, m_actions->moveService, m_actions->remove});
}

void MainWindow::connectActions()
{
    MainActions *a = m_actions;
    connect(a->newRegistry, &QAction::triggered, m_documents, &DocumentController::newRegistry);
    connect(a->open, &QAction::triggered, m_documents, &DocumentController::openFile);
    connect(a->save, &QAction::triggered, m_documents, &DocumentController::save);
    connect(a->saveAs, &QAction::triggered, m_documents, &DocumentController::saveAs);
    connect(a->quit, &QAction::triggered, this, &QWidget::close);
    connect(a->close, &QAction::triggered, m_documents, &DocumentController::closeRegistry);
    connect(a->nextPage, &QAction::triggered, this,
            [this] { m_pages->setCurrentIndex((m_pages->currentIndex() + 1) % m_pages->count()); });
    connect(a->previousPage, &QAction::triggered, this, [this] {
        m_pages->setCurrentIndex((m_pages->currentIndex() + m_pages->count() - 1) %
                                 m_pages->count());
    });
    connect(a->preferences, &QAction::triggered, this, &MainWindow::showPreferences);
    connect(a->shortcuts, &QAction::triggered, this, &MainWindow::showShortcuts);
    connect(a->guide, &QAction::triggered, this, &MainWindow::showGuide);
    connect(a->addDevice, &QAction::triggered, m_edits, &EditController::addDevice);
    connect(a->addService, &QAction::triggered, m_edits, &EditController::addService);
    connect(a->addBinding, &QAction::triggered, m_edits, &EditController::addBinding);
    // Edit acts on what has the focus: the device list edits the device, even when a service
    // of it is still selected in the port map.
    connect(a->edit, &QAction::triggered, this, [this] {
        if (m_devices->view()->hasFocus() && m_navigator->currentDevice() >= 0)
            m_edits->editDevice(m_navigator->currentDevice());
        else
            m_edits->editSelection();
    });
    connect(a->editService, &QAction::triggered, m_edits, &EditController::editService);
    connect(a->duplicate, &QAction::triggered, m_edits, &EditController::duplicateSelection);
    connect(a->remove, &QAction::triggered, m_edits, &EditController::deleteSelection);
    connect(a->moveService, &QAction::triggered, m_edits, &EditController::moveService);
    connect(a->editPolicy, &QAction::triggered, m_edits, &EditController::editPolicy);
    connect(a->find, &QAction::triggered, this, [this] {
        m_navigator->showPage(Navigator::Page::PortMap);
        m_portMap->focusSearch();
    });
    connect(a->about, &QAction::triggered, this, &MainWindow::about);
    connect(a->searchAll, &QAction::triggered, m_search, &SearchDock::focusSearch);
    connect(m_changes, &ChangesDock::elementActivated, this,
            [this](int device, int service, int binding) {
                if (device < 0 || device >= m_document->registry().devices.size())
                    return;
                m_navigator->showPage(Navigator::Page::PortMap);
                m_navigator->selectDevice(device);
                if (service >= 0)
                    m_navigator->selectPortMapRow(service, binding);
            });
    connect(m_search, &SearchDock::resultActivated, this,
            [this](int device, int service, int binding) {
                m_navigator->showPage(Navigator::Page::PortMap);
                m_navigator->selectDevice(device);
                m_navigator->selectPortMapRow(service, binding);
            });

    connect(m_devices, &DevicesPanel::editRequested, m_edits, &EditController::editDevice);
    // A cell edit the checks refuse: the cell keeps its value, the banner says why.
    connect(m_portMap->model(), &PortMapModel::editRefused, this, [this](const QString &message) {
        m_feedback->error(tr("Not changed: %1").arg(message));
    });
    connect(m_portMap, &PortMapPage::editRequested, m_edits, &EditController::editSelection);
    connect(m_portMap, &PortMapPage::serviceEditRequested, m_edits, &EditController::editService);
    connect(m_policy, &PolicyPage::editPolicyRequested, m_edits, &EditController::editPolicy);
    connect(m_policy, &PolicyPage::addBlockRequested, m_edits, &EditController::addBlock);
    connect(m_policy, &PolicyPage::removeBlockRequested, m_edits, &EditController::removeBlock);
    connect(m_range, &RangePage::portClicked, m_navigator, &Navigator::selectPort);
    connect(m_portMap, &PortMapPage::stripPortClicked, this, [this](int port) {
        m_navigator->showPage(Navigator::Page::Range);
        m_range->heatmap()->setCursorPort(port);
        m_range->heatmap()->setFocus(Qt::OtherFocusReason);
    });
    connect(m_range, &RangePage::freePortActivated, m_edits, &EditController::addBindingAt);
    connect(m_range, &RangePage::freeRangeActivated, m_edits, &EditController::addBindingForRange);
    connect(m_findings, &FindingsDock::findingActivated, m_navigator, &Navigator::focusFinding);
}

// --- what the window shows of the document -------------------------------------------------

void MainWindow::updateTitle()
{
    const QString location =
        m_document->location().isEmpty() ? m_startLocation : m_document->location();
    // A server's URL is shown without its password.
    const QString name = location.isEmpty() ? tr("Untitled registry")
                         : RegistryLocation::parse(location).isDatabase()
                             ? RegistryLocation::parse(location).displayName()
                             : QFileInfo(location).fileName();
    setWindowTitle(tr("%1[*] — Portolan").arg(name));
    setWindowModified(m_document->isModified());
    m_statusLocation->setText(location.isEmpty() ? tr("not saved yet")
                                                 : RegistryLocation::parse(location).displayName());
    updateActions();
}

void MainWindow::updateStatus()
{
    if (!m_startLocation.isEmpty()) {
        m_statusCounts->setText(
            tr("Opening %1…")
                .arg(RegistryLocation::parse(m_startLocation).isDatabase()
                         ? RegistryLocation::parse(m_startLocation).displayName()
                         : QFileInfo(m_startLocation).fileName()));
        return;
    }
    const Registry &registry = m_document->registry();
    int services = 0;
    for (const Device &device : registry.devices)
        services += device.services.size();
    const FindingCounts counts = countFindings(m_document->findings());
    m_statusCounts->setText(QStringList{tr("%n device(s)", nullptr, int(registry.devices.size())),
                                        tr("%n service(s)", nullptr, services),
                                        tr("%n binding(s)", nullptr, registry.bindingCount()),
                                        tr("%n error(s)", nullptr, counts.errors),
                                        tr("%n warning(s)", nullptr, counts.warnings),
                                        tr("%n note(s)", nullptr, counts.infos)}
                                .join(QStringLiteral(" · ")));
}

void MainWindow::updateActions()
{
    const Navigator::Selection s = m_navigator->selection();
    m_actions->update(s.device >= 0, s.service >= 0, m_document->registry().devices.size() > 1,
                      m_document->backing() != Document::Backing::Database);
    m_transfers->updateActions(s.device >= 0);
    m_drift->updateActions(s.device >= 0);
    m_audit->updateActions(s.device >= 0);
}

void MainWindow::about()
{
    QMessageBox::about(this, tr("About Portolan"),
                       tr("<h3>Portolan %1</h3><p>Plans homelab port allocations under a "
                          "closed-by-default policy: devices, services, host bindings and "
                          "reverse-proxy routes, checked as you type.</p>"
                          "<p>Registry format v%2.</p>")
                           .arg(QStringLiteral(PORTOLAN_VERSION))
                           .arg(CurrentFormatVersion));
}

void MainWindow::showPreferences()
{
    PreferencesDialog dialog(this);
    dialog.exec();
}

void MainWindow::showShortcuts()
{
    ShortcutsDialog dialog(menuBar(), this);
    dialog.exec();
}

void MainWindow::showGuide()
{
    // Not modal: the guide stays open beside the window while the user tries things.
    auto *guide = findChild<GuideDialog *>();
    if (!guide)
        guide = new GuideDialog(this);
    guide->show();
    guide->raise();
    guide->activateWindow();
}

// --- forwarding for the app's entry point and tests -----------------------------------------

bool MainWindow::openLocation(const QString &pathOrUrl)
{
    return m_documents->openLocation(pathOrUrl);
}

void MainWindow::openAfterFirstPaint(const QString &pathOrUrl)
{
    m_pendingOpen = pathOrUrl;
    // The first frame names the registry on its way, and claims nothing about the empty one
    // that is shown until it arrives.
    m_startLocation = pathOrUrl;
    m_findings->setOpening(true);
    updateTitle();
    updateStatus();
    if (m_painted) {
        openPending();
        return;
    }
    // A window that is never exposed (started minimized, or on a platform that paints late)
    // still gets its registry.
    QTimer::singleShot(250, this, &MainWindow::openPending);
}

void MainWindow::openPending()
{
    if (m_pendingOpen.isEmpty())
        return;
    const QString location = std::exchange(m_pendingOpen, QString());
    // Even a small registry loads behind the window at start: the window stays responsive and
    // the registry appears a few milliseconds later (the progress dialog only after 400 ms).
    const qint64 threshold = backgroundOpenThreshold();
    setBackgroundOpenThreshold(0);
    if (!openLocation(location))
        finishStartOpen(); // refused at once: no openFinished may follow
    setBackgroundOpenThreshold(threshold);
}

void MainWindow::finishStartOpen()
{
    if (m_startLocation.isEmpty())
        return;
    m_startLocation.clear();
    m_findings->setOpening(false);
    updateTitle();
    updateStatus();
}

bool MainWindow::event(QEvent *event)
{
    if (event->type() == QEvent::Paint && !m_painted) {
        m_painted = true;
        // After this paint has reached the screen: the next turn of the event loop.
        if (!m_pendingOpen.isEmpty())
            QTimer::singleShot(0, this, &MainWindow::openPending);
    }
    return QMainWindow::event(event);
}

bool MainWindow::isOpening() const
{
    return m_documents->isOpening();
}

qint64 MainWindow::backgroundOpenThreshold() const
{
    return m_documents->backgroundOpenThreshold();
}

void MainWindow::setBackgroundOpenThreshold(qint64 bytes)
{
    m_documents->setBackgroundOpenThreshold(bytes);
}

void MainWindow::importMarkdownFile(const QString &path)
{
    m_transfers->importMarkdownFile(path);
}

QString MainWindow::bannerText() const
{
    return m_feedback->bannerText();
}

int MainWindow::currentDeviceIndex() const
{
    return m_navigator->currentDevice();
}

void MainWindow::selectDevice(int deviceIndex)
{
    m_navigator->selectDevice(deviceIndex);
}

void MainWindow::selectPortMapRow(int service, int binding)
{
    m_navigator->selectPortMapRow(service, binding);
}

// --- settings and window events ------------------------------------------------------------

void MainWindow::readSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray())) {
        // A first start: roomy on a large screen, never larger than the screen it opens on
        // (a 1024x640 laptop gets the whole of its free area).
        const QRect free = screen() ? screen()->availableGeometry() : QRect(0, 0, 1360, 820);
        resize(std::min(1360, free.width()), std::min(820, free.height()));
    }
    if (!restoreState(settings.value(QStringLiteral("window/state")).toByteArray())) {
        // The findings get a third of the height: at 140 px, tabbed with the search and the
        // changes, they showed 2 of 11 errors.
        resizeDocks({m_findings},
                    {std::clamp(std::min(height() / 3, findingsHeightLimit()), 140, 400)},
                    Qt::Vertical);
    }
    m_splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
    // Saved widths count only when the user set them; otherwise the columns follow content.
    m_portMap->setColumnsSizedByUser(
        settings.value(QStringLiteral("window/portMapSizedByUser")).toBool());
    if (m_portMap->columnsSizedByUser())
        m_portMap->view()->horizontalHeader()->restoreState(
            settings.value(QStringLiteral("window/portMapHeader")).toByteArray());
}

void MainWindow::writeSettings()
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    settings.setValue(QStringLiteral("window/portMapSizedByUser"), m_portMap->columnsSizedByUser());
    settings.setValue(QStringLiteral("window/portMapHeader"),
                      m_portMap->view()->horizontalHeader()->saveState());
}

// A dock tabbed behind another stays "visible" to Qt (only covered), and Tab walked into its
// controls unseen: a Space then ticked a box nobody could see. Tab passes over them.
bool MainWindow::focusNextPrevChild(bool next)
{
    QWidget *start = QApplication::focusWidget();
    const auto behindATab = [](QWidget *widget) {
        for (QWidget *w = widget; w; w = w->parentWidget()) {
            if (auto *dock = qobject_cast<QDockWidget *>(w))
                return !dock->isFloating() && dock->visibleRegion().isEmpty();
        }
        return false;
    };
    for (int step = 0; step < 500; ++step) {
        if (!QMainWindow::focusNextPrevChild(next))
            return false;
        QWidget *now = QApplication::focusWidget();
        if (!now || now == start || !behindATab(now))
            return true;
    }
    return true;
}

// The tallest the findings dock may be: the pages keep 480 px (a 640-px screen), and the dock
// never goes below 140 px.
int MainWindow::findingsHeightLimit() const
{
    return std::max(140, height() - 480);
}

void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    // A main window gives every pixel of a resize to the pages: made short (1024x640), the
    // findings dock kept its height and left the pages a strip. It gives some back.
    const int most = findingsHeightLimit();
    if (!m_findings->isFloating() && dockWidgetArea(m_findings) == Qt::BottomDockWidgetArea &&
        m_findings->isVisible() && m_findings->height() > most)
        resizeDocks({m_findings}, {most}, Qt::Vertical);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_documents->maybeSave()) {
        event->ignore();
        return;
    }
    writeSettings();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.first().isLocalFile() &&
        RegistryIo::isRegistryFile(urls.first().toLocalFile()))
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.isEmpty() || !m_documents->maybeSave())
        return;
    m_documents->openLocation(urls.first().toLocalFile());
    event->acceptProposedAction();
}

} // namespace portolan
