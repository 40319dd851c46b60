#include "store/RegistryRowReader.h"

#include "store/StoreSchema.h"

#include <QHash>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <limits>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

namespace portolan {

namespace {

// The services whose bindings two readers share: one goes up from the lowest service id, the
// other down from the highest, and each service is read by whichever reaches it first. The
// reader beside starts alone (all of them are its to take) and the first one joins it once it
// has read the devices and services, so the two finish together however fast each one runs.
class BindingShare
{
public:
    enum class End
    {
        Lowest,
        Highest
    };

    // True when the reader from `end` is to read the bindings of serviceId, its next service.
    bool take(End end, qint64 serviceId)
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        if (end == End::Lowest) {
            if (m_highestTaken && serviceId >= *m_highestTaken)
                return false;
            m_lowestTaken = serviceId;
        } else {
            if (m_lowestTaken && serviceId <= *m_lowestTaken)
                return false;
            m_highestTaken = serviceId;
        }
        return true;
    }

    bool tookAny(End end)
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        return (end == End::Lowest ? m_lowestTaken : m_highestTaken).has_value();
    }

private:
    std::mutex m_mutex;
    // The service each end read last; none yet (any id is a file's to hold).
    std::optional<qint64> m_lowestTaken;
    std::optional<qint64> m_highestTaken;
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

    // Each service's bindings, by service id, in the order the service lists them.
    using BindingsByService = std::vector<std::pair<qint64, QVector<Binding>>>;
    // Reads the bindings of the services `share` lets this reader take, from the lowest service
    // id up or from the highest down, each service's in its listed order. goOn(rows read so far)
    // is asked every 512 rows; false stops the read.
    static bool readBindingRows(RowCursor &rows, BindingShare::End end, BindingShare *share,
                                const std::function<bool(qint64)> &goOn, BindingsByService *out);
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
    BindingShare m_share;
    std::future<std::optional<BindingsByService>> m_otherBindings;
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
    if (!m_rows.exec(QStringLiteral("SELECT COUNT(*) FROM bindings")) || !m_rows.next() ||
        m_rows.integer(0) < 20000)
        return;
    if (!m_rows.exec(QStringLiteral("PRAGMA journal_mode")) || !m_rows.next() ||
        m_rows.text(0).compare(QLatin1String("wal"), Qt::CaseInsensitive) == 0)
        return;
    std::unique_ptr<RowCursor> other = m_openOther();
    if (!other)
        return;
    m_otherBindings =
        std::async(std::launch::async,
                   [this, cursor = std::shared_ptr<RowCursor>(
                              std::move(other))]() -> std::optional<BindingsByService> {
                       BindingsByService bindings;
                       if (!readBindingRows(
                               *cursor, BindingShare::End::Lowest, &m_share,
                               [this](qint64) { return !m_stopOther.load(); }, &bindings))
                           return std::nullopt;
                       return bindings;
                   });
}

bool RowReading::readBindingRows(RowCursor &rows, BindingShare::End end, BindingShare *share,
                                 const std::function<bool(qint64)> &goOn, BindingsByService *out)
{
    const bool fromHighest = end == BindingShare::End::Highest;
    if (!rows.exec(QStringLiteral("SELECT id, version, service_id, %1 FROM bindings ORDER BY %2")
                       .arg(StoreSchema::BindingColumns.join(QStringLiteral(", ")),
                            fromHighest ? QStringLiteral("service_id DESC, position DESC, id DESC")
                                        : QStringLiteral("service_id, position, id"))))
        return false;
    // The service whose rows are being read; none before the first row (any id is a file's).
    std::optional<qint64> currentId;
    std::vector<Binding> pending;
    auto flush = [&]() {
        if (currentId) {
            if (fromHighest)
                std::reverse(pending.begin(), pending.end());
            QVector<Binding> ports;
            ports.reserve(qsizetype(pending.size()));
            std::move(pending.begin(), pending.end(), std::back_inserter(ports));
            out->emplace_back(*currentId, std::move(ports));
        }
        pending.clear();
    };
    qint64 read = 0;
    while (rows.next()) {
        if (++read % 512 == 0 && !goOn(read))
            return false;
        const qint64 serviceId = rows.integer(2);
        if (serviceId != currentId) {
            flush();
            if (share && !share->take(end, serviceId)) {
                // The other reader has this service and all beyond it.
                currentId.reset();
                break;
            }
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
    // Every list is allocated once at its size (the store knows the counts) instead of growing
    // row by row: on 100,000 bindings, growth and its copies were a third of the read.
    QHash<qint64, qsizetype> servicesPerDevice;
    if (!m_rows.exec(QStringLiteral("SELECT device_id, COUNT(*) FROM services GROUP BY device_id")))
        return failed(QStringLiteral("counting the services"));
    while (m_rows.next())
        servicesPerDevice.insert(m_rows.integer(0), qsizetype(m_rows.integer(1)));
    if (!m_rows.errorText().isEmpty())
        return failed(QStringLiteral("counting the services"));
    m_result.devices.reserve(servicesPerDevice.size() + 16);

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
        device.services.reserve(servicesPerDevice.value(device.key.id));
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
    while (m_rows.next()) {
        if (!counted())
            return canceled();
        const auto owner = m_deviceIndex.constFind(m_rows.integer(2));
        if (owner == m_deviceIndex.constEnd())
            continue;
        Service service;
        service.key = keyOf();
        service.name = m_rows.text(3);
        service.category = m_rows.text(4);
        service.notes = m_rows.text(5);
        if (m_rows.integer(6) != 0)
            service.route = Route{m_rows.text(7), m_rows.text(8), optionalColumn(9)};
        service.image = m_rows.text(10);
        m_result.devices[*owner].services.append(std::move(service));
    }
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
        // From the other end while the reader beside goes on: both stop where they meet.
        BindingsByService fromHighest;
        const bool complete =
            readBindingRows(m_rows, BindingShare::End::Highest, &m_share, goOnHere, &fromHighest);
        if (!complete)
            m_stopOther = true;
        // Still asked while the other connection reads, so that a cancel stops both at once.
        while (m_otherBindings.wait_for(std::chrono::milliseconds(50)) !=
               std::future_status::ready) {
            if (m_progress && !shown(m_rowsRead)) {
                m_stopOther = true;
                *m_canceled = true;
            }
        }
        std::optional<BindingsByService> fromLowest = m_otherBindings.get();
        if (*m_canceled)
            return canceled();
        if (complete && (fromLowest || !m_share.tookAny(BindingShare::End::Lowest))) {
            if (fromLowest)
                attachBindings(*fromLowest);
            attachBindings(fromHighest);
            return finishedBindings();
        }
        // The reader beside stopped after taking some (a failure): all are read here again.
    }
    BindingsByService all;
    if (!readBindingRows(m_rows, BindingShare::End::Lowest, nullptr, goOnHere, &all))
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
