#include "domain/Registry.h"
#include "domain/RouteTable.h"
#include "store/RegistryIo.h"
#include "support/TestSupport.h"

#include <QDir>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUdpSocket>

#include <functional>

using namespace portolan;
using namespace portolan::testing;

// The DNS exports loaded into the real resolvers they are for, on loopback, behind an upstream
// that answers every question with 6.6.6.6 / ::6: every planned name answers its planned family
// and gets an empty answer (NODATA) for the other, an unplanned name in the internal zone gets
// NXDOMAIN, and nothing planned ever reaches the upstream (split DNS leaked before).
class TestDnsAuthority : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void resolverAnswersForThePlan_data();
    void resolverAnswersForThePlan();

private:
    struct Answer
    {
        QString status;
        QStringList addresses;
    };
    static int freePort();
    bool startResolver(const QString &program, const QStringList &arguments, int port);
    // Starts a resolver on a free port: `configure` writes its configuration for a port and
    // returns its arguments. Tried again on another port when the port was taken meanwhile
    // (tests run two at a time). -1: it never answered.
    int startOnFreePort(const QString &program,
                        const std::function<QStringList(int port)> &configure);
    Answer ask(int port, const QString &type, const QString &name);

    QTemporaryDir m_dir;
    QList<QProcess *> m_running;
    QString m_dig;
};

void TestDnsAuthority::initTestCase()
{
    m_dig = QStandardPaths::findExecutable(QStringLiteral("dig"));
    QVERIFY2(!m_dig.isEmpty(), "dig (bind9-dnsutils) is not installed");
    for (const char *tool : {"dnsmasq", "unbound"})
        QVERIFY2(!QStandardPaths::findExecutable(QLatin1String(tool), {QStringLiteral("/usr/sbin"),
                                                                       QStringLiteral("/usr/bin")})
                      .isEmpty(),
                 tool);
}

void TestDnsAuthority::cleanup()
{
    for (QProcess *process : std::as_const(m_running)) {
        process->kill();
        process->waitForFinished(3000);
        delete process;
    }
    m_running.clear();
}

// Free for UDP and TCP alike: dnsmasq and unbound listen on both.
int TestDnsAuthority::freePort()
{
    for (int attempt = 0; attempt < 20; ++attempt) {
        QUdpSocket udp;
        udp.bind(QHostAddress::LocalHost, 0);
        QTcpServer tcp;
        if (tcp.listen(QHostAddress::LocalHost, udp.localPort()))
            return udp.localPort();
    }
    return 0;
}

int TestDnsAuthority::startOnFreePort(const QString &program,
                                      const std::function<QStringList(int port)> &configure)
{
    for (int attempt = 0; attempt < 5; ++attempt) {
        const int port = freePort();
        if (port > 0 && startResolver(program, configure(port), port))
            return port;
        QProcess *failed = m_running.takeLast();
        failed->kill();
        failed->waitForFinished(3000);
        delete failed;
    }
    return -1;
}

bool TestDnsAuthority::startResolver(const QString &program, const QStringList &arguments, int port)
{
    auto *process = new QProcess;
    process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process->start(program, arguments);
    m_running << process;
    if (!process->waitForStarted(5000))
        return false;
    // Up when it answers.
    for (int attempt = 0; attempt < 50; ++attempt) {
        if (!ask(port, QStringLiteral("A"), QStringLiteral("probe.invalid")).status.isEmpty())
            return true;
        if (process->state() != QProcess::Running)
            return false;
        QTest::qWait(100);
    }
    return false;
}

TestDnsAuthority::Answer TestDnsAuthority::ask(int port, const QString &type, const QString &name)
{
    const ProcessResult result = runProgram(
        m_dig, {QStringLiteral("@127.0.0.1"), QStringLiteral("-p"), QString::number(port),
                QStringLiteral("+time=2"), QStringLiteral("+tries=1"), QStringLiteral("+noall"),
                QStringLiteral("+comments"), QStringLiteral("+answer"), type, name});
    Answer answer;
    const QString text = result.outText();
    const qsizetype at = text.indexOf(QLatin1String("status: "));
    if (at >= 0)
        answer.status = text.mid(at + 8).section(u',', 0, 0).trimmed();
    for (const QString &line : text.split(u'\n')) {
        const QStringList fields = line.simplified().split(u' ');
        if (fields.size() == 5 && fields[2] == QLatin1String("IN") && fields[3] == type)
            answer.addresses << fields[4];
    }
    return answer;
}

