#include "formats/markdown/MarkdownImportPlan.h"

#include "domain/BlockLayout.h"
#include "domain/ParallelSections.h"
#include "formats/compose/ImportPlan.h"
#include "formats/markdown/MarkdownCells.h"

#include <QCoreApplication>
#include <QUrl>

namespace portolan {

namespace {

// The policy's domains as route names end, lower-cased once for all rows.
struct DomainSuffixes
{
    explicit DomainSuffixes(const Policy &policy)
        : domain(policy.domain.toLower())
        , internal(u'.' + policy.internalDomain().toLower())
        , external(u'.' + domain)
    {}
    QString domain;
    QString internal;
    QString external;
};

// The route a row names, its full name taken apart into host and scope. `where` names the row
// in a warning (built only for one).
template <typename Where>
Route routeOf(const MarkdownReader::Row &row, const Policy &policy, const DomainSuffixes &suffixes,
              const Where &where, QStringList *report)
{
    const QString host = MarkdownCells::lowered(row.routeHost);
    Route route;
    if (host == suffixes.domain) {
        route.host = ApexHost;
        route.scope = Scopes::External;
    } else if (host.endsWith(suffixes.internal)) {
        route.host = row.routeHost.left(host.size() - suffixes.internal.size());
        route.scope = Scopes::Internal;
    } else if (host.endsWith(suffixes.external)) {
        route.host = row.routeHost.left(host.size() - suffixes.external.size());
        route.scope = Scopes::External;
    } else {
        route.host = row.routeHost;
        route.scope = Scopes::External;
        *report << QStringLiteral("warning: %1: route %2 is not under %3")
                       .arg(where(), row.routeHost, policy.domain);
    }
    route.port = row.routePort          ? row.routePort
                 : !row.ports.isEmpty() ? std::nullopt
                 : row.container        ? std::optional<int>(row.container->first)
                                        : std::nullopt;
    return route;
}

// Imported rows bring their exceptions; matching existing ones keep theirs when the table
// leaves the cell empty.
QVector<Binding> mergedBindings(const QVector<Binding> &existing, const QVector<Binding> &bindings)
{
    QVector<Binding> merged = mergeBindings(existing, bindings);
    for (int b = 0; b < merged.size(); ++b) {
        if (!bindings[b].exception.isEmpty())
            merged[b].exception = bindings[b].exception;
        merged[b].notes = bindings[b].notes;
    }
    return merged;
}

// A URL column: the route, when its host is under the domain; else a note.
void takeUrl(const MarkdownReader::Row &row, const Policy &policy, Service &service,
             QStringList &notes)
{
    const QUrl url = QUrl::fromUserInput(row.url);
    const QString host = url.host().toLower();
    const QString internalSuffix = u'.' + policy.internalDomain().toLower();
    const QString externalSuffix = u'.' + policy.domain.toLower();
    const bool apex = !policy.domain.isEmpty() && host == policy.domain.toLower();
    if (!policy.domain.isEmpty() && url.isValid() &&
        (apex || host.endsWith(internalSuffix) || host.endsWith(externalSuffix))) {
        Route route;
        const bool internal = !apex && host.endsWith(internalSuffix);
        route.host =
            apex ? ApexHost
                 : host.left(host.size() - (internal ? internalSuffix : externalSuffix).size());
        route.scope = internal ? Scopes::Internal : Scopes::External;
        route.port = row.container ? std::optional<int>(row.container->first) : std::nullopt;
        service.route = route;
        return;
    }
    notes << row.url;
}

// The registry's device a table is for, created when new (it needs its address then); -1
// with *error when it cannot be.
int deviceOf(const MarkdownReader::DeviceTable &table, Registry &registry,
             QHash<QString, int> &deviceIndex, QStringList *report, Error *error)
{
    int d = deviceIndex.value(table.name, -1);
    if (d < 0 && table.ip.isEmpty()) {
        if (error)
            *error = Error::fromText(
                QStringLiteral("device %1 is not in the registry: give its address too "
                               "(--device %1 --ip IP)")
                    .arg(table.name));
        return -1;
    }
    if (d >= 0 && !table.ip.isEmpty() && table.ip != registry.devices[d].ip)
        *report << QStringLiteral("warning: %1 is at %2 in the registry; the document's %3 "
                                  "is not used (edit the device to change its address)")
                       .arg(table.name, registry.devices[d].ip, table.ip);
    if (d < 0) {
        Device device;
        device.name = table.name;
        device.ip = table.ip;
        device.description = table.description;
        registry.devices.append(device);
        d = int(registry.devices.size()) - 1;
        deviceIndex.insert(table.name, d);
        *report << QStringLiteral("add device %1 (%2)").arg(table.name, table.ip);
    }
    return d;
}

// A table's rows by service, in order of first appearance: rows of one service may be
// consecutive or not. A row of the same service as the one before joins it without a lookup.
struct RowsByService
{
    explicit RowsByService(const QVector<MarkdownReader::Row> &tableRows)
    {
        QVector<const MarkdownReader::Row *> *group = nullptr; // the previous row's, until
        const QString *groupName = nullptr;                    // the next insert moves rows
        for (const MarkdownReader::Row &row : tableRows) {
            if (!group || row.service != *groupName) {
                auto it = rows.find(row.service);
                if (it == rows.end()) {
                    order << row.service;
                    it = rows.insert(row.service, {});
                }
                group = &*it;
                groupName = &row.service;
            }
            group->append(&row);
        }
    }

