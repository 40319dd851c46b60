#pragma once

#include "domain/Registry.h"
#include "drift/PortProber.h"

#include <QObject>
#include <QVector>

#include <memory>

class QJsonObject;

namespace portolan {

// What the audit found on one port of one address.
struct AuditFinding
{
    enum class Kind
    {
        Exposed, // answers, and the plan does not open it for the source it was probed from
        Closed,  // the plan opens it for that source, and nothing answers
        Unknown, // planned, but no probe can tell (udp without a known protocol, sctp)
    };
    Kind kind = Kind::Exposed;
    QString address;
    int port = 0;
    QString protocol;
    int service = -1; // the binding the finding is about (-1: none planned there)
    int binding = -1;
    QString reason;

    static QString kindName(Kind kind);
};

// One device's addresses, each probed from the source address this machine's route gives.
struct AuditedAddress
{
    QString address;
    QString source; // empty: no route from here (error says so)
    QString error;
    int probed = 0;
};

struct DeviceAudit
{
    int device = -1;
    QVector<AuditedAddress> addresses;
    QVector<AuditFinding> findings;

    int count(AuditFinding::Kind kind) const;
    // "gitea/20022/tcp", as the JSON names a binding; empty for none.
    static QString bindingName(const Device &device, const AuditFinding &finding);
};

// `audit`: from the admin's desk, the plan of each device checked where an attacker stands.
// Each address of a device (ip, vpn_ip) is probed from the source address the route to it
// gives, on its planned ports, every port of the range and 1-1023 (tcp by connect; udp where
// the port is DNS, else reported unknown), and judged for that source: the same rules the
// firewall export writes (reverse-proxy and non-http from anywhere; bootstrap and agent from the
// registry's devices; proxy-backend from the proxy that serves the route; a bind address
// narrowing where it listens). The device's ssh port is never exposed. Only the registry's
// own addresses are ever probed.
class PortAudit : public QObject
{
    Q_OBJECT

public:
    PortAudit(const Registry &registry, QVector<int> devices, PortProber::Limits limits,
              QObject *parent = nullptr);
    ~PortAudit() override;

    void start();
    void cancel();
    bool isFinished() const { return m_finished; }
    bool wasCancelled() const;
    const QVector<DeviceAudit> &results() const { return m_results; }
    int probeCount() const { return int(m_probes.size()); }

    // What the prober is asked for one address (tests check the plan without a network): ssh,
    // the planned ports and, with `sweep`, every port of the range and 1-1023; `extraTcp` too
    // (a rehearsal's rogue listeners). `sshPort`: the device's (SshDestination::effectivePort,
    // which may ask `ssh -G`: found once per device by the caller), -1 to find it here.
    static QVector<PortProbe> probesFor(const Registry &registry, int device,
                                        const QHostAddress &address, bool sweep = true,
                                        const QVector<int> &extraTcp = {}, int sshPort = -1);
    // The findings of one address, from its probes' outcomes.
    static QVector<AuditFinding> judge(const Registry &registry, int device,
                                       const QHostAddress &address, const QHostAddress &source,
                                       const QVector<PortProbe> &probes,
                                       const QVector<ProbeOutcome> &outcomes, int sshPort = -1);

    static QString toText(const Registry &registry, const QVector<DeviceAudit> &results);
    static QJsonObject toJson(const Registry &registry, const QVector<DeviceAudit> &results);
    // Exposed or closed anywhere: what makes `audit` exit 1 (unknown does not).
    static bool hasFindings(const QVector<DeviceAudit> &results);
    static bool hasErrors(const QVector<DeviceAudit> &results);
    // Of one address's probes, those worth a second look before `judged` stands: silent, at a
    // port the judge calls closed. The first look waits a few times the slowest answer it has
    // seen, not its whole timeout, and a host kept from answering that long reads as closed; a
    // second look with the whole timeout (PortProber::Limits::adaptive off) tells them apart.
    static QVector<int> silentWhereClosed(const QVector<PortProbe> &probes,
                                          const QVector<ProbeOutcome> &outcomes,
                                          const QVector<AuditFinding> &judged);
    // Why the answers of one address cannot be judged (every tcp port answered), or empty.
    static QString everyPortAnswered(const QVector<PortProbe> &probes,
                                     const QVector<ProbeOutcome> &outcomes);

signals:
    // Of the first look, then of the second (after lookingAgain).
    void progress(int done, int total);
    // The second look starts: `ports` probes that had no answer, each given the whole timeout.
    void lookingAgain(int ports, int timeoutMs);
    void finished();

private:
    void complete();
    // Starts the second look at what the first calls closed; false when there is none.
    bool lookAgain();
    void judgeAll();

    Registry m_registry;
    QVector<DeviceAudit> m_results;
    // Which slice of the probes belongs to which result address.
    struct Slice
    {
        int result;
        int address;
        int first;
        int count;
    };
    QVector<Slice> m_slices;
    QVector<PortProbe> m_probes;
    PortProber::Limits m_limits;
    std::unique_ptr<PortProber> m_prober;
    // The second look (lookAgain), and where its probes are among m_probes.
    std::unique_ptr<PortProber> m_secondLook;
    QVector<int> m_lookedAgainAt;
    QVector<ProbeOutcome> m_outcomes;
    bool m_finished = false;
};

} // namespace portolan
