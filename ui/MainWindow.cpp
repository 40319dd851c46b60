#include "MainWindow.h"

#include "check/ExportCheck.h"
#include "store/AtomicFile.h"

#include "document/commands/AddRemove.h"
#include "BackgroundJob.h"
#include "BindingDialog.h"
#include "itemmodels/BlocksModel.h"
#include "ComposePreviewDialog.h"
#include "DeviceDialog.h"
#include "itemmodels/DeviceListModel.h"
#include "document/Document.h"
#include "DriftDialog.h"
#include "document/commands/EditElement.h"
#include "itemmodels/FindingsModel.h"
#include "check/FreePortFinder.h"
#include "HeatmapWidget.h"
#include "document/commands/ImportChanges.h"
#include "ImportComposeDialog.h"
#include "itemmodels/ItemRoles.h"
#include "formats/markdown/MarkdownReader.h"
#include "formats/markdown/MarkdownWriter.h"
#include "MessageBanner.h"
#include "document/commands/MoveService.h"
#include "itemmodels/OccupancyModel.h"
#include "overview/OverviewRenderer.h"
#include "PolicyDialog.h"
#include "itemmodels/PortMapFilter.h"
#include "itemmodels/PortMapModel.h"
#include "PortStripWidget.h"
#include "store/RegistryIo.h"
#include "domain/RegistryTemplate.h"
#include "ServiceDialog.h"
#include "SeverityDelegate.h"
#include "drift/SocketTable.h"
#include "store/Store.h"
#include "domain/WellKnownPorts.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QNetworkInterface>
#include <QPrintDialog>
#include <QPrintPreviewDialog>
#include <QPrinter>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QUndoView>
#include <QVBoxLayout>

