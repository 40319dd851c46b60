// Store's row writes: each is one transaction (or part of the batch that begin() opened), every
// update and delete names the version it read, and a refused one says what the other writer
// changed. Kept apart from Store.cpp, which connects, migrates and reads.
#include "store/Store.h"

#include "store/StoreSchema.h"

#include <QSqlError>
#include <QSqlQuery>

namespace portolan {

namespace {

// Values as the database hands them back compare equal to what we bound.
QString normalised(const QVariant &value)
{
    return value.isNull() ? QStringLiteral("(none)") : value.toString();
}

QString serviceLabel(const Device &owner, const Service &service)
{
    return owner.name + u'/' + service.name;
}

} // namespace

// --- writing -------------------------------------------------------------------------------

qint64 Store::insertRow(const QString &table, const QStringList &columns,
                        const QVariantList &values, qint64 id)
{
    QStringList names = columns;
    QStringList marks;
    if (id > 0)
        names.prepend(QStringLiteral("id"));
    for (int i = 0; i < names.size(); ++i)
        marks << QStringLiteral("?");
    QSqlQuery query(database());
    query.prepare(
        QStringLiteral("INSERT INTO %1 (%2) VALUES (%3) RETURNING id")
            .arg(table, names.join(QStringLiteral(", ")), marks.join(QStringLiteral(", "))));
    if (id > 0)
        query.addBindValue(id);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec() || !query.next()) {
        failQuery(query, QStringLiteral("inserting into %1").arg(table));
        return 0;
    }
    return query.value(0).toLongLong();
}

bool Store::updateRow(const QString &table, const QString &what, RowKey &key,
                      const QStringList &columns, const QVariantList &values,
                      const QVariantList &before)
{
    QStringList assignments;
    for (const QString &column : columns)
        assignments << column + QStringLiteral(" = ?");
    QSqlQuery query(database());
    query.prepare(QStringLiteral("UPDATE %1 SET %2, version = version + 1 WHERE id = ? AND "
                                 "version = ?")
                      .arg(table, assignments.join(QStringLiteral(", "))));
    for (const QVariant &value : values)
        query.addBindValue(value);
    query.addBindValue(key.id);
    query.addBindValue(key.version);
    if (!query.exec())
        return failQuery(query, QStringLiteral("updating %1").arg(what));
    if (query.numRowsAffected() == 1) {
        ++key.version;
        return true;
    }

    // Someone else got there first: say what they changed.
    QSqlQuery current(database());
    current.prepare(QStringLiteral("SELECT %1 FROM %2 WHERE id = ?")
                        .arg(columns.join(QStringLiteral(", ")), table));
    current.addBindValue(key.id);
    if (!current.exec() || !current.next())
        return conflict(QStringLiteral("%1 was removed by someone else meanwhile").arg(what));
    QStringList changes;
    for (int i = 0; i < columns.size(); ++i) {
        const QString was = normalised(before.value(i));
        const QString now = normalised(current.value(i));
        if (was != now)
            changes << QStringLiteral("%1 %2 -> %3").arg(columns[i], was, now);
    }
    return conflict(
        QStringLiteral("%1 was changed by someone else meanwhile%2")
            .arg(what, changes.isEmpty()
                           ? QString()
                           : QStringLiteral(" (") + changes.join(QStringLiteral(", ")) + u')'));
}

bool Store::deleteRow(const QString &table, const QString &what, const RowKey &key)
{
    QSqlQuery query(database());
    query.prepare(QStringLiteral("DELETE FROM %1 WHERE id = ? AND version = ?").arg(table));
    query.addBindValue(key.id);
    query.addBindValue(key.version);
    if (!query.exec())
        return failQuery(query, QStringLiteral("removing %1").arg(what));
    if (query.numRowsAffected() != 1)
        return conflict(
            QStringLiteral("%1 was changed or removed by someone else meanwhile").arg(what));
    return true;
}

