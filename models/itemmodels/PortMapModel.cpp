#include "itemmodels/PortMapModel.h"

#include "check/CandidateCheck.h"

#include "document/Document.h"
#include "document/commands/ChangeValue.h"
#include "document/commands/EditElement.h"
#include "itemmodels/ItemRoles.h"

namespace portolan {

PortMapModel::PortMapModel(Document *document, QObject *parent)
    : DocumentTableModel(document,
                         {tr("Service"), tr("Category"), tr("Host port"), tr("Container"),
                          tr("Proto"), tr("Bind"), tr("Exception"), tr("Route"), tr("Notes"),
                          tr("Status")},
                         parent)
{
    alignRight({HostPort, ContainerPort});
    connect(document, &Document::aboutToReset, this, [this] { beginResetModel(); });
    connect(document, &Document::resetDone, this, [this] {
        if (deviceIndex() < 0)
            m_deviceId = 0;
        m_rows = buildRows();
        rebuildFindings();
        endResetModel();
    });
    connect(document, &Document::deviceAboutToBeRemoved, this, [this](int index) {
        if (index == deviceIndex()) {
            beginResetModel();
            m_deviceId = 0;
            m_rows.clear();
            m_findings.clear();
            endResetModel();
        }
    });

    // Rows are announced before the registry changes and the cached mapping is swapped after,
    // so data() never reads the new registry through the old mapping or the other way round.
    followServices();
    followBindings();
    connect(document, &Document::policyChanged, this,
            [this] { emitAllChanged(RouteName, RouteName); });
    connect(document, &Document::findingsChanged, this, [this] {
        rebuildFindings();
        emitAllChanged(Status, Status);
    });
}

void PortMapModel::followServices()
{
    connect(m_document, &Document::serviceAboutToBeInserted, this,
            [this](int device, int service, int bindingCount) {
                if (device != deviceIndex())
                    return;
                int first = 0;
                while (first < m_rows.size() && m_rows[first].service < service)
                    ++first;
                beginInsertRows(QModelIndex(), first, first + std::max(bindingCount, 1) - 1);
            });
    connect(m_document, &Document::serviceInserted, this, [this](int device) {
        if (device != deviceIndex())
            return;
        m_rows = buildRows();
        endInsertRows();
    });
    connect(m_document, &Document::serviceAboutToBeRemoved, this, [this](int device, int service) {
        if (device != deviceIndex())
            return;
        const auto [first, last] = rowsOfService(service);
        beginRemoveRows(QModelIndex(), first, last);
    });
    connect(m_document, &Document::serviceRemoved, this, [this](int device) {
        if (device != deviceIndex())
            return;
        m_rows = buildRows();
        endRemoveRows();
    });
    connect(m_document, &Document::serviceChanged, this, [this](int device, int service) {
        if (device != deviceIndex())
            return;
        const auto [first, last] = rowsOfService(service);
        emit dataChanged(index(first, 0), index(last, ColumnCount - 1));
    });
}

void PortMapModel::followBindings()
{
    connect(m_document, &Document::bindingAboutToBeInserted, this,
            [this](int device, int service, int binding) {
                if (device != deviceIndex())
                    return;
                const int bindings =
                    m_document->registry().devices[device].services[service].ports.size();
                // A service's placeholder row becomes its first binding: no new row.
                m_pendingPlaceholderChange = bindings == 0;
                if (m_pendingPlaceholderChange)
                    return;
                const int firstOfService = rowOf(service, -1);
                beginInsertRows(QModelIndex(), firstOfService + binding, firstOfService + binding);
            });
    connect(m_document, &Document::bindingInserted, this, [this](int device, int service) {
        if (device != deviceIndex())
            return;
        m_rows = buildRows();
        if (m_pendingPlaceholderChange) {
            m_pendingPlaceholderChange = false;
            const int row = rowOf(service, 0);
            emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        } else {
            endInsertRows();
        }
    });
    connect(m_document, &Document::bindingAboutToBeRemoved, this,
            [this](int device, int service, int binding) {
                if (device != deviceIndex())
                    return;
                const int bindings =
                    m_document->registry().devices[device].services[service].ports.size();
                m_pendingPlaceholderChange = bindings == 1;
                if (!m_pendingPlaceholderChange) {
                    const int row = rowOf(service, binding);
                    beginRemoveRows(QModelIndex(), row, row);
                }
            });
    connect(m_document, &Document::bindingRemoved, this, [this](int device, int service) {
        if (device != deviceIndex())
            return;
        m_rows = buildRows();
        if (m_pendingPlaceholderChange) {
            m_pendingPlaceholderChange = false;
            const int row = rowOf(service, -1);
            emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        } else {
            endRemoveRows();
        }
    });
    connect(m_document, &Document::bindingChanged, this,
            [this](int device, int service, int binding) {
                if (device != deviceIndex())
                    return;
                const int row = rowOf(service, binding);
                emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
            });
}

int PortMapModel::deviceIndex() const
{
    return m_deviceId == 0 ? -1 : m_document->deviceIndex(m_deviceId);
}

void PortMapModel::setDeviceId(qint64 deviceId)
{
    if (deviceId == m_deviceId)
        return;
    beginResetModel();
    m_deviceId = deviceId;
    m_rows = buildRows();
    rebuildFindings();
    endResetModel();
}

QVector<PortMapModel::Row> PortMapModel::buildRows() const
{
    QVector<Row> rows;
    const int d = deviceIndex();
    if (d < 0)
        return rows;
    const Device &device = m_document->registry().devices[d];
    for (int s = 0; s < device.services.size(); ++s) {
        const int bindings = device.services[s].ports.size();
        if (bindings == 0)
            rows.append({s, -1});
        for (int b = 0; b < bindings; ++b)
            rows.append({s, b});
    }
    return rows;
}

void PortMapModel::rebuildFindings()
{
    m_findings.clear();
    const int d = deviceIndex();
    if (d < 0)
        return;
    for (const Finding &finding : m_document->findings()) {
        if (finding.where.device == d && finding.where.service >= 0)
            m_findings[{finding.where.service, finding.where.binding}].append(finding);
        // The earlier side of a conflict is marked too.
        // Its text there names the other side, the later binding, not the row itself.
        if (finding.related.device == d && finding.related.binding >= 0 &&
            finding.code == FindingCode::PortConflict) {
            Finding mirrored = finding;
            std::swap(mirrored.where, mirrored.related);
            mirrored.message = tr("overlaps %1 %2").arg(finding.subject(), finding.portLabel());
            m_findings[{finding.related.service, finding.related.binding}].append(mirrored);
        }
    }
}

Findings PortMapModel::findingsOfRow(int row) const
{
    const Row &r = m_rows[row];
    Findings result = m_findings.value({r.service, r.binding});
    if (r.binding <= 0)
        result += m_findings.value({r.service, -1});
    return result;
}

void PortMapModel::emitAllChanged(int firstColumn, int lastColumn)
{
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, firstColumn), index(m_rows.size() - 1, lastColumn));
}

