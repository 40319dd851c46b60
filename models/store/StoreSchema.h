#pragma once

#include "domain/Registry.h"

#include <QStringList>
#include <QVariantList>

namespace portolan {

// The database schema in one place, for SQLite and PostgreSQL alike: each table's columns as
// the store reads and writes them, an element's values in that order, the first release's
// tables, and the migrations from there to CurrentVersion. A new database walks the same
// migrations an old file does, so they are exercised every time.
namespace StoreSchema {

// 1: the first release; 2: a version per row, for optimistic locking; 3: the policy's reverse
// proxy names; 4: policy.proxy_device, a device's vpn_ip and ssh, a service's image.
constexpr int CurrentVersion = 4;

extern const QStringList PolicyColumns;
extern const QStringList BlockColumns;
extern const QStringList DeviceColumns;
extern const QStringList ServiceColumns;
extern const QStringList BindingColumns;
extern const QStringList VersionedTables;

QVariantList policyValues(const Policy &policy);
QVariantList blockValues(const Block &block);
QVariantList deviceValues(const Device &device);
QVariantList serviceValues(const Service &service);
QVariantList bindingValues(const Binding &binding);

QStringList version1(bool postgres);
// The statements that take a database from `version` to version + 1.
QStringList migration(int version);
// "?, ?, ?": one bound value per column.
QString placeholders(qsizetype count);

} // namespace StoreSchema

} // namespace portolan
