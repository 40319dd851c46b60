#include "formats/FormatRegistry.h"

#include "domain/ByteWriter.h"
#include "domain/ParallelSections.h"
#include "domain/RouteTable.h"
#include "domain/SshDestination.h"
#include "formats/yaml/YamlText.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSet>

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
        return writeJoined(registry, values, out, error);
    }

    bool writeParts(const Registry &registry, const FormatValues &values, QList<QByteArray> *parts,
                    Error *error) const override
    {
        QList<QByteArray> written;
        if (!acceptableWhileWriting(registry, ExportCheck::Scope{-1, {}, true}, error,
                                    [&](Error *) {
                                        written = Inventory(registry).parts(values);
                                        return true;
                                    }))
            return false;
        *parts = std::move(written);
        return true;
    }

    // Checked first, then streamed: the hosts go out run by run as they are written, in
    // memory already touched (25 MB of inventory at 100,000 bindings, held whole, was a
    // quarter of the export's time in pages the system had to clear first). Holding what is
    // written while the check runs, to overlap the two, measured slower: the held text is
    // fresh memory again.
    bool writeTo(const Registry &registry, const FormatValues &values, const Sink &sink,
                 Error *error) const override
    {
        return streamedOnceAcceptable(registry, ExportCheck::Scope{-1, {}, true}, error,
                                      [&] { return Inventory(registry).streamed(values, sink); });
    }

private:
    // The inventory of one registry: the header, one section per host, then the groups.
    class Inventory
    {
    public:
        explicit Inventory(const Registry &registry)
            : m_registry(registry)
            , m_proxies(registry)
            , m_names(registry.policy)
        {
            // Groups: one per category in block order, with the devices that run one of its
            // services. Ansible group names are identifiers, and never a host's name or
            // Ansible's own all/ungrouped: "ssh-git" becomes "category_ssh_git" (numbered when
            // two meet).
            for (const Block &block : registry.policy.blocks) {
                if (!block.isReserved() && !m_purposeIndex.contains(block.purpose)) {
                    m_purposeIndex.insert(block.purpose, int(m_purposes.size()));
                    m_purposes << block.purpose;
                }
            }
            m_runs.resize(size_t(registry.devices.size() * m_purposes.size()));
        }

        // In parts: the header and the hosts of the first run of devices, those of each later
        // run (ParallelSections::appendInParts), then the groups.
        QList<QByteArray> parts(const FormatValues &values)
        {
            // About 250 bytes a binding: reserved generously, since pages never written cost
            // nothing and growing copies what was written.
            ByteWriter text(qsizetype(m_registry.bindingCount()) * 320 + 4096);
            text += header(values);
            std::vector<ByteWriter> later = ParallelSections::appendInParts(
                text, int(m_registry.devices.size()),
                [this](ByteWriter &part, int d) { writeHost(part, d); });
            QList<QByteArray> parts = ByteWriter::takeParts(text, later);
            if (QByteArray text = groups(); !text.isEmpty())
                parts << text;
            return parts;
        }

        // The same text, handed to `sink` as it is written (ParallelSections::writeInOrder).
        bool streamed(const FormatValues &values, const Sink &sink)
        {
            return sink(header(values)) &&
                   ParallelSections::writeInOrder<ByteWriter>(
                       int(m_registry.devices.size()),
                       [this](ByteWriter &part, int d) { writeHost(part, d); },
                       [&sink](const ByteWriter &part) { return sink(part.view()); }) &&
                   sink(groups());
        }

    private:
        QByteArray header(const FormatValues &values) const
        {
            // Written as text (YamlText), not through yaml-cpp's emitter: at 100,000 bindings
            // the emitter's plain-or-quoted check of every key and value took most of the time.
            ByteWriter text;
            text += "# ";
            text.appendUtf8(QStringLiteral("Ansible inventory of %1, %2")
                                .arg(counted(m_registry.devices.size(), "device", "devices"),
                                     provenance(m_registry, values))
                                .simplified());
            text += "\n\nall:\n  hosts:";
            if (m_registry.devices.isEmpty())
                text += " {}";
            text += '\n';
            return text.take();
        }

        // Host d's section, and which categories it runs (m_runs, on the thread that writes
        // it). Hashing each of 100,000 categories cost more than writing their hosts' lines; a
        // registry's handful of purposes is compared in turn instead, a length apart at once
        // (the hash stays for one cut into many blocks).
        void writeHost(ByteWriter &text, int d)
        {
            AnsibleExporter::writeHost(text, m_registry, m_proxies, m_names, d);
            char *ran = m_runs.data() + d * m_purposes.size();
            for (const Service &service : m_registry.devices[d].services) {
                const qsizetype purpose = m_purposes.size() > 16
                                              ? m_purposeIndex.value(service.category, -1)
                                              : m_purposes.indexOf(service.category);
                if (purpose >= 0)
                    ran[purpose] = 1;
            }
        }

        QByteArray groups() const
        {
            ByteWriter groupsText;
            bool anyGroup = false;
            QSet<QString> groups;
            const qsizetype devices = m_registry.devices.size();
            for (qsizetype p = 0; p < m_purposes.size(); ++p) {
                const QString &purpose = m_purposes[p];
                QStringList hosts;
                QSet<QString> seen;
                for (qsizetype d = 0; d < devices; ++d) {
                    if (!m_runs[size_t(d * m_purposes.size() + p)])
                        continue;
                    const QString &name = m_registry.devices[d].name;
                    if (!seen.contains(name)) {
                        seen.insert(name);
                        hosts << name;
                    }
                }
                if (hosts.isEmpty())
                    continue;
                if (!anyGroup) {
                    groupsText += "  children:\n";
                    anyGroup = true;
                }
                QString group = groupName(purpose);
                for (int n = 2; groups.contains(group); ++n)
                    group = groupName(purpose) + QStringLiteral("_") + QString::number(n);
                groups.insert(group);
                groupsText += "    ";
                YamlText::appendDoubleQuoted(groupsText, group);
                groupsText += ":\n      hosts:\n";
                for (const QString &host : hosts) {
                    groupsText += "        ";
                    YamlText::appendDoubleQuoted(groupsText, host);
                    groupsText += ": {}\n";
                }
            }
            return groupsText.take();
        }

        const Registry &m_registry;
        // No route table: each host's routes are written as its services are, with their proxy
        // and name; a table of 50,000 routes was megabytes of fresh memory.
        const RouteTable::Proxies m_proxies;
        const RouteNames m_names;
        QStringList m_purposes;
        QHash<QString, int> m_purposeIndex;
        std::vector<char> m_runs; // m_runs[d * purposes + p]: device d runs purpose p
    };

    static QString groupName(const QString &purpose)
    {
        QString name = purpose.toLower();
        name.replace(QRegularExpression(QStringLiteral("[^a-z0-9_]")), QStringLiteral("_"));
        return QStringLiteral("category_") + name;
    }

