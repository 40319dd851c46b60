#include "docks/ChangesDock.h"

#include "check/ChangeReport.h"
#include "check/FindingsReport.h"
#include "check/Validator.h"
#include "docks/ElementRoles.h"
#include "document/Document.h"
#include "domain/WellKnownPorts.h"
#include "store/RegistryIo.h"
#include "store/RegistrySource.h"
#include "widgets/SeverityStyle.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QTreeWidget>
#include <QUndoStack>
#include <QVBoxLayout>

namespace portolan {

ChangesDock::ChangesDock(Document *document, QWidget *parent)
    : LazyDock(tr("Changes"), parent)
    , m_document(document)
    , m_menu(new QMenu(tr("Compare &With"), this))
    , m_lastSave(m_menu->addAction(tr("&Last Save")))
    , m_lastCommit(m_menu->addAction(tr("Last &Commit")))
{
    setObjectName(QStringLiteral("changesDock"));
    m_lastSave->setObjectName(QStringLiteral("actionCompareLastSave"));
    m_lastSave->setToolTip(tr("What the edits since the file was last saved change"));
    m_lastCommit->setObjectName(QStringLiteral("actionCompareLastCommit"));
    m_lastCommit->setToolTip(tr("What the registry changes against its last git commit (HEAD)"));
    m_menu->addSeparator();
    QAction *file = m_menu->addAction(tr("&File…"));
    file->setObjectName(QStringLiteral("actionCompareFile"));
    QAction *revision = m_menu->addAction(tr("Git &Revision…"));
    revision->setObjectName(QStringLiteral("actionCompareRevision"));
    connect(m_lastSave, &QAction::triggered, this, &ChangesDock::compareWithLastSave);
    connect(m_lastCommit, &QAction::triggered, this, &ChangesDock::compareWithLastCommit);
    connect(file, &QAction::triggered, this, &ChangesDock::compareWithFile);
    connect(revision, &QAction::triggered, this, &ChangesDock::compareWithRevision);
    // Asking git where the file lives starts a process: only when the menu opens, never on the
    // way to the first paint.
    connect(m_menu, &QMenu::aboutToShow, this, [this] { updateActions(true); });
    connect(m_document, &Document::locationChanged, this, [this] {
        updateActions(false);
        followSave();
    });
    connect(m_document, &Document::modifiedChanged, this, &ChangesDock::followSave);

    m_refreshLater.setSingleShot(true);
    m_refreshLater.setInterval(150);
    connect(&m_refreshLater, &QTimer::timeout, this, &ChangesDock::refresh);
    connect(m_document->undoStack(), &QUndoStack::indexChanged, &m_refreshLater,
            qOverload<>(&QTimer::start));
    connect(m_document, &Document::resetDone, this, [this] {
        m_hasBase = false;
        if (!hasContent())
            return;
        m_tree->clear();
        m_status->setStyleSheet(QString());
        m_status->setText(invitation());
    });
    updateActions(false);
    m_lastCommit->setEnabled(false);
}

QString ChangesDock::invitation()
{
    return tr("Compare the registry with its last save, its last commit, a file or a git "
              "revision: File › Compare With.");
}

QWidget *ChangesDock::createContent()
{
    m_status = new QLabel;
    m_tree = new QTreeWidget;
    m_status->setObjectName(QStringLiteral("changesStatus"));
    m_status->setWordWrap(true);
    m_status->setText(invitation());
    m_tree->setObjectName(QStringLiteral("changesTree"));
    m_tree->setAccessibleName(tr("Changes"));
    m_tree->setHeaderHidden(true);
    m_tree->setUniformRowHeights(true);
    connect(m_tree, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        if (item && item->data(0, DeviceRole).isValid())
            emit elementActivated(item->data(0, DeviceRole).toInt(),
                                  item->data(0, ServiceRole).toInt(),
                                  item->data(0, BindingRole).toInt());
    });
    connect(m_tree, &QTreeWidget::itemClicked, m_tree, &QTreeWidget::itemActivated);

    auto *body = new QWidget;
    auto *layout = new QVBoxLayout(body);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_status);
    layout->addWidget(m_tree, 1);
    return body;
}

QTreeWidget *ChangesDock::tree()
{
    ensureContent();
    return m_tree;
}

QString ChangesDock::gitPathOf(QString *repository) const
{
    const QString location = m_document->location();
    if (location.isEmpty() || !QFileInfo(location).isFile())
        return QString();
    *repository = RegistrySource::repositoryOf(location);
    if (repository->isEmpty())
        return QString();
    return QDir(*repository).relativeFilePath(QFileInfo(location).canonicalFilePath());
}

void ChangesDock::updateActions(bool askGit)
{
    const QString location = m_document->location();
    const bool isFile = !location.isEmpty() && QFileInfo(location).isFile();
    // A database is written with every edit: its last save is now.
    m_lastSave->setEnabled(isFile && RegistryIo::formatOf(location) == RegistryIo::Format::Yaml);
    if (!askGit)
        return;
    QString repository;
    m_lastCommit->setEnabled(isFile && !gitPathOf(&repository).isEmpty());
}

bool ChangesDock::compareWith(const QString &spec, const QString &label)
{
    return compareWith(spec, label, QFileInfo(m_document->location()).absolutePath());
}