bool Store::shiftPositions(const QString &table, const QString &parentColumn, qint64 parentId,
                           int from, int delta)
{
    QSqlQuery query(database());
    const QString parent =
        parentColumn.isEmpty() ? QString() : QStringLiteral(" AND %1 = ?").arg(parentColumn);
    query.prepare(QStringLiteral("UPDATE %1 SET position = position + ? WHERE position >= ?%2")
                      .arg(table, parent));
    query.addBindValue(delta);
    query.addBindValue(from);
    if (!parentColumn.isEmpty())
        query.addBindValue(parentId);
    if (!query.exec())
        return failQuery(query, QStringLiteral("reordering %1").arg(table));
    return true;
}

bool Store::updatePolicy(const Policy &before, Policy &after)
{
    after.key = before.key;
    return autoTransaction([&] {
        return updateRow(QStringLiteral("policy"), QStringLiteral("the policy"), after.key,
                         StoreSchema::PolicyColumns, StoreSchema::policyValues(after),
                         StoreSchema::policyValues(before));
    });
}

bool Store::insertBlock(int position, Block &block)
{
    return autoTransaction([&] {
        if (!shiftPositions(QStringLiteral("blocks"), QString(), 0, position, 1))
            return false;
        const qint64 id =
            insertRow(QStringLiteral("blocks"),
                      QStringList{QStringLiteral("position")} + StoreSchema::BlockColumns,
                      QVariantList{position} + StoreSchema::blockValues(block), block.key.id);
        if (id == 0)
            return false;
        block.key = {id, 1};
        return true;
    });
}

bool Store::updateBlock(const Block &before, Block &after)
{
    after.key = before.key;
    return autoTransaction([&] {
        return updateRow(QStringLiteral("blocks"),
                         QStringLiteral("block %1").arg(before.displayName()), after.key,
                         StoreSchema::BlockColumns, StoreSchema::blockValues(after),
                         StoreSchema::blockValues(before));
    });
}

bool Store::removeBlock(const Block &block, int position)
{
    return autoTransaction([&] {
        return deleteRow(QStringLiteral("blocks"),
                         QStringLiteral("block %1").arg(block.displayName()), block.key) &&
               shiftPositions(QStringLiteral("blocks"), QString(), 0, position + 1, -1);
    });
}

bool Store::insertServiceTree(qint64 deviceId, int position, Service &service)
{
    const qint64 id = insertRow(
        QStringLiteral("services"),
        QStringList{QStringLiteral("device_id"), QStringLiteral("position")} +
            StoreSchema::ServiceColumns,
        QVariantList{deviceId, position} + StoreSchema::serviceValues(service), service.key.id);
    if (id == 0)
        return false;
    service.key = {id, 1};
    for (int b = 0; b < service.ports.size(); ++b) {
        Binding &binding = service.ports[b];
        const qint64 bindingId =
            insertRow(QStringLiteral("bindings"),
                      QStringList{QStringLiteral("service_id"), QStringLiteral("position")} +
                          StoreSchema::BindingColumns,
                      QVariantList{id, b} + StoreSchema::bindingValues(binding), binding.key.id);
        if (bindingId == 0)
            return false;
        binding.key = {bindingId, 1};
    }
    return true;
}

bool Store::insertDeviceTree(int position, Device &device)
{
    const qint64 id =
        insertRow(QStringLiteral("devices"),
                  QStringList{QStringLiteral("position")} + StoreSchema::DeviceColumns,
                  QVariantList{position} + StoreSchema::deviceValues(device), device.key.id);
    if (id == 0)
        return false;
    device.key = {id, 1};
    for (int s = 0; s < device.services.size(); ++s) {
        if (!insertServiceTree(id, s, device.services[s]))
            return false;
    }
    return true;
}

bool Store::insertDevice(int position, Device &device)
{
    return autoTransaction([&] {
        return shiftPositions(QStringLiteral("devices"), QString(), 0, position, 1) &&
               insertDeviceTree(position, device);
    });
}

bool Store::updateDevice(const Device &before, Device &after)
{
    after.key = before.key;
    return autoTransaction([&] {
        return updateRow(QStringLiteral("devices"), QStringLiteral("device %1").arg(before.name),
                         after.key, StoreSchema::DeviceColumns, StoreSchema::deviceValues(after),
                         StoreSchema::deviceValues(before));
    });
}

