#include "domain/RegistryTemplate.h"

namespace portolan {

Registry newRegistryTemplate()
{
    Registry registry;
    registry.policy.domain = QStringLiteral("example.org");
    registry.policy.internalSubdomain = QStringLiteral("home");
    registry.policy.range = PortRange::span(20000, 29999);
    registry.policy.blockSize = DefaultBlockSize;
    const Block reserved{{}, Purposes::Reserved, QString()};
    registry.policy.blocks = {
        Block{{}, QStringLiteral("ssh-git"), QStringLiteral("SSH/Git")},
        reserved,
        reserved,
        Block{{}, QStringLiteral("monitoring"), QStringLiteral("Monitoring")},
        Block{{}, QStringLiteral("orchestration"), QStringLiteral("Orchestration")},
        Block{{}, QStringLiteral("automation"), QStringLiteral("Automation")},
        reserved,
        reserved,
        Block{{}, QStringLiteral("security"), QStringLiteral("Security")},
        Block{{}, QStringLiteral("management"), QStringLiteral("Management")},
    };
    return registry;
}

} // namespace portolan
