#pragma once

#include "domain/Finding.h"

#include <QDockWidget>

class QCheckBox;
class QLabel;
class QStackedLayout;
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
    // While a registry is being opened the dock claims nothing about the one still shown.
    void setOpening(bool opening);
    // The menu a right-click on the row at `proxyRow` shows (for tests and the Menu key).
    QMenu *contextMenuFor(int proxyRow);

signals:
    void findingActivated(const Finding &finding);

private:
    void applyFilters();
    void refresh();

    Document *m_document;
    FindingsModel *m_model;
    FindingsFilter *m_filter;
    QTableView *m_view;
    QCheckBox *m_errorsOnly;
    QCheckBox *m_thisDevice;
    QLabel *m_empty;
    QStackedLayout *m_stack = nullptr;
    int m_currentDevice = -1;
    bool m_opening = false;
};

} // namespace portolan