namespace portolan {

namespace {

constexpr int MaxRecentFiles = 8;

QTableView *makeTable(const QString &name)
{
    auto *view = new QTableView;
    view->setObjectName(name);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setAlternatingRowColors(true);
    view->setSortingEnabled(true);
    view->setWordWrap(false);
    view->verticalHeader()->setVisible(false);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 10);
    view->horizontalHeader()->setHighlightSections(false);
    view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    view->sortByColumn(-1, Qt::AscendingOrder);
    return view;
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_document(new Document(this))
    , m_deviceModel(new DeviceListModel(m_document, this))
    , m_portMapModel(new PortMapModel(m_document, this))
    , m_portMapFilter(new PortMapFilter(this))
    , m_findingsModel(new FindingsModel(m_document, this))
    , m_blocksModel(new BlocksModel(m_document, this))
    , m_deviceSort(new QSortFilterProxyModel(this))
    , m_findingsSort(new QSortFilterProxyModel(this))
    , m_rangeOccupancy(new OccupancyModel(m_document, this))
    , m_deviceOccupancy(new OccupancyModel(m_document, this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/portolan.svg")));
    setAcceptDrops(true);
    m_portMapFilter->setSourceModel(m_portMapModel);
    m_deviceSort->setSourceModel(m_deviceModel);
    m_deviceSort->setSortRole(SortRole);
    m_findingsSort->setSourceModel(m_findingsModel);
    m_findingsSort->setSortRole(SortRole);

    createActions();
    createCentralWidget();
    createDocks();
    createMenus();

    connect(m_document, &Document::modifiedChanged, this, &MainWindow::updateTitle);
    connect(m_document, &Document::locationChanged, this, &MainWindow::updateTitle);
    connect(m_document, &Document::findingsChanged, this, &MainWindow::updateStatus);
    connect(m_document, &Document::resetDone, this, &MainWindow::refreshHeatmapFilter);
    // A drift result describes the registry it was taken for.
    connect(m_document, &Document::resetDone, this, [this] {
        m_heatmap->setMarkers({});
        m_portMapModel->setDriftStatus({});
    });
    connect(m_document, &Document::deviceInserted, this, &MainWindow::refreshHeatmapFilter);
    connect(m_document, &Document::deviceRemoved, this, &MainWindow::refreshHeatmapFilter);
    connect(m_document, &Document::deviceChanged, this, &MainWindow::refreshHeatmapFilter);
    connect(m_document, &Document::resetDone, this, [this] {
        updateStatus();
        updatePolicyPage();
        if (currentDeviceIndex() < 0 && !m_document->registry().devices.isEmpty())
            selectDevice(0);
        showDeviceHeader();
    });
    connect(m_document, &Document::deviceChanged, this, [this] {
        showDeviceHeader();
        updateStatus();
    });
    connect(m_document, &Document::deviceInserted, this, &MainWindow::updateStatus);
    connect(m_document, &Document::deviceRemoved, this, [this] {
        updateStatus();
        if (currentDeviceIndex() < 0 && !m_document->registry().devices.isEmpty())
            selectDevice(0);
        showDeviceHeader();
    });
    connect(m_document, &Document::policyChanged, this, &MainWindow::updatePolicyPage);
    connect(
        m_document, &Document::storeFailed, this, [this](const QString &message, bool conflict) {
            showError(
                conflict
                    ? tr("%1. Your view was reloaded with the current data; make the change again.")
                          .arg(message)
                    : tr("Could not store the change: %1").arg(message));
        });
    connect(m_document, &Document::changedOnDisk, this, &MainWindow::onChangedOnDisk);
    connect(m_document, &Document::replacedOnDisk, this, &MainWindow::showInfo);
    connect(m_document, &Document::connectionChanged, this,
            [this](const QString &message, bool lost) {
                if (lost)
                    showError(tr("%1. Portolan keeps trying; nothing you see is lost.").arg(message));
                else
                    showInfo(message);
            });
    connect(m_document->undoStack(), &QUndoStack::indexChanged, this, &MainWindow::updateActions);

    readSettings();
    updateTitle();
    updateStatus();
    updatePolicyPage();
    updateActions();
    refreshHeatmapFilter();
}

MainWindow::~MainWindow()
{
    // A worker still loading would report to a window that is gone: stop it first.
    if (m_backgroundJob) {
        m_backgroundJob->cancel();
        m_backgroundJob->waitForFinished();
    }
    // The document is a child, deleted after this class's part of the object is gone; its last
    // signals (the undo stack clearing) must not reach this window's slots then (UBSan found it).
    disconnect(m_document, nullptr, this, nullptr);
    disconnect(m_document->undoStack(), nullptr, this, nullptr);
}

void MainWindow::refreshHeatmapFilter()
{
    const QSignalBlocker blocker(m_heatmapFilter);
    const int filter = m_rangeOccupancy->deviceFilter();
    m_heatmapFilter->clear();
    m_heatmapFilter->addItem(tr("All devices"));
    for (const Device &device : m_document->registry().devices)
        m_heatmapFilter->addItem(QIcon(QStringLiteral(":/icons/device.svg")), device.name);
    m_heatmapFilter->setCurrentIndex(filter + 1);
    m_deviceOccupancy->setDeviceFilter(currentDeviceIndex());
}

void MainWindow::selectPort(int port)
{
    const QVector<PortUser> users = m_rangeOccupancy->occupancy().usersOf(port);
    if (users.isEmpty())
        return;
    // The first user; a conflict's other side is one click away in the findings.
    const PortUser &user = users.first();
    selectDevice(user.device);
    selectPortMapRow(user.service, user.binding);
}

void MainWindow::addBindingAt(int port)
{
    Selection s = selection();
    const int filter = m_rangeOccupancy->deviceFilter();
    if (filter >= 0 && filter != s.device) {
        s = Selection();
        s.device = filter;
    }
    if (s.device < 0)
        return;
    const Registry &registry = m_document->registry();
    const Device &device = registry.devices[s.device];
    if (device.services.isEmpty()) {
        showInfo(tr("%1 has no service yet: add one first, then its bindings.").arg(device.name));
        return;
    }
    if (s.service < 0) {
        QStringList names;
        for (const Service &service : device.services)
            names << service.name;
        bool ok = false;
        const QString name = QInputDialog::getItem(
            this, tr("Add Binding"), tr("Port %1 on %2 for service:").arg(port).arg(device.name),
            names, 0, false, &ok);
        if (!ok)
            return;
        s.service = device.findService(name);
    }
    Binding initial;
    initial.host = PortRange::single(port);
    BindingDialog dialog(registry, s.device, s.service, -1, initial, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const Service &service = registry.devices[s.device].services[s.service];
    const int index = service.ports.size();
    m_document->undoStack()->push(
        new AddBinding(m_document, service.key.id, index, dialog.binding()));
    selectDevice(s.device);
    selectPortMapRow(s.service, index);
}

void MainWindow::exportCompose()
{
    const int d = currentDeviceIndex();
    if (d < 0)
        return;
    if (refusesToExport(ExportCheck::Scope{d, {}}))
        return;
    ComposePreviewDialog dialog(m_document->registry(), d, this);
    dialog.exec();
}

bool MainWindow::refusesToExport(const ExportCheck::Scope &scope)
{
    const Findings blocking = ExportCheck::blockingValues(m_document->registry(), scope);
    if (blocking.isEmpty())
        return false;
    // The same rule as the command line: a value that breaks its rule could change what the
    // exported file means, so nothing is written until it is fixed (the Findings dock has it).
    showError(tr("Nothing was exported: %n value(s) would be written that break their rule "
                 "(invalid-value in the Findings dock). First: %1",
                 "", int(blocking.size()))
                  .arg(ExportCheck::describe({blocking.first()}).trimmed()));
    return true;
}

void MainWindow::importCompose()
{
    if (m_document->registry().devices.isEmpty()) {
        showInfo(tr("Add the device the compose file runs on first."));
        return;
    }
    ImportComposeDialog dialog(m_document->registry(), currentDeviceIndex(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (QUndoCommand *command =
            ImportChanges::fromTarget(m_document, dialog.result(), tr("Import compose file")))
        m_document->undoStack()->push(command);
    selectDevice(dialog.deviceIndex());
}

void MainWindow::importMarkdown()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import Markdown Registry"),
                                                      QString(), tr("Markdown (*.md *.markdown)"));
    if (!path.isEmpty())
        importMarkdownFile(path);
}

void MainWindow::importMarkdownFile(const QString &path)
{
    if (m_backgroundJob)
        return;
    struct Outcome
    {
        QString error;
        Registry target;
        QStringList report;
    };
    // Read and merged on a worker: a registry kept in Markdown for years can be long. The
    // window-modal progress dialog keeps the registry unedited meanwhile, so the merge target
    // taken here is still current when the result arrives.
    m_backgroundJob = runInBackground<Outcome>(
        this, tr("Importing %1…").arg(QFileInfo(path).fileName()),
        [path, current = m_document->registry()](const std::function<bool(int)> &progress) {
            Outcome outcome;
            MarkdownReader reader;
            if (!reader.readFile(path)) {
                outcome.error = reader.error().toString();
                return outcome;
            }
            progress(500);
            outcome.target = current;
            reader.mergeInto(outcome.target, &outcome.report);
            progress(1000);
            return outcome;
        },
        [this, path](Outcome outcome) {
            m_backgroundJob = nullptr;
            if (!outcome.error.isEmpty()) {
                showError(outcome.error);
                return;
            }
            if (QUndoCommand *command = ImportChanges::fromTarget(m_document, outcome.target,
                                                                  tr("Import Markdown registry")))
                m_document->undoStack()->push(command);
            showInfo(
                outcome.report.isEmpty()
                    ? tr("Nothing to change: the registry already matches %1.").arg(path)
                    : tr("Imported %1: %2").arg(path, outcome.report.join(QStringLiteral("; "))));
        },
        [this] { m_backgroundJob = nullptr; });
}

void MainWindow::checkAgainstMachine()
{
    const int d = currentDeviceIndex();
    if (d < 0)
        return;
    const Registry &registry = m_document->registry();
    // This machine when the device's address is one of ours; otherwise captured files.
    QHostAddress deviceAddress;
    deviceAddress.setAddress(registry.devices[d].ip);
    bool local = false;
    for (const QHostAddress &address : QNetworkInterface::allAddresses())
        local |= address.isEqual(deviceAddress, QHostAddress::ConvertV4MappedToIPv4);
    QString folder = QStringLiteral("/proc/net");
    QString source = tr("this machine's sockets");
    if (!local) {
        folder = QFileDialog::getExistingDirectory(
            this, tr("%1 is not this machine: choose a folder with its tcp, tcp6, udp and udp6")
                      .arg(registry.devices[d].name));
        if (folder.isEmpty())
            return;
        source = folder;
    }
    SocketTable table;
    if (!table.readProcFolder(folder)) {
        showError(table.errorString());
        return;
    }
    const QVector<DriftEntry> entries =
        DriftCheck::compare(registry, d, table.sockets(), &WellKnownPorts::system());
    QHash<qint64, QString> status;
    for (const DriftEntry &entry : entries) {
        if (entry.binding >= 0)
            status.insert(registry.devices[d].services[entry.service].ports[entry.binding].key.id,
                          driftStatusName(entry.status));
    }
    m_portMapModel->setDriftStatus(status);
    // On the heatmap: the device's view, with a marker on every port that differs.
    QHash<int, QString> markers;
    for (const DriftEntry &entry : entries) {
        if (entry.status == DriftEntry::Status::Listening)
            continue;
        const QString what = entry.status == DriftEntry::Status::Unplanned
                                 ? tr("listening, not planned%1")
                                       .arg(entry.wellKnownName.isEmpty()
                                                ? QString()
                                                : QStringLiteral(" (") + entry.wellKnownName + u')')
                             : entry.status == DriftEntry::Status::Missing
                                 ? tr("planned for %1, not listening").arg(entry.serviceName)
                                 : tr("planned for %1 on %2, listening on %3")
                                       .arg(entry.serviceName, entry.planned, entry.actual);
        for (int port = entry.ports.first;
             port <= entry.ports.last && port - entry.ports.first < 65536; ++port)
            markers.insert(port, what);
    }
    m_heatmapFilter->setCurrentIndex(d + 1);
    m_heatmap->setMarkers(markers);
    DriftDialog dialog(registry, d, entries, source, this);
    connect(&dialog, &DriftDialog::addUnplanned, this, [this, &dialog, d](const DriftEntry &entry) {
        const Registry &current = m_document->registry();
        QStringList names;
        for (const Service &service : current.devices[d].services)
            names << service.name;
        if (names.isEmpty()) {
            showInfo(tr("Add a service first: an unplanned port becomes one of its bindings."));
            return;
        }
        bool ok = false;
        const QString name = QInputDialog::getItem(
            &dialog, tr("Add Unplanned Port"),
            tr("%1/%2 belongs to service:").arg(entry.ports.toString(), entry.protocol), names, 0,
            false, &ok);
        if (!ok)
            return;
        const Service &service = current.devices[d].services[current.devices[d].findService(name)];
        Binding binding;
        binding.host = entry.ports;
        binding.container = entry.ports;
        binding.protocol = entry.protocol == Protocols::Tcp ? QString() : entry.protocol;
        binding.notes = entry.wellKnownName.isEmpty()
                            ? tr("found listening")
                            : tr("found listening (%1)").arg(entry.wellKnownName);
        m_document->undoStack()->push(
            new AddBinding(m_document, service.key.id, service.ports.size(), binding));
    });
    dialog.exec();
}

void MainWindow::exportPdf()
{
    if (refusesToExport(ExportCheck::Scope()))
        return;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Range Overview"), QString(),
                                                      tr("PDF (*.pdf)"));
    if (path.isEmpty())
        return;
    QString error;
    OverviewRenderer::Options options;
    if (!OverviewRenderer::writePdf(m_document->registry(), m_document->findings(), options, path,
                                    QPageSize::A4, QPageLayout::Portrait, &error))
        showError(error);
    else
        statusBar()->showMessage(tr("Exported %1").arg(path), 4000);
}

void MainWindow::print()
{
    if (refusesToExport(ExportCheck::Scope()))
        return;
    QPrinter printer(QPrinter::HighResolution);
    QPrintDialog dialog(&printer, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    OverviewRenderer renderer(m_document->registry(), m_document->findings(),
                              OverviewRenderer::Options());
    if (renderer.render(&printer) == 0)
        showError(tr("Could not print: the printer did not accept the document."));
}

void MainWindow::printPreview()
{
    if (refusesToExport(ExportCheck::Scope()))
        return;
    QPrinter printer(QPrinter::HighResolution);
    QPrintPreviewDialog preview(&printer, this);
    connect(&preview, &QPrintPreviewDialog::paintRequested, this, [this](QPrinter *target) {
        OverviewRenderer renderer(m_document->registry(), m_document->findings(),
                                  OverviewRenderer::Options());
        renderer.render(target);
    });
    preview.resize(900, 1000);
    preview.exec();
}

// --- construction ----------------------------------------------------------------------------

void MainWindow::createActions()
{
    auto make = [this](const QString &name, const QString &text, const QString &icon = QString()) {
        auto *action = new QAction(text, this);
        action->setObjectName(name);
        if (!icon.isEmpty())
            action->setIcon(QIcon(icon));
        return action;
    };
    m_newAction = make(QStringLiteral("actionNew"), tr("&New"));
    m_newAction->setShortcut(QKeySequence::New);
    connect(m_newAction, &QAction::triggered, this, &MainWindow::newRegistry);
    m_openAction = make(QStringLiteral("actionOpen"), tr("&Open…"));
    m_openAction->setShortcut(QKeySequence::Open);
    connect(m_openAction, &QAction::triggered, this, &MainWindow::openFile);
    m_saveAction = make(QStringLiteral("actionSave"), tr("&Save"));
    m_saveAction->setShortcut(QKeySequence::Save);
    connect(m_saveAction, &QAction::triggered, this, &MainWindow::save);
    m_saveAsAction = make(QStringLiteral("actionSaveAs"), tr("Save &As…"));
    m_saveAsAction->setShortcut(QKeySequence::SaveAs);
    connect(m_saveAsAction, &QAction::triggered, this, &MainWindow::saveAs);
    m_exportMarkdownAction =
        make(QStringLiteral("actionExportMarkdown"), tr("&Markdown Document…"));
    connect(m_exportMarkdownAction, &QAction::triggered, this, &MainWindow::exportMarkdown);
    m_exportYamlAction = make(QStringLiteral("actionExportYaml"), tr("&YAML Registry…"));
    connect(m_exportYamlAction, &QAction::triggered, this, &MainWindow::exportYaml);
    m_printAction = make(QStringLiteral("actionPrint"), tr("&Print…"));
    m_printAction->setShortcut(QKeySequence::Print);
    connect(m_printAction, &QAction::triggered, this, &MainWindow::print);
    m_printPreviewAction = make(QStringLiteral("actionPrintPreview"), tr("Print Pre&view…"));
    connect(m_printPreviewAction, &QAction::triggered, this, &MainWindow::printPreview);
    m_exportPdfAction = make(QStringLiteral("actionExportPdf"), tr("Range Overview as &PDF…"));
    connect(m_exportPdfAction, &QAction::triggered, this, &MainWindow::exportPdf);
    m_exportComposeAction =
        make(QStringLiteral("actionExportCompose"), tr("&Compose for This Device…"));
    connect(m_exportComposeAction, &QAction::triggered, this, &MainWindow::exportCompose);
    m_importComposeAction = make(QStringLiteral("actionImportCompose"), tr("&Compose File…"));
    connect(m_importComposeAction, &QAction::triggered, this, &MainWindow::importCompose);
    m_importMarkdownAction =
        make(QStringLiteral("actionImportMarkdown"), tr("&Markdown Registry…"));
    connect(m_importMarkdownAction, &QAction::triggered, this, &MainWindow::importMarkdown);
    m_driftAction = make(QStringLiteral("actionCheckMachine"), tr("&Check Against This Machine…"));
    m_driftAction->setToolTip(
        tr("Compare the device's plan with the sockets listening here, or in a "
           "folder of captured /proc/net files"));
    connect(m_driftAction, &QAction::triggered, this, &MainWindow::checkAgainstMachine);
    m_quitAction = make(QStringLiteral("actionQuit"), tr("&Quit"));
    m_quitAction->setShortcut(QKeySequence::Quit);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_undoAction = m_document->undoStack()->createUndoAction(this, tr("&Undo"));
    m_undoAction->setObjectName(QStringLiteral("actionUndo"));
    m_undoAction->setShortcut(QKeySequence::Undo);
    m_undoAction->setIcon(QIcon(QStringLiteral(":/icons/undo.svg")));
    m_redoAction = m_document->undoStack()->createRedoAction(this, tr("&Redo"));
    m_redoAction->setObjectName(QStringLiteral("actionRedo"));
    m_redoAction->setShortcut(QKeySequence::Redo);
    m_redoAction->setIcon(QIcon(QStringLiteral(":/icons/redo.svg")));

    m_addDeviceAction = make(QStringLiteral("actionAddDevice"), tr("Add &Device…"),
                             QStringLiteral(":/icons/add-device.svg"));
    m_addDeviceAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    connect(m_addDeviceAction, &QAction::triggered, this, &MainWindow::addDevice);
    m_addServiceAction = make(QStringLiteral("actionAddService"), tr("Add &Service…"),
                              QStringLiteral(":/icons/add-service.svg"));
    m_addServiceAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    connect(m_addServiceAction, &QAction::triggered, this, &MainWindow::addService);
    m_addBindingAction = make(QStringLiteral("actionAddBinding"), tr("Add &Binding…"),
                              QStringLiteral(":/icons/add-binding.svg"));
    m_addBindingAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B));
    connect(m_addBindingAction, &QAction::triggered, this, &MainWindow::addBinding);
    m_editAction =
        make(QStringLiteral("actionEdit"), tr("&Edit…"), QStringLiteral(":/icons/edit.svg"));
    m_editAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(m_editAction, &QAction::triggered, this, &MainWindow::editSelection);
    m_editServiceAction = make(QStringLiteral("actionEditService"), tr("Edit Ser&vice and Route…"));
    connect(m_editServiceAction, &QAction::triggered, this, &MainWindow::editService);
    m_duplicateAction = make(QStringLiteral("actionDuplicate"), tr("D&uplicate…"));
    m_duplicateAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    connect(m_duplicateAction, &QAction::triggered, this, &MainWindow::duplicateSelection);
    m_deleteAction =
        make(QStringLiteral("actionDelete"), tr("De&lete"), QStringLiteral(":/icons/delete.svg"));
    m_deleteAction->setShortcut(QKeySequence::Delete);
    connect(m_deleteAction, &QAction::triggered, this, &MainWindow::deleteSelection);
    m_moveServiceAction = make(QStringLiteral("actionMoveService"), tr("&Move Service to Device…"));
    connect(m_moveServiceAction, &QAction::triggered, this, &MainWindow::moveService);
    m_findAction = make(QStringLiteral("actionFind"), tr("&Find"));
    m_findAction->setShortcut(QKeySequence::Find);
    connect(m_findAction, &QAction::triggered, this, &MainWindow::findInPortMap);
    m_policyAction = make(QStringLiteral("actionEditPolicy"), tr("Edit &Policy…"),
                          QStringLiteral(":/icons/policy.svg"));
    connect(m_policyAction, &QAction::triggered, this, &MainWindow::editPolicy);
    m_aboutAction = make(QStringLiteral("actionAbout"), tr("&About Portolan"));
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::about);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_newAction);
    file->addAction(m_openAction);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    file->addSeparator();
    file->addAction(m_saveAction);
    file->addAction(m_saveAsAction);
    QMenu *importMenu = file->addMenu(tr("&Import"));
    importMenu->addAction(m_importComposeAction);
    importMenu->addAction(m_importMarkdownAction);
    QMenu *exportMenu = file->addMenu(tr("&Export"));
    exportMenu->addAction(m_exportComposeAction);
    exportMenu->addAction(m_exportMarkdownAction);
    exportMenu->addAction(m_exportYamlAction);
    exportMenu->addAction(m_exportPdfAction);
    file->addSeparator();
    file->addAction(m_printAction);
    file->addAction(m_printPreviewAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_undoAction);
    edit->addAction(m_redoAction);
    edit->addSeparator();
    edit->addAction(m_addDeviceAction);
    edit->addAction(m_addServiceAction);
    edit->addAction(m_addBindingAction);
    edit->addSeparator();
    edit->addAction(m_editAction);
    edit->addAction(m_editServiceAction);
    edit->addAction(m_duplicateAction);
    edit->addAction(m_moveServiceAction);
    edit->addAction(m_deleteAction);
    edit->addSeparator();
    edit->addAction(m_findAction);
    edit->addAction(m_policyAction);
    edit->addSeparator();
    edit->addAction(m_driftAction);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_findingsDock->toggleViewAction());
    view->addAction(m_historyDock->toggleViewAction());

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_aboutAction);

    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolBar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setIconSize(QSize(16, 16));
    toolbar->addAction(m_undoAction);
    toolbar->addAction(m_redoAction);
    toolbar->addSeparator();
    toolbar->addAction(m_addDeviceAction);
    toolbar->addAction(m_addServiceAction);
    toolbar->addAction(m_addBindingAction);
    toolbar->addAction(m_editAction);
    toolbar->addAction(m_deleteAction);
    toolbar->addSeparator();
    toolbar->addAction(m_policyAction);
    updateRecentMenu();
}

