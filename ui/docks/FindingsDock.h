#pragma once

#include "domain/Finding.h"

#include <QDockWidget>

class QCheckBox;
class QLabel;
class QMenu;
class QTableView;

namespace portolan {

class Document;
class FindingsFilter;
class FindingsModel;

// Every finding of the validator, errors first; filters for errors only and the selected
// device only; a click or Enter takes you to the offending row, and a right-click (or the
// Menu key) offers the finding's quick fixes, each one undoable step.
class FindingsDock : public QDockWidget
{
    Q_OBJECT

public:
    FindingsDock(Document *document, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    void updateTitle();
    // The device "This device only" means.
    void setCurrentDevice(int deviceIndex);
    // The menu a right-click on the row at `proxyRow` shows (for tests and the Menu key).
    QMenu *contextMenuFor(int proxyRow);

signals:
    void findingActivated(const Finding &finding);

private:
    void applyFilters();

    Document *m_document;
    FindingsModel *m_model;
    FindingsFilter *m_filter;
    QTableView *m_view;
    QCheckBox *m_errorsOnly;
    QCheckBox *m_thisDevice;
    QLabel *m_empty;
    int m_currentDevice = -1;
};

} // namespace portolan
