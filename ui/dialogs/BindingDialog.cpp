#include "dialogs/BindingDialog.h"

#include "check/CandidateCheck.h"
#include "check/FreePortFinder.h"
#include "domain/BlockLayout.h"
#include "domain/WellKnownPorts.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace portolan {

BindingDialog::BindingDialog(const Registry &registry, int deviceIndex, int serviceIndex,
                             int bindingIndex, const Binding &initial, QWidget *parent)
    : ValidatedDialog(parent)
    , m_registry(registry)
    , m_deviceIndex(deviceIndex)
    , m_serviceIndex(serviceIndex)
    , m_bindingIndex(bindingIndex)
    , m_initial(initial)
    , m_host(new QLineEdit)
    , m_container(new QLineEdit)
    , m_protocol(new QComboBox)
    , m_bind(new QLineEdit)
    , m_exception(new QComboBox)
    , m_notes(new QLineEdit)
    , m_nextFree(new QPushButton(tr("Ne&xt free")))
    , m_blockHint(new QLabel)
{
    const Device &device = registry.devices[deviceIndex];
    const Service &service = device.services[serviceIndex];
    m_deviceId = device.key.id;
    m_serviceId = service.key.id;
    m_bindingId = bindingIndex >= 0 ? service.ports[bindingIndex].key.id : 0;
    setWindowTitle(bindingIndex < 0 ? tr("Add Binding to %1/%2").arg(device.name, service.name)
                                    : tr("Edit Binding of %1/%2").arg(device.name, service.name));

    m_host->setPlaceholderText(tr("20022 or 20000-20009"));
    m_container->setPlaceholderText(tr("the image's own port, e.g. 22"));
    m_protocol->addItem(QStringLiteral("tcp"));
    m_protocol->addItem(QStringLiteral("udp"));
    m_protocol->addItem(QStringLiteral("sctp"));
    m_bind->setPlaceholderText(tr("all addresses"));
    // No "(none)" entry: a host binding without an exception is always an error; an empty
    // choice shows the placeholder instead.
    m_exception->addItem(tr("reverse-proxy: the proxy itself, 80/443"), Exceptions::ReverseProxy);
    m_exception->addItem(tr("non-http: DNS, SSH, game servers"), Exceptions::NonHttp);
    m_exception->addItem(tr("bootstrap: must run before the proxy"), Exceptions::Bootstrap);
    m_exception->addItem(tr("agent: talked to directly by the orchestrator"), Exceptions::Agent);
    m_exception->addItem(tr("proxy-backend: opened for the proxy on another device"),
                         Exceptions::ProxyBackend);
    m_nextFree->setObjectName(QStringLiteral("nextFreeButton"));
    m_nextFree->setToolTip(tr("The lowest port of the %1 block that %2 does not use yet")
                               .arg(service.category, device.name));
    m_blockHint->setObjectName(QStringLiteral("blockHint"));
    m_blockHint->setTextFormat(Qt::PlainText);

    addField(QStringLiteral("host"), tr("&Host port:"), m_host, m_nextFree);
    form()->addRow(QString(), m_blockHint);
    addField(QStringLiteral("container"), tr("&Container port:"), m_container);
    addField(QStringLiteral("protocol"), tr("&Protocol:"), m_protocol);
    addField(QStringLiteral("bind"), tr("&Bind address:"), m_bind);
    addField(QStringLiteral("exception"), tr("&Exception:"), m_exception);
    addField(QStringLiteral("notes"), tr("&Notes:"), m_notes);
    setFallbackField(QStringLiteral("host"));

    if (bindingIndex >= 0 || initial.host.first > 0)
        m_host->setText(initial.host.toString());
    if (bindingIndex >= 0 || initial.container.first > 0)
        m_container->setText(initial.container.toString());
    m_protocol->setCurrentIndex(std::max(0, m_protocol->findText(initial.effectiveProtocol())));
    m_bind->setText(initial.bind);
    // A new binding starts with no exception chosen rather than "(none)", which is an error
    // the moment the dialog opens: the user says why the port is open.
    m_exception->setPlaceholderText(tr("Choose why this port is open…"));
    int exception = m_exception->findData(initial.exception);
    if (initial.exception.isEmpty()) {
        exception = -1;
    } else if (exception < 0) {
        // Keep an unknown value visible rather than silently dropping it.
        m_exception->addItem(initial.exception, initial.exception);
        exception = m_exception->count() - 1;
    }
    m_exception->setCurrentIndex(exception);
    m_notes->setText(initial.notes);

    connect(m_nextFree, &QPushButton::clicked, this, &BindingDialog::fillNextFree);
    for (QLineEdit *edit : {m_host, m_container, m_bind, m_notes})
        connect(edit, &QLineEdit::textChanged, this, &BindingDialog::revalidate);
    for (QComboBox *combo : {m_protocol, m_exception})
        connect(combo, &QComboBox::currentIndexChanged, this, &BindingDialog::revalidate);
    revalidate();
}

