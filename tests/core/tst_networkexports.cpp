#include "domain/RouteTable.h"
#include "domain/SshDestination.h"
#include "formats/FormatRegistry.h"
#include "store/RegistryIo.h"

#include "support/TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace portolan;
using namespace portolan::testing;

// What the network needs, generated from the plan: DNS records for six resolvers, the proxy's
// routes to other devices (Traefik and Caddy), a Homepage dashboard and an Ansible inventory.
// Each output is compared with its golden file and run through the tool that will read it;
// a missing tool fails the test (packaging/build-deps.txt installs them).
class TestNetworkExports : public QObject
{
    Q_OBJECT

private slots:
    void outputs_data();
    void outputs();
    void refusesARouteNoProxyServes_data();
    void refusesARouteNoProxyServes();
    void refusesAnInvalidValueItWouldWrite();
    void proxyDeviceOptionServesTheRest();
    void routesNotServedOnTheirDeviceAreTheFullTablesOthers_data();
    void routesNotServedOnTheirDeviceAreTheFullTablesOthers();
    void sameWordsWhateverTheTranslator();

private:
    QTemporaryDir m_dir;
};

namespace {

const QString exampleFile = fromTestFolder(PORTOLAN_EXAMPLE);
const QString ipv6File = fromTestFolder(PORTOLAN_TEST_DATA "/network/ipv6-two-proxies.yaml");

QString tool(const QString &name)
{
    return QStandardPaths::findExecutable(name,
                                          {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin"),
                                           QStringLiteral("/sbin"), QStringLiteral("/bin")});
}

ProcessResult cli(const QStringList &arguments)
{
    return runProgram(fromTestFolder(PORTOLAN_CLI), arguments);
}

// The golden files hold VERSION where the header names the build.
QByteArray withoutVersion(QByteArray text)
{
    return QString::fromUtf8(text)
        .replace(QRegularExpression(QStringLiteral("Portolan \\d+\\.\\d+\\.\\d+")),
                 QStringLiteral("Portolan VERSION"))
        .toUtf8();
}

// Debian's python packages (yaml, jsonschema) load under /usr/bin/python3.
ProcessResult python(const QString &script, const QStringList &arguments)
{
    return runProgram(QStringLiteral("/usr/bin/python3"),
                      QStringList{QStringLiteral("-c"), script} + arguments);
}

} // namespace

void TestNetworkExports::outputs_data()
{
    QTest::addColumn<QString>("registry");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("golden");
    QTest::addColumn<QString>("checker");

    const QList<std::pair<QString, QString>> registries = {
        {QStringLiteral("example-homelab"), exampleFile}, {QStringLiteral("ipv6"), ipv6File}};
    for (const auto &[name, file] : registries) {
        for (const char *format :
             {"hosts", "dnsmasq", "unbound", "adguard", "pihole", "headscale"}) {
            QTest::addRow("%s dns %s", qPrintable(name), format)
                << file
                << QStringList{QStringLiteral("dns"), QStringLiteral("--format"),
                               QLatin1String(format)}
                << name + QStringLiteral(".dns-") + QLatin1String(format)
                << QString::fromLatin1(format);
        }
        QTest::addRow("%s dns hosts --scope all", qPrintable(name))
            << file
            << QStringList{QStringLiteral("dns"), QStringLiteral("--format"),
                           QStringLiteral("hosts"), QStringLiteral("--scope"),
                           QStringLiteral("all")}
            << name + QStringLiteral(".dns-hosts-all") << QStringLiteral("hosts");
        QTest::addRow("%s traefik", qPrintable(name))
            << file << QStringList{QStringLiteral("traefik")}
            << name + QStringLiteral(".traefik.yml") << QStringLiteral("traefik");
        QTest::addRow("%s caddy", qPrintable(name))
            << file
            << QStringList{QStringLiteral("traefik"), QStringLiteral("--proxy"),
                           QStringLiteral("caddy")}
            << name + QStringLiteral(".Caddyfile") << QStringLiteral("caddy");
        QTest::addRow("%s homepage", qPrintable(name))
            << file << QStringList{QStringLiteral("homepage")}
            << name + QStringLiteral(".homepage-device.yaml") << QStringLiteral("homepage");
        QTest::addRow("%s homepage by category", qPrintable(name))
            << file
            << QStringList{QStringLiteral("homepage"), QStringLiteral("--group-by"),
                           QStringLiteral("category")}
            << name + QStringLiteral(".homepage-category.yaml") << QStringLiteral("homepage");
        QTest::addRow("%s ansible", qPrintable(name))
            << file << QStringList{QStringLiteral("ansible")}
            << name + QStringLiteral(".ansible.yml") << QStringLiteral("ansible");
    }
}

