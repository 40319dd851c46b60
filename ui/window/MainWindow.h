#pragma once

#include <QMainWindow>

#include <memory>

class QLabel;
class QSplitter;
class QTabWidget;

namespace portolan {

class DevicesPanel;
class Document;
class DocumentController;
class EditController;
class Feedback;
class FindingsDock;
class ChangesDock;
class SearchDock;
class HistoryDock;
class AuditController;
class DriftController;
class ImportExportController;
class MainActions;
class MessageBanner;
class Navigator;
class PolicyPage;
class PortMapPage;
class RangePage;

// The frame: it places the devices panel, the pages (port map, policy, range heatmap) and the
// docks, builds the menus and toolbar from the actions, and keeps the title and status line.
// What the actions do lives in the controllers (documents, edits, imports and exports); where
// the user is, in the Navigator.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    Document *document() const { return m_document; }
    Navigator *navigator() const { return m_navigator; }
    DocumentController *documents() const { return m_documents; }

    // See DocumentController::openLocation.
    bool openLocation(const QString &pathOrUrl);
    // At start: opens pathOrUrl on a worker thread once the window has painted for the first time
    // (or after a moment if it never does, as when it starts minimized), so reading a large
    // registry does not compete with drawing the window: on two cores the reader cost the first
    // paint a fifth of its time. Opens at once if the window has painted already.
    void openAfterFirstPaint(const QString &pathOrUrl);
    bool isOpening() const;
    qint64 backgroundOpenThreshold() const;
    void setBackgroundOpenThreshold(qint64 bytes);
    void importMarkdownFile(const QString &path);
    QString bannerText() const;

    int currentDeviceIndex() const;
    void selectDevice(int deviceIndex);
    void selectPortMapRow(int service, int binding);

signals:
    // ok: the registry is shown; false: it failed (the banner says why) or was canceled.
    void openFinished(bool ok);

protected:
    bool event(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    bool focusNextPrevChild(bool next) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    int findingsHeightLimit() const;
    void openPending();
    void finishStartOpen();
    void createPages();
    void createMenus();
    void connectActions();
    void readSettings();
    void writeSettings();
    void updateTitle();
    void updateStatus();
    void updateActions();
    void about();
    void showPreferences();
    void showShortcuts();
    void showGuide();

    Document *m_document;
    QString m_pendingOpen;
    // The registry named at start, until it is open (or failed to open).
    QString m_startLocation;
    bool m_painted = false;
    MessageBanner *m_banner = nullptr;
    std::unique_ptr<Feedback> m_feedback;
    DevicesPanel *m_devices = nullptr;
    PortMapPage *m_portMap = nullptr;
    PolicyPage *m_policy = nullptr;
    RangePage *m_range = nullptr;
    QTabWidget *m_pages = nullptr;
    QSplitter *m_splitter = nullptr;
    SearchDock *m_search = nullptr;
    ChangesDock *m_changes = nullptr;
    FindingsDock *m_findings = nullptr;
    HistoryDock *m_history = nullptr;
    QLabel *m_statusCounts = nullptr;
    QLabel *m_statusLocation = nullptr;

    Navigator *m_navigator = nullptr;
    MainActions *m_actions = nullptr;
    DocumentController *m_documents = nullptr;
    EditController *m_edits = nullptr;
    ImportExportController *m_transfers = nullptr;
    DriftController *m_drift = nullptr;
    AuditController *m_audit = nullptr;
};

} // namespace portolan
