#pragma once

#include "check/RegistrySearch.h"

#include <QDockWidget>

class QLabel;
class QLineEdit;
class QTreeWidget;

namespace portolan {

class Document;

// Edit › Search All Devices: "where is 20022 used?" over every device, results grouped by
// device; activating one selects its row in the port map. The port map's own search (the
// current device) is left as it is.
class SearchDock : public QDockWidget
{
    Q_OBJECT

public:
    explicit SearchDock(Document *document, QWidget *parent = nullptr);

    void focusSearch();
    QLineEdit *searchField() const { return m_search; }
    QTreeWidget *results() const { return m_results; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

signals:
    void resultActivated(int device, int service, int binding);

private:
    void refresh();
    void showHits(const Registry &registry, const QString &text,
                  const QVector<RegistrySearch::Hit> &hits);

    Document *m_document;
    QLineEdit *m_search;
    QTreeWidget *m_results;
    QLabel *m_status;
    int m_generation = 0;
};

} // namespace portolan