void TestNetworkExports::outputs()
{
    QFETCH(QString, registry);
    QFETCH(QStringList, arguments);
    QFETCH(QString, golden);
    QFETCH(QString, checker);

    QStringList command{QStringLiteral("export"), arguments.first(), registry};
    command += arguments.mid(1);
    const ProcessResult result = cli(command);
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QVERIFY(result.err.isEmpty());
    const QByteArray expected =
        fileBytes(fromTestFolder(PORTOLAN_TEST_DATA "/network/golden/") + golden);
    QVERIFY2(!expected.isEmpty(), qPrintable(golden));
    QCOMPARE(QString::fromUtf8(withoutVersion(result.out)), QString::fromUtf8(expected));

    const QString file = m_dir.filePath(golden);
    QVERIFY(writeBytes(file, result.out));
    ProcessResult check;
    if (checker == QLatin1String("hosts")) {
        // /etc/hosts: an address and a name per line, what getent reads.
        for (const QByteArray &line : result.out.split('\n')) {
            if (line.isEmpty() || line.startsWith('#'))
                continue;
            const QList<QByteArray> fields = line.split(' ');
            QCOMPARE(fields.size(), 2);
            QVERIFY2(!QHostAddress(QString::fromLatin1(fields[0])).isNull(), line.constData());
        }
        return;
    }
    if (checker == QLatin1String("dnsmasq")) {
        const QString dnsmasq = tool(QStringLiteral("dnsmasq"));
        QVERIFY2(!dnsmasq.isEmpty(), "dnsmasq (dnsmasq-base) is not installed");
        check =
            runProgram(dnsmasq, {QStringLiteral("--test"), QStringLiteral("--conf-file=") + file});
    } else if (checker == QLatin1String("unbound")) {
        const QString checkconf = tool(QStringLiteral("unbound-checkconf"));
        QVERIFY2(!checkconf.isEmpty(), "unbound-checkconf (unbound) is not installed");
        check = runProgram(checkconf, {file});
    } else if (checker == QLatin1String("adguard")) {
        check = python(
            QStringLiteral("import sys, yaml\n"
                           "doc = yaml.safe_load(open(sys.argv[1]))\n"
                           "rewrites = doc['filtering']['rewrites']\n"
                           "assert rewrites and all(set(r) == {'domain', 'answer', 'enabled'} and "
                           "r['enabled'] is True for r in rewrites), rewrites\n"),
            {file});
    } else if (checker == QLatin1String("pihole")) {
        check = python(QStringLiteral("import sys, tomllib\n"
                                      "doc = tomllib.load(open(sys.argv[1], 'rb'))\n"
                                      "hosts = doc['dns']['hosts']\n"
                                      "assert hosts and all(len(h.split(' ')) == 2 for h in "
                                      "hosts), hosts\n"),
                       {file});
    } else if (checker == QLatin1String("headscale")) {
        QJsonParseError error;
        const QJsonDocument json = QJsonDocument::fromJson(result.out, &error);
        QVERIFY2(json.isArray(), qPrintable(error.errorString()));
        for (const QJsonValue &record : json.array()) {
            const QJsonObject object = record.toObject();
            QCOMPARE(object.keys(), (QStringList{QStringLiteral("name"), QStringLiteral("type"),
                                                 QStringLiteral("value")}));
            const QHostAddress address(object.value(QStringLiteral("value")).toString());
            QCOMPARE(object.value(QStringLiteral("type")).toString(),
                     address.protocol() == QAbstractSocket::IPv6Protocol ? QStringLiteral("AAAA")
                                                                         : QStringLiteral("A"));
        }
        return;
    } else if (checker == QLatin1String("traefik")) {
        // SchemaStore's Traefik v3 file-provider schema judges the dynamic configuration.
        QString schema =
            fromTestFolder(PORTOLAN_SOURCE_DIR "/../shared/data/traefik-v3-file-provider.json");
        if (!QFile::exists(schema))
            schema = fromTestFolder(PORTOLAN_TEST_DATA "/network/traefik-v3-file-provider.json");
        check = python(
            QStringLiteral("import sys, json, yaml, jsonschema\n"
                           "schema = json.load(open(sys.argv[1]))\n"
                           "jsonschema.validate(yaml.safe_load(open(sys.argv[2])), schema)\n"),
            {schema, file});
    } else if (checker == QLatin1String("caddy")) {
        const QString caddy = tool(QStringLiteral("caddy"));
        QVERIFY2(!caddy.isEmpty(), "caddy is not installed");
        check = runProgram(caddy, {QStringLiteral("adapt"), QStringLiteral("--config"), file,
                                   QStringLiteral("--adapter"), QStringLiteral("caddyfile")});
    } else if (checker == QLatin1String("homepage")) {
        check =
            python(QStringLiteral("import sys, yaml\n"
                                  "groups = yaml.safe_load(open(sys.argv[1]))\n"
                                  "assert isinstance(groups, list) and groups\n"
                                  "for group in groups:\n"
                                  "    (name, services), = group.items()\n"
                                  "    for service in services:\n"
                                  "        (title, fields), = service.items()\n"
                                  "        assert fields['href'].startswith('https://'), fields\n"
                                  "        assert ' on ' in fields['description'], fields\n"),
                   {file});
    } else if (checker == QLatin1String("ansible")) {
        const QString inventory = tool(QStringLiteral("ansible-inventory"));
        QVERIFY2(!inventory.isEmpty(), "ansible-inventory (ansible-core) is not installed");
        check = runProgram(inventory, {QStringLiteral("-i"), file, QStringLiteral("--list")}, {},
                           120000, [this](QProcess &process) {
                               QProcessEnvironment environment =
                                   QProcessEnvironment::systemEnvironment();
                               environment.insert(QStringLiteral("HOME"), m_dir.path());
                               environment.insert(QStringLiteral("ANSIBLE_LOCAL_TEMP"),
                                                  m_dir.filePath(QStringLiteral("ansible-tmp")));
                               process.setProcessEnvironment(environment);
                           });
        QVERIFY2(check.exitCode == 0, check.err.constData());
        // Warnings (an unparsed file, an invalid group name) mean Ansible read something else.
        QVERIFY2(!check.errText().contains(QStringLiteral("WARNING")), check.err.constData());
        const QJsonObject list = QJsonDocument::fromJson(check.out).object();
        const QJsonObject hostvars = list.value(QStringLiteral("_meta"))
                                         .toObject()
                                         .value(QStringLiteral("hostvars"))
                                         .toObject();
        Registry source;
        Error error;
        QVERIFY(RegistryIo::load(registry, source, error));
        QCOMPARE(hostvars.size(), source.devices.size());
        for (const Device &device : source.devices) {
            const QJsonObject host = hostvars.value(device.name).toObject();
            // The ssh destination's host (an alias stays one), else the device's address.
            const SshDestination ssh = SshDestination::parse(device.ssh);
            QCOMPARE(host.value(QStringLiteral("ansible_host")).toString(),
                     ssh.valid ? ssh.host : device.ip);
            QCOMPARE(host.value(QStringLiteral("portolan_services")).toArray().size(),
                     device.services.size());
        }
        return;
    }
    QVERIFY2(check.exitCode == 0, (check.err + check.out).constData());
}