bool Store::removeDevice(const Device &device, int position)
{
    return autoTransaction([&] {
        return deleteRow(QStringLiteral("devices"), QStringLiteral("device %1").arg(device.name),
                         device.key) &&
               shiftPositions(QStringLiteral("devices"), QString(), 0, position + 1, -1);
    });
}

bool Store::insertService(const Device &owner, int position, Service &service)
{
    return autoTransaction([&] {
        return shiftPositions(QStringLiteral("services"), QStringLiteral("device_id"), owner.key.id,
                              position, 1) &&
               insertServiceTree(owner.key.id, position, service);
    });
}

bool Store::updateService(const Device &owner, const Service &before, Service &after)
{
    after.key = before.key;
    return autoTransaction([&] {
        return updateRow(QStringLiteral("services"),
                         QStringLiteral("service %1").arg(serviceLabel(owner, before)), after.key,
                         StoreSchema::ServiceColumns, StoreSchema::serviceValues(after),
                         StoreSchema::serviceValues(before));
    });
}

bool Store::removeService(const Device &owner, const Service &service, int position)
{
    return autoTransaction([&] {
        return deleteRow(QStringLiteral("services"),
                         QStringLiteral("service %1").arg(serviceLabel(owner, service)),
                         service.key) &&
               shiftPositions(QStringLiteral("services"), QStringLiteral("device_id"), owner.key.id,
                              position + 1, -1);
    });
}

bool Store::moveService(const Device &from, int fromPosition, const Device &to, int toPosition,
                        Service &service)
{
    return autoTransaction([&] {
        if (!shiftPositions(QStringLiteral("services"), QStringLiteral("device_id"), from.key.id,
                            fromPosition + 1, -1) ||
            !shiftPositions(QStringLiteral("services"), QStringLiteral("device_id"), to.key.id,
                            toPosition, 1))
            return false;
        QSqlQuery query(database());
        query.prepare(QStringLiteral("UPDATE services SET device_id = ?, position = ?, "
                                     "version = version + 1 WHERE id = ? AND version = ?"));
        query.addBindValue(to.key.id);
        query.addBindValue(toPosition);
        query.addBindValue(service.key.id);
        query.addBindValue(service.key.version);
        if (!query.exec())
            return failQuery(query, QStringLiteral("moving a service"));
        if (query.numRowsAffected() != 1)
            return conflict(QStringLiteral("service %1 was changed or removed by someone else "
                                           "meanwhile")
                                .arg(serviceLabel(from, service)));
        ++service.key.version;
        return true;
    });
}

bool Store::insertBinding(const Service &owner, int position, Binding &binding)
{
    return autoTransaction([&] {
        if (!shiftPositions(QStringLiteral("bindings"), QStringLiteral("service_id"), owner.key.id,
                            position, 1))
            return false;
        const qint64 id =
            insertRow(QStringLiteral("bindings"),
                      QStringList{QStringLiteral("service_id"), QStringLiteral("position")} +
                          StoreSchema::BindingColumns,
                      QVariantList{owner.key.id, position} + StoreSchema::bindingValues(binding),
                      binding.key.id);
        if (id == 0)
            return false;
        binding.key = {id, 1};
        return true;
    });
}

bool Store::updateBinding(const Service &owner, const Binding &before, Binding &after)
{
    after.key = before.key;
    return autoTransaction([&] {
        return updateRow(QStringLiteral("bindings"),
                         QStringLiteral("binding %1 of %2").arg(before.hostLabel(), owner.name),
                         after.key, StoreSchema::BindingColumns, StoreSchema::bindingValues(after),
                         StoreSchema::bindingValues(before));
    });
}

bool Store::removeBinding(const Service &owner, const Binding &binding, int position)
{
    return autoTransaction([&] {
        return deleteRow(QStringLiteral("bindings"),
                         QStringLiteral("binding %1 of %2").arg(binding.hostLabel(), owner.name),
                         binding.key) &&
               shiftPositions(QStringLiteral("bindings"), QStringLiteral("service_id"),
                              owner.key.id, position + 1, -1);
    });
}