void TestDnsAuthority::resolverAnswersForThePlan_data()
{
    QTest::addColumn<QString>("registry");
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("scope");
    const QStringList registries = {
        fromTestFolder(PORTOLAN_EXAMPLE),
        fromTestFolder(PORTOLAN_TEST_DATA "/network/ipv6-two-proxies.yaml")};
    for (const QString &registry : registries) {
        for (const char *format : {"dnsmasq", "unbound", "pihole"}) {
            for (const char *scope : {"internal", "all"}) {
                QTest::addRow("%s %s %s", qPrintable(QFileInfo(registry).baseName()), format, scope)
                    << registry << QString::fromLatin1(format) << QString::fromLatin1(scope);
            }
        }
    }
}

void TestDnsAuthority::resolverAnswersForThePlan()
{
    QFETCH(QString, registry);
    QFETCH(QString, format);
    QFETCH(QString, scope);
    const ProcessResult exported =
        runProgram(fromTestFolder(PORTOLAN_CLI),
                   {QStringLiteral("export"), QStringLiteral("dns"), registry,
                    QStringLiteral("--format"), format, QStringLiteral("--scope"), scope});
    QVERIFY2(exported.exitCode == 0, exported.err.constData());
    QDir dir(m_dir.path());
    const QString folder = QStringLiteral("%1-%2").arg(format, scope);
    QVERIFY(dir.mkpath(folder));
    dir.cd(folder);
    // dnsmasq started as root reads its hosts files as "nobody": the folders must let it.
    const auto readable = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                          QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther;
    QVERIFY(QFile::setPermissions(m_dir.path(), readable));
    QVERIFY(QFile::setPermissions(dir.path(), readable));

    // The upstream: answers everything, so a leak shows as 6.6.6.6 or ::6.
    const QString upstreamConf = dir.filePath(QStringLiteral("upstream.conf"));
    const QString dnsmasq = QStandardPaths::findExecutable(
        QStringLiteral("dnsmasq"), {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin")});
    const int upstream = startOnFreePort(dnsmasq, [&](int port) {
        writeBytes(upstreamConf, QStringLiteral("port=%1\nlisten-address=127.0.0.1\n"
                                                "bind-interfaces\nno-resolv\nno-hosts\n"
                                                "address=/#/6.6.6.6\naddress=/#/::6\n")
                                     .arg(port)
                                     .toUtf8());
        return QStringList{QStringLiteral("--keep-in-foreground"),
                           QStringLiteral("--conf-file=") + upstreamConf};
    });
    QVERIFY2(upstream > 0, "the upstream dnsmasq did not start");
    QCOMPARE(ask(upstream, QStringLiteral("A"), QStringLiteral("x.example")).addresses,
             QStringList{QStringLiteral("6.6.6.6")});

    // The resolver under test, with the export as its users load it.
    int port = -1;
    if (format == QLatin1String("unbound")) {
        const QString planned = dir.filePath(QStringLiteral("planned.conf"));
        QVERIFY(writeBytes(planned, exported.out));
        const QString conf = dir.filePath(QStringLiteral("unbound.conf"));
        const QString unbound = QStandardPaths::findExecutable(
            QStringLiteral("unbound"), {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin")});
        port = startOnFreePort(unbound, [&](int free) {
            writeBytes(
                conf, QStringLiteral("server:\n  interface: 127.0.0.1\n  port: %1\n"
                                     "  do-daemonize: no\n  username: \"\"\n  chroot: \"\"\n"
                                     "  directory: \"%2\"\n  pidfile: \"\"\n  use-syslog: no\n"
                                     "  module-config: \"iterator\"\n  do-not-query-localhost: no\n"
                                     "  access-control: 127.0.0.0/8 allow\n"
                                     "include: \"%3\"\nforward-zone:\n  name: \".\"\n"
                                     "  forward-addr: 127.0.0.1@%4\n")
                          .arg(free)
                          .arg(dir.path(), planned)
                          .arg(upstream)
                          .toUtf8());
            return QStringList{QStringLiteral("-d"), QStringLiteral("-c"), conf};
        });
    } else {
        QString lines = QString::fromUtf8(exported.out);
        QString hosts;
        if (format == QLatin1String("pihole")) {
            // Pi-hole v6 is dnsmasq (FTL): dns.hosts is served as a hosts file and
            // misc.dnsmasq_lines are added to its configuration.
            QString extra;
            bool inHosts = false;
            bool inLines = false;
            for (const QString &line : lines.split(u'\n')) {
                const QString item = line.trimmed();
                if (item.startsWith(QLatin1String("hosts = [")))
                    inHosts = true;
                else if (item.startsWith(QLatin1String("dnsmasq_lines = [")))
                    inLines = true;
                else if (item == QLatin1String("]"))
                    inHosts = inLines = false;
                else if ((inHosts || inLines) && item.startsWith(u'"'))
                    (inHosts ? hosts : extra) += item.section(u'"', 1, 1) + u'\n';
            }
            QVERIFY2(!hosts.isEmpty() && !extra.isEmpty(), exported.out.constData());
            const QString hostsFile = dir.filePath(QStringLiteral("pihole.hosts"));
            QVERIFY(writeBytes(hostsFile, hosts.toUtf8()));
            lines = extra + QStringLiteral("addn-hosts=") + hostsFile + u'\n';
        }
        const QString conf = dir.filePath(QStringLiteral("sut.conf"));
        port = startOnFreePort(dnsmasq, [&](int free) {
            writeBytes(conf, QStringLiteral("port=%1\nlisten-address=127.0.0.1\n"
                                            "bind-interfaces\nno-resolv\nno-hosts\n"
                                            "server=127.0.0.1#%2\n")
                                     .arg(free)
                                     .arg(upstream)
                                     .toUtf8() +
                                 lines.toUtf8());
            return QStringList{QStringLiteral("--keep-in-foreground"),
                               QStringLiteral("--conf-file=") + conf};
        });
    }
    QVERIFY2(port > 0, qPrintable(format + QStringLiteral(" did not start")));

    Registry plan;
    Error error;
    QVERIFY(RegistryIo::load(registry, plan, error));
    const RouteTable routes(plan);
    int checked = 0;
    for (const RouteTable::Entry &entry : routes.entries()) {
        const bool external = entry.scope != Scopes::Internal;
        if (external && scope == QLatin1String("internal"))
            continue;
        const QString address = (external ? entry.lanAddress : entry.address).toString();
        const bool v6 = address.contains(u':');
        const QString planned = v6 ? QStringLiteral("AAAA") : QStringLiteral("A");
        const QString other = v6 ? QStringLiteral("A") : QStringLiteral("AAAA");
        const Answer answer = ask(port, planned, entry.fqdn);
        QVERIFY2(
            answer.status == QLatin1String("NOERROR") && answer.addresses == QStringList{address},
            qPrintable(entry.fqdn + u' ' + answer.status + u' ' + answer.addresses.join(u',')));
        const Answer empty = ask(port, other, entry.fqdn);
        QVERIFY2(empty.status == QLatin1String("NOERROR") && empty.addresses.isEmpty(),
                 qPrintable(QStringLiteral("%1 %2 leaked: %3 %4")
                                .arg(other, entry.fqdn, empty.status, empty.addresses.join(u','))));
        ++checked;
    }
    QVERIFY(checked > 0);
    // A name in the internal zone that the plan does not hold: NXDOMAIN, not forwarded.
    const QString unplanned = QStringLiteral("unplanned.") + plan.policy.internalDomain();
    const Answer nx = ask(port, QStringLiteral("A"), unplanned);
    QVERIFY2(nx.status == QLatin1String("NXDOMAIN"),
             qPrintable(unplanned + u' ' + nx.status + u' ' + nx.addresses.join(u',')));
    // A name outside what the plan holds still goes upstream.
    QCOMPARE(
        ask(port, QStringLiteral("A"), QStringLiteral("elsewhere.invalid-zone.example")).addresses,
        QStringList{QStringLiteral("6.6.6.6")});
}

QTEST_GUILESS_MAIN(TestDnsAuthority)
#include "tst_dnsauthority.moc"
