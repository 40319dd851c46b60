#pragma once

#include "check/RegistrySearch.h"

#include "docks/LazyDock.h"

class QLabel;
class QLineEdit;
class QTreeWidget;

namespace portolan {

class Document;

// Edit › Search All Devices: "where is 20022 used?" over every device, results grouped by
// device; activating one selects its row in the port map. The port map's own search (the
// current device) is left as it is.
class SearchDock : public LazyDock
{
    Q_OBJECT

public:
    explicit SearchDock(Document *document, QWidget *parent = nullptr);

    void focusSearch();

protected:
    QWidget *createContent() override;
    bool eventFilter(QObject *watched, QEvent *event) override;

signals:
    void resultActivated(int device, int service, int binding);

private:
    void refresh();
    void showHits(const Registry &registry, const QString &text,
                  const QVector<RegistrySearch::Hit> &hits);

    Document *m_document;
    // Built with the content, on first show.
    QLineEdit *m_search = nullptr;
    QTreeWidget *m_results = nullptr;
    QLabel *m_status = nullptr;
    int m_generation = 0;
};

} // namespace portolan
