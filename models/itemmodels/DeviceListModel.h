#pragma once

#include "itemmodels/DocumentTableModel.h"

#include <QAbstractTableModel>
#include <QVector>

namespace portolan {

class Document;

// The devices of a document: name, IP, service and binding counts, and a finding badge.
// Name and IP edit in place through undo commands.
class DeviceListModel : public DocumentTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Name,
        Ip,
        Services,
        Bindings,
        Status,
        Reality, // what the last drift check found; hidden until there is one
        ColumnCount
    };

    // The last drift check of a device, as the list shows it.
    struct DriftBadge
    {
        QString text;    // "agrees", "3 differ", "unreadable"
        QString toolTip; // the summary, or why it could not be read
        int severity = -1;

        friend bool operator==(const DriftBadge &a, const DriftBadge &b)
        {
            return a.text == b.text && a.toolTip == b.toolTip && a.severity == b.severity;
        }
    };

    explicit DeviceListModel(Document *document, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    // By device id, so badges follow their device through sorting, inserts and removals.
    void setDrift(const QHash<qint64, DriftBadge> &badges);

private:
    void recount();

    struct Counts
    {
        int errors = 0;
        int warnings = 0;
        int infos = 0;
    };
    QVector<Counts> m_counts;
    QHash<qint64, DriftBadge> m_drift;
};

} // namespace portolan
