#include "itemmodels/FindingsModel.h"

#include "document/Document.h"
#include "itemmodels/ItemRoles.h"

namespace portolan {

FindingsModel::FindingsModel(Document *document, QObject *parent)
    : DocumentTableModel(
          document, {tr("Severity"), tr("Code"), tr("Where"), tr("Port"), tr("Message")}, parent)
    , m_findings(document->findings())
{
    auto refresh = [this] {
        beginResetModel();
        m_findings = m_document->findings();
        endResetModel();
    };
    connect(document, &Document::findingsChanged, this, refresh);
    connect(document, &Document::resetDone, this, refresh);
}

int FindingsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_findings.size();
}

QVariant FindingsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Finding &finding = m_findings[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeverityColumn:
            return severityName(finding.severity);
        case Code:
            return finding.code;
        case Where:
            return finding.subject();
        case Port:
            return finding.port ? finding.portLabel() : QString();
        case Message:
            return finding.message;
        }
        break;
    case Qt::ToolTipRole:
        return finding.message;
    case Qt::TextAlignmentRole:
        if (index.column() == Port)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case SeverityRole:
        return int(finding.severity);
    case DeviceIndexRole:
        return finding.where.device;
    case ServiceIndexRole:
        return finding.where.service;
    case BindingIndexRole:
        return finding.where.binding;
    case SortRole:
        switch (index.column()) {
        case SeverityColumn:
            return int(finding.severity);
        case Port:
            return finding.port ? finding.port->first : 0;
        default:
            return data(index, Qt::DisplayRole).toString().toLower();
        }
    }
    return {};
}

} // namespace portolan
