#pragma once

#include "itemmodels/DeviceListModel.h"

#include <QWidget>

class QSortFilterProxyModel;
class QTableView;

namespace portolan {

class DeviceListModel;
class Document;

// The devices on the left: name, address, service and port counts and an issue badge,
// sortable; names edit in place (F2) as undoable steps.
class DevicesPanel : public QWidget
{
    Q_OBJECT

public:
    explicit DevicesPanel(Document *document, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    // The last drift check of each device; the Reality column shows once there is one.
    void setDrift(const QHash<qint64, DeviceListModel::DriftBadge> &badges);
    // The device of the current row, in registry order; -1 for none.
    int currentDevice() const;
    void selectDevice(int deviceIndex);

signals:
    void currentDeviceChanged(int deviceIndex);
    void editRequested(int deviceIndex);

private:
    DeviceListModel *m_model;
    QSortFilterProxyModel *m_sort;
    QTableView *m_view;
};

} // namespace portolan
