#pragma once

#include "overview/OverviewRenderer.h"

#include "check/ExportCheck.h"
#include "controllers/Feedback.h"

#include <QList>
#include <QObject>

class QAction;
class QWidget;

namespace portolan {

class DocumentController;
class Document;
class Exporter;
class Importer;
class Navigator;
class PortMapPage;
class RangePage;

// Everything that leaves or enters the registry other than opening and saving it: one export
// action per format of the format registry (previewed, copied, saved), the registry as YAML,
// the range overview printed or as PDF, and the imports (previewed, applied as one undo step).
class ImportExportController : public QObject
{
    Q_OBJECT

public:
    ImportExportController(Document *document, Navigator *navigator, PortMapPage *portMap,
                           RangePage *range, DocumentController *documents, QWidget *window,
                           Feedback *feedback, QObject *parent = nullptr);

    // For File > Export and File > Import, in menu order; object names actionExportNAME.
    const QList<QAction *> &exportActions() const { return m_exportActions; }
    const QList<QAction *> &importActions() const { return m_importActions; }
    QAction *printAction() const { return m_print; }
    QAction *printPreviewAction() const { return m_printPreview; }
    // Enables what needs a device.
    void updateActions(bool hasDevice);

public slots:
    void exportFormat(const Exporter *exporter);
    void exportYaml();
    void exportPdf();
    void print();
    void printPreview();
    void importFormat(const Importer *importer);
    // Read and merged on a worker thread; the result is one undo step.
    void importMarkdownFile(const QString &path);
    // A document that needs a device (tables without ### NAME (IP)) or a category: the
    // import dialog, with the file, its preview and what was skipped.
    void importMarkdownWithOptions(const QString &path);

private:
    // The first changes of an import for its banner, and how many more: an import of 10,000
    // devices listed every one of them, and the banner took half the window.
    static QString shortReport(const QStringList &report);
    QString exportFolder() const;
    QString registryBaseName() const;
    OverviewRenderer::Options overviewOptions() const;
    QAction *makeAction(const QString &name, const QString &text);
    bool refusesToExport(const ExportCheck::Scope &scope);
    void importServices(const Importer &importer);

    Document *m_document;
    Navigator *m_navigator;
    PortMapPage *m_portMap;
    RangePage *m_range;
    DocumentController *m_documents;
    QWidget *m_window;
    Feedback *m_feedback;
    QList<QAction *> m_exportActions;
    QList<QAction *> m_importActions;
    QList<QAction *> m_deviceActions; // enabled only with a device selected
    QAction *m_print = nullptr;
    QAction *m_printPreview = nullptr;
};

} // namespace portolan
