#pragma once

#include "domain/Registry.h"
#include "drift/PortAudit.h"
#include "formats/FormatOption.h"

#include <QHash>
#include <QObject>
#include <QTemporaryDir>

#include <atomic>
#include <memory>
#include <optional>

class QEventLoop;
class QJsonObject;

namespace portolan {

class NetworkNamespaces;
class StandIns;

// What a rehearsal found wrong.
struct RehearsalFinding
{
    enum class Kind
    {
        RouteFails, // a route did not answer with its own service from a client it is for
        DnsWrong,   // a route's name did not resolve where the plan says, for that client
        Exposed,    // a port answered a vantage point the plan does not open it for
        Closed,     // a port the plan opens for a vantage point did not answer it
    };
    Kind kind = Kind::Exposed;
    QString vantage; // "internet client", "lan client", "vpn client", or a device's name
    QString device;
    QString address;
    int port = 0;
    QString protocol;
    QString binding; // SERVICE/PORT/PROTO; empty for a route
    QString route;   // the route's name, for route-fails and dns-wrong
    QString detail;

    static QString kindName(Kind kind);
};

// `rehearse`: the plan built on this machine before it is deployed. One network namespace per
// device (its ip and vpn_ip on one segment, as a VPN gateway joins them) with a "container"
// namespace behind a docker0 bridge, Docker's DNAT of every published port simulated in a
// table of its own, stand-in listeners for every planned binding and route, a rogue host
// listener and a rogue published port; an internet client, a LAN client and a VPN client; the
// DNS export served by unbound (or dnsmasq), each proxy's routes by Caddy, each device's
// firewall export loaded into nftables. Then every route is fetched by name from the clients
// it is meant for, and every device's planned and rogue ports are probed from every client and
// every other device, judged as `audit` judges. Everything it made is removed at the end, also
// when interrupted; leftovers of a killed run are removed by `rehearse --clean`.
class Rehearsal : public QObject
{
    Q_OBJECT

public:
    explicit Rehearsal(const Registry &registry, QString sourceName, QObject *parent = nullptr);
    ~Rehearsal() override;

    // What this machine lacks to rehearse (not Linux, not root, no namespaces, a missing
    // program), one line each; empty: it can.
    QStringList missing() const;
    // Builds, checks and tears down; false when the build failed (error() says where).
    bool run();
    // From a signal handler's notifier: stops at the next step and tears down.
    void interrupt();
    bool wasInterrupted() const { return m_interrupted; }

    QString error() const { return m_error; }
    const QVector<RehearsalFinding> &findings() const { return m_findings; }
    int routesChecked() const { return m_routesChecked; }
    int portsProbed() const { return m_portsProbed; }

    QString toText() const;
    QJsonObject toJson() const;

signals:
    // One line per stage, for a progress display.
    void stage(const QString &what);

private:
    struct DevicePlan
    {
        QString role;      // its namespace
        QString container; // its containers' namespace
        QStringList lan;   // ip
        QStringList vpn;   // vpn_ip, when it differs from ip
        int ssh = 22;
        int rogueHost = 0;      // an unplanned host socket (0: the range is full)
        int roguePublished = 0; // an unplanned port Docker publishes
        bool servesRoutes = false;
        bool servesHttps = false;
    };

    bool build();
    bool buildNetwork();
    bool attach(const QString &role, const QString &interface, const QString &bridge,
                const QStringList &addresses);
    bool buildDocker(int d);
    bool startStandIns(int d);
    bool startDns();
    bool startProxies();
    bool loadFirewalls();
    bool waitUntil(const QString &role, const QStringList &command, int timeoutMs);
    void checkRoutes();
    void checkPorts();
    void probeFrom(const QString &vantage, const QString &role, int ownDevice,
                   const QStringList &own);
    // The probes' outcomes, in their order; none once the rehearsal is interrupted.
    std::optional<QVector<ProbeOutcome>> probeAll(const QVector<PortProbe> &probes,
                                                  PortProber::Limits limits);
    static QStringList clientAddresses(QStringView role);
    bool step(const QString &what);
    bool fail(const QString &what);
    QByteArray exported(const QString &format, const FormatValues &values, bool *ok);
    QString containerAddress(int service, bool v6) const;
    QString fetch(const QString &role, const QString &name, const QString &address, bool https);
    QStringList resolve(const QString &role, const QString &server, const QString &name, bool v6);

    Registry m_registry;
    QString m_sourceName;
    std::unique_ptr<NetworkNamespaces> m_namespaces;
    std::unique_ptr<StandIns> m_standIns;
    QTemporaryDir m_work;
    QVector<DevicePlan> m_plans;
    QString m_dnsProgram;
    bool m_hasRoutes = false;
    QVector<RehearsalFinding> m_findings;
    QString m_error;
    int m_routesChecked = 0;
    int m_portsProbed = 0;
    std::atomic_bool m_interrupted{false};
    QEventLoop *m_loop = nullptr;
    PortProber *m_prober = nullptr;
};

} // namespace portolan
