#pragma once

#include "controllers/WindowParts.h"
#include "drift/PortAudit.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QAction;
class QProgressDialog;

namespace portolan {

// The audit in the app: Tools > Audit This Device and Audit All Devices probe from this
// machine, as `portolan-cli audit` does, with a progress dialog that cancels. What each device
// showed is kept (by binding id, so edits do not shift it) and shown beside drift: the port
// map's status column says "exposed to SOURCE" or "closed from SOURCE" on the binding, and the
// heatmap rings every exposed port of the selected device (unplanned ones too) in the error
// colour; a banner sums it up.
class AuditController : public QObject
{
    Q_OBJECT

public:
    AuditController(const WindowParts &parts, QObject *parent = nullptr);
    ~AuditController() override;

    QAction *auditDeviceAction() const { return m_auditDevice; }
    QAction *auditAllAction() const { return m_auditAll; }
    void updateActions(bool hasDevice);
    bool isRunning() const { return m_audit != nullptr; }

public slots:
    void auditDevice();
    void auditAllDevices();

private:
    // One finding, kept by ids rather than indexes.
    struct Kept
    {
        AuditFinding::Kind kind;
        QString address;
        int port;
        QString protocol;
        qint64 bindingId; // 0: none planned there
        QString source;
        QString reason;
    };
    struct DeviceResult
    {
        QVector<Kept> findings;
        QStringList errors;
        QStringList sources;
    };

    void start(const QVector<int> &devices);
    void finish(const QVector<qint64> &deviceIds);
    void refresh();
    int indexOf(qint64 deviceId) const;

    WindowParts m_parts;
    QAction *m_auditDevice;
    QAction *m_auditAll;
    QPointer<PortAudit> m_audit;
    QPointer<QProgressDialog> m_progress;
    QHash<qint64, DeviceResult> m_results; // by device id
    QTimer m_refreshLater;
};

} // namespace portolan
