#include "store/RegistryRowReader.h"

#include "domain/HugePageHeap.h"
#include "store/StoreSchema.h"

#include <QHash>
#include <QStringList>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

namespace portolan {

namespace {

// Each service's bindings, by service id, in the order the service lists them.
using BindingsByService = std::vector<std::pair<qint64, QVector<Binding>>>;

// The bindings cut into ranges of service ids that two readers take in turn, each the lowest
// range not yet taken, so that both finish together however fast each one runs. Both read up
// the index: SQLite walks an index down a third slower than up, which is what the half read
// from the other end cost before.
class BindingRanges
{
public:
    // The service ids the bindings hold, lowest and highest.
    BindingRanges(qint64 lowest, qint64 highest)
        : m_lowest(lowest)
    {
        // Unsigned: the span of ids at both ends of the range does not fit a signed number.
        const quint64 span = quint64(highest) - quint64(lowest);
        m_width = span / MostRanges + 1;
        m_read.resize(std::size_t(span / m_width + 1));
    }

    int count() const { return int(m_read.size()); }
    // The next range nobody took yet.
    std::optional<int> take()
    {
        const int range = m_next.fetch_add(1);
        return range < count() ? std::optional<int>(range) : std::nullopt;
    }
    // The rows of a range, as SQL: from its first id up to the next range's. The first range
    // is open below and the last above, so that a value no range would name (5.5, '3x' in a
    // hand-edited file: SQLite keeps what it is given) is still read, as one read would.
    QString where(int range) const
    {
        const auto start = [this](int of) {
            return QString::number(qint64(quint64(m_lowest) + quint64(of) * m_width));
        };
        QStringList conditions;
        if (range > 0)
            conditions << QStringLiteral("service_id >= %1").arg(start(range));
        if (range < count() - 1)
            conditions << QStringLiteral("service_id < %1").arg(start(range + 1));
        return conditions.join(QStringLiteral(" AND "));
    }
    // Each range is finished by the reader that took it, and read once both are done.
    void finish(int range, BindingsByService read) { m_read[std::size_t(range)] = std::move(read); }
    std::optional<BindingsByService> &read(int range) { return m_read[std::size_t(range)]; }

private:
    // Small enough that the reader which is done first waits little for the other.
    static constexpr quint64 MostRanges = 64;
    qint64 m_lowest;
    quint64 m_width = 1;
    std::atomic<int> m_next{0};
    std::vector<std::optional<BindingsByService>> m_read;
};

// One read of a whole registry from the store's rows, a table at a time.
class RowReading
{
public:
    RowReading(RowCursor &rows, const RegistryRowReader::Progress &progress, bool *canceled,
               Error *error, const RegistryRowReader::CursorOpener &openOther)
        : m_rows(rows)
        , m_progress(progress)
        , m_canceled(canceled)
        , m_error(error)
        , m_openOther(openOther)
    {}
    ~RowReading()
    {
        m_stopOther = true;
        if (m_otherBindings.valid())
            m_otherBindings.wait();
    }