bool ChangesDock::compareWith(const QString &spec, const QString &label,
                              const QString &workingDirectory)
{
    Registry base;
    Error error;
    m_baseIsLastSave = false;
    show();
    raise();
    ensureContent();
    if (!RegistrySource::load(spec, base, error, workingDirectory)) {
        m_status->setStyleSheet(QStringLiteral("color: %1;")
                                    .arg(SeverityStyle::color(Severity::Error, palette()).name()));
        m_status->setText(tr("Cannot compare with %1: %2").arg(label, error.message));
        // What is listed no longer answers the question asked.
        m_tree->clear();
        m_hasBase = false;
        return false;
    }
    m_base = base;
    m_baseLabel = label;
    m_hasBase = true;
    refresh();
    return true;
}

void ChangesDock::compareWithLastSave()
{
    m_baseIsLastSave = compareWith(m_document->location(), tr("the last save"));
}

void ChangesDock::followSave()
{
    // "The last save" moves with each save (and with Save As to another file).
    if (!m_hasBase || !m_baseIsLastSave || m_document->isModified())
        return;
    const QString location = m_document->location();
    Registry base;
    Error error;
    if (!RegistrySource::load(location, base, error, QFileInfo(location).absolutePath()))
        return; // the comparison shown stays that of the save before
    m_base = base;
    refresh();
}

void ChangesDock::compareWithLastCommit()
{
    QString repository;
    const QString path = gitPathOf(&repository);
    // Read in the repository's top folder, where git resolves REV:PATH from.
    if (!path.isEmpty())
        compareWith(QStringLiteral("HEAD:") + path, tr("the last commit"), repository);
}

void ChangesDock::compareWithFile()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Compare With File"), QFileInfo(m_document->location()).absolutePath(),
        tr("Registries (*.yaml *.yml *.portolan);;All files (*)"));
    if (!path.isEmpty())
        compareWith(path, QFileInfo(path).fileName());
}

void ChangesDock::compareWithRevision()
{
    QString repository;
    const QString path = gitPathOf(&repository);
    if (path.isEmpty()) {
        show();
        ensureContent();
        m_status->setText(tr("The open registry is not a file in a git repository."));
        return;
    }
    bool ok = false;
    const QString revision =
        QInputDialog::getText(
            this, tr("Compare With Git Revision"),
            tr("Revision of %1 (a commit, branch or tag, e.g. HEAD~1, main):").arg(path),
            QLineEdit::Normal, m_lastRevision, &ok)
            .trimmed();
    if (!ok || revision.isEmpty())
        return;
    m_lastRevision = revision;
    const QString spec = revision + u':' + path;
    compareWith(spec, spec, repository);
}

void ChangesDock::refresh()
{
    if (!m_hasBase || !hasContent())
        return;
    const Registry &current = m_document->registry();
    const ChangeReport report =
        ChangeReport::compare(m_base, current, Validator(&WellKnownPorts::system()));
    m_status->setStyleSheet(QString());
    m_status->setText(report.isEmpty() ? tr("No change against %1.").arg(m_baseLabel)
                                       : tr("Against %1: %2").arg(m_baseLabel, report.summary()));
    m_tree->clear();
    const RegistryDiff &diff = report.diff();
    QHash<QString, QTreeWidgetItem *> groups;
    auto group = [&](const QString &name) {
        QTreeWidgetItem *&item = groups[name];
        if (!item) {
            item = new QTreeWidgetItem(m_tree, {name});
            QFont bold = item->font(0);
            bold.setBold(true);
            item->setFont(0, bold);
        }
        return item;
    };
    for (const RegistryChange &change : diff.changes()) {
        const bool removed = change.kind == RegistryChange::Kind::Removed;
        const ElementPath &path = removed ? change.before : change.after;
        const Registry &side = removed ? diff.before() : diff.after();
        const QString where = path.device >= 0 ? side.devices[path.device].name : tr("Policy");
        auto *item = new QTreeWidgetItem(group(where), {diff.describe(change)});
        item->setToolTip(0, diff.describe(change));
        // What still exists can be selected: the element itself, or its device.
        if (!removed && path.device >= 0) {
            item->setData(0, DeviceRole, path.device);
            item->setData(0, ServiceRole, path.service);
            item->setData(0, BindingRole, path.binding);
        } else if (removed && path.device >= 0) {
            const int now = current.findDevice(diff.before().devices[path.device].name);
            if (now >= 0) {
                item->setData(0, DeviceRole, now);
                item->setData(0, ServiceRole, -1);
                item->setData(0, BindingRole, -1);
            }
        }
    }
    auto findingsGroup = [&](const QString &title, const Findings &findings, bool introduced) {
        if (findings.isEmpty())
            return;
        auto *parent = new QTreeWidgetItem(m_tree, {title});
        QFont bold = parent->font(0);
        bold.setBold(true);
        parent->setFont(0, bold);
        for (const Finding &finding : findings) {
            auto *item = new QTreeWidgetItem(
                parent, {(introduced ? QStringLiteral("+ ") : QStringLiteral("− ")) +
                         FindingsReport::textLine(finding)});
            if (introduced) {
                item->setForeground(0, SeverityStyle::color(finding.severity, palette()));
                if (finding.where.device >= 0) {
                    item->setData(0, DeviceRole, finding.where.device);
                    item->setData(0, ServiceRole, finding.where.service);
                    item->setData(0, BindingRole, finding.where.binding);
                }
            }
            item->setToolTip(0, finding.message);
        }
    };
    findingsGroup(tr("Findings introduced"), report.introduced(), true);
    findingsGroup(tr("Findings resolved"), report.resolved(), false);
    m_tree->expandAll();
}

} // namespace portolan
