#include "formats/FormatRegistry.h"

#include "domain/RouteTable.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

namespace portolan {

namespace {

// `export ansible`: a YAML inventory. Every device is a host with ansible_host (its address;
// ansible_user and ansible_port from its ssh destination when it names them) and host
// variables with its services, bindings and routes; every category is a group of the devices
// that run a service of it.
class AnsibleExporter final : public Exporter
{
    Q_DECLARE_TR_FUNCTIONS(AnsibleExporter)

public:
    AnsibleExporter()
        : Exporter({QStringLiteral("ansible"), tr("Ansible Inventory"),
                    tr("a YAML Ansible inventory: every device with ansible_host and its "
                       "services, ports and routes as host variables"),
                    tr("Ansible inventory (*.yml *.yaml)"), QStringLiteral("yaml"),
                    QStringLiteral("inventory.{domain}.yml")})
    {}

    bool write(const Registry &registry, const FormatValues &values, QByteArray *out,
               Error *error) const override
    {
        if (!acceptable(registry, ExportCheck::Scope(), error))
            return false;
        const RouteTable routes(registry);
        YAML::Emitter yaml;
        yaml.SetIndent(2);
        yaml << YAML::Comment(tr("Ansible inventory of %n device(s), %1", nullptr,
                                 int(registry.devices.size()))
                                  .arg(provenance(registry, values))
                                  .toStdString())
             << YAML::Newline;
        yaml << YAML::BeginMap << YAML::Key << "all" << YAML::Value << YAML::BeginMap;
        yaml << YAML::Key << "hosts" << YAML::Value << YAML::BeginMap;
        for (int d = 0; d < registry.devices.size(); ++d)
            writeHost(yaml, registry, routes, d);
        yaml << YAML::EndMap;

        // Groups: one per category in block order, with the devices that run one of its
        // services. Ansible group names are identifiers: "ssh-git" becomes "ssh_git".
        QStringList purposes;
        for (const Block &block : registry.policy.blocks) {
            if (!block.isReserved() && !purposes.contains(block.purpose))
                purposes << block.purpose;
        }
        bool anyGroup = false;
        for (const QString &purpose : purposes) {
            QStringList hosts;
            for (const Device &device : registry.devices) {
                for (const Service &service : device.services) {
                    if (service.category == purpose && !hosts.contains(device.name))
                        hosts << device.name;
                }
            }
            if (hosts.isEmpty())
                continue;
            if (!anyGroup) {
                yaml << YAML::Key << "children" << YAML::Value << YAML::BeginMap;
                anyGroup = true;
            }
            yaml << YAML::Key << groupName(purpose).toStdString() << YAML::Value << YAML::BeginMap;
            yaml << YAML::Key << "hosts" << YAML::Value << YAML::BeginMap;
            for (const QString &host : hosts)
                yaml << YAML::Key << host.toStdString() << YAML::Value << YAML::Flow
                     << YAML::BeginMap << YAML::EndMap;
            yaml << YAML::EndMap << YAML::EndMap;
        }
        if (anyGroup)
            yaml << YAML::EndMap;
        yaml << YAML::EndMap << YAML::EndMap;
        QByteArray text(yaml.c_str(), qsizetype(yaml.size()));
        text.append('\n');
        *out = text;
        return true;
    }

    static QString groupName(const QString &purpose)
    {
        QString name = purpose;
        name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_]")), QStringLiteral("_"));
        return name;
    }

private:
    static void writeHost(YAML::Emitter &yaml, const Registry &registry, const RouteTable &routes,
                          int d)
    {
        const Device &device = registry.devices[d];
        yaml << YAML::Key << device.name.toStdString() << YAML::Value << YAML::BeginMap;
        yaml << YAML::Key << "ansible_host" << YAML::Value << device.ip.toStdString();
        // ssh://user@host:port or user@host: who and where Ansible logs in, as drift does.
        static const QRegularExpression destination(
            QStringLiteral("^(?:ssh://)?(?:([^@]+)@)?[^:]+(?::(\\d+))?$"));
        if (const QRegularExpressionMatch match = destination.match(device.ssh);
            !device.ssh.isEmpty() && match.hasMatch()) {
            if (!match.captured(1).isEmpty())
                yaml << YAML::Key << "ansible_user" << YAML::Value
                     << match.captured(1).toStdString();
            if (!match.captured(2).isEmpty())
                yaml << YAML::Key << "ansible_port" << YAML::Value << match.captured(2).toInt();
        }
        if (!device.description.isEmpty())
            yaml << YAML::Key << "portolan_description" << YAML::Value
                 << device.description.toStdString();
        if (!device.vpnIp.isEmpty())
            yaml << YAML::Key << "portolan_vpn_ip" << YAML::Value << device.vpnIp.toStdString();
        if (!device.ssh.isEmpty())
            yaml << YAML::Key << "portolan_ssh" << YAML::Value << device.ssh.toStdString();
        yaml << YAML::Key << "portolan_services" << YAML::Value;
        if (device.services.isEmpty())
            yaml << YAML::Flow;
        yaml << YAML::BeginSeq;
        for (int s = 0; s < device.services.size(); ++s) {
            const Service &service = device.services[s];
            yaml << YAML::BeginMap;
            yaml << YAML::Key << "name" << YAML::Value << service.name.toStdString();
            yaml << YAML::Key << "category" << YAML::Value << service.category.toStdString();
            if (!service.image.isEmpty())
                yaml << YAML::Key << "image" << YAML::Value << service.image.toStdString();
            if (!service.notes.isEmpty())
                yaml << YAML::Key << "notes" << YAML::Value << service.notes.toStdString();
            if (const RouteTable::Entry *route = routes.find(d, s)) {
                yaml << YAML::Key << "route" << YAML::Value << YAML::BeginMap;
                yaml << YAML::Key << "fqdn" << YAML::Value << route->fqdn.toStdString();
                yaml << YAML::Key << "scope" << YAML::Value << route->scope.toStdString();
                if (route->port)
                    yaml << YAML::Key << "port" << YAML::Value << *route->port;
                if (route->isServed())
                    yaml << YAML::Key << "proxy" << YAML::Value
                         << registry.devices[route->proxyDevice].name.toStdString();
                yaml << YAML::EndMap;
            }
            yaml << YAML::Key << "ports" << YAML::Value;
            if (service.ports.isEmpty())
                yaml << YAML::Flow;
            yaml << YAML::BeginSeq;
            for (const Binding &binding : service.ports) {
                yaml << YAML::Flow << YAML::BeginMap;
                yaml << YAML::Key << "host" << YAML::Value << binding.host.toString().toStdString();
                yaml << YAML::Key << "container" << YAML::Value
                     << binding.container.toString().toStdString();
                yaml << YAML::Key << "protocol" << YAML::Value
                     << binding.effectiveProtocol().toStdString();
                if (!binding.bind.isEmpty())
                    yaml << YAML::Key << "bind" << YAML::Value << binding.bind.toStdString();
                yaml << YAML::Key << "exception" << YAML::Value << binding.exception.toStdString();
                if (!binding.notes.isEmpty())
                    yaml << YAML::Key << "notes" << YAML::Value << binding.notes.toStdString();
                yaml << YAML::EndMap;
            }
            yaml << YAML::EndSeq;
            yaml << YAML::EndMap;
        }
        yaml << YAML::EndSeq;
        yaml << YAML::EndMap;
    }
};

} // namespace

const Exporter &ansibleExporter()
{
    static const AnsibleExporter format;
    return format;
}

} // namespace portolan
