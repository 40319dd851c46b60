#include "controllers/AuditController.h"

#include "controllers/Feedback.h"
#include "document/Document.h"
#include "pages/PortMapPage.h"
#include "pages/RangePage.h"
#include "window/Navigator.h"

#include <QAction>
#include <QLocale>
#include <QProgressDialog>
#include <QUndoStack>

#include <memory>

namespace portolan {

AuditController::AuditController(const WindowParts &parts, QObject *parent)
    : QObject(parent)
    , m_parts(parts)
    , m_auditDevice(new QAction(tr("A&udit This Device…"), this))
    , m_auditAll(new QAction(tr("Audit All De&vices…"), this))
{
    m_auditDevice->setObjectName(QStringLiteral("actionAuditDevice"));
    m_auditDevice->setToolTip(
        tr("From this machine, try the device's addresses on its planned ports, the range and "
           "1-1023: what answers that the plan does not open is exposed, what the plan opens "
           "and does not answer is closed"));
    m_auditAll->setObjectName(QStringLiteral("actionAuditAllDevices"));
    m_auditAll->setToolTip(tr("Audit every device of the registry from this machine"));
    connect(m_auditDevice, &QAction::triggered, this, &AuditController::auditDevice);
    connect(m_auditAll, &QAction::triggered, this, &AuditController::auditAllDevices);
    m_refreshLater.setSingleShot(true);
    m_refreshLater.setInterval(0);
    connect(&m_refreshLater, &QTimer::timeout, this, &AuditController::refresh);
    connect(m_parts.document->undoStack(), &QUndoStack::indexChanged, &m_refreshLater,
            qOverload<>(&QTimer::start));
    connect(m_parts.document, &Document::resetDone, this, [this] {
        if (m_audit)
            m_audit->cancel();
        m_results.clear();
        m_refreshLater.start();
    });
    connect(m_parts.navigator, &Navigator::selectionChanged, &m_refreshLater,
            qOverload<>(&QTimer::start));
}

AuditController::~AuditController()
{
    if (m_audit)
        m_audit->cancel();
}

void AuditController::updateActions(bool hasDevice)
{
    m_auditDevice->setEnabled(hasDevice && !isRunning());
    m_auditAll->setEnabled(!m_parts.document->registry().devices.isEmpty() && !isRunning());
}

void AuditController::auditDevice()
{
    const int d = m_parts.navigator->currentDevice();
    if (d >= 0)
        start({d});
}

void AuditController::auditAllDevices()
{
    QVector<int> devices;
    for (int d = 0; d < m_parts.document->registry().devices.size(); ++d)
        devices << d;
    if (!devices.isEmpty())
        start(devices);
}

void AuditController::start(const QVector<int> &devices)
{
    if (m_audit)
        return;
    m_parts.feedback->clear();
    const Registry &registry = m_parts.document->registry();
    QVector<qint64> ids;
    QStringList names;
    for (int d : devices) {
        ids << registry.devices[d].key.id;
        names << registry.devices[d].name;
    }
    auto *audit = new PortAudit(registry, devices, PortProber::Limits{}, this);
    m_audit = audit;
    updateActions(m_parts.navigator->currentDevice() >= 0);

    auto *progress = new QProgressDialog(m_parts.window);
    m_progress = progress;
    progress->setObjectName(QStringLiteral("auditProgress"));
    progress->setWindowTitle(devices.size() == 1
                                 ? tr("Auditing %1").arg(names.first())
                                 : tr("Auditing %n Device(s)", nullptr, int(devices.size())));
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(0);
    progress->setAutoClose(false);
    progress->setAutoReset(false);
    progress->setMinimumWidth(440);
    progress->setLabelText(tr("Finding the route to %1…").arg(names.join(QStringLiteral(", "))));
    progress->setRange(0, 0);
    connect(progress, &QProgressDialog::canceled, audit, &PortAudit::cancel);
    // The second look (ports that had no answer, each given the whole timeout) has its own
    // count: a bar left full while it runs would look hung.
    auto secondLook = std::make_shared<QString>();
    connect(audit, &PortAudit::lookingAgain, progress,
            [progress, names, secondLook](int ports, int timeoutMs) {
                *secondLook = tr("Looking again at %n port(s) of %1 that did not answer, waiting "
                                 "up to %2 s each",
                                 nullptr, ports)
                                  .arg(names.join(QStringLiteral(", ")))
                                  .arg(QLocale().toString(timeoutMs / 1000.0, 'g', 3));
                progress->setRange(0, ports);
                progress->setValue(0);
                progress->setLabelText(*secondLook + QStringLiteral("…"));
            });
    connect(
        audit, &PortAudit::progress, progress, [progress, names, secondLook](int done, int total) {
            progress->setRange(0, total);
            progress->setValue(done);
            progress->setLabelText(secondLook->isEmpty()
                                       ? tr("Probing %1: %2 of %3 ports")
                                             .arg(names.join(QStringLiteral(", ")))
                                             .arg(done)
                                             .arg(total)
                                       : tr("%1: %2 of %3").arg(*secondLook).arg(done).arg(total));
        });
    connect(audit, &PortAudit::finished, this, [this, ids] { finish(ids); });
    audit->start();
}

void AuditController::finish(const QVector<qint64> &deviceIds)
{
    PortAudit *audit = m_audit;
    if (m_progress) {
        m_progress->hide();
        m_progress->deleteLater();
    }
    if (!audit)
        return;
    m_audit = nullptr;
    audit->deleteLater();
    updateActions(m_parts.navigator->currentDevice() >= 0);
    if (audit->wasCancelled()) {
        m_parts.feedback->info(tr("Audit canceled: nothing was kept."));
        return;
    }
    // The registry may have changed while it ran: devices are found again by id.
    const Registry &probed = m_parts.document->registry();
    QStringList summary;
    int exposed = 0;
    int closed = 0;
    bool failed = false;
    for (int r = 0; r < audit->results().size(); ++r) {
        const DeviceAudit &result = audit->results()[r];
        const int now = indexOf(deviceIds.value(r));
        if (now < 0)
            continue; // removed while it was probed
        const Device &device = probed.devices[now];
        DeviceResult kept;
        for (const AuditedAddress &address : result.addresses) {
            if (!address.error.isEmpty())
                kept.errors << address.error;
            else if (!kept.sources.contains(address.source))
                kept.sources << address.source;
        }
        for (const AuditFinding &finding : result.findings) {
            qint64 bindingId = 0;
            if (finding.service >= 0 && finding.service < device.services.size() &&
                finding.binding >= 0 &&
                finding.binding < device.services[finding.service].ports.size())
                bindingId = device.services[finding.service].ports[finding.binding].key.id;
            QString from;
            for (const AuditedAddress &address : result.addresses) {
                if (address.address == finding.address)
                    from = address.source;
            }
            kept.findings.append({finding.kind, finding.address, finding.port, finding.protocol,
                                  bindingId, from, finding.reason});
        }
        const int e = result.count(AuditFinding::Kind::Exposed);
        const int c = result.count(AuditFinding::Kind::Closed);
        exposed += e;
        closed += c;
        failed |= !kept.errors.isEmpty();
        // "exposed 20777/tcp, closed 20514/tcp (syslog)": the ports, so the banner says where.
        auto ports = [&](AuditFinding::Kind kind) {
            QStringList list;
            for (const AuditFinding &finding : result.findings) {
                if (finding.kind != kind)
                    continue;
                QString port = QStringLiteral("%1/%2").arg(finding.port).arg(finding.protocol);
                if (finding.service >= 0 && finding.service < device.services.size())
                    port += QStringLiteral(" (%1)").arg(device.services[finding.service].name);
                if (!list.contains(port))
                    list << port;
            }
            return list.size() > 6 ? tr("%1 and %n more", nullptr, int(list.size()) - 5)
                                         .arg(list.mid(0, 5).join(QStringLiteral(", ")))
                                   : list.join(QStringLiteral(", "));
        };
        QStringList parts;
        if (e > 0)
            parts << tr("exposed %1").arg(ports(AuditFinding::Kind::Exposed));
        if (c > 0)
            parts << tr("closed %1").arg(ports(AuditFinding::Kind::Closed));
        const int u = result.count(AuditFinding::Kind::Unknown);
        if (u > 0)
            parts << tr("%n udp/sctp port(s) no probe can tell", nullptr, u);
        QString line =
            kept.sources.isEmpty()
                ? tr("%1: not probed (%2)").arg(device.name, kept.errors.join(QStringLiteral("; ")))
                : tr("%1 (from %2): %3")
                      .arg(device.name, kept.sources.join(QStringLiteral(", ")),
                           e + c == 0 ? (parts.isEmpty() ? tr("as planned")
                                                         : tr("as planned; ") + parts.join(u' '))
                                      : parts.join(QStringLiteral("; ")));
        if (!kept.errors.isEmpty() && !kept.sources.isEmpty())
            line += QStringLiteral(" (") + kept.errors.join(QStringLiteral("; ")) + u')';
        summary << line;
        m_results.insert(device.key.id, kept);
    }
    refresh();
    const QString text = tr("Audit: ") + summary.join(QStringLiteral("; "));
    if (exposed > 0 || failed)
        m_parts.feedback->error(text);
    else if (closed > 0)
        m_parts.feedback->ask(Severity::Warning, text, {});
    else
        m_parts.feedback->info(text);
}

int AuditController::indexOf(qint64 deviceId) const
{
    const QVector<Device> &devices = m_parts.document->registry().devices;
    for (int d = 0; d < devices.size(); ++d) {
        if (devices[d].key.id == deviceId)
            return d;
    }
    return -1;
}

void AuditController::refresh()
{
    QHash<qint64, PortMapModel::AuditMark> status;
    QHash<int, QString> exposed;
    QHash<int, QString> closed;
    const int d = m_parts.navigator->currentDevice();
    if (d >= 0) {
        const Device &device = m_parts.document->registry().devices[d];
        // A finding still describes a binding only while its port and protocol are the
        // binding's: an edited binding loses what the audit said of the old one.
        QHash<qint64, const Binding *> bindings;
        for (const Service &service : device.services) {
            for (const Binding &binding : service.ports)
                bindings.insert(binding.key.id, &binding);
        }
        auto stillThere = [&bindings](const Kept &finding) {
            const Binding *binding = bindings.value(finding.bindingId);
            return binding && binding->host.contains(finding.port) &&
                   binding->effectiveProtocol() == finding.protocol;
        };
        const auto it = m_results.constFind(device.key.id);
        if (it != m_results.constEnd()) {
            for (Kept finding : it->findings) {
                if (finding.bindingId && !stillThere(finding))
                    finding.bindingId = 0;
                const QString where = QStringLiteral("%1/%2 on %3")
                                          .arg(finding.port)
                                          .arg(finding.protocol, finding.address);
                if (finding.kind == AuditFinding::Kind::Exposed) {
                    const QString detail = tr("Audit from %1: exposed, %2 %3")
                                               .arg(finding.source, where, finding.reason);
                    exposed.insert(finding.port, detail);
                    if (finding.bindingId)
                        status.insert(finding.bindingId,
                                      {tr("exposed (audit)"), detail, Severity::Error});
                } else if (finding.kind == AuditFinding::Kind::Closed) {
                    const QString detail = tr("Audit from %1: closed, %2 %3")
                                               .arg(finding.source, where, finding.reason);
                    closed.insert(finding.port, detail);
                    if (finding.bindingId && !status.contains(finding.bindingId))
                        status.insert(finding.bindingId,
                                      {tr("closed (audit)"), detail, Severity::Warning});
                } else if (finding.bindingId && !status.contains(finding.bindingId)) {
                    status.insert(
                        finding.bindingId,
                        {tr("unknown (audit)"),
                         tr("Audit from %1: %2 %3").arg(finding.source, where, finding.reason),
                         Severity::Info});
                }
            }
        }
    }
    m_parts.portMap->setAuditStatus(status);
    m_parts.range->setAuditMarkers(exposed, closed);
}

} // namespace portolan
