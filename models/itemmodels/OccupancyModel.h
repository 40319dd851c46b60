#pragma once

#include "itemmodels/DocumentTableModel.h"

#include "check/Occupancy.h"

#include <QAbstractTableModel>

#include <memory>

namespace portolan {

class Document;

// The range's occupancy for a device filter (all devices, or one), recomputed once per
// document change: per port for the heatmap and the device strip, per block as table rows.
class OccupancyModel : public DocumentTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Block,
        Ports,
        Used,
        Free,
        Fill,
        Conflicts,
        ColumnCount
    };

    explicit OccupancyModel(Document *document, QObject *parent = nullptr);

    // -1: every device.
    void setDeviceFilter(int deviceIndex);
    int deviceFilter() const { return m_deviceFilter; }
    const Occupancy &occupancy() const { return *m_occupancy; }
    const Registry &registry() const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

signals:
    // The per-port states changed (a repaint is due).
    void occupancyChanged();

private:
    void recompute();

    int m_deviceFilter = -1;
    std::unique_ptr<Occupancy> m_occupancy;
};

} // namespace portolan
