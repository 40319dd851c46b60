#include "itemmodels/BlocksModel.h"

#include "document/Document.h"
#include "document/commands/EditElement.h"
#include "itemmodels/ItemRoles.h"

namespace portolan {

BlocksModel::BlocksModel(Document *document, QObject *parent)
    : DocumentTableModel(document,
                         {tr("Purpose"), tr("Label"), tr("Ports"), tr("Used"), tr("Fill")}, parent)
{
    refill();
    connect(document, &Document::aboutToReset, this, [this] { beginResetModel(); });
    connect(document, &Document::resetDone, this, [this] {
        refill();
        endResetModel();
    });
    connect(document, &Document::blockAboutToBeInserted, this,
            [this](int index) { beginInsertRows(QModelIndex(), index, index); });
    connect(document, &Document::blockInserted, this, [this] {
        refill();
        endInsertRows();
    });
    connect(document, &Document::blockAboutToBeRemoved, this,
            [this](int index) { beginRemoveRows(QModelIndex(), index, index); });
    connect(document, &Document::blockRemoved, this, [this] {
        refill();
        endRemoveRows();
    });
    // Anything else moves fill and port numbers only: counted again when next read.
    auto changed = [this] {
        if (m_stale)
            return; // the views know already, and have not read since
        m_stale = true;
        if (rowCount() > 0)
            emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    };
    // Every change that can add, drop or move a binding (an undone device removal puts its
    // bindings back through deviceInserted).
    connect(document, &Document::policyChanged, this, changed);
    connect(document, &Document::deviceInserted, this, changed);
    connect(document, &Document::deviceChanged, this, changed);
    connect(document, &Document::deviceRemoved, this, changed);
    connect(document, &Document::serviceInserted, this, changed);
    connect(document, &Document::serviceChanged, this, changed);
    connect(document, &Document::serviceRemoved, this, changed);
    connect(document, &Document::bindingInserted, this, changed);
    connect(document, &Document::bindingChanged, this, changed);
    connect(document, &Document::bindingRemoved, this, changed);
}

void BlocksModel::refill() const
{
    m_stale = false;
    m_fills = computeBlockFill(m_document->registry());
    // A block whose size is invalid still gets a row, without numbers.
    m_fills.resize(m_document->registry().policy.blocks.size());
}

int BlocksModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_document->registry().policy.blocks.size();
}

QVariant BlocksModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Block &block = m_document->registry().policy.blocks[index.row()];
    if (m_stale)
        refill();
    const BlockFill fill = m_fills.value(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        switch (index.column()) {
        case Ports:
            return fill.size > 0
                       ? QStringLiteral("%1-%2").arg(fill.ports.first).arg(fill.ports.last)
                       : QString();
        case Purpose:
            return block.purpose;
        case Label:
            return block.label;
        case Used:
            return fill.used;
        case Fill:
            return role == Qt::EditRole ? QVariant(fill.percent())
                                        : QVariant(QString::number(fill.percent(), 'f', 1) + u'%');
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() != Purpose && index.column() != Label)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case SortRole:
        switch (index.column()) {
        case Ports:
            return index.row();
        case Used:
            return fill.used;
        case Fill:
            return fill.percent();
        default:
            return data(index, Qt::DisplayRole).toString().toLower();
        }
    case ElementIdRole:
        return block.key.id;
    }
    return {};
}

Qt::ItemFlags BlocksModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (index.isValid() && (index.column() == Purpose || index.column() == Label))
        flags |= Qt::ItemIsEditable;
    return flags;
}

bool BlocksModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid) ||
        !(flags(index) & Qt::ItemIsEditable))
        return false;
    const Block &block = m_document->registry().policy.blocks[index.row()];
    Block changed = block;
    (index.column() == Purpose ? changed.purpose : changed.label) = value.toString().trimmed();
    if (changed == block)
        return false;
    m_document->undoStack()->push(new EditBlock(m_document, block.key.id, changed));
    return true;
}

} // namespace portolan