private:
    // Every string the registry supplies is written `!unsafe`: Ansible then never renders it
    // as a Jinja template, so a note holding "{{ lookup('pipe', ...) }}" stays text instead of
    // running on the control node. `before` is everything up to the value ("notes: !unsafe "),
    // one literal: a large inventory is millions of these.
    template <std::size_t Length>
    static void unsafe(ByteWriter &text, const char (&before)[Length], QStringView value)
    {
        text.append(before, Length - 1);
        YamlText::appendScalar(text, value);
    }

    // One "key: !unsafe value" line; `before` holds its indentation too.
    template <std::size_t Length>
    static void unsafeLine(ByteWriter &text, const char (&before)[Length], QStringView value)
    {
        unsafe(text, before, value);
        text += '\n';
    }

    static void writeHost(ByteWriter &text, const Registry &registry,
                          const RouteTable::Proxies &proxies, const RouteNames &names, int d)
    {
        const Device &device = registry.devices[d];
        // Quoted: a host named "true", "1.5" or "on" stays a name for YAML 1.1 readers.
        text += "    ";
        YamlText::appendDoubleQuoted(text, device.name);
        text += ":\n";
        // Where and as whom Ansible logs in, from the ssh destination as drift uses it: its
        // host (an alias stays an alias, so ~/.ssh/config and its ProxyJump apply), user and
        // port; without one, the device's address.
        const SshDestination ssh = SshDestination::parse(device.ssh);
        text += "      ansible_host: ";
        YamlText::appendScalar(text, ssh.valid ? ssh.host : device.ip);
        text += '\n';
        if (ssh.valid && !ssh.user.isEmpty()) {
            text += "      ansible_user: ";
            YamlText::appendScalar(text, ssh.user);
            text += '\n';
        }
        if (ssh.valid && ssh.port > 0) {
            text += "      ansible_port: ";
            text.appendNumber(ssh.port);
            text += '\n';
        }
        if (!device.description.isEmpty())
            unsafeLine(text, "      portolan_description: !unsafe ", device.description);
        if (!device.vpnIp.isEmpty())
            unsafeLine(text, "      portolan_vpn_ip: !unsafe ", device.vpnIp);
        if (!device.ssh.isEmpty())
            unsafeLine(text, "      portolan_ssh: !unsafe ", device.ssh);
        // Every route of the device has the same proxy; their names go through one string.
        const int proxy = proxies.of(d);
        QString fqdn;
        text += "      portolan_services:";
        text += device.services.isEmpty() ? " []\n" : "\n";
        for (int s = 0; s < device.services.size(); ++s) {
            const Service &service = device.services[s];
            unsafeLine(text, "        - name: !unsafe ", service.name);
            unsafeLine(text, "          category: !unsafe ", service.category);
            if (!service.image.isEmpty())
                unsafeLine(text, "          image: !unsafe ", service.image);
            if (!service.notes.isEmpty())
                unsafeLine(text, "          notes: !unsafe ", service.notes);
            if (const std::optional<Route> &route = service.route) {
                text += "          route:\n";
                fqdn.truncate(0);
                names.appendFqdn(fqdn, *route);
                unsafeLine(text, "            fqdn: !unsafe ", fqdn);
                unsafeLine(text, "            scope: !unsafe ", route->scope);
                if (route->port) {
                    text += "            port: ";
                    text.appendNumber(*route->port);
                    text += '\n';
                }
                if (proxy >= 0)
                    unsafeLine(text, "            proxy: !unsafe ", registry.devices[proxy].name);
            }
            text += "          ports:";
            text += service.ports.isEmpty() ? " []\n" : "\n";
            for (const Binding &binding : service.ports) {
                // Plain as before: a single port reads as a number, a range as "20000-20010".
                text += "            - {host: ";
                YamlText::appendPortRange(text, binding.host);
                text += ", container: ";
                YamlText::appendPortRange(text, binding.container);
                unsafe(text, ", protocol: !unsafe ", binding.effectiveProtocol());
                if (!binding.bind.isEmpty())
                    unsafe(text, ", bind: !unsafe ", binding.bind);
                unsafe(text, ", exception: !unsafe ", binding.exception);
                if (!binding.notes.isEmpty())
                    unsafe(text, ", notes: !unsafe ", binding.notes);
                text += "}\n";
            }
        }
    }
};

} // namespace

const Exporter &ansibleExporter()
{
    static const AnsibleExporter format;
    return format;
}

} // namespace portolan
