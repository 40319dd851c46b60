#include "itemmodels/PortMapFilter.h"

#include "domain/PortRange.h"
#include "itemmodels/ItemRoles.h"
#include "itemmodels/PortMapModel.h"

namespace portolan {

PortMapFilter::PortMapFilter(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(SortRole);
    setDynamicSortFilter(true);
}

void PortMapFilter::setSearchText(const QString &text)
{
    m_words = text.simplified().toLower().split(u' ', Qt::SkipEmptyParts);
    invalidateFilter();
}

bool PortMapFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_words.isEmpty())
        return true;
    const QAbstractItemModel *model = sourceModel();
    const QString haystack =
        model->index(sourceRow, 0, sourceParent).data(SearchTextRole).toString().toLower();
    auto portMatches = [&](int column, int port) {
        const auto range = PortRange::parse(
            model->index(sourceRow, column, sourceParent).data(Qt::EditRole).toString());
        return range && range->contains(port);
    };
    for (const QString &word : m_words) {
        bool isNumber = false;
        const int port = word.toInt(&isNumber);
        if (isNumber && (portMatches(PortMapModel::HostPort, port) ||
                         portMatches(PortMapModel::ContainerPort, port)))
            continue;
        if (!haystack.contains(word))
            return false;
    }
    return true;
}

} // namespace portolan
