#pragma once

#include "ValidatedDialog.h"
#include "domain/Registry.h"

class QLineEdit;

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

private:
    const Registry &m_registry;
    int m_deviceIndex;
    Device m_initial;
    QLineEdit *m_name;
    QLineEdit *m_ip;
    QLineEdit *m_description;
    QLineEdit *m_vpnIp;
    QLineEdit *m_ssh;
};

} // namespace portolan
