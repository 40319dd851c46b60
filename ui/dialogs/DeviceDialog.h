#pragma once

#include "dialogs/ValidatedDialog.h"
#include "domain/Registry.h"
#include "drift/RemoteSockets.h"

class QLabel;
class QLineEdit;
class QPushButton;

namespace portolan {

// Adds or edits a device: name, IP, description, the VPN address its proxy's internal names
// resolve to, and the ssh destination drift reads it through.
class DeviceDialog : public ValidatedDialog
{
    Q_OBJECT

public:
    // deviceIndex -1: a new device.
    DeviceDialog(const Registry &registry, int deviceIndex, const Device &initial,
                 QWidget *parent = nullptr);

    Device device() const;

protected:
    Findings check() override;

private slots:
    void testConnection();

private:
    const Registry &m_registry;
    int m_deviceIndex;
    qint64 m_deviceId = 0; // what is edited, found again by id before every check
    Device m_initial;
    QLineEdit *m_name;
    QLineEdit *m_ip;
    QLineEdit *m_description;
    QLineEdit *m_vpnIp;
    QLineEdit *m_ssh;
    QPushButton *m_testSsh;
    QLabel *m_sshResult;
    RemoteSockets m_reader;
    bool m_focusBackToTest = false;
};

} // namespace portolan