Binding BindingDialog::binding() const
{
    Binding binding = m_initial;
    if (const auto host = PortRange::parse(m_host->text()))
        binding.host = *host;
    if (const auto container = PortRange::parse(m_container->text()))
        binding.container = *container;
    const QString protocol = m_protocol->currentText();
    // An unwritten protocol stays unwritten while it means tcp: the YAML does not change.
    binding.protocol =
        m_initial.protocol.isEmpty() && protocol == Protocols::Tcp ? QString() : protocol;
    binding.bind = m_bind->text().trimmed();
    binding.exception = m_exception->currentData().toString();
    binding.notes = m_notes->text().trimmed();
    return binding;
}

void BindingDialog::fillNextFree()
{
    const CandidateCheck::Place place = CandidateCheck::locate(m_registry, m_deviceId, m_serviceId);
    if (place.service < 0) {
        revalidate(); // says it is gone
        return;
    }
    m_deviceIndex = place.device;
    m_serviceIndex = place.service;
    const Service &service = m_registry.devices[m_deviceIndex].services[m_serviceIndex];
    const QVector<int> ports =
        FreePortFinder(m_registry)
            .lowestFree(m_deviceIndex, service.category, 1, m_protocol->currentText());
    if (ports.isEmpty()) {
        m_nextFreeProblem =
            FreePortFinder(m_registry).blocksOf(service.category).isEmpty()
                ? tr("No block has the purpose %1; pick another category for the service.")
                      .arg(service.category)
                : tr("No free %1 port left in the %2 block.")
                      .arg(m_protocol->currentText(), service.category);
        revalidate();
        return;
    }
    m_nextFreeProblem.clear();
    m_host->setText(QString::number(ports.first()));
    // On to what is still to be typed: the container port (Tab from the button goes there too).
    if (m_container->text().trimmed().isEmpty())
        m_container->setFocus(Qt::TabFocusReason);
}

void BindingDialog::updateBlockHint()
{
    const auto host = PortRange::parse(m_host->text());
    if (!host) {
        m_blockHint->clear();
        return;
    }
    const Policy &policy = m_registry.policy;
    const BlockLayout layout(policy);
    QStringList parts;
    const int block = layout.blockIndexOf(host->first);
    if (block >= 0) {
        const Block &b = policy.blocks[block];
        parts << tr("Block %1 · %2 (%3)")
                     .arg(block + 1)
                     .arg(b.displayName(), layout.blockRange(block).toString());
    } else {
        parts << tr("Outside the range %1-%2: allowed only with an exception")
                     .arg(policy.range.first)
                     .arg(policy.range.last);
    }
    const QStringList names =
        WellKnownPorts::system().names(host->first, m_protocol->currentText());
    if (!names.isEmpty())
        parts << QStringLiteral("%1/%2: %3")
                     .arg(host->first)
                     .arg(m_protocol->currentText(), names.join(QStringLiteral(", ")));
    m_blockHint->setText(parts.join(QStringLiteral("  ·  ")));
}

Findings BindingDialog::check()
{
    updateBlockHint();
    Findings findings;
    const auto host = PortRange::parse(m_host->text());
    const auto container = PortRange::parse(m_container->text());
    if (!host)
        findings << inputError(QStringLiteral("host"),
                               m_host->text().trimmed().isEmpty()
                                   ? tr("Enter the host port, or use Next free.")
                                   : tr("Expected a port 1-65535 or a range like 20000-20009."));
    if (!container)
        findings << inputError(QStringLiteral("container"),
                               m_container->text().trimmed().isEmpty()
                                   ? tr("Enter the container's own port.")
                                   : tr("Expected a port 1-65535 or a range like 8000-8009."));
    if (!m_nextFreeProblem.isEmpty())
        findings << inputError(QStringLiteral("host"), m_nextFreeProblem);
    // A colleague's commit may have moved or removed it since the dialog opened.
    const CandidateCheck::Place place =
        CandidateCheck::locate(m_registry, m_deviceId, m_serviceId, m_bindingId);
    if (place.service < 0 || (m_bindingId != 0 && place.binding < 0)) {
        findings << deletedMeanwhile(QStringLiteral("host"),
                                     place.service < 0 ? tr("service") : tr("binding"));
        return findings;
    }
    m_deviceIndex = place.device;
    m_serviceIndex = place.service;
    m_bindingIndex = m_bindingId != 0 ? place.binding : -1;
    if (host && container)
        findings += CandidateCheck::forBinding(m_registry, m_deviceIndex, m_serviceIndex,
                                               m_bindingIndex, binding());
    return findings;
}

} // namespace portolan