    bool read(Registry &registry)
    {
        *m_canceled = false;
        if (m_progress) {
            if (!m_rows.exec(QStringLiteral("SELECT (SELECT COUNT(*) FROM devices) + (SELECT "
                                            "COUNT(*) FROM services) + (SELECT COUNT(*) FROM "
                                            "bindings)")) ||
                !m_rows.next())
                return failed(QStringLiteral("counting the rows"));
            m_rowsTotal = m_rows.integer(0);
        }
        if (!readPolicy())
            return false;
        startReadingBindingsBeside();
        if (!readDevices() || !readServices() || !readBindings())
            return false;
        registry = std::move(m_result);
        return true;
    }

private:
    // Progress as far as it has come: never back (the bindings read from the top are counted
    // once both readers are done, and a read done again counts from the start), false to stop.
    bool shown(qint64 rows)
    {
        m_rowsShown = std::max(m_rowsShown, rows);
        return m_progress(m_rowsShown, m_rowsTotal);
    }
    // True while the load may go on.
    bool counted()
    {
        ++m_rowsRead;
        if (!m_progress || m_rowsRead % 512 != 0 || shown(m_rowsRead))
            return true;
        *m_canceled = true;
        return false;
    }
    bool canceled()
    {
        *m_error = Error::fromText(QStringLiteral("reading was canceled"));
        return false;
    }
    bool failed(const QString &what)
    {
        *m_error = Error::fromText(
            QStringLiteral("%1 failed: %2").arg(what, m_rows.errorText().simplified()));
        return false;
    }
    std::optional<int> optionalColumn(int column)
    {
        return m_rows.isNull(column) ? std::nullopt
                                     : std::optional<int>(int(m_rows.integer(column)));
    }
    RowKey keyOf() { return RowKey{m_rows.integer(0), int(m_rows.integer(1))}; }

    bool readPolicy();
    bool readDevices();
    bool readServices();
    bool readBindings();

    // Reads the bindings of the rows `where` names (all of them when empty), each service's in
    // its listed order. *read counts the rows, across the calls of one reader: goOn(*read) is
    // asked every 512 of them (ranges may hold fewer); false stops the read.
    static bool readBindingRows(RowCursor &rows, const QString &where,
                                const std::function<bool(qint64)> &goOn, qint64 *read,
                                BindingsByService *out);
    // Takes range after range on `rows` until none is left; goOn is asked before each too.
    // False when a read failed or goOn stopped it.
    bool readRanges(RowCursor &rows, const std::function<bool(qint64)> &goOn, qint64 *read);
    void startReadingBindingsBeside();
    void indexServices();
    void attachBindings(BindingsByService &read);
    bool finishedBindings();
    Service *serviceWithId(qint64 id) const
    {
        if (m_servicesById.empty())
            return m_servicesByIdFallback.value(id);
        // Unsigned: ids at both ends of the range are a file's to hold, not an overflow's.
        const quint64 slot = quint64(id) - quint64(m_lowestServiceId);
        return slot < m_servicesById.size() ? m_servicesById[std::size_t(slot)] : nullptr;
    }

