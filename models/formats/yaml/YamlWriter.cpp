#include "formats/yaml/YamlWriter.h"

#include "io/AtomicFile.h"

#include <yaml-cpp/emitter.h>

namespace portolan {

namespace {

// yaml-cpp leaves some strings plain that other YAML readers reject or retype (":: 1" in a
// flow mapping, "a, b" inside braces). Such strings are double-quoted: the registry is also
// read by admins' scripts, not only by us.
bool needsQuotes(const QString &text, bool flow)
{
    if (text.isEmpty() || text.front().isSpace() || text.back().isSpace())
        return true;
    static const QString leadingIndicators = QStringLiteral("-?:,[]{}#&*!|>'\"%@`");
    if (leadingIndicators.contains(text.front()))
        return true;
    if (text.contains(QLatin1String(": ")) || text.contains(QLatin1String(" #")) ||
        text.endsWith(u':'))
        return true;
    if (flow) {
        for (QChar c : text) {
            if (c == u',' || c == u'[' || c == u']' || c == u'{' || c == u'}' || c == u':')
                return true;
        }
    }
    return false;
}

// Strings inside flow mappings (blocks, range, route, bindings) are written with this flag set.
thread_local bool t_inFlow = false;

YAML::Emitter &operator<<(YAML::Emitter &out, const QString &text)
{
    if (needsQuotes(text, t_inFlow))
        return out << YAML::DoubleQuoted << text.toStdString();
    return out << text.toStdString();
}

struct FlowScope
{
    FlowScope() { t_inFlow = true; }
    ~FlowScope() { t_inFlow = false; }
};

void writePort(YAML::Emitter &out, const PortRange &ports)
{
    if (ports.isRange())
        out << ports.toString();
    else
        out << ports.first;
}

template <typename Value>
void writeOptional(YAML::Emitter &out, const char *key, const Value &value)
{
    if (!value.isEmpty())
        out << YAML::Key << key << YAML::Value << value;
}

void writePolicy(YAML::Emitter &out, const Policy &policy)
{
    out << YAML::BeginMap;
    out << YAML::Key << "domain" << YAML::Value << policy.domain;
    out << YAML::Key << "internal_subdomain" << YAML::Value << policy.internalSubdomain;
    out << YAML::Key << "range" << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "start" << YAML::Value << policy.range.first;
    out << YAML::Key << "end" << YAML::Value << policy.range.last;
    out << YAML::EndMap;
    if (policy.blockSize)
        out << YAML::Key << "block_size" << YAML::Value << *policy.blockSize;
    out << YAML::Key << "blocks" << YAML::Value << YAML::BeginSeq;
    for (const Block &block : policy.blocks) {
        const FlowScope flow;
        out << YAML::Flow << YAML::BeginMap;
        out << YAML::Key << "purpose" << YAML::Value << block.purpose;
        writeOptional(out, "label", block.label);
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
    writeOptional(out, "proxy_network", policy.proxyNetwork);
    writeOptional(out, "external_entrypoint", policy.externalEntrypoint);
    writeOptional(out, "internal_entrypoint", policy.internalEntrypoint);
    writeOptional(out, "proxy_device", policy.proxyDevice);
    out << YAML::EndMap;
}

void writeBinding(YAML::Emitter &out, const Binding &binding)
{
    const FlowScope flow;
    out << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "host" << YAML::Value;
    writePort(out, binding.host);
    out << YAML::Key << "container" << YAML::Value;
    writePort(out, binding.container);
    writeOptional(out, "protocol", binding.protocol);
    writeOptional(out, "bind", binding.bind);
    writeOptional(out, "exception", binding.exception);
    writeOptional(out, "notes", binding.notes);
    out << YAML::EndMap;
}

void writeService(YAML::Emitter &out, const Service &service)
{
    out << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << service.name;
    out << YAML::Key << "category" << YAML::Value << service.category;
    writeOptional(out, "notes", service.notes);
    writeOptional(out, "image", service.image);
    if (service.route) {
        const FlowScope flow;
        const Route &route = *service.route;
        out << YAML::Key << "route" << YAML::Value << YAML::Flow << YAML::BeginMap;
        out << YAML::Key << "host" << YAML::Value << route.host;
        out << YAML::Key << "scope" << YAML::Value << route.scope;
        if (route.port)
            out << YAML::Key << "port" << YAML::Value << *route.port;
        out << YAML::EndMap;
    }
    if (!service.ports.isEmpty()) {
        out << YAML::Key << "ports" << YAML::Value << YAML::BeginSeq;
        for (const Binding &binding : service.ports)
            writeBinding(out, binding);
        out << YAML::EndSeq;
    }
    out << YAML::EndMap;
}

void writeDevice(YAML::Emitter &out, const Device &device)
{
    out << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << device.name;
    out << YAML::Key << "ip" << YAML::Value << device.ip;
    writeOptional(out, "description", device.description);
    writeOptional(out, "vpn_ip", device.vpnIp);
    writeOptional(out, "ssh", device.ssh);
    if (!device.services.isEmpty()) {
        out << YAML::Key << "services" << YAML::Value << YAML::BeginSeq;
        for (const Service &service : device.services)
            writeService(out, service);
        out << YAML::EndSeq;
    }
    out << YAML::EndMap;
}

} // namespace

QByteArray YamlWriter::toYaml(const Registry &registry)
{
    YAML::Emitter out;
    out.SetIndent(2);
    out << YAML::BeginMap;
    out << YAML::Key << "portolan" << YAML::Value << registry.formatVersion;
    out << YAML::Key << "policy" << YAML::Value;
    writePolicy(out, registry.policy);
    out << YAML::Key << "devices" << YAML::Value << YAML::BeginSeq;
    for (const Device &device : registry.devices)
        writeDevice(out, device);
    out << YAML::EndSeq;
    out << YAML::EndMap;
    QByteArray yaml(out.c_str(), qsizetype(out.size()));
    yaml.append('\n');
    return yaml;
}

bool YamlWriter::writeFile(const Registry &registry, const QString &path)
{
    return AtomicFile::write(path, toYaml(registry), &m_error);
}

} // namespace portolan
