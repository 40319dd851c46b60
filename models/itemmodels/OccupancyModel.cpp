#include "itemmodels/OccupancyModel.h"

#include "document/Document.h"
#include "itemmodels/ItemRoles.h"

namespace portolan {

OccupancyModel::OccupancyModel(Document *document, QObject *parent)
    : DocumentTableModel(
          document, {tr("Block"), tr("Ports"), tr("Used"), tr("Free"), tr("Fill"), tr("Conflicts")},
          parent)
{
    m_occupancy = std::make_unique<Occupancy>(document->registry(), document->findings(), -1);
    // Every change ends in findingsChanged; a reset in resetDone.
    connect(document, &Document::findingsChanged, this, &OccupancyModel::recompute);
    connect(document, &Document::resetDone, this, &OccupancyModel::recompute);
    connect(document, &Document::deviceAboutToBeRemoved, this, [this](int index) {
        if (index == m_deviceFilter)
            m_deviceFilter = -1;
        else if (index < m_deviceFilter)
            --m_deviceFilter;
    });
    connect(document, &Document::deviceAboutToBeInserted, this, [this](int index) {
        if (m_deviceFilter >= 0 && index <= m_deviceFilter)
            ++m_deviceFilter;
    });
}

const Registry &OccupancyModel::registry() const
{
    return m_document->registry();
}

void OccupancyModel::setDeviceFilter(int deviceIndex)
{
    if (deviceIndex >= m_document->registry().devices.size())
        deviceIndex = -1;
    if (deviceIndex == m_deviceFilter)
        return;
    m_deviceFilter = deviceIndex;
    recompute();
}

void OccupancyModel::recompute()
{
    if (m_deviceFilter >= m_document->registry().devices.size())
        m_deviceFilter = -1;
    const int before = m_occupancy->blocks().size();
    auto next =
        std::make_unique<Occupancy>(m_document->registry(), m_document->findings(), m_deviceFilter);
    const int after = next->blocks().size();
    if (before != after) {
        beginResetModel();
        m_occupancy = std::move(next);
        endResetModel();
    } else {
        m_occupancy = std::move(next);
        if (after > 0)
            emit dataChanged(index(0, 0), index(after - 1, ColumnCount - 1));
    }
    emit occupancyChanged();
}

int OccupancyModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_occupancy->blocks().size();
}

QVariant OccupancyModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const BlockOccupancy &block = m_occupancy->blocks()[index.row()];
    const QVector<portolan::Block> &blocks = m_document->registry().policy.blocks;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Block:
            return index.row() < blocks.size() ? blocks[index.row()].displayName() : QString();
        case Ports:
            return block.ports.toString();
        case Used:
            return block.used;
        case Free:
            return block.free();
        case Fill:
            return QString::number(block.percent(), 'f', 1) + u'%';
        case Conflicts:
            return block.conflicts;
        }
    }
    if (role == SortRole && index.column() == Fill)
        return block.percent();
    if (role == Qt::TextAlignmentRole && index.column() >= Used)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

} // namespace portolan
