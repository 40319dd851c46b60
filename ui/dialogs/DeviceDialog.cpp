#include "dialogs/DeviceDialog.h"

#include "check/CandidateCheck.h"
#include "check/Validator.h"
#include "widgets/SeverityStyle.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

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
    , m_testSsh(new QPushButton(tr("&Test Connection")))
    , m_sshResult(new QLabel)
{
    setWindowTitle(deviceIndex < 0 ? tr("Add Device") : tr("Edit Device %1").arg(initial.name));
    m_deviceId = deviceIndex >= 0 ? registry.devices[deviceIndex].key.id : 0;
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
    // Reads the device once, as drift will, and says what came back.
    m_testSsh->setObjectName(QStringLiteral("testSshButton"));
    m_testSsh->setAutoDefault(false);
    m_sshResult->setObjectName(QStringLiteral("sshTestResult"));
    m_sshResult->setWordWrap(true);
    m_sshResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *testRow = new QWidget;
    auto *testLayout = new QHBoxLayout(testRow);
    testLayout->setContentsMargins(0, 0, 0, 0);
    testLayout->addWidget(m_testSsh);
    testLayout->addStretch(1);
    form()->addRow(QString(), testRow);
    // Its own row, the dialog's width: ssh's messages are long and must be read whole.
    m_sshResult->setMinimumWidth(360);
    form()->addRow(m_sshResult);
    connect(m_testSsh, &QPushButton::clicked, this, &DeviceDialog::testConnection);
    connect(&m_reader, &RemoteSockets::finished, this, [this](const RemoteSockets::Result &result) {
        m_testSsh->setEnabled(true);
        if (m_focusBackToTest)
            m_testSsh->setFocus();
        m_focusBackToTest = false;
        m_testSsh->setText(tr("&Test Connection"));
        if (!result.ok) {
            m_sshResult->setStyleSheet(
                QStringLiteral("color: %1;")
                    .arg(SeverityStyle::color(Severity::Error, palette()).name()));
            m_sshResult->setText(tr("Cannot read %1: %2").arg(result.destination, result.error));
            return;
        }
        m_sshResult->setStyleSheet(QString());
        QString text = tr("Connected: %n socket(s) listening", nullptr, int(result.sockets.size()));
        text += result.docker ? tr(", docker answered") : tr(", no docker");
        if (!result.notes.isEmpty())
            text += QStringLiteral(" (") + result.notes.join(QStringLiteral("; ")) + u')';
        m_sshResult->setText(text + u'.');
    });
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
    const Device candidate = device();
    m_testSsh->setEnabled(!m_reader.isRunning() && !candidate.ssh.isEmpty() &&
                          Validator::isValidSshDestination(candidate.ssh));
    if (m_deviceId != 0) {
        // A colleague's commit may have moved or removed it since the dialog opened.
        m_deviceIndex = CandidateCheck::locate(m_registry, m_deviceId).device;
        if (m_deviceIndex < 0)
            return {deletedMeanwhile(QStringLiteral("name"), tr("device"))};
    }
    return CandidateCheck::forDevice(m_registry, m_deviceIndex, candidate);
}

void DeviceDialog::testConnection()
{
    const QString destination = m_ssh->text().trimmed();
    if (destination.isEmpty() || !Validator::isValidSshDestination(destination) ||
        m_reader.isRunning())
        return;
    // A disabled button hands its focus on, here to Cancel, where Return would drop the edits:
    // it goes to the field meanwhile and comes back after.
    m_focusBackToTest = m_testSsh->hasFocus();
    if (m_focusBackToTest)
        m_ssh->setFocus();
    m_testSsh->setEnabled(false);
    m_testSsh->setText(tr("Testing…"));
    m_sshResult->setStyleSheet(QString());
    m_sshResult->setText(tr("Connecting to %1…").arg(destination));
    m_reader.start(destination);
}

} // namespace portolan
