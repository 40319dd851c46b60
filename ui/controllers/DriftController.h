#pragma once

#include "controllers/Feedback.h"
#include "controllers/WindowParts.h"
#include "drift/DriftCheck.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QAction;
class QProgressDialog;
class QWidget;

namespace portolan {

class DevicesPanel;
class Document;
class Navigator;
class PortMapPage;
class RangePage;
class RemoteSocketsRun;

// Plan against reality, in the app: Tools > Check This Device (here, over ssh when the device
// has an ssh destination, or from a folder of captured tables) and Tools > Check All Devices
// (every device with an ssh destination, 8 at a time, with a cancellable progress dialog). What
// was found is kept per device, as sockets, and compared again with the plan after every edit:
// a badge in the device list, the drift column of the port map and markers on the heatmap for
// the selected device; unplanned ports are added one by one or adopted all at once (one undo
// step, the same change set as an import).
class DriftController : public QObject
{
    Q_OBJECT

public:
    DriftController(const WindowParts &parts, QObject *parent = nullptr);
    ~DriftController() override;

    QAction *checkDeviceAction() const { return m_checkDevice; }
    QAction *checkAllAction() const { return m_checkAll; }
    void updateActions(bool hasDevice);

public slots:
    void checkDevice();
    void checkAllDevices();

private:
    WindowParts m_parts;
    struct Reading
    {
        bool ok = false;
        QString error;
        QString source; // "this machine", a folder, or the ssh destination
        QVector<ListeningSocket> sockets;
        QStringList notes;
    };

    void checkFolder(int deviceIndex, const QString &folder, const QString &source);
    void readOverSsh(const QVector<int> &devices, bool showSingle);
    void store(int deviceIndex, const Reading &reading);
    // Badges, the port map's drift column and the heatmap's markers, from the kept readings.
    void refresh();
    void showDialog(int deviceIndex);
    void adopt(int deviceIndex, const QVector<DriftEntry> &entries);
    void addOne(int deviceIndex, const DriftEntry &entry, QWidget *dialogParent);
    QVector<DriftEntry> entriesOf(int deviceIndex) const;
    int indexOf(qint64 deviceId) const;

    QAction *m_checkDevice;
    QAction *m_checkAll;
    QHash<qint64, Reading> m_readings; // by device id
    QPointer<RemoteSocketsRun> m_run;
    QPointer<QProgressDialog> m_progress;
    QTimer m_refreshLater;
    QHash<qint64, QString> m_shownStatus;
    QHash<int, QString> m_shownMarkers;
};

} // namespace portolan