    RowCursor &m_rows;
    const RegistryRowReader::Progress &m_progress;
    bool *m_canceled;
    Error *m_error;
    qint64 m_rowsTotal = 0;
    qint64 m_rowsRead = 0;
    qint64 m_rowsShown = 0;
    Registry m_result;
    QHash<qint64, int> m_deviceIndex;
    std::vector<Service *> m_servicesById;
    QHash<qint64, Service *> m_servicesByIdFallback;
    qint64 m_lowestServiceId = 0;
    const RegistryRowReader::CursorOpener &m_openOther;
    std::atomic<bool> m_stopOther{false};
    std::optional<BindingRanges> m_ranges;
    std::future<void> m_otherBindings;
};

// Most of a large registry is its bindings: they are read on a second connection while this
// one reads the devices and services. Both must see one state of the file. This connection's
// read transaction holds SQLite's shared lock from its first statement (the policy, already
// read) to its end, and no write can commit while a shared lock is held (rollback journal), so
// whatever the second connection reads is what this one would read. A WAL file lets writers
// commit beside readers: it is read on one connection. The second connection never waits for a
// lock (a writer waiting for this one would wait for it in turn): when busy, it gives up and
// the bindings are read here.
void RowReading::startReadingBindingsBeside()
{
    if (!m_openOther)
        return;
    // The span of the ids bounds the count from above and, unlike COUNT(*), costs no walk of
    // the table: each is one step down the index. A file with gaps in its ids may get a second
    // connection it could do without: still correct.
    // A binding without a service (a crafted file can drop NOT NULL) is left to the one read:
    // no range of ids holds it, and a range open to it would walk the whole index.
    if (!m_rows.exec(QStringLiteral("SELECT (SELECT min(id) FROM bindings), (SELECT max(id) FROM "
                                    "bindings), (SELECT min(service_id) FROM bindings), (SELECT "
                                    "max(service_id) FROM bindings), EXISTS (SELECT 1 FROM "
                                    "bindings WHERE service_id IS NULL)")) ||
        !m_rows.next() || m_rows.isNull(0) || m_rows.integer(4) != 0 ||
        quint64(m_rows.integer(1)) - quint64(m_rows.integer(0)) < 20000)
        return;
    const qint64 lowestService = m_rows.integer(2);
    const qint64 highestService = m_rows.integer(3);
    if (!m_rows.exec(QStringLiteral("PRAGMA journal_mode")) || !m_rows.next() ||
        m_rows.text(0).compare(QLatin1String("wal"), Qt::CaseInsensitive) == 0)
        return;
    std::unique_ptr<RowCursor> other = m_openOther();
    if (!other)
        return;
    m_ranges.emplace(lowestService, highestService);
    HugePageHeap::waitForThreadHeaps();
    m_otherBindings = std::async(
        std::launch::async, [this, cursor = std::shared_ptr<RowCursor>(std::move(other))]() {
            // What it took and did not finish (a failure) is read by the first connection.
            qint64 rowsRead = 0;
            readRanges(
                *cursor, [this](qint64) { return !m_stopOther.load(); }, &rowsRead);
        });
}

bool RowReading::readRanges(RowCursor &rows, const std::function<bool(qint64)> &goOn, qint64 *read)
{
    while (goOn(*read)) {
        const std::optional<int> range = m_ranges->take();
        if (!range)
            return true;
        BindingsByService found;
        if (!readBindingRows(rows, m_ranges->where(*range), goOn, read, &found))
            return false;
        m_ranges->finish(*range, std::move(found));
    }
    return false;
}

bool RowReading::readBindingRows(RowCursor &rows, const QString &where,
                                 const std::function<bool(qint64)> &goOn, qint64 *read,
                                 BindingsByService *out)
{
    if (!rows.exec(QStringLiteral("SELECT id, version, service_id, %1 FROM bindings%2 ORDER BY "
                                  "service_id, position, id")
                       .arg(StoreSchema::BindingColumns.join(QStringLiteral(", ")),
                            where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where)))
        return false;
    // The service whose rows are being read; none before the first row (any id is a file's).
    std::optional<qint64> currentId;
    std::vector<Binding> pending;
    auto flush = [&]() {
        if (currentId) {
            QVector<Binding> ports;
            ports.reserve(qsizetype(pending.size()));
            std::move(pending.begin(), pending.end(), std::back_inserter(ports));
            out->emplace_back(*currentId, std::move(ports));
        }
        pending.clear();
    };
    while (rows.next()) {
        if (++*read % 512 == 0 && !goOn(*read))
            return false;
        const qint64 serviceId = rows.integer(2);
        if (serviceId != currentId) {
            flush();
            currentId = serviceId;
        }
        Binding &binding = pending.emplace_back();
        binding.key = RowKey{rows.integer(0), int(rows.integer(1))};
        binding.host = {int(rows.integer(3)), int(rows.integer(4)), rows.integer(5) != 0};
        binding.container = {int(rows.integer(6)), int(rows.integer(7)), rows.integer(8) != 0};
        binding.protocol = rows.text(9);
        binding.bind = rows.text(10);
        binding.exception = rows.text(11);
        binding.notes = rows.text(12);
    }
    flush();
    return rows.errorText().isEmpty();
}

// The format version, the policy and its blocks.
bool RowReading::readPolicy()
{
    if (!m_rows.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'format_version'")) ||
        !m_rows.next())
        return failed(QStringLiteral("reading the format version"));
    m_result.formatVersion = m_rows.text(0).toInt();

    if (!m_rows.exec(QStringLiteral("SELECT id, version, %1 FROM policy WHERE id = 1")
                         .arg(StoreSchema::PolicyColumns.join(QStringLiteral(", ")))))
        return failed(QStringLiteral("reading the policy"));
    if (!m_rows.next()) {
        if (!m_rows.errorText().isEmpty())
            return failed(QStringLiteral("reading the policy"));
        *m_error = Error::fromText(QStringLiteral("the database holds no registry yet"));
        return false;
    }
    Policy &policy = m_result.policy;
    policy.key = keyOf();
    policy.domain = m_rows.text(2);
    policy.internalSubdomain = m_rows.text(3);
    policy.range = PortRange::span(int(m_rows.integer(4)), int(m_rows.integer(5)));
    policy.blockSize = optionalColumn(6);
    policy.proxyNetwork = m_rows.text(7);
    policy.externalEntrypoint = m_rows.text(8);
    policy.internalEntrypoint = m_rows.text(9);
    policy.proxyDevice = m_rows.text(10);

    if (!m_rows.exec(QStringLiteral("SELECT id, version, purpose, label FROM blocks "
                                    "ORDER BY position, id")))
        return failed(QStringLiteral("reading the blocks"));
    while (m_rows.next()) {
        Block block;
        block.key = keyOf();
        block.purpose = m_rows.text(2);
        block.label = m_rows.text(3);
        policy.blocks.append(block);
    }
    if (!m_rows.errorText().isEmpty())
        return failed(QStringLiteral("reading the blocks"));
    return true;
}

bool RowReading::readDevices()
{
    if (!m_rows.exec(QStringLiteral("SELECT id, version, %1 FROM devices ORDER BY position, id")
                         .arg(StoreSchema::DeviceColumns.join(QStringLiteral(", ")))))
        return failed(QStringLiteral("reading the devices"));
    while (m_rows.next()) {
        if (!counted())
            return canceled();
        Device device;
        device.key = keyOf();
        device.name = m_rows.text(2);
        device.ip = m_rows.text(3);
        device.description = m_rows.text(4);
        device.vpnIp = m_rows.text(5);
        device.ssh = m_rows.text(6);
        m_deviceIndex.insert(device.key.id, int(m_result.devices.size()));
        m_result.devices.append(std::move(device));
    }
    if (!m_rows.errorText().isEmpty())
        return failed(QStringLiteral("reading the devices"));
    return true;
}

bool RowReading::readServices()
{
    if (!m_rows.exec(QStringLiteral("SELECT id, version, device_id, %1 FROM services "
                                    "ORDER BY device_id, position, id")
                         .arg(StoreSchema::ServiceColumns.join(QStringLiteral(", ")))))
        return failed(QStringLiteral("reading the services"));
    // A device's services arrive together: gathered here, then moved into a list of their
    // exact size. Lists grown row by row kept up to half their room unused, and counting them
    // beforehand (GROUP BY) walked the whole table once more.
    std::vector<Service> pending;
    std::optional<int> owner;
    const auto flush = [&]() {
        if (owner) {
            QVector<Service> &services = m_result.devices[*owner].services;
            services.reserve(services.size() + qsizetype(pending.size()));
            std::move(pending.begin(), pending.end(), std::back_inserter(services));
        }
        pending.clear();
    };
    std::optional<qint64> currentDevice;
    while (m_rows.next()) {
        if (!counted())
            return canceled();
        const qint64 deviceId = m_rows.integer(2);
        if (deviceId != currentDevice) {
            flush();
            currentDevice = deviceId;
            const auto found = m_deviceIndex.constFind(deviceId);
            owner = found == m_deviceIndex.constEnd() ? std::nullopt : std::optional<int>(*found);
        }
        if (!owner)
            continue;
        Service &service = pending.emplace_back();
        service.key = keyOf();
        service.name = m_rows.text(3);
        service.category = m_rows.text(4);
        service.notes = m_rows.text(5);
        if (m_rows.integer(6) != 0)
            service.route = Route{m_rows.text(7), m_rows.text(8), optionalColumn(9)};
        service.image = m_rows.text(10);
    }
    flush();
    if (!m_rows.errorText().isEmpty())
        return failed(QStringLiteral("reading the services"));
    return true;
}

bool RowReading::readBindings()
{
    indexServices();
    const auto goOnHere = [this](qint64 rows) {
        if (!m_progress || shown(m_rowsRead + rows))
            return true;
        *m_canceled = true;
        return false;
    };
    if (m_otherBindings.valid()) {
        // Range after range, beside the other connection, until none is left.
        qint64 readHere = 0;
        const bool complete = readRanges(m_rows, goOnHere, &readHere);
        if (!complete)
            m_stopOther = true;
        // Still asked while the other connection reads, so that a cancel stops both at once.
        while (m_otherBindings.wait_for(std::chrono::milliseconds(50)) !=
               std::future_status::ready) {
            if (m_progress && !shown(m_rowsRead + readHere)) {
                m_stopOther = true;
                *m_canceled = true;
            }
        }
        m_otherBindings.get();
        if (*m_canceled)
            return canceled();
        if (!complete)
            return failed(QStringLiteral("reading the bindings"));
        for (int range = 0; range < m_ranges->count(); ++range) {
            std::optional<BindingsByService> &read = m_ranges->read(range);
            // Taken by the reader beside, which failed before finishing it: read here.
            if (!read) {
                read.emplace();
                if (!readBindingRows(m_rows, m_ranges->where(range), goOnHere, &readHere, &*read))
                    return *m_canceled ? canceled()
                                       : failed(QStringLiteral("reading the bindings"));
            }
            attachBindings(*read);
        }
        return finishedBindings();
    }
    BindingsByService all;
    qint64 rowsRead = 0;
    if (!readBindingRows(m_rows, QString(), goOnHere, &rowsRead, &all))
        return *m_canceled ? canceled() : failed(QStringLiteral("reading the bindings"));
    attachBindings(all);
    return finishedBindings();
}

void RowReading::attachBindings(BindingsByService &read)
{
    for (auto &[serviceId, ports] : read) {
        m_rowsRead += ports.size();
        if (Service *service = serviceWithId(serviceId))
            service->ports = std::move(ports);
    }
}

// Pointers are taken only once every service is read: the lists no longer grow. The ids a
// store hands out are dense, so a table indexed by id finds each service without hashing.
void RowReading::indexServices()
{
    qint64 lowest = std::numeric_limits<qint64>::max();
    qint64 highest = std::numeric_limits<qint64>::min();
    qint64 count = 0;
    for (const Device &device : m_result.devices) {
        for (const Service &service : device.services) {
            lowest = std::min(lowest, service.key.id);
            highest = std::max(highest, service.key.id);
            ++count;
        }
    }
    m_lowestServiceId = lowest;
    // Unsigned: the span of ids at both ends of the range does not fit a signed number.
    const bool dense = count > 0 && quint64(highest) - quint64(lowest) < quint64(4 * count + 64);
    if (dense)
        m_servicesById.assign(std::size_t(quint64(highest) - quint64(lowest) + 1), nullptr);
    for (Device &device : m_result.devices) {
        for (Service &service : device.services) {
            if (dense)
                m_servicesById[std::size_t(quint64(service.key.id) - quint64(lowest))] = &service;
            else
                m_servicesByIdFallback.insert(service.key.id, &service);
        }
    }
}

bool RowReading::finishedBindings()
{
    if (m_progress && !shown(m_rowsRead)) {
        *m_canceled = true;
        return canceled();
    }
    return true;
}

} // namespace

bool RegistryRowReader::read(RowCursor &rows, Registry &registry, const Progress &progress,
                             bool *canceled, Error *error, const CursorOpener &openOther)
{
    return RowReading(rows, progress, canceled, error, openOther).read(registry);
}

} // namespace portolan
