#include "itemmodels/DocumentTableModel.h"

namespace portolan {

DocumentTableModel::DocumentTableModel(Document *document, const QStringList &titles,
                                       QObject *parent)
    : QAbstractTableModel(parent)
    , m_document(document)
    , m_titles(titles)
{}

int DocumentTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_titles.size());
}

QVariant DocumentTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical)
        return role == Qt::DisplayRole ? QVariant(section + 1) : QVariant();
    if (role == Qt::DisplayRole)
        return m_titles.value(section);
    if (role == Qt::TextAlignmentRole && m_rightAligned.contains(section))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

} // namespace portolan
