#pragma once

#include "itemmodels/DocumentTableModel.h"

#include "domain/Finding.h"
#include "domain/Registry.h"

#include <QAbstractTableModel>
#include <QVector>

namespace portolan {

class Document;

// One device's port map: a row per binding, and a row for each service without bindings (a
// routed web service, reached only through the proxy). Edits in a cell push undo commands; the
// model itself never changes the registry.
class PortMapModel : public DocumentTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        ServiceName,
        Category,
        HostPort,
        ContainerPort,
        Protocol,
        BindAddress,
        Exception,
        RouteName,
        Notes,
        Status,
        ColumnCount
    };

    explicit PortMapModel(Document *document, QObject *parent = nullptr);

    // The device shown, by id (0: none).
    void setDeviceId(qint64 deviceId);
    qint64 deviceId() const { return m_deviceId; }
    int deviceIndex() const;

    // Row of a service's binding (binding -1: the service's first row), or -1.
    int rowOf(int service, int binding) const;
    // What the last check against listening sockets found, by binding id ("missing",
    // "other-address", "listening"); shown in the status column. Empty: no check yet.
    void setDriftStatus(const QHash<qint64, QString> &statusByBinding);
    // What the last audit found on a binding, by binding id: a phrase for the status column
    // ("exposed (audit)"), the whole of it for the tooltip, and its severity (an exposed port
    // is an error). Empty: none.
    struct AuditMark
    {
        QString phrase;
        QString detail;
        Severity severity = Severity::Warning;
        friend bool operator==(const AuditMark &a, const AuditMark &b)
        {
            return a.phrase == b.phrase && a.detail == b.detail && a.severity == b.severity;
        }
    };
    void setAuditStatus(const QHash<qint64, AuditMark> &statusByBinding);
    int serviceAt(int row) const { return m_rows.value(row).service; }
    int bindingAt(int row) const { return m_rows.value(row, {-1, -1}).binding; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    // An edit in a cell goes through the dialogs' checks: one that brings an error the element
    // did not have (host port 70000, a protocol that is none) is refused, and editRefused says
    // why. Errors it already had do not block an edit.
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

signals:
    void editRefused(const QString &message);

private:
    bool refusedByChecks(const Findings &before, const Findings &after);
    QString statusText(int rowIndex, const Service &service, const Binding *binding) const;
    void followServices();
    void followBindings();
    struct Row
    {
        int service;
        int binding; // -1: the service has no bindings
    };
    QVector<Row> buildRows() const;
    // First and last row a service occupies in the current mapping.
    std::pair<int, int> rowsOfService(int service) const;
    void rebuildFindings();
    void emitAllChanged(int firstColumn = 0, int lastColumn = ColumnCount - 1);
    Findings findingsOfRow(int row) const;

    qint64 m_deviceId = 0;
    QVector<Row> m_rows;
    // findings of the shown device by (service, binding); binding -1 for service findings
    QHash<QPair<int, int>, Findings> m_findings;
    bool m_pendingPlaceholderChange = false;
    QHash<qint64, QString> m_drift;
    QHash<qint64, AuditMark> m_audit;
};

} // namespace portolan
