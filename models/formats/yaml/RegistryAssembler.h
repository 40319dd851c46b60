#pragma once

#include "domain/Registry.h"
#include "formats/yaml/YamlEvents.h"

#include <string_view>

namespace portolan {

// Where the reader is in a registry: each mapping and sequence of format v1.
enum class YamlContext
{
    Document,
    Root,
    Policy,
    Range,
    Blocks,
    Block,
    Devices,
    Device,
    Services,
    Service,
    Route,
    Ports,
    Binding,
};

// The last stage of the reader: checked values written into the domain types. The schema has
// already said what kind each value is; this only knows where it goes.
class RegistryAssembler
{
public:
    explicit RegistryAssembler(Registry &registry)
        : m_registry(registry)
    {}

    void openElement(YamlContext context);
    // A list read to its end (Ports, Services): its slack let go. Lists grow by doubling, which
    // on 100,000 bindings left some 13 MB reserved and never used.
    void closeList(YamlContext context);
    void assignString(YamlContext context, std::string_view key, const QString &text);
    void assignInteger(const YamlMark &mark, YamlContext context, std::string_view key, int value);
    void assignPortRange(std::string_view key, const PortRange &range);

private:
    Device &device() { return m_registry.devices.back(); }
    Service &service() { return device().services.back(); }
    Binding &binding() { return service().ports.back(); }

    Registry &m_registry;
};

} // namespace portolan