void MainWindow::createCentralWidget()
{
    m_banner = new MessageBanner;

    // Devices.
    m_deviceView = makeTable(QStringLiteral("deviceList"));
    m_deviceView->setModel(m_deviceSort);
    m_deviceView->setItemDelegateForColumn(DeviceListModel::Status, new SeverityDelegate(this));
    m_deviceView->setEditTriggers(QAbstractItemView::EditKeyPressed);
    QHeaderView *deviceHeader = m_deviceView->horizontalHeader();
    deviceHeader->setSectionResizeMode(DeviceListModel::Name, QHeaderView::Stretch);
    deviceHeader->resizeSection(DeviceListModel::Ip, 100);
    deviceHeader->resizeSection(DeviceListModel::Services, 62);
    deviceHeader->resizeSection(DeviceListModel::Bindings, 46);
    deviceHeader->resizeSection(DeviceListModel::Status, 54);
    connect(m_deviceView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                const QModelIndex source = m_deviceSort->mapToSource(current);
                m_portMapModel->setDeviceId(
                    source.isValid() ? m_document->registry().devices[source.row()].key.id : 0);
                m_deviceOccupancy->setDeviceFilter(source.isValid() ? source.row() : -1);
                showDeviceHeader();
                updateActions();
            });
    connect(m_deviceView, &QTableView::doubleClicked, this, [this] {
        const Selection s = selection();
        if (s.device < 0)
            return;
        DeviceDialog dialog(m_document->registry(), s.device,
                            m_document->registry().devices[s.device], this);
        if (dialog.exec() == QDialog::Accepted)
            m_document->undoStack()->push(new EditDevice(
                m_document, m_document->registry().devices[s.device].key.id, dialog.device()));
    });
    auto *devicesPanel = new QWidget;
    auto *devicesLayout = new QVBoxLayout(devicesPanel);
    devicesLayout->setContentsMargins(0, 0, 0, 0);
    auto *devicesTitle = new QLabel(tr("<b>Devices</b>"));
    devicesLayout->addWidget(devicesTitle);
    devicesLayout->addWidget(m_deviceView);

    // Port map page.
    m_deviceHeader = new QLabel;
    m_deviceHeader->setObjectName(QStringLiteral("deviceHeader"));
    m_deviceHeader->setTextFormat(Qt::RichText);
    m_search = new QLineEdit;
    m_search->setObjectName(QStringLiteral("searchField"));
    m_search->setPlaceholderText(tr("Search service, port or host name…"));
    // The clear button shows only over text; enabling it then keeps loading its icon off the
    // path to the first paint (it was a seventh of the window's construction).
    connect(m_search, &QLineEdit::textChanged, this, [this] {
        if (!m_search->isClearButtonEnabled())
            m_search->setClearButtonEnabled(true);
    });
    connect(m_search, &QLineEdit::textChanged, m_portMapFilter, &PortMapFilter::setSearchText);
    m_portMapView = makeTable(QStringLiteral("portMapView"));
    m_portMapView->setModel(m_portMapFilter);
    m_portMapView->setItemDelegateForColumn(PortMapModel::Status, new SeverityDelegate(this));
    m_portMapView->setEditTriggers(QAbstractItemView::EditKeyPressed |
                                   QAbstractItemView::AnyKeyPressed);
    QHeaderView *portHeader = m_portMapView->horizontalHeader();
    const int digit = m_portMapView->fontMetrics().horizontalAdvance(QStringLiteral("0"));
    // Ports are short numbers: narrow, right-aligned columns keep them readable side by side.
    portHeader->resizeSection(PortMapModel::ServiceName, 125);
    portHeader->resizeSection(PortMapModel::Category, 100);
    portHeader->resizeSection(PortMapModel::HostPort, digit * 11);
    portHeader->resizeSection(PortMapModel::ContainerPort, digit * 12);
    portHeader->resizeSection(PortMapModel::Protocol, digit * 6);
    portHeader->resizeSection(PortMapModel::BindAddress, 70);
    portHeader->resizeSection(PortMapModel::Exception, 100);
    portHeader->resizeSection(PortMapModel::RouteName, 185);
    portHeader->resizeSection(PortMapModel::Notes, 140);
    portHeader->resizeSection(PortMapModel::Status, 125);
    // Trouble first: the status sits right after the binding it judges; notes trail.
    portHeader->moveSection(portHeader->visualIndex(PortMapModel::Status),
                            portHeader->visualIndex(PortMapModel::RouteName));
    portHeader->setStretchLastSection(true);
    connect(m_portMapView, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        const int column = index.column();
        if (column == PortMapModel::ServiceName || column == PortMapModel::Category ||
            column == PortMapModel::RouteName)
            editService();
        else
            editSelection();
    });
    connect(m_portMapView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::updateActions);

    auto *portMapPage = new QWidget;
    auto *portMapLayout = new QVBoxLayout(portMapPage);
    auto *headerRow = new QHBoxLayout;
    headerRow->addWidget(m_deviceHeader, 1);
    headerRow->addWidget(m_search, 0);
    m_search->setMinimumWidth(280);
    portMapLayout->addLayout(headerRow);
    m_strip = new PortStripWidget(m_deviceOccupancy);
    m_strip->setToolTip(tr("This device's ports across the range"));
    portMapLayout->addWidget(m_strip);
    portMapLayout->addWidget(m_portMapView);

    // Policy page.
    m_policySummary = new QLabel;
    m_policySummary->setObjectName(QStringLiteral("policySummary"));
    m_policySummary->setTextFormat(Qt::RichText);
    m_policySummary->setWordWrap(true);
    auto *editPolicyButton =
        new QPushButton(QIcon(QStringLiteral(":/icons/policy.svg")), tr("Edit Policy…"));
    connect(editPolicyButton, &QPushButton::clicked, this, &MainWindow::editPolicy);
    m_blocksView = makeTable(QStringLiteral("blocksView"));
    m_blocksView->setSortingEnabled(false);
    m_blocksView->verticalHeader()->setVisible(true);
    m_blocksView->setModel(m_blocksModel);
    m_blocksView->setEditTriggers(QAbstractItemView::DoubleClicked |
                                  QAbstractItemView::EditKeyPressed);
    m_blocksView->horizontalHeader()->resizeSection(BlocksModel::Purpose, 140);
    m_blocksView->horizontalHeader()->resizeSection(BlocksModel::Label, 160);
    m_blocksView->horizontalHeader()->resizeSection(BlocksModel::Ports, 120);
    m_blocksView->horizontalHeader()->setStretchLastSection(true);
    auto *addBlockButton = new QPushButton(tr("Add Block"));
    addBlockButton->setObjectName(QStringLiteral("addBlockButton"));
    connect(addBlockButton, &QPushButton::clicked, this, &MainWindow::addBlock);
    auto *removeBlockButton = new QPushButton(tr("Remove Block"));
    removeBlockButton->setObjectName(QStringLiteral("removeBlockButton"));
    connect(removeBlockButton, &QPushButton::clicked, this, &MainWindow::removeBlock);
    auto *policyPage = new QWidget;
    auto *policyLayout = new QVBoxLayout(policyPage);
    auto *summaryRow = new QHBoxLayout;
    summaryRow->addWidget(m_policySummary, 1);
    summaryRow->addWidget(editPolicyButton, 0, Qt::AlignTop);
    policyLayout->addLayout(summaryRow);
    policyLayout->addWidget(m_blocksView, 1);
    auto *blockButtons = new QHBoxLayout;
    blockButtons->addWidget(addBlockButton);
    blockButtons->addWidget(removeBlockButton);
    blockButtons->addStretch(1);
    policyLayout->addLayout(blockButtons);

    m_pages = new QTabWidget;
    m_pages->setObjectName(QStringLiteral("pages"));
    m_pages->setDocumentMode(true);
    m_pages->addTab(portMapPage, tr("Port Map"));
    m_pages->addTab(policyPage, QIcon(QStringLiteral(":/icons/policy.svg")),
                    tr("Policy and Blocks"));

    // Range heatmap page.
    m_heatmap = new HeatmapWidget(m_rangeOccupancy);
    m_heatmapFilter = new QComboBox;
    m_heatmapFilter->setObjectName(QStringLiteral("heatmapFilter"));
    m_heatmapHint =
        new QLabel(tr("Hover a cell to see who uses it · click to select the binding · "
                      "double-click a free port to add a binding there · click a block's "
                      "name to zoom"));
    m_heatmapHint->setWordWrap(true);
    connect(m_heatmapFilter, &QComboBox::currentIndexChanged, this,
            [this](int index) { m_rangeOccupancy->setDeviceFilter(index - 1); });
    connect(m_heatmap, &HeatmapWidget::portClicked, this, &MainWindow::selectPort);
    connect(m_heatmap, &HeatmapWidget::freePortDoubleClicked, this, &MainWindow::addBindingAt);
    auto *rangePage = new QWidget;
    auto *rangeLayout = new QVBoxLayout(rangePage);
    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(new QLabel(tr("Show:")));
    filterRow->addWidget(m_heatmapFilter);
    filterRow->addWidget(m_heatmapHint, 1);
    rangeLayout->addLayout(filterRow);
    auto *scroll = new QScrollArea;
    scroll->setWidget(m_heatmap);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    rangeLayout->addWidget(scroll, 1);
    m_pages->addTab(rangePage, tr("Range Heatmap"));

    m_splitter = new QSplitter;
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(devicesPanel);
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

    m_statusCounts = new QLabel;
    m_statusCounts->setObjectName(QStringLiteral("statusCounts"));
    m_statusLocation = new QLabel;
    statusBar()->addWidget(m_statusCounts, 1);
    statusBar()->addPermanentWidget(m_statusLocation);
}

