#include "DeviceDialog.h"

#include "check/CandidateCheck.h"

#include <QLineEdit>

namespace portolan {

DeviceDialog::DeviceDialog(const Registry &registry, int deviceIndex, const Device &initial,
                           QWidget *parent)
    : ValidatedDialog(parent)
    , m_registry(registry)
    , m_deviceIndex(deviceIndex)
    , m_initial(initial)
    , m_name(new QLineEdit(initial.name))
    , m_ip(new QLineEdit(initial.ip))
    , m_description(new QLineEdit(initial.description))
    , m_vpnIp(new QLineEdit(initial.vpnIp))
    , m_ssh(new QLineEdit(initial.ssh))
{
    setWindowTitle(deviceIndex < 0 ? tr("Add Device") : tr("Edit Device %1").arg(initial.name));
    m_name->setPlaceholderText(tr("e.g. atlas"));
    m_ip->setPlaceholderText(tr("IPv4 or IPv6, e.g. 192.168.10.2"));
    m_description->setPlaceholderText(tr("what runs there"));
    addField(QStringLiteral("name"), tr("&Name:"), m_name);
    addField(QStringLiteral("ip"), tr("&IP address:"), m_ip);
    addField(QStringLiteral("description"), tr("&Description:"), m_description);
    m_vpnIp->setPlaceholderText(tr("optional: where internal names resolve, e.g. 10.8.0.2"));
    m_ssh->setPlaceholderText(tr("optional: user@host or a Host alias of ~/.ssh/config"));
    addField(QStringLiteral("vpn_ip"), tr("&VPN address:"), m_vpnIp);
    addField(QStringLiteral("ssh"), tr("SS&H destination:"), m_ssh);
    setFallbackField(QStringLiteral("name"));
    for (QLineEdit *edit : {m_name, m_ip, m_description, m_vpnIp, m_ssh})
        connect(edit, &QLineEdit::textChanged, this, &DeviceDialog::revalidate);
    revalidate();
}

Device DeviceDialog::device() const
{
    Device device = m_initial;
    device.name = m_name->text().trimmed();
    device.ip = m_ip->text().trimmed();
    device.description = m_description->text().trimmed();
    device.vpnIp = m_vpnIp->text().trimmed();
    device.ssh = m_ssh->text().trimmed();
    return device;
}

Findings DeviceDialog::check()
{
    return CandidateCheck::forDevice(m_registry, m_deviceIndex, device());
}

} // namespace portolan
