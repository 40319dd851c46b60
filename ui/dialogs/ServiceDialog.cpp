#include "dialogs/ServiceDialog.h"

#include "check/CandidateCheck.h"
#include "domain/RouteTable.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace portolan {

ServiceDialog::ServiceDialog(const Registry &registry, int deviceIndex, int serviceIndex,
                             const Service &initial, QWidget *parent)
    : ValidatedDialog(parent)
    , m_registry(registry)
    , m_deviceIndex(deviceIndex)
    , m_serviceIndex(serviceIndex)
    , m_initial(initial)
    , m_name(new QLineEdit(initial.name))
    , m_category(new QComboBox)
    , m_notes(new QLineEdit(initial.notes))
    , m_image(new QLineEdit(initial.image))
    , m_routed(new QCheckBox(tr("Reached through the reverse proxy by name")))
    , m_routeHost(new QLineEdit)
    , m_routeScope(new QComboBox)
    , m_routePort(new QLineEdit)
    , m_fqdn(new QLabel)
{
    const Device &device = registry.devices[deviceIndex];
    m_deviceId = device.key.id;
    m_serviceId = serviceIndex >= 0 ? device.services[serviceIndex].key.id : 0;
    setWindowTitle(serviceIndex < 0 ? tr("Add Service to %1").arg(device.name)
                                    : tr("Edit Service %1/%2").arg(device.name, initial.name));
    m_name->setPlaceholderText(tr("the compose service name, e.g. gitea"));
    m_category->setEditable(true);
    m_category->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_category->setMinimumContentsLength(16); // "orchestration", typed or picked
    for (const Block &block : registry.policy.blocks) {
        if (!block.isReserved() && m_category->findText(block.purpose) < 0)
            m_category->addItem(block.purpose);
    }
    m_category->setCurrentText(initial.category);
    m_routeScope->addItem(tr("internal: split DNS over the VPN (:443)"), Scopes::Internal);
    m_routeScope->addItem(tr("external: tunnel or CDN (:80)"), Scopes::External);
    m_image->setPlaceholderText(tr("optional, e.g. gitea/gitea:1.22 (export compose writes it)"));
    m_routeHost->setPlaceholderText(tr("e.g. git"));
    m_routePort->setPlaceholderText(tr("container port the proxy forwards to"));
    m_routed->setObjectName(QStringLiteral("routedCheck"));
    m_fqdn->setObjectName(QStringLiteral("fqdnPreview"));
    m_fqdn->setWordWrap(true);
    // The whole width of the form: "Not routed: reachable only by its bindings." on one line.
    m_fqdn->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_fqdn->setTextInteractionFlags(Qt::TextSelectableByMouse);

    addField(QStringLiteral("name"), tr("&Name:"), m_name);
    addField(QStringLiteral("category"), tr("&Category:"), m_category);
    addField(QStringLiteral("notes"), tr("N&otes:"), m_notes);
    addField(QStringLiteral("image"), tr("&Image:"), m_image);
    form()->addRow(QString(), m_routed);
    addField(QStringLiteral("route.host"), tr("Route &host:"), m_routeHost);
    addField(QStringLiteral("route.scope"), tr("&Scope:"), m_routeScope);
    addField(QStringLiteral("route.port"), tr("Route &port:"), m_routePort);
    form()->addRow(QString(), m_fqdn);
    setFallbackField(QStringLiteral("name"));

    if (initial.route) {
        m_routed->setChecked(true);
        m_routeHost->setText(initial.route->host);
        const int scope = m_routeScope->findData(initial.route->scope);
        if (scope >= 0) {
            m_routeScope->setCurrentIndex(scope);
        } else {
            m_routeScope->addItem(initial.route->scope, initial.route->scope);
            m_routeScope->setCurrentIndex(m_routeScope->count() - 1);
        }
        if (initial.route->port)
            m_routePort->setText(QString::number(*initial.route->port));
    }

    for (QLineEdit *edit : {m_name, m_notes, m_image, m_routeHost, m_routePort})
        connect(edit, &QLineEdit::textChanged, this, &ServiceDialog::revalidate);
    connect(m_category, &QComboBox::currentTextChanged, this, &ServiceDialog::revalidate);
    connect(m_routeScope, &QComboBox::currentIndexChanged, this, &ServiceDialog::revalidate);
    connect(m_routed, &QCheckBox::toggled, this, &ServiceDialog::revalidate);
    revalidate();
}

Service ServiceDialog::service() const
{
    Service service = m_initial;
    service.name = m_name->text().trimmed();
    service.category = m_category->currentText().trimmed();
    service.notes = m_notes->text().trimmed();
    service.image = m_image->text().trimmed();
    if (m_routed->isChecked()) {
        Route route;
        route.host = m_routeHost->text().trimmed();
        route.scope = m_routeScope->currentData().toString();
        bool ok = false;
        const int port = m_routePort->text().trimmed().toInt(&ok);
        if (ok)
            route.port = port;
        service.route = route;
    } else {
        service.route.reset();
    }
    return service;
}

void ServiceDialog::updateRouteWidgets()
{
    const bool routed = m_routed->isChecked();
    for (QWidget *widget :
         {static_cast<QWidget *>(m_routeHost), static_cast<QWidget *>(m_routeScope),
          static_cast<QWidget *>(m_routePort)})
        widget->setEnabled(routed);
    const Service candidate = service();
    if (candidate.route && !candidate.route->host.isEmpty()) {
        QString text = m_registry.routeFqdn(*candidate.route);
        if (candidate.route->port)
            text += QStringLiteral(" → :%1").arg(*candidate.route->port);
        text += u'\n' + RouteTable::explain(m_registry, m_deviceIndex, *candidate.route);
        m_fqdn->setText(text);
    } else {
        m_fqdn->setText(routed ? tr("(name appears here)")
                               : tr("Not routed: reachable only by its bindings."));
    }
}

Findings ServiceDialog::check()
{
    Findings findings;
    // A colleague's commit may have moved or removed it since the dialog opened.
    const CandidateCheck::Place place = CandidateCheck::locate(m_registry, m_deviceId, m_serviceId);
    if (place.device < 0 || (m_serviceId != 0 && place.service < 0)) {
        findings << deletedMeanwhile(QStringLiteral("name"),
                                     place.device < 0 ? tr("device") : tr("service"));
        return findings;
    }
    m_deviceIndex = place.device;
    m_serviceIndex = m_serviceId != 0 ? place.service : -1;
    updateRouteWidgets();
    const QString portText = m_routePort->text().trimmed();
    bool ok = true;
    if (m_routed->isChecked() && !portText.isEmpty())
        portText.toInt(&ok);
    if (!ok)
        findings << inputError(QStringLiteral("route.port"), tr("Expected a port number 1-65535."));
    findings += CandidateCheck::forService(m_registry, m_deviceIndex, m_serviceIndex, service());
    return findings;
}

} // namespace portolan