void MainWindow::createDocks()
{
    m_findingsView = makeTable(QStringLiteral("findingsView"));
    m_findingsView->setModel(m_findingsSort);
    m_findingsView->setItemDelegateForColumn(FindingsModel::SeverityColumn,
                                             new SeverityDelegate(this));
    m_findingsView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    QHeaderView *header = m_findingsView->horizontalHeader();
    header->resizeSection(FindingsModel::SeverityColumn, 90);
    header->resizeSection(FindingsModel::Code, 170);
    header->resizeSection(FindingsModel::Where, 170);
    header->resizeSection(FindingsModel::Port, 100);
    header->setStretchLastSection(true);
    connect(m_findingsView, &QTableView::clicked, this, &MainWindow::focusFinding);
    connect(m_findingsView, &QTableView::activated, this, &MainWindow::focusFinding);

    m_findingsDock = new QDockWidget(tr("Findings"), this);
    m_findingsDock->setObjectName(QStringLiteral("findingsDock"));
    m_findingsDock->setWidget(m_findingsView);
    addDockWidget(Qt::BottomDockWidgetArea, m_findingsDock);
    resizeDocks({m_findingsDock}, {170}, Qt::Vertical);

    auto *history = new QUndoView(m_document->undoStack());
    history->setObjectName(QStringLiteral("historyView"));
    history->setEmptyLabel(tr("<opened>"));
    m_historyDock = new QDockWidget(tr("History"), this);
    m_historyDock->setObjectName(QStringLiteral("historyDock"));
    m_historyDock->setWidget(history);
    addDockWidget(Qt::RightDockWidgetArea, m_historyDock);
    m_historyDock->hide();
}

