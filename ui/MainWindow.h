#pragma once

#include "check/ExportCheck.h"

#include "document/RegistryLoader.h"

#include <QFutureWatcherBase>
#include <QMainWindow>
#include <QPointer>

class QAction;
class QComboBox;
class QDockWidget;
class QLabel;
class QLineEdit;
class QMenu;
class QSplitter;
class QTabWidget;
class QTableView;
class QSortFilterProxyModel;

namespace portolan {

class Store;

class BlocksModel;
class DeviceListModel;
class Document;
class FindingsModel;
class HeatmapWidget;
class MessageBanner;
class OccupancyModel;
class PortStripWidget;
class PortMapFilter;
class PortMapModel;

// The planner: devices on the left, the selected device's port map (or the policy) on the
// right, every finding in a dock. Every edit goes through the document's undo stack.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    Document *document() const { return m_document; }
    // Opens a YAML file, a .portolan file or a postgresql:// URL; errors show in the banner.
    // Files from backgroundOpenThreshold() bytes on, and databases, are read and checked on a
    // worker thread behind a cancellable progress dialog: the call returns at once, the
    // window stays live, and the current registry stays until the new one is swapped in.
    // False when it failed at once; openFinished() says how it ended either way.
    bool openLocation(const QString &pathOrUrl);
    bool isOpening() const { return m_backgroundJob != nullptr; }
    qint64 backgroundOpenThreshold() const { return m_backgroundOpenBytes; }
    void setBackgroundOpenThreshold(qint64 bytes) { m_backgroundOpenBytes = bytes; }
    QString bannerText() const;

    // The device shown in the port map, -1 for none.
    int currentDeviceIndex() const;
    void selectDevice(int deviceIndex);
    // Selects the port map row of a service's binding (binding -1: the service's first row).
    void selectPortMapRow(int service, int binding);

signals:
    // ok: the registry is shown; false: it failed (the banner says why) or was canceled.
    void openFinished(bool ok);

public slots:
    void newRegistry();
    void openFile();
    bool save();
    bool saveAs();
    void exportMarkdown();
    void exportYaml();
    void exportPdf();
    void exportCompose();
    void importCompose();
    void importMarkdown();
    // Read and merged on a worker thread; the result is one undo step.
    void importMarkdownFile(const QString &path);
    void checkAgainstMachine();
    void print();
    void printPreview();
    void addDevice();
    void addService();
    void addBinding();
    void editSelection();
    void editService();
    void duplicateSelection();
    void deleteSelection();
    void moveService();
    void editPolicy();
    void addBlock();
    void removeBlock();
    void findInPortMap();
    void about();

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void finishOpen(const QString &pathOrUrl, std::unique_ptr<Store> store, LoadedRegistry loaded);
    void createActions();
    void createMenus();
    void createCentralWidget();
    void createDocks();
    void readSettings();
    void writeSettings();
    void updateTitle();
    void updateStatus();
    void updateActions();
    void updatePolicyPage();
    void updateRecentMenu();
    void rememberRecent(const QString &location);
    void showDeviceHeader();
    bool maybeSave();
    void showError(const QString &message);
    void reloadFromDisk();
    bool refusesToExport(const ExportCheck::Scope &scope);
    void onChangedOnDisk(bool deleted);
    void showInfo(const QString &message);

    // The selection, in registry positions (-1 where nothing is selected).
    struct Selection
    {
        int device = -1;
        int service = -1;
        int binding = -1;
    };
    Selection selection() const;
    void focusFinding(const QModelIndex &index);
    void selectPort(int port);
    void addBindingAt(int port);
    void refreshHeatmapFilter();

    Document *m_document;
    DeviceListModel *m_deviceModel;
    PortMapModel *m_portMapModel;
    PortMapFilter *m_portMapFilter;
    FindingsModel *m_findingsModel;
    BlocksModel *m_blocksModel;
    QSortFilterProxyModel *m_deviceSort;
    QSortFilterProxyModel *m_findingsSort;
    OccupancyModel *m_rangeOccupancy;
    OccupancyModel *m_deviceOccupancy;
    HeatmapWidget *m_heatmap = nullptr;
    PortStripWidget *m_strip = nullptr;
    QComboBox *m_heatmapFilter = nullptr;
    QLabel *m_heatmapHint = nullptr;

    MessageBanner *m_banner = nullptr;
    QSplitter *m_splitter = nullptr;
    QTableView *m_deviceView = nullptr;
    QTabWidget *m_pages = nullptr;
    QLabel *m_deviceHeader = nullptr;
    QLineEdit *m_search = nullptr;
    QTableView *m_portMapView = nullptr;
    QLabel *m_policySummary = nullptr;
    QTableView *m_blocksView = nullptr;
    QDockWidget *m_findingsDock = nullptr;
    QDockWidget *m_historyDock = nullptr;
    QTableView *m_findingsView = nullptr;
    QLabel *m_statusCounts = nullptr;
    QLabel *m_statusLocation = nullptr;
    QMenu *m_recentMenu = nullptr;

    QAction *m_newAction = nullptr;
    QAction *m_openAction = nullptr;
    QPointer<QFutureWatcherBase> m_backgroundJob;
    // Below this a registry opens on the GUI thread: under 0.1 s, not worth a dialog.
    qint64 m_backgroundOpenBytes = 1024 * 1024;
    QAction *m_saveAction = nullptr;
    QAction *m_saveAsAction = nullptr;
    QAction *m_exportMarkdownAction = nullptr;
    QAction *m_exportYamlAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_printAction = nullptr;
    QAction *m_printPreviewAction = nullptr;
    QAction *m_exportPdfAction = nullptr;
    QAction *m_exportComposeAction = nullptr;
    QAction *m_importComposeAction = nullptr;
    QAction *m_importMarkdownAction = nullptr;
    QAction *m_driftAction = nullptr;
    QAction *m_undoAction = nullptr;
    QAction *m_redoAction = nullptr;
    QAction *m_addDeviceAction = nullptr;
    QAction *m_addServiceAction = nullptr;
    QAction *m_addBindingAction = nullptr;
    QAction *m_editAction = nullptr;
    QAction *m_editServiceAction = nullptr;
    QAction *m_duplicateAction = nullptr;
    QAction *m_deleteAction = nullptr;
    QAction *m_moveServiceAction = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_policyAction = nullptr;
    QAction *m_aboutAction = nullptr;
};

} // namespace portolan
