#include "controllers/ImportExportController.h"

#include "controllers/BackgroundJob.h"
#include "controllers/DocumentController.h"
#include "dialogs/ExportPreviewDialog.h"
#include "dialogs/ImportServicesDialog.h"
#include "document/Document.h"
#include "document/commands/AddRemove.h"
#include "document/commands/ImportChanges.h"
#include "domain/WellKnownPorts.h"
#include "formats/FormatRegistry.h"
#include "formats/markdown/MarkdownImportPlan.h"
#include "formats/markdown/MarkdownReader.h"
#include "overview/OverviewRenderer.h"
#include "pages/PortMapPage.h"
#include "pages/RangePage.h"
#include "store/RegistryIo.h"
#include "store/RegistryLocation.h"
#include "store/Store.h"
#include "window/MainActions.h"
#include "window/Navigator.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHostAddress>
#include <QPrintDialog>
#include <QPrintPreviewDialog>
#include <QPrinter>
#include <QSettings>
#include <QTimer>
#include <QUndoStack>

namespace portolan {

QString ImportExportController::shortReport(const QStringList &report)
{
    constexpr int Shown = 5;
    if (report.size() <= Shown + 1)
        return report.join(QStringLiteral("; "));
    return tr("%1; and %n more (the Changes dock lists every one)", nullptr,
              int(report.size()) - Shown)
        .arg(report.mid(0, Shown).join(QStringLiteral("; ")));
}

ImportExportController::ImportExportController(Document *document, Navigator *navigator,
                                               PortMapPage *portMap, RangePage *range,
                                               DocumentController *documents, QWidget *window,
                                               Feedback *feedback, QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_navigator(navigator)
    , m_portMap(portMap)
    , m_range(range)
    , m_documents(documents)
    , m_window(window)
    , m_feedback(feedback)
{
    // One action per format: a new exporter or importer appears here by itself.
    auto capitalized = [](QString name) {
        name[0] = name[0].toUpper();
        return name;
    };
    for (const Exporter *exporter : FormatRegistry::exporters()) {
        QAction *action = makeAction(QStringLiteral("actionExport") + capitalized(exporter->name()),
                                     exporter->title() + QStringLiteral("…"));
        connect(action, &QAction::triggered, this, [this, exporter] { exportFormat(exporter); });
        m_exportActions << action;
        for (const FormatOption &option : exporter->options()) {
            if (option.isDevice)
                m_deviceActions << action;
        }
    }
    QAction *yaml = makeAction(QStringLiteral("actionExportYaml"), tr("&YAML Registry…"));
    connect(yaml, &QAction::triggered, this, &ImportExportController::exportYaml);
    QAction *pdf = makeAction(QStringLiteral("actionExportPdf"), tr("Range Overview as &PDF…"));
    connect(pdf, &QAction::triggered, this, &ImportExportController::exportPdf);
    m_exportActions << yaml << pdf;
    for (const Importer *importer : FormatRegistry::importers()) {
        QAction *action = makeAction(QStringLiteral("actionImport") + capitalized(importer->name()),
                                     importer->title() + QStringLiteral("…"));
        connect(action, &QAction::triggered, this, [this, importer] { importFormat(importer); });
        m_importActions << action;
    }
    m_print = makeAction(QStringLiteral("actionPrint"), tr("&Print…"));
    m_print->setShortcut(QKeySequence::Print);
    MainActions::declareStandardKey(m_print, QKeySequence::Print);
    connect(m_print, &QAction::triggered, this, &ImportExportController::print);
    m_printPreview = makeAction(QStringLiteral("actionPrintPreview"), tr("Print Pre&view…"));
    connect(m_printPreview, &QAction::triggered, this, &ImportExportController::printPreview);
}

QAction *ImportExportController::makeAction(const QString &name, const QString &text)
{
    auto *action = new QAction(text, m_window);
    action->setObjectName(name);
    return action;
}

void ImportExportController::updateActions(bool hasDevice)
{
    for (QAction *action : m_deviceActions)
        action->setEnabled(hasDevice);
}

void ImportExportController::exportFormat(const Exporter *exporter)
{
    FormatValues values;
    const int d = m_navigator->currentDevice();
    ExportCheck::Scope scope;
    for (const FormatOption &option : exporter->options()) {
        if (option.isDevice) {
            if (d < 0)
                return;
            values.set(option.name, {m_document->registry().devices[d].name});
            scope.device = d;
        }
    }
    if (refusesToExport(scope))
        return;
    values.set(Exporter::SourceValue, {QFileInfo(m_document->location()).fileName()});
    ExportPreviewDialog dialog(exporter, m_document->registry(), values, exportFolder(), m_window);
    dialog.exec();
}

void ImportExportController::importFormat(const Importer *importer)
{
    if (importer->name() == QLatin1String("compose") ||
        importer->name() == QLatin1String("docker")) {
        importServices(*importer);
        return;
    }
    const QString path = QFileDialog::getOpenFileName(
        m_window, tr("Import %1").arg(importer->title()),
        QFileInfo(m_document->location()).absolutePath(), importer->fileFilter());
    if (!path.isEmpty())
        importMarkdownFile(path);
}

bool ImportExportController::refusesToExport(const ExportCheck::Scope &scope)
{
    const Findings blocking = ExportCheck::blockingValues(m_document->registry(), scope);
    if (blocking.isEmpty())
        return false;
    // The same rule as the command line: a value that breaks its rule could change what the
    // exported file means, so nothing is written until it is fixed (the Findings dock has it).
    m_feedback->error(tr("Nothing was exported: %n value(s) would be written that break their rule "
                         "(invalid-value in the Findings dock). First: %1",
                         "", int(blocking.size()))
                          .arg(ExportCheck::describe({blocking.first()}).trimmed()));
    return true;
}

void ImportExportController::importServices(const Importer &importer)
{
    if (m_document->registry().devices.isEmpty()) {
        m_feedback->info(importer.name() == QLatin1String("compose")
                             ? tr("Add the device the compose file runs on first.")
                             : tr("Add the device the containers run on first."));
        return;
    }
    ImportServicesDialog dialog(importer, m_document->registry(), m_navigator->currentDevice(),
                                m_window);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (QUndoCommand *command = ImportChanges::fromTarget(
            m_document, dialog.result(),
            importer.name() == QLatin1String("compose") ? tr("Import compose file")
                                                        : tr("Import running containers")))
        m_document->undoStack()->push(command);
    m_navigator->selectDevice(dialog.deviceIndex());
}

void ImportExportController::importMarkdownFile(const QString &path)
{
    if (m_documents->isBusy())
        return;
    struct Outcome
    {
        Error error;
        bool needsOptions = false; // a device for heading-less tables, or a category
        Registry target;
        QStringList report;
    };
    // Read and merged on a worker: a registry kept in Markdown for years can be long. The
    // window-modal progress dialog keeps the registry unedited meanwhile, so the merge target
    // taken here is still current when the result arrives.
    m_documents->setBusy(runInBackground<Outcome>(
        m_window, tr("Importing %1…").arg(QFileInfo(path).fileName()),
        [path, current = m_document->registry()](const std::function<bool(int)> &progress) {
            Outcome outcome;
            MarkdownReader reader;
            if (!reader.readFile(path)) {
                outcome.error = reader.error();
                outcome.needsOptions =
                    outcome.error.message.contains(QLatin1String("belongs to no device"));
                return outcome;
            }
            progress(500);
            outcome.target = current;
            if (!MarkdownImportPlan::apply(reader.devices(), outcome.target, &outcome.report, {},
                                           &outcome.error)) {
                outcome.needsOptions = true;
                return outcome;
            }
            for (const QString &warning : reader.warnings())
                outcome.report << tr("skipped %1").arg(warning);
            progress(1000);
            return outcome;
        },
        [this, path](Outcome outcome) {
            m_documents->setBusy(nullptr);
            if (outcome.needsOptions) {
                // What the document cannot say by itself is asked, with the preview; once the
                // progress dialog has gone, so that it does not stay over the question.
                QTimer::singleShot(0, this, [this, path] { importMarkdownWithOptions(path); });
                return;
            }
            if (!outcome.error.isEmpty()) {
                m_feedback->error(outcome.error.toString());
                return;
            }
            if (QUndoCommand *command = ImportChanges::fromTarget(m_document, outcome.target,
                                                                  tr("Import Markdown registry")))
                m_document->undoStack()->push(command);
            m_feedback->info(
                outcome.report.isEmpty()
                    ? tr("Nothing to change: the registry already matches %1.").arg(path)
                    : tr("Imported %1: %2").arg(path, shortReport(outcome.report)));
        },
        [this] { m_documents->setBusy(nullptr); }));
}

void ImportExportController::importMarkdownWithOptions(const QString &path)
{
    const Importer *importer = FormatRegistry::importer(QStringLiteral("markdown"));
    if (!importer)
        return;
    ImportServicesDialog dialog(*importer, m_document->registry(), m_navigator->currentDevice(),
                                m_window);
    dialog.setFile(path);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (QUndoCommand *command =
            ImportChanges::fromTarget(m_document, dialog.result(), tr("Import Markdown registry")))
        m_document->undoStack()->push(command);
    if (dialog.deviceIndex() >= 0)
        m_navigator->selectDevice(dialog.deviceIndex());
}

void ImportExportController::exportPdf()
{
    if (refusesToExport(ExportCheck::Scope()))
        return;
    const QString path = QFileDialog::getSaveFileName(
        m_window, tr("Export Range Overview"),
        QDir(exportFolder()).filePath(registryBaseName() + QStringLiteral("-overview.pdf")),
        tr("PDF (*.pdf)"));
    if (path.isEmpty())
        return;
    Error error;
    if (!OverviewRenderer::writePdf(m_document->registry(), m_document->findings(),
                                    overviewOptions(), path, QPageSize::A4, QPageLayout::Portrait,
                                    &error))
        m_feedback->error(error.toString());
    else
        m_feedback->transient(tr("Exported %1").arg(path), 4000);
}

void ImportExportController::print()
{
    if (refusesToExport(ExportCheck::Scope()))
        return;
    QPrinter printer(QPrinter::HighResolution);
    QPrintDialog dialog(&printer, m_window);
    if (dialog.exec() != QDialog::Accepted)
        return;
    OverviewRenderer renderer(m_document->registry(), m_document->findings(), overviewOptions());
    if (renderer.render(&printer) == 0)
        m_feedback->error(tr("Could not print: the printer did not accept the document."));
}

void ImportExportController::printPreview()
{
    if (refusesToExport(ExportCheck::Scope()))
        return;
    QPrinter printer(QPrinter::HighResolution);
    QPrintPreviewDialog preview(&printer, m_window);
    connect(&preview, &QPrintPreviewDialog::paintRequested, this, [this](QPrinter *target) {
        OverviewRenderer renderer(m_document->registry(), m_document->findings(),
                                  overviewOptions());
        renderer.render(target);
    });
    preview.resize(900, 1000);
    preview.exec();
}

QString ImportExportController::exportFolder() const
{
    // The folder chosen in Preferences, else the registry's own, else home: never the
    // directory the app happened to be started from.
    const QString chosen = QSettings().value(QStringLiteral("export/folder")).toString();
    if (!chosen.isEmpty() && QFileInfo(chosen).isDir())
        return chosen;
    const QString location = m_document->location();
    if (!location.isEmpty() && !RegistryLocation::parse(location).isDatabase())
        return QFileInfo(location).absolutePath();
    return QDir::homePath();
}

OverviewRenderer::Options ImportExportController::overviewOptions() const
{
    OverviewRenderer::Options options;
    const QString location = m_document->location();
    options.source = RegistryLocation::parse(location).isDatabase()
                         ? RegistryLocation::parse(location).displayName()
                         : QFileInfo(location).fileName();
    return options;
}

QString ImportExportController::registryBaseName() const
{
    const QString location = m_document->location();
    if (location.isEmpty() || RegistryLocation::parse(location).isDatabase())
        return QStringLiteral("registry");
    return QFileInfo(location).completeBaseName();
}

void ImportExportController::exportYaml()
{
    const QString path = QFileDialog::getSaveFileName(
        m_window, tr("Export YAML Registry"),
        QDir(exportFolder()).filePath(registryBaseName() + QStringLiteral(".yaml")),
        tr("YAML registry (*.yaml)"));
    if (path.isEmpty())
        return;
    Error error;
    if (!RegistryIo::save(m_document->registry(), path, &error))
        m_feedback->error(error.toString());
    else
        m_feedback->transient(tr("Exported %1").arg(path), 4000);
}

} // namespace portolan
