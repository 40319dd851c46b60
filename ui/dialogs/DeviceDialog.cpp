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
{
    setWindowTitle(deviceIndex < 0 ? tr("Add Device") : tr("Edit Device %1").arg(initial.name));
    m_name->setPlaceholderText(tr("e.g. atlas"));
    m_ip->setPlaceholderText(tr("IPv4 or IPv6, e.g. 192.168.10.2"));
    m_description->setPlaceholderText(tr("what runs there"));
    addField(QStringLiteral("name"), tr("&Name:"), m_name);
    addField(QStringLiteral("ip"), tr("&IP address:"), m_ip);
    addField(QStringLiteral("description"), tr("&Description:"), m_description);
    setFallbackField(QStringLiteral("name"));
    for (QLineEdit *edit : {m_name, m_ip, m_description})
        connect(edit, &QLineEdit::textChanged, this, &DeviceDialog::revalidate);
    revalidate();
}

Device DeviceDialog::device() const
{
    Device device = m_initial;
    device.name = m_name->text().trimmed();
    device.ip = m_ip->text().trimmed();
    device.description = m_description->text().trimmed();
    return device;
}

Findings DeviceDialog::check()
{
    return CandidateCheck::forDevice(m_registry, m_deviceIndex, device());
}

} // namespace portolan