void TestNetworkExports::refusesARouteNoProxyServes_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("dns") << QStringList{QStringLiteral("dns")};
    QTest::newRow("dns all") << QStringList{QStringLiteral("dns"), QStringLiteral("--scope"),
                                            QStringLiteral("all")};
    QTest::newRow("traefik") << QStringList{QStringLiteral("traefik")};
    QTest::newRow("caddy") << QStringList{QStringLiteral("traefik"), QStringLiteral("--proxy"),
                                          QStringLiteral("caddy")};
}

void TestNetworkExports::refusesARouteNoProxyServes()
{
    QFETCH(QStringList, arguments);
    QStringList command{QStringLiteral("export"), arguments.first(),
                        fromTestFolder(PORTOLAN_TEST_DATA "/network/no-proxy.yaml")};
    command += arguments.mid(1);
    const ProcessResult result = cli(command);
    QCOMPARE(result.exitCode, 2);
    QVERIFY(result.out.isEmpty());
    QVERIFY2(result.errText().contains(QStringLiteral("n8n.home.example.org of helios/n8n")),
             result.err.constData());
}

void TestNetworkExports::refusesAnInvalidValueItWouldWrite()
{
    QString yaml = QString::fromUtf8(fileBytes(ipv6File));
    yaml.replace(QStringLiteral("vpn_ip: fd10::1"), QStringLiteral("vpn_ip: fd10::1%eth0"));
    const QString file = m_dir.filePath(QStringLiteral("zone.yaml"));
    QVERIFY(writeBytes(file, yaml.toUtf8()));
    for (const char *format : {"dns", "traefik", "homepage", "ansible"}) {
        const ProcessResult result = cli({QStringLiteral("export"), QLatin1String(format), file});
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.out.isEmpty());
        QVERIFY2(result.errText().contains(QStringLiteral("vpn_ip")), result.err.constData());
    }
}

void TestNetworkExports::proxyDeviceOptionServesTheRest()
{
    const ProcessResult result = cli({QStringLiteral("export"), QStringLiteral("traefik"),
                                      fromTestFolder(PORTOLAN_TEST_DATA "/network/no-proxy.yaml"),
                                      QStringLiteral("--proxy-device"), QStringLiteral("helios")});
    // helios serves itself now: nothing is forwarded to another device, and that is no error.
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QVERIFY(result.outText().contains(QStringLiteral("routers: {}")));
    const ProcessResult unknown =
        cli({QStringLiteral("export"), QStringLiteral("traefik"), ipv6File,
             QStringLiteral("--proxy-device"), QStringLiteral("nope")});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY(unknown.errText().contains(QStringLiteral("no device named \"nope\"")));
}

