#include "dialogs/PolicyDialog.h"

#include "check/CandidateCheck.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

namespace portolan {

PolicyDialog::PolicyDialog(const Registry &registry, QWidget *parent)
    : ValidatedDialog(parent)
    , m_registry(registry)
    , m_domain(new QLineEdit(registry.policy.domain))
    , m_internal(new QLineEdit(registry.policy.internalSubdomain))
    , m_start(new QSpinBox)
    , m_end(new QSpinBox)
    , m_blockSize(new QSpinBox)
    , m_names(new QLabel)
    , m_proxyDevice(new QComboBox)
{
    setWindowTitle(tr("Edit Policy"));
    for (QSpinBox *spin : {m_start, m_end, m_blockSize}) {
        spin->setRange(1, 65535);
        spin->setGroupSeparatorShown(false);
        spin->setAlignment(Qt::AlignRight);
    }
    m_start->setValue(registry.policy.range.first);
    m_end->setValue(registry.policy.range.last);
    m_blockSize->setValue(registry.policy.effectiveBlockSize());
    m_names->setObjectName(QStringLiteral("namesPreview"));
    m_names->setWordWrap(true);
    // Wide enough for a name line ("Internal names: HOST.home.example.org") on one line: a
    // wrapping label otherwise takes the narrow width its first words need.
    m_names->setMinimumWidth(m_names->fontMetrics().averageCharWidth() * 52);

    auto *range = new QWidget;
    auto *rangeLayout = new QHBoxLayout(range);
    rangeLayout->setContentsMargins(0, 0, 0, 0);
    rangeLayout->addWidget(m_start);
    rangeLayout->addWidget(new QLabel(QStringLiteral("–")));
    rangeLayout->addWidget(m_end);
    m_start->setObjectName(QStringLiteral("rangeStart"));
    m_end->setObjectName(QStringLiteral("rangeEnd"));

    addField(QStringLiteral("domain"), tr("&Domain:"), m_domain);
    addField(QStringLiteral("internal_subdomain"), tr("&Internal subdomain:"), m_internal);
    addField(QStringLiteral("range"), tr("Published &range:"), range);
    addField(QStringLiteral("block_size"), tr("&Block size:"), m_blockSize);
    // The devices that can serve others: every device, those that run a proxy first.
    m_proxyDevice->addItem(tr("(none: each device runs its own proxy)"), QString());
    for (const bool runsProxy : {true, false}) {
        for (const Device &device : registry.devices) {
            if (device.runsReverseProxy() == runsProxy)
                m_proxyDevice->addItem(runsProxy ? tr("%1 (runs a reverse proxy)").arg(device.name)
                                                 : device.name,
                                       device.name);
        }
    }
    if (!registry.policy.proxyDevice.isEmpty() &&
        m_proxyDevice->findData(registry.policy.proxyDevice) < 0)
        m_proxyDevice->addItem(registry.policy.proxyDevice, registry.policy.proxyDevice);
    m_proxyDevice->setCurrentIndex(
        std::max(0, m_proxyDevice->findData(registry.policy.proxyDevice)));
    addField(QStringLiteral("proxy_device"), tr("&Proxy for others:"), m_proxyDevice);
    form()->addRow(QString(), m_names);
    setFallbackField(QStringLiteral("range"));

    connect(m_domain, &QLineEdit::textChanged, this, &PolicyDialog::revalidate);
    connect(m_internal, &QLineEdit::textChanged, this, &PolicyDialog::revalidate);
    for (QSpinBox *spin : {m_start, m_end, m_blockSize})
        connect(spin, &QSpinBox::valueChanged, this, &PolicyDialog::revalidate);
    connect(m_proxyDevice, &QComboBox::currentIndexChanged, this, &PolicyDialog::revalidate);
    revalidate();
}

Policy PolicyDialog::policy() const
{
    Policy policy = m_registry.policy;
    policy.domain = m_domain->text().trimmed();
    policy.internalSubdomain = m_internal->text().trimmed();
    policy.range = PortRange::span(m_start->value(), m_end->value());
    policy.proxyDevice = m_proxyDevice->currentData().toString();
    // An absent block_size stays absent while it is the default.
    if (m_registry.policy.blockSize || m_blockSize->value() != DefaultBlockSize)
        policy.blockSize = m_blockSize->value();
    return policy;
}

Findings PolicyDialog::check()
{
    const Policy candidate = policy();
    QString names = tr("External names: HOST.%1\nInternal names: HOST.%2")
                        .arg(candidate.domain, candidate.internalDomain());
    // Who depends on the shared proxy: the devices with routes and no proxy of their own.
    QStringList served;
    for (const Device &device : m_registry.devices) {
        bool routed = false;
        for (const Service &service : device.services)
            routed |= service.route.has_value();
        if (routed && !device.runsReverseProxy())
            served << device.name;
    }
    const int proxy = m_registry.findDevice(candidate.proxyDevice);
    served.removeAll(candidate.proxyDevice);
    if (!candidate.proxyDevice.isEmpty() && proxy >= 0 &&
        !m_registry.devices[proxy].runsReverseProxy())
        names += u'\n' + tr("%1 runs no reverse proxy (no binding with exception reverse-proxy): "
                            "nothing there would answer for the routes it is to serve.")
                             .arg(candidate.proxyDevice);
    else if (!served.isEmpty())
        names +=
            u'\n' +
            (candidate.proxyDevice.isEmpty()
                 ? tr("No proxy serves the routes of %1.").arg(served.join(QStringLiteral(", ")))
                 : tr("%1's proxy serves the routes of %2.")
                       .arg(candidate.proxyDevice, served.join(QStringLiteral(", "))));
    m_names->setText(names);
    return CandidateCheck::forPolicy(m_registry, candidate);
}

} // namespace portolan
