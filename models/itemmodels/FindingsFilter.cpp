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

bool FindingsFilter::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const auto *findings = qobject_cast<const FindingsModel *>(sourceModel());
    if (!findings || sortRole() != SortRole)
        return QSortFilterProxyModel::lessThan(left, right);
    const Finding &a = findings->findingAt(left.row());
    const Finding &b = findings->findingAt(right.row());
    switch (left.column()) {
    case FindingsModel::SeverityColumn:
        return int(a.severity) < int(b.severity);
    case FindingsModel::Code:
        return a.code.compare(b.code, Qt::CaseInsensitive) < 0;
    case FindingsModel::Where: {
        // "device/service", or "policy" for no device: as subject() reads, without building it.
        const QString &deviceA = a.device.isEmpty() ? QStringLiteral("policy") : a.device;
        const QString &deviceB = b.device.isEmpty() ? QStringLiteral("policy") : b.device;
        if (const int byDevice = deviceA.compare(deviceB, Qt::CaseInsensitive); byDevice != 0)
            return byDevice < 0;
        return a.service.compare(b.service, Qt::CaseInsensitive) < 0;
    }
    case FindingsModel::Port:
        return (a.port ? a.port->first : 0) < (b.port ? b.port->first : 0);
    case FindingsModel::Message:
        return a.message.compare(b.message, Qt::CaseInsensitive) < 0;
    default:
        return QSortFilterProxyModel::lessThan(left, right);
    }
}

} // namespace portolan
