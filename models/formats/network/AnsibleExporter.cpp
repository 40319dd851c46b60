#include "formats/FormatRegistry.h"

#include "domain/RouteTable.h"
#include "domain/SshDestination.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSet>

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
        if (!acceptable(registry, ExportCheck::Scope{-1, {}, true}, error))
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
        // services. Ansible group names are identifiers, and never a host's name or Ansible's
        // own all/ungrouped: "ssh-git" becomes "category_ssh_git" (numbered when two meet).
        QStringList purposes;
        for (const Block &block : registry.policy.blocks) {
            if (!block.isReserved() && !purposes.contains(block.purpose))
                purposes << block.purpose;
        }
        bool anyGroup = false;
        QSet<QString> groups;
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
            QString group = groupName(purpose);
            for (int n = 2; groups.contains(group); ++n)
                group = groupName(purpose) + QStringLiteral("_") + QString::number(n);
            groups.insert(group);
            yaml << YAML::Key << YAML::DoubleQuoted << group.toStdString() << YAML::Value
                 << YAML::BeginMap;
            yaml << YAML::Key << "hosts" << YAML::Value << YAML::BeginMap;
            for (const QString &host : hosts)
                yaml << YAML::Key << YAML::DoubleQuoted << host.toStdString() << YAML::Value
                     << YAML::Flow << YAML::BeginMap << YAML::EndMap;
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
        QString name = purpose.toLower();
        name.replace(QRegularExpression(QStringLiteral("[^a-z0-9_]")), QStringLiteral("_"));
        return QStringLiteral("category_") + name;
    }

private:
    // Every string the registry supplies is written `!unsafe`: Ansible then never renders it
    // as a Jinja template, so a note holding "{{ lookup('pipe', ...) }}" stays text instead of
    // running on the control node.
    static void text(YAML::Emitter &yaml, const char *key, const QString &value)
    {
        yaml << YAML::Key << key << YAML::Value << YAML::LocalTag("unsafe") << value.toStdString();
    }

    static void writeHost(YAML::Emitter &yaml, const Registry &registry, const RouteTable &routes,
                          int d)
    {
        const Device &device = registry.devices[d];
        // Quoted: a host named "true", "1.5" or "on" stays a name for YAML 1.1 readers.
        yaml << YAML::Key << YAML::DoubleQuoted << device.name.toStdString() << YAML::Value
             << YAML::BeginMap;
        // Where and as whom Ansible logs in, from the ssh destination as drift uses it: its
        // host (an alias stays an alias, so ~/.ssh/config and its ProxyJump apply), user and
        // port; without one, the device's address.
        const SshDestination ssh = SshDestination::parse(device.ssh);
        yaml << YAML::Key << "ansible_host" << YAML::Value
             << (ssh.valid ? ssh.host : device.ip).toStdString();
        if (ssh.valid && !ssh.user.isEmpty())
            yaml << YAML::Key << "ansible_user" << YAML::Value << ssh.user.toStdString();
        if (ssh.valid && ssh.port > 0)
            yaml << YAML::Key << "ansible_port" << YAML::Value << ssh.port;
        if (!device.description.isEmpty())
            text(yaml, "portolan_description", device.description);
        if (!device.vpnIp.isEmpty())
            text(yaml, "portolan_vpn_ip", device.vpnIp);
        if (!device.ssh.isEmpty())
            text(yaml, "portolan_ssh", device.ssh);
        yaml << YAML::Key << "portolan_services" << YAML::Value;
        if (device.services.isEmpty())
            yaml << YAML::Flow;
        yaml << YAML::BeginSeq;
        for (int s = 0; s < device.services.size(); ++s) {
            const Service &service = device.services[s];
            yaml << YAML::BeginMap;
            text(yaml, "name", service.name);
            text(yaml, "category", service.category);
            if (!service.image.isEmpty())
                text(yaml, "image", service.image);
            if (!service.notes.isEmpty())
                text(yaml, "notes", service.notes);
            if (const RouteTable::Entry *route = routes.find(d, s)) {
                yaml << YAML::Key << "route" << YAML::Value << YAML::BeginMap;
                text(yaml, "fqdn", route->fqdn);
                text(yaml, "scope", route->scope);
                if (route->port)
                    yaml << YAML::Key << "port" << YAML::Value << *route->port;
                if (route->isServed())
                    text(yaml, "proxy", registry.devices[route->proxyDevice].name);
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
                text(yaml, "protocol", binding.effectiveProtocol());
                if (!binding.bind.isEmpty())
                    text(yaml, "bind", binding.bind);
                text(yaml, "exception", binding.exception);
                if (!binding.notes.isEmpty())
                    text(yaml, "notes", binding.notes);
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
