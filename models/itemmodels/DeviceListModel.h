#pragma once

#include "DocumentTableModel.h"

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
        ColumnCount
    };

    explicit DeviceListModel(Document *document, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

private:
    void recount();

    struct Counts
    {
        int errors = 0;
        int warnings = 0;
        int infos = 0;
    };
    QVector<Counts> m_counts;
};

} // namespace portolan
