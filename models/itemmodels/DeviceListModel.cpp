#include "itemmodels/DeviceListModel.h"

#include "document/Document.h"
#include "document/commands/ChangeValue.h"
#include "itemmodels/ItemRoles.h"

namespace portolan {

DeviceListModel::DeviceListModel(Document *document, QObject *parent)
    : DocumentTableModel(
          document,
          {tr("Device"), tr("IP"), tr("Services"), tr("Ports"), tr("Issues"), tr("Reality")},
          parent)
{
    recount();
    connect(document, &Document::aboutToReset, this, [this] { beginResetModel(); });
    connect(document, &Document::resetDone, this, [this] {
        recount();
        endResetModel();
    });
    connect(document, &Document::deviceAboutToBeInserted, this,
            [this](int index) { beginInsertRows(QModelIndex(), index, index); });
    connect(document, &Document::deviceInserted, this, [this] {
        recount();
        endInsertRows();
    });
    connect(document, &Document::deviceAboutToBeRemoved, this,
            [this](int index) { beginRemoveRows(QModelIndex(), index, index); });
    connect(document, &Document::deviceRemoved, this, [this] {
        recount();
        endRemoveRows();
    });
    connect(document, &Document::deviceChanged, this,
            [this](int row) { emit dataChanged(index(row, 0), index(row, ColumnCount - 1)); });
    connect(document, &Document::findingsChanged, this, [this] {
        recount();
        if (rowCount() > 0)
            emit dataChanged(index(0, Status), index(rowCount() - 1, Status));
    });
}

void DeviceListModel::setDrift(const QHash<qint64, DriftBadge> &badges)
{
    if (badges == m_drift)
        return;
    m_drift = badges;
    if (rowCount() > 0)
        emit dataChanged(index(0, Reality), index(rowCount() - 1, Reality));
}

void DeviceListModel::recount()
{
    m_counts.fill(Counts(), m_document->registry().devices.size());
    for (const Finding &finding : m_document->findings()) {
        const int d = finding.where.device;
        if (d < 0 || d >= m_counts.size())
            continue;
        switch (finding.severity) {
        case Severity::Error:
            ++m_counts[d].errors;
            break;
        case Severity::Warning:
            ++m_counts[d].warnings;
            break;
        case Severity::Info:
            ++m_counts[d].infos;
            break;
        }
    }
}

int DeviceListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_document->registry().devices.size();
}

QVariant DeviceListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Device &device = m_document->registry().devices[index.row()];
    const Counts counts = m_counts.value(index.row());
    if (index.column() == Reality) {
        const auto badge = m_drift.constFind(device.key.id);
        if (badge == m_drift.constEnd())
            return role == SortRole ? QVariant(QString()) : QVariant();
        switch (role) {
        case Qt::DisplayRole:
        case SortRole:
            return badge->text;
        case Qt::ToolTipRole:
            return badge->toolTip;
        case SeverityRole:
            return badge->severity;
        case ElementIdRole:
            return device.key.id;
        default:
            return {};
        }
    }
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        switch (index.column()) {
        case Name:
            return device.name;
        case Ip:
            return device.ip;
        case Services:
            return device.services.size();
        case Bindings:
            return device.bindingCount();
        case Status:
            if (role == Qt::EditRole)
                return {};
            if (counts.errors > 0)
                return counts.errors;
            if (counts.warnings > 0)
                return counts.warnings;
            return QString();
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == Services || index.column() == Bindings || index.column() == Status)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Qt::ToolTipRole:
        if (index.column() == Status || index.column() == Name) {
            QStringList parts;
            if (counts.errors)
                parts << tr("%n error(s)", nullptr, counts.errors);
            if (counts.warnings)
                parts << tr("%n warning(s)", nullptr, counts.warnings);
            if (counts.infos)
                parts << tr("%n note(s)", nullptr, counts.infos);
            const QString summary =
                parts.isEmpty() ? tr("No findings") : parts.join(QStringLiteral(", "));
            return device.description.isEmpty() ? summary : device.description + u'\n' + summary;
        }
        break;
    case SeverityRole:
        if (counts.errors)
            return int(Severity::Error);
        if (counts.warnings)
            return int(Severity::Warning);
        if (counts.infos)
            return int(Severity::Info);
        return -1;
    case ErrorCountRole:
        return counts.errors;
    case WarningCountRole:
        return counts.warnings;
    case ElementIdRole:
        return device.key.id;
    case SortRole:
        switch (index.column()) {
        case Services:
            return device.services.size();
        case Bindings:
            return device.bindingCount();
        case Status:
            return counts.errors * 10000 + counts.warnings;
        default:
            return data(index, Qt::DisplayRole).toString().toLower();
        }
    }
    return {};
}

Qt::ItemFlags DeviceListModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (index.isValid() && (index.column() == Name || index.column() == Ip))
        flags |= Qt::ItemIsEditable;
    return flags;
}

bool DeviceListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return false;
    const Device &device = m_document->registry().devices[index.row()];
    const QString text = value.toString().trimmed();
    QString Device::*member = nullptr;
    QString label;
    if (index.column() == Name) {
        member = &Device::name;
        label = tr("Rename device %1 to %2").arg(device.name, text);
    } else if (index.column() == Ip) {
        member = &Device::ip;
        label = tr("Change IP of %1").arg(device.name);
    } else {
        return false;
    }
    if (device.*member == text)
        return false;
    m_document->undoStack()->push(
        new ChangeValue<Device, QString>(m_document, device.key.id, member, text, label));
    return true;
}

} // namespace portolan