std::pair<int, int> PortMapModel::rowsOfService(int service) const
{
    const int first = rowOf(service, -1);
    int last = first;
    while (last + 1 < m_rows.size() && m_rows[last + 1].service == service)
        ++last;
    return {first, last};
}

int PortMapModel::rowOf(int service, int binding) const
{
    for (int r = 0; r < m_rows.size(); ++r) {
        if (m_rows[r].service == service && (binding < 0 || m_rows[r].binding == binding))
            return r;
    }
    return -1;
}

void PortMapModel::setDriftStatus(const QHash<qint64, QString> &statusByBinding)
{
    m_drift = statusByBinding;
    emitAllChanged(Status, Status);
}

void PortMapModel::setAuditStatus(const QHash<qint64, AuditMark> &statusByBinding)
{
    m_audit = statusByBinding;
    emitAllChanged(Status, Status);
}

int PortMapModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows.size();
}

// The Status column: what is wrong in a few words, worst first (the tooltip has the codes and
// the whole messages), or OK.
QString PortMapModel::statusText(int rowIndex, const Service &service, const Binding *binding) const
{
    const Findings findings = findingsOfRow(rowIndex);
    const QString drift = binding ? m_drift.value(binding->key.id) : QString();
    const QString driftText =
        drift.isEmpty() || drift == QLatin1String("listening")
            ? QString()
            : (drift == QLatin1String("missing") ? tr("not listening") : tr("listening elsewhere"));
    const QString audit = binding ? m_audit.value(binding->key.id).phrase : QString();
    if (findings.isEmpty()) {
        if (!audit.isEmpty())
            return driftText.isEmpty() ? audit : audit + QStringLiteral(", ") + driftText;
        if (!driftText.isEmpty())
            return driftText;
        if (drift == QLatin1String("listening"))
            return tr("OK, listening");
        return binding || service.route ? tr("OK") : QString();
    }
    // Short phrases, worst first; the codes and the whole messages are in the tooltip.
    Findings sorted = findings;
    std::stable_sort(sorted.begin(), sorted.end(), [](const Finding &a, const Finding &b) {
        return int(a.severity) < int(b.severity);
    });
    QStringList phrases;
    if (!audit.isEmpty())
        phrases << audit;
    if (!driftText.isEmpty())
        phrases << driftText;
    for (const Finding &finding : std::as_const(sorted)) {
        const QString phrase = Finding::phrase(finding.code);
        if (!phrases.contains(phrase))
            phrases << phrase;
    }
    return phrases.join(QStringLiteral(", "));
}

