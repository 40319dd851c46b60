#include "support/RegistryFixtures.h"

namespace portolan::testing {

Device deviceWithOneService(const QString &name, const QString &ip,
                            const QVector<Binding> &bindings)
{
    Device device;
    device.name = name;
    device.ip = ip;
    Service service;
    service.name = QStringLiteral("s");
    service.category = QStringLiteral("ssh-git");
    service.ports = bindings;
    device.services.append(service);
    return device;
}

} // namespace portolan::testing
