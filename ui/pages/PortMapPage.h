#pragma once

#include "itemmodels/PortMapModel.h"

#include <QHash>
#include <QWidget>

class QLabel;
class QLineEdit;
class QTableView;

namespace portolan {

class Document;
class OccupancyModel;
class PortMapFilter;
class PortMapModel;
class PortStripWidget;

// The selected device's port map: a header with its name and address, a search field, the
// compact strip of its ports across the range, and one row per binding (plus one per routed
// service without bindings); cells edit in place as undoable steps.
class PortMapPage : public QWidget
{
    Q_OBJECT

public:
    explicit PortMapPage(Document *document, QWidget *parent = nullptr);

    void showDevice(int deviceIndex);
    int deviceIndex() const;
    // The selected row's service and binding (-1 where none, or nothing is selected).
    int selectedService() const;
    int selectedBinding() const;
    // Selects the row of a service's binding (binding -1: the service's first row).
    void selectRow(int service, int binding);
    void focusSearch();
    void refreshHeader();
    void setDriftStatus(const QHash<qint64, QString> &status);
    void setAuditStatus(const QHash<qint64, PortMapModel::AuditMark> &status);

    QTableView *view() const { return m_view; }
    // Columns follow their content (each device's, bounded) until the user drags one wider or
    // narrower; from then on they are the user's.
    bool columnsSizedByUser() const { return m_columnsSizedByUser; }
    void setColumnsSizedByUser(bool byUser) { m_columnsSizedByUser = byUser; }
    void fitColumnsToContent();
    PortMapModel *model() const { return m_model; }

signals:
    void selectionChanged();
    // A click on the strip of the device's ports: show that port in the heatmap.
    void stripPortClicked(int port);
    void serviceEditRequested();
    void editRequested();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void setUpColumns();
    Document *m_document;
    PortMapModel *m_model;
    PortMapFilter *m_filter;
    OccupancyModel *m_occupancy;
    QLabel *m_header;
    QLineEdit *m_search;
    PortStripWidget *m_strip;
    QTableView *m_view;
    bool m_columnsSizedByUser = false;
    bool m_draggingHeader = false;
};

} // namespace portolan