bool Store::replaceAll(Registry &registry)
{
    return autoTransaction([&] {
        for (const QString &table :
             {QStringLiteral("bindings"), QStringLiteral("services"), QStringLiteral("devices"),
              QStringLiteral("blocks"), QStringLiteral("policy")}) {
            if (!exec(QStringLiteral("DELETE FROM %1").arg(table)))
                return false;
        }
        QSqlQuery meta(database());
        meta.prepare(QStringLiteral("UPDATE meta SET value = ? WHERE key = 'format_version'"));
        meta.addBindValue(QString::number(registry.formatVersion));
        if (!meta.exec())
            return failQuery(meta, QStringLiteral("writing the format version"));

        if (insertRow(QStringLiteral("policy"), StoreSchema::PolicyColumns,
                      StoreSchema::policyValues(registry.policy), 1) == 0)
            return false;
        registry.policy.key = {1, 1};

        // Bulk path: one prepared statement per table, reused for every row.
        QSqlQuery blocks(database());
        blocks.prepare(QStringLiteral("INSERT INTO blocks (position, %1) VALUES (?, %2) RETURNING "
                                      "id")
                           .arg(StoreSchema::BlockColumns.join(QStringLiteral(", ")),
                                StoreSchema::placeholders(StoreSchema::BlockColumns.size())));
        for (int b = 0; b < registry.policy.blocks.size(); ++b) {
            Block &block = registry.policy.blocks[b];
            blocks.addBindValue(b);
            for (const QVariant &value : StoreSchema::blockValues(block))
                blocks.addBindValue(value);
            if (!blocks.exec() || !blocks.next())
                return failQuery(blocks, QStringLiteral("inserting a block"));
            block.key = {blocks.value(0).toLongLong(), 1};
            blocks.finish();
        }

        QSqlQuery devices(database());
        devices.prepare(QStringLiteral("INSERT INTO devices (position, %1) VALUES (?, %2) "
                                       "RETURNING id")
                            .arg(StoreSchema::DeviceColumns.join(QStringLiteral(", ")),
                                 StoreSchema::placeholders(StoreSchema::DeviceColumns.size())));
        QSqlQuery services(database());
        services.prepare(QStringLiteral("INSERT INTO services (device_id, position, %1) VALUES "
                                        "(?, ?, %2) RETURNING id")
                             .arg(StoreSchema::ServiceColumns.join(QStringLiteral(", ")),
                                  StoreSchema::placeholders(StoreSchema::ServiceColumns.size())));
        QSqlQuery bindings(database());
        bindings.prepare(QStringLiteral("INSERT INTO bindings (service_id, position, %1) VALUES "
                                        "(?, ?, %2) RETURNING id")
                             .arg(StoreSchema::BindingColumns.join(QStringLiteral(", ")),
                                  StoreSchema::placeholders(StoreSchema::BindingColumns.size())));
        for (int d = 0; d < registry.devices.size(); ++d) {
            Device &device = registry.devices[d];
            devices.addBindValue(d);
            for (const QVariant &value : StoreSchema::deviceValues(device))
                devices.addBindValue(value);
            if (!devices.exec() || !devices.next())
                return failQuery(devices, QStringLiteral("inserting device %1").arg(device.name));
            device.key = {devices.value(0).toLongLong(), 1};
            devices.finish();
            for (int s = 0; s < device.services.size(); ++s) {
                Service &service = device.services[s];
                services.addBindValue(device.key.id);
                services.addBindValue(s);
                for (const QVariant &value : StoreSchema::serviceValues(service))
                    services.addBindValue(value);
                if (!services.exec() || !services.next())
                    return failQuery(
                        services,
                        QStringLiteral("inserting service %1").arg(serviceLabel(device, service)));
                service.key = {services.value(0).toLongLong(), 1};
                services.finish();
                for (int b = 0; b < service.ports.size(); ++b) {
                    Binding &binding = service.ports[b];
                    bindings.addBindValue(service.key.id);
                    bindings.addBindValue(b);
                    for (const QVariant &value : StoreSchema::bindingValues(binding))
                        bindings.addBindValue(value);
                    if (!bindings.exec() || !bindings.next())
                        return failQuery(bindings, QStringLiteral("inserting a binding of %1")
                                                       .arg(serviceLabel(device, service)));
                    binding.key = {bindings.value(0).toLongLong(), 1};
                    bindings.finish();
                }
            }
        }
        return true;
    });
}

} // namespace portolan