QVariant PortMapModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Registry &registry = m_document->registry();
    const Row &row = m_rows[index.row()];
    const Service &service = registry.devices[deviceIndex()].services[row.service];
    const Binding *binding = row.binding >= 0 ? &service.ports[row.binding] : nullptr;
    const QString fqdn = service.route ? registry.routeFqdn(*service.route) : QString();

    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        switch (index.column()) {
        case ServiceName:
            return service.name;
        case Category:
            return service.category;
        case HostPort:
            return binding ? binding->host.toString() : QString();
        case ContainerPort:
            if (binding)
                return binding->container.toString();
            // A routed service's container port is the one the proxy forwards to.
            return service.route && service.route->port ? QString::number(*service.route->port)
                                                        : QString();
        case Protocol:
            return binding ? binding->effectiveProtocol() : QString();
        case BindAddress:
            if (!binding)
                return QString();
            return binding->bind.isEmpty() && role == Qt::DisplayRole ? tr("all") : binding->bind;
        case Exception:
            return binding ? binding->exception : QString();
        case RouteName:
            return fqdn;
        case Notes:
            return binding && !binding->notes.isEmpty() ? binding->notes : service.notes;
        case Status:
            return role == Qt::EditRole ? QVariant()
                                        : QVariant(statusText(index.row(), service, binding));
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == HostPort || index.column() == ContainerPort)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Qt::ToolTipRole:
        if (index.column() == Status || index.column() == HostPort) {
            Findings findings = findingsOfRow(index.row());
            std::stable_sort(findings.begin(), findings.end(),
                             [](const Finding &a, const Finding &b) {
                                 return int(a.severity) < int(b.severity);
                             });
            QStringList messages;
            if (binding && m_audit.contains(binding->key.id))
                messages << m_audit.value(binding->key.id).detail;
            for (const Finding &finding : std::as_const(findings))
                messages << QStringLiteral("%1 (%2): %3")
                                .arg(severityName(finding.severity), finding.code, finding.message);
            if (!messages.isEmpty())
                return messages.join(u'\n');
        }
        if (index.column() == RouteName && service.route) {
            return service.route->scope == Scopes::Internal
                       ? tr("Internal: split DNS over the VPN to the entry point :443")
                       : tr("External: through the tunnel to the entry point :80");
        }
        break;
    case SeverityRole: {
        int worst = -1;
        if (binding && !m_drift.value(binding->key.id).isEmpty() &&
            m_drift.value(binding->key.id) != QLatin1String("listening"))
            worst = int(Severity::Warning);
        if (binding && m_audit.contains(binding->key.id) &&
            (worst < 0 || int(m_audit.value(binding->key.id).severity) < worst))
            worst = int(m_audit.value(binding->key.id).severity);
        for (const Finding &finding : findingsOfRow(index.row())) {
            const int severity = int(finding.severity);
            if (worst < 0 || severity < worst)
                worst = severity;
        }
        return worst;
    }
    case ElementIdRole:
        return binding ? binding->key.id : service.key.id;
    case SortRole:
        switch (index.column()) {
        case HostPort:
            return binding ? binding->host.first : 0;
        case ContainerPort:
            return binding ? binding->container.first
                           : (service.route && service.route->port ? *service.route->port : 0);
        case Status:
            return data(index, SeverityRole).toInt() < 0 ? 9 : data(index, SeverityRole).toInt();
        default:
            return data(index, Qt::DisplayRole).toString().toLower();
        }
    case SearchTextRole: {
        QStringList words{service.name, fqdn, service.category};
        if (binding)
            words << binding->host.toString() << binding->container.toString() << binding->notes;
        if (service.route && service.route->port)
            words << QString::number(*service.route->port);
        return words.join(u' ');
    }
    }
    return {};
}

