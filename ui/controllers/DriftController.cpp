#include "controllers/DriftController.h"

#include "dialogs/DriftDialog.h"
#include "dialogs/ServicePicker.h"
#include "document/Document.h"
#include "document/commands/AddRemove.h"
#include "document/commands/ImportChanges.h"
#include "domain/WellKnownPorts.h"
#include "drift/DriftReport.h"
#include "drift/RemoteSockets.h"
#include "drift/SocketTable.h"
#include "pages/DevicesPanel.h"
#include "pages/PortMapPage.h"
#include "pages/RangePage.h"
#include "window/Navigator.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QNetworkInterface>
#include <QProgressDialog>
#include <QUndoStack>

namespace portolan {

DriftController::DriftController(const WindowParts &parts, QObject *parent)
    : QObject(parent)
    , m_parts(parts)
    , m_checkDevice(new QAction(tr("&Check This Device…"), this))
    , m_checkAll(new QAction(tr("Check &All Devices…"), this))
{
    m_checkDevice->setObjectName(QStringLiteral("actionCheckMachine"));
    m_checkDevice->setToolTip(tr("Compare the device's plan with the sockets really listening: "
                                 "over ssh when it has an ssh destination, on this machine, or "
                                 "from a folder of captured /proc/net files"));
    m_checkAll->setObjectName(QStringLiteral("actionCheckAllDevices"));
    m_checkAll->setToolTip(tr("Read every device that has an ssh destination, 8 at a time, and "
                              "mark what differs from the plan"));
    connect(m_checkDevice, &QAction::triggered, this, &DriftController::checkDevice);
    connect(m_checkAll, &QAction::triggered, this, &DriftController::checkAllDevices);
    // Readings are sockets; what they mean is compared again with the plan after every edit,
    // once the edit is over (selection changes arrive in the middle of a model's row insert).
    m_refreshLater.setSingleShot(true);
    m_refreshLater.setInterval(0);
    connect(&m_refreshLater, &QTimer::timeout, this, &DriftController::refresh);
    connect(m_parts.document->undoStack(), &QUndoStack::indexChanged, &m_refreshLater,
            qOverload<>(&QTimer::start));
    connect(m_parts.document, &Document::resetDone, this, [this] {
        m_readings.clear();
        m_refreshLater.start();
    });
    connect(m_parts.navigator, &Navigator::selectionChanged, &m_refreshLater,
            qOverload<>(&QTimer::start));
}

DriftController::~DriftController()
{
    if (m_run)
        m_run->cancel();
}

void DriftController::updateActions(bool hasDevice)
{
    m_checkDevice->setEnabled(hasDevice);
    m_checkAll->setEnabled(!m_parts.document->registry().devices.isEmpty());
}

void DriftController::checkDevice()
{
    const int d = m_parts.navigator->currentDevice();
    if (d < 0)
        return;
    const Device &device = m_parts.document->registry().devices[d];
    if (!device.ssh.isEmpty()) {
        readOverSsh({d}, true);
        return;
    }
    // This machine when the device's address is one of ours; otherwise captured files.
    QHostAddress deviceAddress;
    deviceAddress.setAddress(device.ip);
    bool local = false;
    for (const QHostAddress &address : QNetworkInterface::allAddresses())
        local |= address.isEqual(deviceAddress, QHostAddress::ConvertV4MappedToIPv4);
    if (local) {
        checkFolder(d, QStringLiteral("/proc/net"), tr("this machine's sockets"));
        return;
    }
    // What to do goes in the banner, where it can be read; the folder dialog keeps a title.
    const QString name = device.name;
    m_parts.feedback->ask(
        Severity::Info,
        tr("%1 is not this machine and has no ssh destination. Set one (Edit Device, e.g. "
           "admin@%1) to read it over ssh, or copy its socket tables into a folder (scp "
           "%1:/proc/net/{tcp,tcp6,udp,udp6} %1-sockets/) and choose that folder.")
            .arg(name),
        {{tr("&Choose Folder…"), QStringLiteral("chooseSocketFolderButton"), [this, d, name] {
              const QString folder = QFileDialog::getExistingDirectory(
                  m_parts.window, tr("Socket Tables of %1").arg(name),
                  QFileInfo(m_parts.document->location()).absolutePath());
              if (!folder.isEmpty() && d < m_parts.document->registry().devices.size())
                  checkFolder(d, folder, folder);
          }}});
}

void DriftController::checkAllDevices()
{
    QVector<int> devices;
    const Registry &registry = m_parts.document->registry();
    for (int d = 0; d < registry.devices.size(); ++d) {
        if (!registry.devices[d].ssh.isEmpty())
            devices << d;
    }
    if (devices.isEmpty()) {
        m_parts.feedback->info(
            tr("No device has an ssh destination yet: set one in Edit Device (for "
               "example admin@atlas, or a Host alias of ~/.ssh/config)."));
        return;
    }
    readOverSsh(devices, false);
}

void DriftController::checkFolder(int d, const QString &folder, const QString &source)
{
    m_parts.feedback->clear();
    SocketTable table;
    if (!table.readProcFolder(folder)) {
        m_parts.feedback->error(table.error().toString());
        return;
    }
    Reading reading;
    reading.ok = true;
    reading.source = source;
    reading.sockets = table.sockets();
    store(d, reading);
    m_parts.range->setDeviceFilter(d);
    refresh();
    showDialog(d);
}

void DriftController::readOverSsh(const QVector<int> &devices, bool showSingle)
{
    if (m_run)
        return;
    m_parts.feedback->clear();
    const Registry &registry = m_parts.document->registry();
    QVector<RemoteSocketsRun::Target> targets;
    QHash<int, qint64> ids;
    for (int d : devices) {
        targets.append({d, registry.devices[d].ssh});
        ids.insert(d, registry.devices[d].key.id);
    }
    auto *run = new RemoteSocketsRun(targets, 8, this);
    m_run = run;
    auto *progress = new QProgressDialog(m_parts.window);
    m_progress = progress;
    progress->setObjectName(QStringLiteral("driftProgress"));
    progress->setWindowTitle(tr("Checking Devices"));
    progress->setWindowModality(Qt::WindowModal);
    progress->setRange(0, int(targets.size()));
    progress->setValue(0);
    progress->setMinimumDuration(0);
    progress->setAutoClose(false);
    progress->setAutoReset(false);
    progress->setLabelText(tr("Connecting over ssh…"));
    progress->setMinimumWidth(440);
    connect(progress, &QProgressDialog::canceled, run, &RemoteSocketsRun::cancel);

    // The devices being read now (at most 8), named under the bar as they start and finish.
    auto running = std::make_shared<QStringList>();
    auto showRunning = [progress, running] {
        progress->setLabelText(
            running->isEmpty()
                ? tr("%1 of %2 devices done").arg(progress->value()).arg(progress->maximum())
                : tr("%1 of %2 devices done; reading %3…")
                      .arg(progress->value())
                      .arg(progress->maximum())
                      .arg(running->join(QStringLiteral(", "))));
    };
    connect(run, &RemoteSocketsRun::deviceStarted, progress,
            [&registry, running, showRunning](int d, const QString &) {
                *running << registry.devices[d].name;
                showRunning();
            });
    auto outcomes = std::make_shared<QStringList>();
    auto unreadable = std::make_shared<int>(0);
    connect(
        run, &RemoteSocketsRun::deviceFinished, this,
        [this, progress, ids, outcomes, unreadable, running, showRunning,
         &registry](int d, const RemoteSockets::Result &result) {
            running->removeOne(registry.devices[d].name);
            // The registry may have changed meanwhile: find the device again by its id.
            const int now = indexOf(ids.value(d));
            Reading reading;
            reading.ok = result.ok;
            reading.error = result.error;
            reading.source = result.destination;
            reading.sockets = result.sockets;
            reading.notes = result.notes;
            if (!result.ok)
                ++*unreadable;
            if (now >= 0) {
                store(now, reading);
                const QString name = m_parts.document->registry().devices[now].name;
                *outcomes << (result.ok
                                  ? DriftReport::summary(m_parts.document->registry().devices[now],
                                                         entriesOf(now))
                                  : tr("%1: could not be read (%2)").arg(name, result.error));
            }
            progress->setValue(progress->value() + 1);
            showRunning();
            refresh();
        });
    connect(run, &RemoteSocketsRun::finished, this,
            [this, run, progress, showSingle, devices, ids, outcomes, unreadable](bool canceled) {
                progress->hide();
                progress->deleteLater();
                run->deleteLater();
                refresh();
                if (canceled) {
                    m_parts.feedback->info(tr("Check canceled: %n device(s) read before.", nullptr,
                                              int(outcomes->size())));
                    return;
                }
                const int single = devices.size() == 1 ? indexOf(ids.value(devices.first())) : -1;
                if (showSingle && single >= 0) {
                    const Reading reading = m_readings.value(ids.value(devices.first()));
                    if (!reading.ok) {
                        m_parts.feedback->error(
                            tr("%1: cannot read over ssh (%2): %3")
                                .arg(m_parts.document->registry().devices[single].name,
                                     reading.source, reading.error));
                        return;
                    }
                    m_parts.range->setDeviceFilter(single);
                    showDialog(single);
                    return;
                }
                const QString text = outcomes->join(QStringLiteral("; "));
                if (*unreadable > 0)
                    m_parts.feedback->error(text);
                else
                    m_parts.feedback->info(text);
            });
    run->start();
}

int DriftController::indexOf(qint64 deviceId) const
{
    const QVector<Device> &devices = m_parts.document->registry().devices;
    for (int d = 0; d < devices.size(); ++d) {
        if (devices[d].key.id == deviceId)
            return d;
    }
    return -1;
}

void DriftController::store(int d, const Reading &reading)
{
    m_readings.insert(m_parts.document->registry().devices[d].key.id, reading);
}

QVector<DriftEntry> DriftController::entriesOf(int d) const
{
    const auto it = m_readings.constFind(m_parts.document->registry().devices[d].key.id);
    if (it == m_readings.constEnd() || !it->ok)
        return {};
    return DriftCheck::compare(m_parts.document->registry(), d, it->sockets,
                               &WellKnownPorts::system());
}

void DriftController::refresh()
{
    const Registry &registry = m_parts.document->registry();
    QHash<qint64, DeviceListModel::DriftBadge> badges;
    for (int d = 0; d < registry.devices.size(); ++d) {
        const Device &device = registry.devices[d];
        const auto it = m_readings.constFind(device.key.id);
        if (it == m_readings.constEnd()) {
            // Once anything was read, a device that could not be is said so, not left blank.
            if (!m_readings.isEmpty() && device.ssh.isEmpty()) {
                DeviceListModel::DriftBadge badge;
                badge.text = tr("not checked");
                badge.toolTip = tr("%1 was not checked: it has no ssh destination (set one in "
                                   "Edit Device, e.g. admin@%1)")
                                    .arg(device.name);
                badges.insert(device.key.id, badge);
            }
            continue;
        }
        DeviceListModel::DriftBadge badge;
        if (!it->ok) {
            badge.text = tr("unreadable");
            badge.toolTip = tr("%1 could not be read over ssh (%2): %3")
                                .arg(device.name, it->source, it->error);
            badge.severity = int(Severity::Error);
        } else {
            const QVector<DriftEntry> entries = entriesOf(d);
            const int drift = DriftCheck::driftCount(entries);
            badge.text = drift == 0 ? tr("agrees") : tr("%n difference(s)", nullptr, drift);
            badge.toolTip =
                DriftReport::summary(device, entries) + tr(" (read from %1)").arg(it->source);
            if (!it->notes.isEmpty())
                badge.toolTip += u'\n' + it->notes.join(u'\n');
            badge.severity = drift == 0 ? -1 : int(Severity::Warning);
        }
        badges.insert(device.key.id, badge);
    }
    m_parts.devices->setDrift(badges);

    // The selected device's drift on its port map and on the heatmap.
    const int d = m_parts.navigator->currentDevice();
    QHash<qint64, QString> status;
    QHash<int, QString> markers;
    if (d >= 0) {
        for (const DriftEntry &entry : entriesOf(d)) {
            if (entry.binding >= 0)
                status.insert(
                    registry.devices[d].services[entry.service].ports[entry.binding].key.id,
                    driftStatusName(entry.status));
            if (entry.status == DriftEntry::Status::Listening)
                continue;
            const QString what = DriftReport::markerText(entry);
            for (int port = entry.ports.first;
                 port <= entry.ports.last && port - entry.ports.first < 65536; ++port)
                markers.insert(port, what);
        }
    }
    // Only what changed: the views redraw on each of these.
    if (status != m_shownStatus) {
        m_shownStatus = status;
        m_parts.portMap->setDriftStatus(status);
    }
    if (markers != m_shownMarkers) {
        m_shownMarkers = markers;
        m_parts.range->setMarkers(markers);
    }
}

void DriftController::showDialog(int d)
{
    const Registry &registry = m_parts.document->registry();
    const Reading reading = m_readings.value(registry.devices[d].key.id);
    DriftDialog dialog(registry, d, entriesOf(d), reading.source, m_parts.window);
    const qint64 id = registry.devices[d].key.id;
    connect(&dialog, &DriftDialog::addUnplanned, this,
            [this, &dialog, id](const DriftEntry &entry) {
                const int now = indexOf(id);
                if (now >= 0)
                    addOne(now, entry, &dialog);
            });
    connect(&dialog, &DriftDialog::adoptUnplanned, this,
            [this, &dialog, id](const QVector<DriftEntry> &entries) {
                const int now = indexOf(id);
                if (now >= 0)
                    adopt(now, entries);
                dialog.accept();
            });
    dialog.exec();
}

namespace {

Binding bindingFor(const DriftEntry &entry)
{
    Binding binding;
    binding.host = entry.ports;
    binding.container = entry.ports;
    binding.protocol = entry.protocol == Protocols::Tcp ? QString() : entry.protocol;
    binding.notes = entry.wellKnownName.isEmpty()
                        ? DriftController::tr("found listening")
                        : DriftController::tr("found listening (%1)").arg(entry.wellKnownName);
    return binding;
}

} // namespace

void DriftController::addOne(int d, const DriftEntry &entry, QWidget *dialogParent)
{
    const Registry &current = m_parts.document->registry();
    if (current.devices[d].services.isEmpty()) {
        m_parts.feedback->info(
            tr("Add a service first: an unplanned port becomes one of its bindings."));
        return;
    }
    const int picked = ServicePicker::pickService(
        dialogParent, tr("Add Unplanned Port"),
        tr("%1/%2 belongs to service:").arg(entry.ports.toString(), entry.protocol),
        current.devices[d]);
    if (picked < 0)
        return;
    const Service &service = current.devices[d].services[picked];
    m_parts.document->undoStack()->push(
        new AddBinding(m_parts.document, service.key.id, service.ports.size(), bindingFor(entry)));
}

void DriftController::adopt(int d, const QVector<DriftEntry> &entries)
{
    if (entries.isEmpty())
        return;
    Registry target = m_parts.document->registry();
    Device &device = target.devices[d];
    int s = -1;
    if (!device.services.isEmpty()) {
        s = ServicePicker::pickService(
            m_parts.window, tr("Adopt Unplanned Ports"),
            tr("%n unplanned port(s) of %1 become bindings of:", nullptr, int(entries.size()))
                .arg(device.name),
            device);
        if (s < 0)
            return;
    } else {
        // Nothing to attach them to: one service holds what was found, to be sorted out.
        Service found;
        found.name = QStringLiteral("found-listening");
        for (const Block &block : target.policy.blocks) {
            if (!block.isReserved()) {
                found.category = block.purpose;
                break;
            }
        }
        found.notes = tr("ports found listening on %1").arg(device.name);
        device.services.append(found);
        s = int(device.services.size()) - 1;
    }
    for (const DriftEntry &entry : entries)
        device.services[s].ports.append(bindingFor(entry));
    if (QUndoCommand *command = ImportChanges::fromTarget(
            m_parts.document, target,
            tr("Adopt %n unplanned port(s) of %1", nullptr, int(entries.size())).arg(device.name)))
        m_parts.document->undoStack()->push(command);
}

} // namespace portolan