    QStringList order;
    QHash<QString, QVector<const MarkdownReader::Row *>> rows;
};

// What merging one table gave: the lines for the report (its device's, then its services'),
// and the rows of new services left without a category.
struct TableOutcome
{
    QStringList report;
    QStringList uncategorized;
    int firstUncategorized = 0;
};

// One table's rows merged into its device's services.
void mergeTable(const MarkdownReader::DeviceTable &table, Device &device, const Policy &policy,
                const BlockLayout &layout, const DomainSuffixes &suffixes, const QString &category,
                TableOutcome *outcome)
{
    // Read through a const view: the device's list of services is shared with the registry
    // before the merge, and is copied only when a service changes (a document that repeats the
    // registry copied all 50,000 services, and freed them again, to change none).
    const QVector<Service> &services = std::as_const(device.services);
    // Looked up once per service: a table of 200,000 rows must not scan the list each time.
    QHash<QString, int> serviceIndex;
    serviceIndex.reserve(services.size());
    for (int s = services.size() - 1; s >= 0; --s)
        serviceIndex.insert(services[s].name, s);
    const RowsByService grouped(table.rows);
    for (const QString &name : grouped.order) {
        const QVector<const MarkdownReader::Row *> &rows = *grouped.rows.constFind(name);
        const int s = serviceIndex.value(name, -1);
        const bool isNew = s < 0;
        Service service = isNew ? Service() : services[s];
        service.name = name;
        QVector<Binding> bindings;
        QStringList notes;
        // The export writes a service's notes into its first row: take them back out.
        auto bindingNotes = [&service](const QString &cell) {
            if (service.notes.isEmpty())
                return cell;
            if (cell == service.notes)
                return QString();
            // Compared in place: most rows' cells are empty or the notes themselves.
            if (cell.size() >= service.notes.size() + 2 && cell.startsWith(service.notes) &&
                QStringView(cell).mid(service.notes.size()).startsWith(u"; "))
                return cell.mid(service.notes.size() + 2);
            return cell;
        };
        for (const MarkdownReader::Row *row : rows) {
            for (const MarkdownReader::RowPort &port : row->ports) {
                Binding binding;
                binding.host = port.host;
                binding.container = port.container;
                binding.protocol =
                    port.protocol == QLatin1String("tcp") ? QString() : port.protocol;
                binding.bind = port.hostIp;
                binding.exception = row->exception;
                binding.notes = bindingNotes(row->notes);
                bindings.append(binding);
            }
            if (row->ports.isEmpty() && !row->notes.isEmpty()) {
                notes << row->notes;
            }
            if (!row->routeHost.isEmpty())
                service.route = routeOf(
                    *row, policy, suffixes, [&] { return device.name + u'/' + name; },
                    &outcome->report);
            else if (!row->url.isEmpty())
                takeUrl(*row, policy, service, notes);
        }
        service.ports = mergedBindings(service.ports, bindings);
        if (!notes.isEmpty())
            service.notes = notes.join(QStringLiteral("; "));
        if (isNew) {
            QString purpose = layout.purposeOf(service.ports);
            if (purpose.isEmpty())
                purpose = category;
            if (purpose.isEmpty()) {
                if (outcome->firstUncategorized == 0)
                    outcome->firstUncategorized = rows.first()->line;
                outcome->uncategorized << QStringLiteral("line %1 %2/%3")
                                              .arg(rows.first()->line)
                                              .arg(device.name, name);
                continue;
            }
            service.category = purpose;
            serviceIndex.insert(service.name, device.services.size());
            device.services.append(service);
            outcome->report << QStringLiteral("add service %1/%2").arg(device.name, name);
        } else if (service != services[s]) {
            device.services[s] = service;
            outcome->report << QStringLiteral("update service %1/%2").arg(device.name, name);
        }
    }
}

} // namespace

bool MarkdownImportPlan::apply(const QVector<MarkdownReader::DeviceTable> &tables,
                               Registry &registry, QStringList *report, const QString &category,
                               Error *error)
{
    const BlockLayout layout(registry.policy);
    const DomainSuffixes suffixes(registry.policy);
    QString knownPurposes;
    if (!category.isEmpty() && !isPlannedCategory(registry.policy, category, &knownPurposes)) {
        if (error)
            *error = Error::fromText(QStringLiteral("--category %1 is not the purpose of a block "
                                                    "of the range (one of: %2)")
                                         .arg(category, knownPurposes));
        return false;
    }
    // Devices by name, looked up once per table: a document of 100,000 headings must not scan
    // the list for each (the first of a name, as Registry::findDevice answers).
    QHash<QString, int> deviceIndex;
    deviceIndex.reserve(registry.devices.size() + tables.size());
    registry.devices.reserve(registry.devices.size() + tables.size());
    for (int d = registry.devices.size() - 1; d >= 0; --d)
        deviceIndex.insert(registry.devices[d].name, d);
    // Each table's device, new ones added in the document's order; then the tables, those of
    // one device in order, different devices on several threads; then what they report, in
    // the document's order.
    QVector<TableOutcome> outcomes(tables.size());
    QVector<int> deviceOfTable(tables.size());
    QVector<QVector<int>> tablesOfDevice;
    QHash<int, int> groupOfDevice;
    for (int t = 0; t < tables.size(); ++t) {
        const int d = deviceOf(tables[t], registry, deviceIndex, &outcomes[t].report, error);
        if (d < 0)
            return false;
        deviceOfTable[t] = d;
        const auto group = groupOfDevice.constFind(d);
        if (group != groupOfDevice.constEnd()) {
            tablesOfDevice[*group].append(t);
        } else {
            groupOfDevice.insert(d, int(tablesOfDevice.size()));
            tablesOfDevice.append(QVector<int>{t});
        }
    }
    Device *devices = registry.devices.data(); // detached once, before the threads
    ParallelSections::forEach(int(tablesOfDevice.size()), [&](int group) {
        for (const int t : std::as_const(tablesOfDevice[group]))
            mergeTable(tables[t], devices[deviceOfTable[t]], registry.policy, layout, suffixes,
                       category, &outcomes[t]);
    });
    QStringList uncategorized; // rows of new services whose port is in no block
    int firstUncategorized = 0;
    for (const TableOutcome &outcome : std::as_const(outcomes)) {
        *report << outcome.report;
        uncategorized << outcome.uncategorized;
        if (firstUncategorized == 0)
            firstUncategorized = outcome.firstUncategorized;
    }
    if (!uncategorized.isEmpty()) {
        if (error)
            *error = Error{SourceLocation{QString(), firstUncategorized, 1},
                           QCoreApplication::translate(
                               "MarkdownImportPlan",
                               "%n service(s) with no host port in a block of the range to take "
                               "a category from: %1; name one (--category PURPOSE; in the app, "
                               "Category)",
                               nullptr, int(uncategorized.size()))
                               .arg(uncategorized.join(QStringLiteral(", ")))};
        return false;
    }
    return true;
}

} // namespace portolan