Qt::ItemFlags PortMapModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (!index.isValid())
        return flags;
    const bool hasBinding = m_rows[index.row()].binding >= 0;
    switch (index.column()) {
    case ServiceName:
    case Category:
    case Notes:
        return flags | Qt::ItemIsEditable;
    case HostPort:
    case ContainerPort:
    case Protocol:
    case BindAddress:
    case Exception:
        return hasBinding ? flags | Qt::ItemIsEditable : flags;
    default:
        return flags;
    }
}

bool PortMapModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid) ||
        !(flags(index) & Qt::ItemIsEditable))
        return false;
    const Row &row = m_rows[index.row()];
    const Service &service = m_document->registry().devices[deviceIndex()].services[row.service];
    const Binding *binding = row.binding >= 0 ? &service.ports[row.binding] : nullptr;
    const QString text = value.toString().trimmed();
    QUndoStack *stack = m_document->undoStack();

    const Registry &registry = m_document->registry();
    const int d = deviceIndex();
    auto changeService = [&](QString Service::*member, const QString &label) {
        if (service.*member == text)
            return false;
        Service changed = service;
        changed.*member = text;
        if (refusedByChecks(CandidateCheck::forService(registry, d, row.service, service),
                            CandidateCheck::forService(registry, d, row.service, changed)))
            return false;
        stack->push(
            new ChangeValue<Service, QString>(m_document, service.key.id, member, text, label));
        return true;
    };
    auto changeBinding = [&](QString Binding::*member, const QString &label) {
        if (binding->*member == text)
            return false;
        Binding changed = *binding;
        changed.*member = text;
        if (refusedByChecks(
                CandidateCheck::forBinding(registry, d, row.service, row.binding, *binding),
                CandidateCheck::forBinding(registry, d, row.service, row.binding, changed)))
            return false;
        stack->push(
            new ChangeValue<Binding, QString>(m_document, binding->key.id, member, text, label));
        return true;
    };

    switch (index.column()) {
    case ServiceName:
        return changeService(&Service::name, tr("Rename service %1").arg(service.name));
    case Category:
        return changeService(&Service::category, tr("Change category of %1").arg(service.name));
    case Notes:
        return binding ? changeBinding(&Binding::notes,
                                       tr("Edit notes of %1").arg(binding->hostLabel()))
                       : changeService(&Service::notes, tr("Edit notes of %1").arg(service.name));
    case Protocol:
        return changeBinding(&Binding::protocol,
                             tr("Change protocol of %1").arg(binding->hostLabel()));
    case BindAddress:
        return changeBinding(&Binding::bind,
                             tr("Change bind address of %1").arg(binding->hostLabel()));
    case Exception:
        return changeBinding(&Binding::exception,
                             tr("Change exception of %1").arg(binding->hostLabel()));
    case HostPort:
    case ContainerPort: {
        // Text that is no port range is refused; the cell keeps its value.
        const auto ports = PortRange::parse(text);
        if (!ports) {
            emit editRefused(tr("\"%1\" is not a port or a range of ports (A-B)").arg(text));
            return false;
        }
        Binding changed = *binding;
        (index.column() == HostPort ? changed.host : changed.container) = *ports;
        if (changed == *binding)
            return false;
        if (refusedByChecks(
                CandidateCheck::forBinding(registry, d, row.service, row.binding, *binding),
                CandidateCheck::forBinding(registry, d, row.service, row.binding, changed)))
            return false;
        stack->push(new EditBinding(m_document, binding->key.id, changed));
        return true;
    }
    }
    return false;
}

bool PortMapModel::refusedByChecks(const Findings &before, const Findings &after)
{
    for (const Finding &finding : after) {
        if (finding.severity != Severity::Error)
            continue;
        const bool known = std::any_of(before.cbegin(), before.cend(), [&](const Finding &old) {
            return old.code == finding.code && old.field == finding.field;
        });
        if (!known) {
            emit editRefused(finding.message);
            return true;
        }
    }
    return false;
}

} // namespace portolan
