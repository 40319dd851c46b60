#include "formats/yaml/RegistryAssembler.h"

namespace portolan {

void RegistryAssembler::openElement(YamlContext context)
{
    switch (context) {
    case YamlContext::Block:
        m_registry.policy.blocks.append(Block());
        break;
    case YamlContext::Device:
        m_registry.devices.append(Device());
        break;
    case YamlContext::Service:
        device().services.append(Service());
        break;
    case YamlContext::Route:
        service().route = Route();
        break;
    case YamlContext::Binding:
        service().ports.append(Binding());
        break;
    default:
        break;
    }
}

void RegistryAssembler::closeList(YamlContext context)
{
    if (context == YamlContext::Ports)
        service().ports.squeeze();
    else if (context == YamlContext::Services)
        device().services.squeeze();
}

void RegistryAssembler::assignString(YamlContext context, std::string_view key, const QString &text)
{
    switch (context) {
    case YamlContext::Policy: {
        Policy &policy = m_registry.policy;
        (key == "domain"                ? policy.domain
         : key == "internal_subdomain"  ? policy.internalSubdomain
         : key == "proxy_network"       ? policy.proxyNetwork
         : key == "external_entrypoint" ? policy.externalEntrypoint
         : key == "proxy_device"        ? policy.proxyDevice
                                        : policy.internalEntrypoint) = text;
        break;
    }
    case YamlContext::Block:
        (key == "purpose" ? m_registry.policy.blocks.back().purpose
                          : m_registry.policy.blocks.back().label) = text;
        break;
    case YamlContext::Device:
        (key == "name"     ? device().name
         : key == "ip"     ? device().ip
         : key == "vpn_ip" ? device().vpnIp
         : key == "ssh"    ? device().ssh
                           : device().description) = text;
        break;
    case YamlContext::Service:
        (key == "name"       ? service().name
         : key == "category" ? service().category
         : key == "image"    ? service().image
                             : service().notes) = text;
        break;
    case YamlContext::Route:
        (key == "host" ? service().route->host : service().route->scope) = text;
        break;
    case YamlContext::Binding:
        (key == "protocol"    ? binding().protocol
         : key == "bind"      ? binding().bind
         : key == "exception" ? binding().exception
                              : binding().notes) = text;
        break;
    default:
        break;
    }
}

void RegistryAssembler::assignInteger(const YamlMark &mark, YamlContext context,
                                      std::string_view key, int value)
{
    switch (context) {
    case YamlContext::Root:
        if (value != CurrentFormatVersion)
            failAt(mark, QStringLiteral("unsupported format version %1: this build reads "
                                        "\"portolan: %2\"")
                             .arg(value)
                             .arg(CurrentFormatVersion));
        m_registry.formatVersion = value;
        break;
    case YamlContext::Policy:
        m_registry.policy.blockSize = value;
        break;
    case YamlContext::Range:
        (key == "start" ? m_registry.policy.range.first : m_registry.policy.range.last) = value;
        break;
    case YamlContext::Route:
        service().route->port = value;
        break;
    default:
        break;
    }
}

void RegistryAssembler::assignPortRange(std::string_view key, const PortRange &range)
{
    (key == "host" ? binding().host : binding().container) = range;
}

} // namespace portolan
