#include "itemmodels/FindingsFilter.h"

#include "itemmodels/FindingsModel.h"
#include "itemmodels/ItemRoles.h"

namespace portolan {

FindingsFilter::FindingsFilter(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(SortRole);
}

void FindingsFilter::setErrorsOnly(bool errorsOnly)
{
    if (errorsOnly == m_errorsOnly)
        return;
    m_errorsOnly = errorsOnly;
    invalidateFilter();
}

void FindingsFilter::setDevice(int deviceIndex)
{
    if (deviceIndex == m_device)
        return;
    m_device = deviceIndex;
    invalidateFilter();
}

bool FindingsFilter::filterAcceptsRow(int sourceRow, const QModelIndex &) const
{
    const auto *findings = qobject_cast<const FindingsModel *>(sourceModel());
    if (!findings)
        return true;
    const Finding &finding = findings->findingAt(sourceRow);
    if (m_errorsOnly && finding.severity != Severity::Error)
        return false;
    if (m_device >= 0 && finding.where.device != m_device && finding.related.device != m_device)
        return false;
    return true;
}

} // namespace portolan
