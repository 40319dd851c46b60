#include "store/RegistryRowReader.h"

#include "store/StoreSchema.h"

#include <QHash>

#include <vector>

namespace portolan {

bool RegistryRowReader::read(RowCursor &rows, Registry &registry, const Progress &progress,
                             bool *canceledOut, Error *error)
{
    Registry result;
    *canceledOut = false;
    qint64 rowsTotal = 0;
    qint64 rowsRead = 0;
    // True while the load may go on.
    auto counted = [&]() {
        ++rowsRead;
        if (!progress || rowsRead % 512 != 0 || progress(rowsRead, rowsTotal))
            return true;
        *canceledOut = true;
        return false;
    };
    auto canceled = [&]() {
        *error = Error::fromText(QStringLiteral("reading was canceled"));
        return false;
    };
    auto failed = [&](const QString &what) {
        *error = Error::fromText(
            QStringLiteral("%1 failed: %2").arg(what, rows.errorText().simplified()));
        return false;
    };
    auto optionalColumn = [&rows](int column) {
        return rows.isNull(column) ? std::nullopt : std::optional<int>(int(rows.integer(column)));
    };
    auto keyOf = [&rows]() {
        return RowKey{rows.integer(0), int(rows.integer(1))};
    };

    if (progress) {
        if (!rows.exec(QStringLiteral("SELECT (SELECT COUNT(*) FROM devices) + (SELECT COUNT(*) "
                                      "FROM services) + (SELECT COUNT(*) FROM bindings)")) ||
            !rows.next())
            return failed(QStringLiteral("counting the rows"));
        rowsTotal = rows.integer(0);
    }

    if (!rows.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'format_version'")) ||
        !rows.next())
        return failed(QStringLiteral("reading the format version"));
    result.formatVersion = rows.text(0).toInt();

    if (!rows.exec(QStringLiteral("SELECT id, version, %1 FROM policy WHERE id = 1")
                       .arg(StoreSchema::PolicyColumns.join(QStringLiteral(", ")))))
        return failed(QStringLiteral("reading the policy"));
    if (!rows.next()) {
        if (!rows.errorText().isEmpty())
            return failed(QStringLiteral("reading the policy"));
        *error = Error::fromText(QStringLiteral("the database holds no registry yet"));
        return false;
    }
    Policy &policy = result.policy;
    policy.key = keyOf();
    policy.domain = rows.text(2);
    policy.internalSubdomain = rows.text(3);
    policy.range = PortRange::span(int(rows.integer(4)), int(rows.integer(5)));
    policy.blockSize = optionalColumn(6);
    policy.proxyNetwork = rows.text(7);
    policy.externalEntrypoint = rows.text(8);
    policy.internalEntrypoint = rows.text(9);
    policy.proxyDevice = rows.text(10);

    if (!rows.exec(QStringLiteral("SELECT id, version, purpose, label FROM blocks "
                                  "ORDER BY position, id")))
        return failed(QStringLiteral("reading the blocks"));
    while (rows.next()) {
        Block block;
        block.key = keyOf();
        block.purpose = rows.text(2);
        block.label = rows.text(3);
        policy.blocks.append(block);
    }
    if (!rows.errorText().isEmpty())
        return failed(QStringLiteral("reading the blocks"));

    // Every list is allocated once at its size (the store knows the counts) instead of growing
    // row by row: on 100,000 bindings, growth and its copies were a third of the read.
    QHash<qint64, qsizetype> servicesPerDevice;
    if (!rows.exec(QStringLiteral("SELECT device_id, COUNT(*) FROM services GROUP BY device_id")))
        return failed(QStringLiteral("counting the services"));
    while (rows.next())
        servicesPerDevice.insert(rows.integer(0), qsizetype(rows.integer(1)));
    if (!rows.errorText().isEmpty())
        return failed(QStringLiteral("counting the services"));
    result.devices.reserve(servicesPerDevice.size() + 16);

    QHash<qint64, int> deviceIndex;
    if (!rows.exec(QStringLiteral("SELECT id, version, %1 FROM devices ORDER BY position, id")
                       .arg(StoreSchema::DeviceColumns.join(QStringLiteral(", ")))))
        return failed(QStringLiteral("reading the devices"));
    while (rows.next()) {
        if (!counted())
            return canceled();
        Device device;
        device.key = keyOf();
        device.name = rows.text(2);
        device.ip = rows.text(3);
        device.description = rows.text(4);
        device.vpnIp = rows.text(5);
        device.ssh = rows.text(6);
        device.services.reserve(servicesPerDevice.value(device.key.id));
        deviceIndex.insert(device.key.id, int(result.devices.size()));
        result.devices.append(std::move(device));
    }
    if (!rows.errorText().isEmpty())
        return failed(QStringLiteral("reading the devices"));

    if (!rows.exec(QStringLiteral("SELECT id, version, device_id, %1 FROM services "
                                  "ORDER BY device_id, position, id")
                       .arg(StoreSchema::ServiceColumns.join(QStringLiteral(", ")))))
        return failed(QStringLiteral("reading the services"));
    while (rows.next()) {
        if (!counted())
            return canceled();
        const auto owner = deviceIndex.constFind(rows.integer(2));
        if (owner == deviceIndex.constEnd())
            continue;
        Service service;
        service.key = keyOf();
        service.name = rows.text(3);
        service.category = rows.text(4);
        service.notes = rows.text(5);
        if (rows.integer(6) != 0)
            service.route = Route{rows.text(7), rows.text(8), optionalColumn(9)};
        service.image = rows.text(10);
        result.devices[*owner].services.append(std::move(service));
    }
    if (!rows.errorText().isEmpty())
        return failed(QStringLiteral("reading the services"));
    // Pointers are taken only now: the vectors above no longer grow.
    QHash<qint64, Service *> services;
    for (Device &device : result.devices) {
        for (Service &service : device.services)
            services.insert(service.key.id, &service);
    }

    if (!rows.exec(QStringLiteral("SELECT id, version, service_id, %1 FROM bindings "
                                  "ORDER BY service_id, position, id")
                       .arg(StoreSchema::BindingColumns.join(QStringLiteral(", ")))))
        return failed(QStringLiteral("reading the bindings"));
    // Rows come grouped by service: each service's list is allocated once, at its exact size,
    // from a scratch buffer that is reused for the next one.
    Service *current = nullptr;
    qint64 currentId = -1;
    std::vector<Binding> pending;
    auto flush = [&]() {
        if (current) {
            current->ports.reserve(qsizetype(pending.size()));
            std::move(pending.begin(), pending.end(), std::back_inserter(current->ports));
        }
        pending.clear();
    };
    while (rows.next()) {
        if (!counted())
            return canceled();
        const qint64 serviceId = rows.integer(2);
        if (serviceId != currentId) {
            flush();
            current = services.value(serviceId);
            currentId = serviceId;
        }
        if (!current)
            continue;
        Binding &binding = pending.emplace_back();
        binding.key = keyOf();
        binding.host = {int(rows.integer(3)), int(rows.integer(4)), rows.integer(5) != 0};
        binding.container = {int(rows.integer(6)), int(rows.integer(7)), rows.integer(8) != 0};
        binding.protocol = rows.text(9);
        binding.bind = rows.text(10);
        binding.exception = rows.text(11);
        binding.notes = rows.text(12);
    }
    flush();
    if (!rows.errorText().isEmpty())
        return failed(QStringLiteral("reading the bindings"));
    registry = std::move(result);
    return true;
}

} // namespace portolan