// --- settings, title, status -------------------------------------------------------------

void MainWindow::readSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1360, 820);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
    m_portMapView->horizontalHeader()->restoreState(
        settings.value(QStringLiteral("window/portMapHeader")).toByteArray());
}

void MainWindow::writeSettings()
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    settings.setValue(QStringLiteral("window/portMapHeader"),
                      m_portMapView->horizontalHeader()->saveState());
}

void MainWindow::rememberRecent(const QString &location)
{
    if (location.isEmpty())
        return;
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recentFiles")).toStringList();
    recent.removeAll(location);
    recent.prepend(location);
    while (recent.size() > MaxRecentFiles)
        recent.removeLast();
    settings.setValue(QStringLiteral("recentFiles"), recent);
    settings.setValue(QStringLiteral("lastFile"), location);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("recentFiles")).toStringList();
    for (const QString &location : recent) {
        QAction *action = m_recentMenu->addAction(location);
        connect(action, &QAction::triggered, this, [this, location] {
            if (maybeSave())
                openLocation(location);
        });
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::updateTitle()
{
    const QString location = m_document->location();
    QString name = location.isEmpty()               ? tr("Untitled registry")
                   : Store::isDatabaseUrl(location) ? location
                                                    : QFileInfo(location).fileName();
    setWindowTitle(tr("%1[*] — Portolan").arg(name));
    setWindowModified(m_document->isModified());
    m_statusLocation->setText(location.isEmpty() ? tr("not saved yet") : location);
    updateActions();
}

void MainWindow::updateStatus()
{
    const Registry &registry = m_document->registry();
    int services = 0;
    for (const Device &device : registry.devices)
        services += device.services.size();
    const FindingCounts counts = countFindings(m_document->findings());
    m_statusCounts->setText(
        tr("%1 devices · %2 services · %3 bindings · %4 errors · %5 warnings · %6 notes")
            .arg(registry.devices.size())
            .arg(services)
            .arg(registry.bindingCount())
            .arg(counts.errors)
            .arg(counts.warnings)
            .arg(counts.infos));
    m_findingsDock->setWindowTitle(counts.errors + counts.warnings + counts.infos == 0
                                       ? tr("Findings — none")
                                       : tr("Findings — %1 errors, %2 warnings, %3 notes")
                                             .arg(counts.errors)
                                             .arg(counts.warnings)
                                             .arg(counts.infos));
}

void MainWindow::updatePolicyPage()
{
    const Policy &policy = m_document->registry().policy;
    m_policySummary->setText(
        tr("<b>Domain</b> %1 &nbsp;·&nbsp; <b>internal</b> *.%2<br>"
           "<b>Published range</b> %3–%4 in blocks of %5 ports<br>"
           "Host ports are closed by default; a binding needs an exception: "
           "<i>reverse-proxy, non-http, bootstrap, agent</i>.")
            .arg(policy.domain.toHtmlEscaped(), policy.internalDomain().toHtmlEscaped())
            .arg(policy.range.first)
            .arg(policy.range.last)
            .arg(policy.effectiveBlockSize()));
}

void MainWindow::showDeviceHeader()
{
    const int d = currentDeviceIndex();
    if (d < 0) {
        m_deviceHeader->setText(tr("<i>No device selected</i>"));
        return;
    }
    const Device &device = m_document->registry().devices[d];
    QString text = QStringLiteral("<span style='font-size:large'><b>%1</b></span> &nbsp; %2")
                       .arg(device.name.toHtmlEscaped(), device.ip.toHtmlEscaped());
    if (!device.description.isEmpty())
        text += QStringLiteral(" &nbsp;·&nbsp; <i>%1</i>").arg(device.description.toHtmlEscaped());
    m_deviceHeader->setText(text);
}

void MainWindow::updateActions()
{
    const Selection s = selection();
    const bool hasDevice = s.device >= 0;
    const bool hasService = s.service >= 0;
    m_addServiceAction->setEnabled(hasDevice);
    m_addBindingAction->setEnabled(hasService);
    m_editAction->setEnabled(hasDevice);
    m_editServiceAction->setEnabled(hasService);
    m_duplicateAction->setEnabled(hasDevice);
    m_deleteAction->setEnabled(hasDevice);
    m_moveServiceAction->setEnabled(hasService && m_document->registry().devices.size() > 1);
    m_exportComposeAction->setEnabled(hasDevice);
    m_driftAction->setEnabled(hasDevice);
    m_saveAction->setEnabled(m_document->backing() != Document::Backing::Database);
}

void MainWindow::showError(const QString &message)
{
    m_banner->showMessage(Severity::Error, message);
}

void MainWindow::showInfo(const QString &message)
{
    m_banner->showMessage(Severity::Info, message);
}

QString MainWindow::bannerText() const
{
    return m_banner->text();
}

// --- selection ---------------------------------------------------------------------------

int MainWindow::currentDeviceIndex() const
{
    return m_portMapModel->deviceIndex();
}

void MainWindow::selectDevice(int deviceIndex)
{
    const QModelIndex source = m_deviceModel->index(deviceIndex, 0);
    const QModelIndex proxy = m_deviceSort->mapFromSource(source);
    m_deviceView->setCurrentIndex(proxy);
    m_deviceView->selectRow(proxy.row());
}

void MainWindow::selectPortMapRow(int service, int binding)
{
    const int row = m_portMapModel->rowOf(service, binding);
    if (row < 0)
        return;
    m_search->clear();
    const QModelIndex proxy = m_portMapFilter->mapFromSource(m_portMapModel->index(row, 0));
    m_portMapView->setCurrentIndex(proxy);
    m_portMapView->selectRow(proxy.row());
    m_portMapView->scrollTo(proxy);
    m_pages->setCurrentIndex(0);
}

MainWindow::Selection MainWindow::selection() const
{
    Selection s;
    s.device = currentDeviceIndex();
    if (s.device < 0)
        return s;
    const QModelIndex current = m_portMapView->currentIndex();
    if (current.isValid() &&
        m_portMapView->selectionModel()->isRowSelected(current.row(), QModelIndex())) {
        const int row = m_portMapFilter->mapToSource(current).row();
        s.service = m_portMapModel->serviceAt(row);
        s.binding = m_portMapModel->bindingAt(row);
    }
    return s;
}

void MainWindow::focusFinding(const QModelIndex &index)
{
    const QModelIndex source = m_findingsSort->mapToSource(index);
    if (!source.isValid())
        return;
    const Finding &finding = m_findingsModel->findingAt(source.row());
    if (finding.where.device < 0) {
        m_pages->setCurrentIndex(1);
        return;
    }
    selectDevice(finding.where.device);
    if (finding.where.service >= 0)
        selectPortMapRow(finding.where.service, finding.where.binding);
    else
        m_pages->setCurrentIndex(0);
}

// --- file --------------------------------------------------------------------------------

bool MainWindow::openLocation(const QString &pathOrUrl)
{
    if (m_backgroundJob)
        return false; // one open at a time; the progress dialog is window-modal anyway
    auto failed = [this, pathOrUrl](const QString &error) {
        showError(tr("Could not open %1: %2").arg(Store::displayLocation(pathOrUrl), error));
        emit openFinished(false);
        return false;
    };
    // The document's database connection is opened on this thread (Qt Sql connections belong
    // to the thread that opens them); the loader reads through a connection of its own. A
    // .portolan file is connected first, since that connection migrates an older schema and the
    // loader's read-only one may not. A server is connected only after the loader reached it:
    // an unreachable one then keeps the worker waiting, never the window.
    const bool remote = Store::isDatabaseUrl(pathOrUrl);
    std::unique_ptr<Store> store;
    QString error;
    if (!remote && !Document::connectStore(pathOrUrl, store, &error))
        return failed(error);
    const bool inBackground = remote || QFileInfo(pathOrUrl).size() >= m_backgroundOpenBytes;
    if (!inBackground) {
        RegistryLoader loader;
        LoadedRegistry loaded;
        if (!loader.load(pathOrUrl, loaded))
            return failed(loader.errorString());
        finishOpen(pathOrUrl, std::move(store), std::move(loaded));
        return true;
    }

    struct Outcome
    {
        bool ok = false;
        QString error;
        LoadedRegistry loaded;
    };
    const QString name =
        remote ? Store::displayLocation(pathOrUrl) : QFileInfo(pathOrUrl).fileName();
    statusBar()->showMessage(tr("Opening %1…").arg(name));
    // Shared, so the GUI-thread store outlives the copies std::function makes of the lambdas.
    auto pendingStore = std::make_shared<std::unique_ptr<Store>>(std::move(store));
    m_backgroundJob = runInBackground<Outcome>(
        this, tr("Opening %1…").arg(name),
        [pathOrUrl](const std::function<bool(int)> &progress) {
            RegistryLoader loader;
            loader.setProgress(progress);
            Outcome outcome;
            outcome.ok = loader.load(pathOrUrl, outcome.loaded);
            outcome.error = loader.errorString();
            return outcome;
        },
        [this, pathOrUrl, pendingStore, failed](Outcome outcome) {
            m_backgroundJob = nullptr;
            statusBar()->clearMessage();
            QString connectError;
            if (outcome.ok && Store::isDatabaseUrl(pathOrUrl) &&
                !Document::connectStore(pathOrUrl, *pendingStore, &connectError))
                outcome = {false, connectError, {}};
            if (!outcome.ok) {
                failed(outcome.error);
                return;
            }
            finishOpen(pathOrUrl, std::move(*pendingStore), std::move(outcome.loaded));
        },
        [this, name] {
            m_backgroundJob = nullptr;
            statusBar()->showMessage(tr("Opening %1 was canceled; nothing changed.").arg(name),
                                     5000);
            emit openFinished(false);
        });
    return true;
}

void MainWindow::finishOpen(const QString &pathOrUrl, std::unique_ptr<Store> store,
                            LoadedRegistry loaded)
{
    m_document->adopt(pathOrUrl, std::move(store), std::move(loaded));
    m_banner->hide();
    // Never a password: a database is remembered as its display URL (PGPASSWORD or ~/.pgpass
    // supply the password when it is opened again).
    rememberRecent(m_document->location());
    if (!m_document->registry().devices.isEmpty())
        selectDevice(0);
    updateTitle();
    emit openFinished(true);
}

bool MainWindow::maybeSave()
{
    if (!m_document->isModified())
        return true;
    const auto answer = QMessageBox::warning(
        this, tr("Unsaved changes"),
        tr("The registry has changes that are not saved yet. Save them?"),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

void MainWindow::newRegistry()
{
    if (!maybeSave())
        return;
    m_document->reset(newRegistryTemplate());
    m_banner->hide();
    m_pages->setCurrentIndex(1);
    updateTitle();
}

void MainWindow::openFile()
{
    if (!maybeSave())
        return;
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Registry"), QFileInfo(m_document->location()).absolutePath(),
        RegistryIo::openFilter());
    if (!path.isEmpty())
        openLocation(path);
}

bool MainWindow::save()
{
    if (m_document->backing() == Document::Backing::Memory)
        return saveAs();
    Document::SaveOptions options;
    for (;;) {
        QString error;
        switch (m_document->save(options, &error)) {
        case Document::SaveResult::Saved:
            statusBar()->showMessage(tr("Saved %1").arg(m_document->location()), 4000);
            return true;
        case Document::SaveResult::Failed:
            showError(error);
            return false;
        case Document::SaveResult::WouldDropComments: {
            const auto comment = m_document->firstComment();
            QMessageBox box(QMessageBox::Warning, tr("Comments would be lost"),
                            tr("%1 has comments (the first on line %2). Portolan writes the "
                               "registry from its values, so saving drops them.")
                                .arg(QFileInfo(m_document->location()).fileName())
                                .arg(comment ? comment->line : 0),
                            QMessageBox::Cancel, this);
            QPushButton *drop = box.addButton(tr("Save Without Comments"), QMessageBox::AcceptRole);
            box.setDefaultButton(QMessageBox::Cancel);
            box.exec();
            if (box.clickedButton() != drop)
                return false;
            options.dropComments = true;
            continue;
        }
        case Document::SaveResult::ChangedOnDisk: {
            QMessageBox box(QMessageBox::Warning, tr("Changed on disk"),
                            tr("%1\n\nReload it and reapply your edits on top, or overwrite it "
                               "with your version?")
                                .arg(error),
                            QMessageBox::Cancel, this);
            QPushButton *merge = box.addButton(tr("Reload and Reapply"), QMessageBox::AcceptRole);
            QPushButton *overwrite =
                box.addButton(tr("Overwrite with Mine"), QMessageBox::DestructiveRole);
            box.setDefaultButton(merge);
            box.exec();
            if (box.clickedButton() == merge) {
                reloadFromDisk();
                return false; // the merged edits are unsaved: the user looks, then saves
            }
            if (box.clickedButton() != overwrite)
                return false;
            options.overwriteChangesOnDisk = true;
            continue;
        }
        }
    }
}

void MainWindow::reloadFromDisk()
{
    QStringList collisions;
    QString error;
    if (!m_document->reloadFromDisk(&collisions, &error)) {
        showError(error);
        return;
    }
    if (collisions.isEmpty()) {
        showInfo(m_document->isModified()
                     ? tr("Reloaded %1 and reapplied your edits (one step in Edit > Undo).")
                           .arg(m_document->location())
                     : tr("Reloaded %1.").arg(m_document->location()));
        return;
    }
    showError(tr("Reloaded %1 and reapplied your edits, except %n that collided with the "
                 "change on disk (the file's version was kept): %2",
                 "", int(collisions.size()))
                  .arg(m_document->location(), collisions.join(QStringLiteral("; "))));
}

void MainWindow::onChangedOnDisk(bool deleted)
{
    const QString name = QFileInfo(m_document->location()).fileName();
    if (!deleted && !m_document->isModified()) {
        // Nothing of ours to lose: take the new file in, as editors do.
        reloadFromDisk();
        return;
    }
    QList<MessageBanner::Action> actions;
    if (!deleted)
        actions.append({tr("Reload and Reapply My Edits"), QStringLiteral("reloadFromDiskButton"),
                        [this] { reloadFromDisk(); }});
    actions.append({deleted ? tr("Save Mine There") : tr("Keep Mine (Overwrite)"),
                    QStringLiteral("keepMineButton"), [this] {
                        Document::SaveOptions options;
                        options.overwriteChangesOnDisk = true;
                        QString error;
                        const Document::SaveResult result = m_document->save(options, &error);
                        if (result == Document::SaveResult::WouldDropComments) {
                            options.dropComments = true;
                            if (m_document->save(options, &error) != Document::SaveResult::Saved)
                                showError(error);
                        } else if (result != Document::SaveResult::Saved) {
                            showError(error);
                        }
                    }});
    m_banner->showMessage(
        Severity::Warning,
        deleted ? tr("%1 was deleted on disk. Your registry is still here.").arg(name)
                : tr("%1 changed on disk while you have unsaved edits.").arg(name),
        actions);
}

bool MainWindow::saveAs()
{
    QString path =
        QFileDialog::getSaveFileName(this, tr("Save Registry As"), m_document->location(),
                                     RegistryIo::saveFilter());
    if (path.isEmpty())
        return false;
    if (!RegistryIo::isRegistryFile(path))
        path += QStringLiteral(".yaml");
    QString error;
    if (!m_document->saveAs(path, &error)) {
        showError(error);
        return false;
    }
    rememberRecent(path);
    updateTitle();
    return true;
}

void MainWindow::exportMarkdown()
{
    if (refusesToExport(ExportCheck::Scope()))
        return;
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export Markdown"), QString(), tr("Markdown (*.md)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!AtomicFile::write(path, MarkdownWriter::toMarkdown(m_document->registry()).toUtf8(),
                           &error)) {
        showError(error);
        return;
    }
    statusBar()->showMessage(tr("Exported %1").arg(path), 4000);
}

void MainWindow::exportYaml()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export YAML Registry"), QString(),
                                                      tr("YAML registry (*.yaml)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!RegistryIo::save(m_document->registry(), path, &error))
        showError(error);
    else
        statusBar()->showMessage(tr("Exported %1").arg(path), 4000);
}

// --- editing -----------------------------------------------------------------------------

void MainWindow::addDevice()
{
    Device initial;
    DeviceDialog dialog(m_document->registry(), -1, initial, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const int index = m_document->registry().devices.size();
    m_document->undoStack()->push(new AddDevice(m_document, index, dialog.device()));
    selectDevice(index);
}

void MainWindow::addService()
{
    const Selection s = selection();
    if (s.device < 0)
        return;
    Service initial;
    initial.category = s.service >= 0
                           ? m_document->registry().devices[s.device].services[s.service].category
                           : QString();
    ServiceDialog dialog(m_document->registry(), s.device, -1, initial, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const Device &device = m_document->registry().devices[s.device];
    const int index = device.services.size();
    m_document->undoStack()->push(
        new AddService(m_document, device.key.id, index, dialog.service()));
    selectPortMapRow(index, -1);
}

void MainWindow::addBinding()
{
    const Selection s = selection();
    if (s.service < 0)
        return;
    Binding initial;
    BindingDialog dialog(m_document->registry(), s.device, s.service, -1, initial, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const Service &service = m_document->registry().devices[s.device].services[s.service];
    const int index = service.ports.size();
    m_document->undoStack()->push(
        new AddBinding(m_document, service.key.id, index, dialog.binding()));
    selectPortMapRow(s.service, index);
}

void MainWindow::editSelection()
{
    const Selection s = selection();
    if (s.device < 0)
        return;
    const Registry &registry = m_document->registry();
    if (s.binding >= 0) {
        const Binding &binding = registry.devices[s.device].services[s.service].ports[s.binding];
        BindingDialog dialog(registry, s.device, s.service, s.binding, binding, this);
        if (dialog.exec() == QDialog::Accepted && dialog.binding() != binding)
            m_document->undoStack()->push(
                new EditBinding(m_document, binding.key.id, dialog.binding()));
        return;
    }
    if (s.service >= 0) {
        editService();
        return;
    }
    DeviceDialog dialog(registry, s.device, registry.devices[s.device], this);
    if (dialog.exec() == QDialog::Accepted)
        m_document->undoStack()->push(
            new EditDevice(m_document, registry.devices[s.device].key.id, dialog.device()));
}

void MainWindow::editService()
{
    const Selection s = selection();
    if (s.service < 0)
        return;
    const Service &service = m_document->registry().devices[s.device].services[s.service];
    ServiceDialog dialog(m_document->registry(), s.device, s.service, service, this);
    if (dialog.exec() == QDialog::Accepted && dialog.service() != service)
        m_document->undoStack()->push(
            new EditService(m_document, service.key.id, dialog.service()));
}

void MainWindow::duplicateSelection()
{
    const Selection s = selection();
    if (s.device < 0)
        return;
    const Registry &registry = m_document->registry();
    if (s.binding >= 0) {
        // Same service, same container port, the next free host port.
        Binding copy = registry.devices[s.device].services[s.service].ports[s.binding];
        copy.key = {};
        const QVector<int> free = FreePortFinder(registry).lowestFree(
            s.device, registry.devices[s.device].services[s.service].category, 1,
            copy.effectiveProtocol());
        if (!free.isEmpty() && copy.host.length() == 1)
            copy.host = PortRange::single(free.first());
        BindingDialog dialog(registry, s.device, s.service, -1, copy, this);
        if (dialog.exec() != QDialog::Accepted)
            return;
        const Service &service = registry.devices[s.device].services[s.service];
        m_document->undoStack()->push(
            new AddBinding(m_document, service.key.id, service.ports.size(), dialog.binding()));
        return;
    }
    if (s.service >= 0) {
        Service copy = registry.devices[s.device].services[s.service];
        copy.key = {};
        copy.name += QStringLiteral("-copy");
        copy.ports.clear(); // host ports cannot be shared; add them to the copy one by one
        ServiceDialog dialog(registry, s.device, -1, copy, this);
        if (dialog.exec() != QDialog::Accepted)
            return;
        const Device &device = registry.devices[s.device];
        m_document->undoStack()->push(
            new AddService(m_document, device.key.id, device.services.size(), dialog.service()));
        return;
    }
    Device copy = registry.devices[s.device];
    copy.key = {};
    copy.name += QStringLiteral("-copy");
    DeviceDialog dialog(registry, -1, copy, this);
    dialog.setWindowTitle(tr("Duplicate Device %1").arg(registry.devices[s.device].name));
    if (dialog.exec() != QDialog::Accepted)
        return;
    Device duplicate = dialog.device();
    duplicate.services = registry.devices[s.device].services;
    for (Service &service : duplicate.services) {
        service.key = {};
        service.route.reset(); // a name can be served by one device only
        for (Binding &binding : service.ports)
            binding.key = {};
    }
    const int index = registry.devices.size();
    m_document->undoStack()->push(new AddDevice(m_document, index, duplicate));
    selectDevice(index);
}

void MainWindow::deleteSelection()
{
    const Selection s = selection();
    if (s.device < 0)
        return;
    const Registry &registry = m_document->registry();
    const Device &device = registry.devices[s.device];
    const bool portMapFocused = m_portMapView->hasFocus() || s.service >= 0;
    QString question;
    QUndoCommand *command = nullptr;
    if (portMapFocused && s.binding >= 0) {
        const Binding &binding = device.services[s.service].ports[s.binding];
        question = tr("Delete binding %1 of %2/%3?")
                       .arg(binding.hostLabel(), device.name, device.services[s.service].name);
        command = new RemoveBinding(m_document, binding.key.id);
    } else if (portMapFocused && s.service >= 0) {
        const Service &service = device.services[s.service];
        question = tr("Delete service %1/%2 with its route?").arg(device.name, service.name);
        command = new RemoveService(m_document, service.key.id);
    } else {
        question = tr("Delete device %1 with its %n service(s)?", nullptr, device.services.size())
                       .arg(device.name);
        command = new RemoveDevice(m_document, device.key.id);
    }
    if (QMessageBox::question(this, tr("Delete"), question + u'\n' + tr("You can undo this.")) !=
        QMessageBox::Yes) {
        delete command;
        return;
    }
    m_document->undoStack()->push(command);
}

void MainWindow::moveService()
{
    const Selection s = selection();
    if (s.service < 0)
        return;
    const Registry &registry = m_document->registry();
    QStringList names;
    for (int d = 0; d < registry.devices.size(); ++d) {
        if (d != s.device)
            names << registry.devices[d].name;
    }
    bool ok = false;
    const QString target = QInputDialog::getItem(
        this, tr("Move Service"),
        tr("Move %1 to:").arg(registry.devices[s.device].services[s.service].name), names, 0, false,
        &ok);
    if (!ok)
        return;
    const int to = registry.findDevice(target);
    if (to < 0)
        return;
    m_document->undoStack()->push(
        new MoveService(m_document, registry.devices[s.device].services[s.service].key.id,
                        registry.devices[to].key.id, registry.devices[to].services.size()));
}

void MainWindow::editPolicy()
{
    PolicyDialog dialog(m_document->registry(), this);
    if (dialog.exec() == QDialog::Accepted && dialog.policy() != m_document->registry().policy)
        m_document->undoStack()->push(new EditPolicy(m_document, dialog.policy()));
}

void MainWindow::addBlock()
{
    const int index = m_document->registry().policy.blocks.size();
    m_document->undoStack()->push(
        new AddBlock(m_document, index, Block{{}, Purposes::Reserved, QString()}));
    m_blocksView->setCurrentIndex(m_blocksModel->index(index, BlocksModel::Purpose));
}

void MainWindow::removeBlock()
{
    const QModelIndex current = m_blocksView->currentIndex();
    if (!current.isValid())
        return;
    const Block &block = m_document->registry().policy.blocks[current.row()];
    m_document->undoStack()->push(new RemoveBlock(m_document, block.key.id));
}

void MainWindow::findInPortMap()
{
    m_pages->setCurrentIndex(0);
    m_search->setFocus();
    m_search->selectAll();
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

// --- window events -------------------------------------------------------------------------

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!maybeSave()) {
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
    if (urls.isEmpty() || !maybeSave())
        return;
    openLocation(urls.first().toLocalFile());
    event->acceptProposedAction();
}

} // namespace portolan