void TestNetworkExports::routesNotServedOnTheirDeviceAreTheFullTablesOthers_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("proxyDevice");
    QTest::addColumn<int>("expected");
    // helios forwards 2 routes to atlas; nas, without a proxy, forwards its 3 to the policy's;
    // helios's one route has no proxy at all (an entry, unserved), until --proxy-device.
    QTest::newRow("example") << exampleFile << QString() << 2;
    QTest::newRow("two proxies") << ipv6File << QString() << 3;
    QTest::newRow("no proxy") << fromTestFolder(PORTOLAN_TEST_DATA "/network/no-proxy.yaml")
                              << QString() << 1;
    QTest::newRow("no proxy, --proxy-device")
        << fromTestFolder(PORTOLAN_TEST_DATA "/network/no-proxy.yaml") << QStringLiteral("helios")
        << 0;
}

// The proxy-routes export reads only routes no proxy on their own device serves: that table
// holds exactly the full table's entries of that kind, field for field, in its order.
void TestNetworkExports::routesNotServedOnTheirDeviceAreTheFullTablesOthers()
{
    QFETCH(QString, file);
    QFETCH(QString, proxyDevice);
    QFETCH(int, expected);
    const Registry registry = readYamlOrDie(file);
    const RouteTable full(registry, proxyDevice);
    const RouteTable others(registry, proxyDevice, RouteTable::Routes::NotServedOnTheirDevice);
    QVector<const RouteTable::Entry *> wanted;
    for (const RouteTable::Entry &entry : full.entries()) {
        if (entry.proxyDevice != entry.device)
            wanted << &entry;
    }
    QCOMPARE(others.entries().size(), wanted.size());
    QCOMPARE(int(others.entries().size()), expected);
    for (qsizetype i = 0; i < wanted.size(); ++i) {
        const RouteTable::Entry &got = others.entries()[i];
        const RouteTable::Entry &want = *wanted[i];
        QCOMPARE(got.device, want.device);
        QCOMPARE(got.service, want.service);
        QCOMPARE(got.fqdn, want.fqdn);
        QCOMPARE(got.proxyDevice, want.proxyDevice);
        QCOMPARE(got.address, want.address);
        QCOMPARE(got.upstream, want.upstream);
        QCOMPARE(got.unreachable, want.unreachable);
    }
}

namespace {
// Translates every text it is asked for, so that any word of an export that goes through tr()
// shows. Both programs install English plural forms ("2 devices"); a translation may come later.
class MarkingTranslator : public QTranslator
{
public:
    bool isEmpty() const override { return false; }
    QString translate(const char *, const char *sourceText, const char *, int) const override
    {
        return sourceText && *sourceText ? QStringLiteral("<translated>") : QString();
    }
};

QByteArray exportWithDefaults(const Exporter *exporter, const Registry &registry, Error *error)
{
    FormatValues values;
    values.set(Exporter::SourceValue, {QStringLiteral("lab.yaml")});
    for (const FormatOption &option : exporter->options()) {
        if (option.isDevice)
            values.set(option.name, {registry.devices.first().name});
    }
    QByteArray out;
    if (!exporter->write(registry, values, &out, error))
        return {};
    return out;
}
} // namespace

// An export kept in git is written by the app (with its translator) and by the CLI (without):
// the bytes must not depend on which, nor on a translation.
void TestNetworkExports::sameWordsWhateverTheTranslator()
{
    for (const QString &file : {exampleFile, ipv6File}) {
        Registry registry;
        Error error;
        QVERIFY(RegistryIo::load(file, registry, error));
        QVERIFY(!registry.devices.isEmpty());
        for (const Exporter *exporter : FormatRegistry::exporters()) {
            const QByteArray plain = exportWithDefaults(exporter, registry, &error);
            QVERIFY2(!plain.isEmpty(),
                     qPrintable(exporter->name() + QStringLiteral(": ") + error.toString()));
            MarkingTranslator marking;
            QVERIFY(QCoreApplication::installTranslator(&marking));
            // The translator is in place (what the app's menus and messages go through).
            const bool translating = QCoreApplication::translate("portolan::Exporter", "any") ==
                                     QLatin1String("<translated>");
            const QByteArray translated = exportWithDefaults(exporter, registry, &error);
            QCoreApplication::removeTranslator(&marking);
            QVERIFY(translating);
            QVERIFY2(!translated.contains("<translated>"),
                     qPrintable(exporter->name() + QStringLiteral(" from ") + file));
            QCOMPARE(translated, plain);
        }
    }
}

QTEST_GUILESS_MAIN(TestNetworkExports)
#include "tst_networkexports.moc"
