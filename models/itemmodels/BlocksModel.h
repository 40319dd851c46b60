#pragma once

#include "itemmodels/DocumentTableModel.h"

#include "domain/BlockUsage.h"

#include <QAbstractTableModel>

namespace portolan {

class Document;

// The policy's blocks with their ports and fill. Purpose and label edit in place.
class BlocksModel : public DocumentTableModel
{
    Q_OBJECT

public:
    // The block number is the vertical header: a column of row numbers would change under
    // every insert, which is no data of the block.
    enum Column
    {
        Purpose,
        Label,
        Ports,
        Used,
        Fill,
        ColumnCount
    };

    explicit BlocksModel(Document *document, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

private:
    void refill() const;

    // Filled when next read: a batch of changes (an import of 500 devices, its undo) counts
    // the fill once, not after each device.
    mutable QVector<BlockFill> m_fills;
    mutable bool m_stale = false;
};

} // namespace portolan
