#pragma once

#include <QCoreApplication>

#include "domain/Finding.h"
#include "domain/Registry.h"

#include <functional>
#include <vector>

namespace portolan {

class WellKnownPorts;

// The one validation core: the CLI, the dialogs and the document all ask it, so a registry is
// judged the same everywhere. Checks split by what they read, so the document can re-run
// only the part an edit can affect: the policy, one device, or the cross-device indexes.
class Validator
{
    Q_DECLARE_TR_FUNCTIONS(Validator)

public:
    // wellKnown may be null: no well-known-port findings then.
    explicit Validator(const WellKnownPorts *wellKnown = nullptr);

    // Only the checks that can find an invalid value or an unreachable route: what an export
    // refuses (ExportCheck). Placement, conflicts, exceptions and well-known ports are skipped.
    void setValuesOnly(bool valuesOnly) { m_valuesOnly = valuesOnly; }

    // Every finding, policy first, then in device/service/binding order.
    Findings validate(const Registry &registry) const;

    // validate() of the policy, the devices given and the checks across devices only: what
    // differs between two registries whose other devices are equal (ChangeReport).
    Findings validateDevices(const Registry &registry, const QVector<int> &devices) const;

    Findings checkPolicy(const Registry &registry) const;
    Findings checkDevice(const Registry &registry, int deviceIndex) const;
    // duplicate-device, duplicate-ip and duplicate-route: the only checks that read more than
    // one device.
    Findings checkAcrossDevices(const Registry &registry) const;

    static void sortFindings(Findings &findings);

    // checkOne(d) for every device on two threads, the second one doing `besides` first
    // (ParallelSections::forEach). The findings by device index.
    static std::vector<Findings> inParallel(int devices,
                                            const std::function<Findings(int)> &checkOne,
                                            const std::function<void()> &besides);

    // Name rules shared with the dialogs.
    static bool isValidDeviceName(const QString &name);
    static bool isValidServiceName(const QString &name);
    static bool isValidHostName(const QString &host);
    static bool isValidPurpose(const QString &purpose);
    // A Docker image reference: [registry[:port]/]path[:tag][@digest], path in lower case.
    static bool isValidImage(const QString &image);
    // An ssh destination: [user@]host, ssh://[user@]host[:port] or a ~/.ssh/config alias;
    // never anything ssh could read as an option.
    static bool isValidSshDestination(const QString &destination);

private:
    // runsProxy: whether the device runs a reverse proxy, found once per device.
    void checkRoute(const Registry &registry, int deviceIndex, int serviceIndex, bool runsProxy,
                    Findings &out) const;
    void checkWellKnownPorts(const Registry &registry, int deviceIndex, int serviceIndex,
                             int bindingIndex, Findings &out) const;
    void checkBinding(const Registry &registry, int deviceIndex, int serviceIndex, int bindingIndex,
                      Findings &out) const;
    void checkConflicts(const Registry &registry, int deviceIndex, Findings &out) const;

    const WellKnownPorts *m_wellKnown;
    bool m_valuesOnly = false;
};

} // namespace portolan
