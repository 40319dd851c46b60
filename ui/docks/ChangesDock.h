#pragma once

#include "docks/LazyDock.h"
#include "domain/Registry.h"

#include <QTimer>

class QAction;
class QLabel;
class QMenu;
class QTreeWidget;

namespace portolan {

class Document;

// File › Compare With: what the open registry changes against another one (the file as last
// saved, the last git commit, any file, any git revision), as a tree of changes grouped by
// device, with the findings the changes introduce marked and those they resolve listed.
// Activating a change selects its element. It follows the edits: the other side stays, the
// open registry is compared again after each one.
class ChangesDock : public LazyDock
{
    Q_OBJECT

public:
    explicit ChangesDock(Document *document, QWidget *parent = nullptr);

    // File › Compare With, built once: Last Save, Last Commit, File…, Git Revision….
    QMenu *compareMenu() const { return m_menu; }
    // Builds the content if the dock was not shown yet.
    QTreeWidget *tree();
    // Compares with a file, a postgresql:// URL or REV:PATH; false (and the reason shown in
    // the dock) when it cannot be read.
    bool compareWith(const QString &spec, const QString &label);

protected:
    QWidget *createContent() override;

signals:
    void elementActivated(int device, int service, int binding);

private:
    static QString invitation();
    bool compareWith(const QString &spec, const QString &label, const QString &workingDirectory);
    void compareWithLastSave();
    void followSave();
    void compareWithLastCommit();
    void compareWithFile();
    void compareWithRevision();
    void updateActions(bool askGit);
    void refresh();
    QString gitPathOf(QString *repository) const;

    Document *m_document;
    QMenu *m_menu;
    QAction *m_lastSave;
    QAction *m_lastCommit;
    // Built with the content, on first show.
    QLabel *m_status = nullptr;
    QTreeWidget *m_tree = nullptr;
    Registry m_base;
    QString m_baseLabel;
    bool m_hasBase = false;
    bool m_baseIsLastSave = false;
    QString m_lastRevision = QStringLiteral("HEAD");
    QTimer m_refreshLater;
};

} // namespace portolan
