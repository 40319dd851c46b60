#pragma once

#include "domain/Finding.h"

#include <QDockWidget>

class QSortFilterProxyModel;
class QTableView;

namespace portolan {

class Document;
class FindingsModel;

// Every finding of the validator, sortable; a click or Enter takes you to the offending row.
class FindingsDock : public QDockWidget
{
    Q_OBJECT

public:
    FindingsDock(Document *document, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    void updateTitle();

signals:
    void findingActivated(const Finding &finding);

private:
    Document *m_document;
    FindingsModel *m_model;
    QSortFilterProxyModel *m_sort;
    QTableView *m_view;
};

} // namespace portolan
