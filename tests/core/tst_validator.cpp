#include "check/FindingsReport.h"
#include "check/Validator.h"
#include "domain/WellKnownPorts.h"
#include "formats/yaml/YamlReader.h"
#include "support/TestSupport.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>

using namespace portolan;
using portolan::testing::fromTestFolder;

namespace {

// "severity code subject port": the part of a finding a fixture's "# expect:" line names.
QString signature(const Finding &finding)
{
    return QStringLiteral("%1 %2 %3 %4")
        .arg(severityName(finding.severity), finding.code, finding.subject(), finding.portLabel());
}

// `devices` devices, each with a host binding and no exception (an error each) in a service
// whose name is not ASCII (another), every other device sharing an address with the one before.
Registry manyFindings(int devices)
{
    Registry registry;
    registry.policy.domain = QStringLiteral("example.org");
    registry.policy.internalSubdomain = QStringLiteral("home");
    registry.policy.blocks = {{{}, QStringLiteral("ssh-git"), {}}};
    for (int d = 0; d < devices; ++d) {
        Device device;
        device.name = QStringLiteral("host%1").arg(d);
        device.ip = QStringLiteral("10.0.%1.%2").arg(d / 2 / 250).arg(d / 2 % 250 + 1);
        Service service;
        service.name = QStringLiteral("café%1").arg(d);
        service.category = QStringLiteral("ssh-git");
        Binding binding;
        binding.host = PortRange::single(20000 + d % 900);
        binding.container = PortRange::single(22);
        service.ports = {binding};
        device.services = {service};
        registry.devices.append(device);
    }
    return registry;
}

// What validate() finds, as each check finds it, one device after the other.
Findings checkedOneByOne(const Validator &validator, const Registry &registry)
{
    Findings pieces = validator.checkPolicy(registry);
    for (int d = 0; d < registry.devices.size(); ++d)
        pieces += validator.checkDevice(registry, d);
    pieces += validator.checkAcrossDevices(registry);
    Validator::sortFindings(pieces);
    return pieces;
}

WellKnownPorts testServices()
{
    WellKnownPorts ports;
    ports.loadServicesFile(fromTestFolder(PORTOLAN_TEST_DATA "/services"));
    return ports;
}

} // namespace

class TestValidator : public QObject
{
    Q_OBJECT

private slots:
    void nameRulesMatchTheirPatterns_data();
    void nameRulesMatchTheirPatterns();
    void fixtures_data();
    void fixtures();
    void everyCodeHasAFiringAndANearMissFixture();
    void partialChecksAddUpToTheWhole();
    void manyDevicesJoinedInOrder();
    void textInPiecesIsTheWholeText();
    void sweepMatchesPairwiseComparison_data();
    void sweepMatchesPairwiseComparison();
    void jsonShape();
    void registeredPortsInRanges();
};

// One row per fixture: the findings must be exactly the "# expect:" lines, no more, no less.
void TestValidator::fixtures_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("example-homelab.yaml") << fromTestFolder(PORTOLAN_EXAMPLE);
    const QDir dir(fromTestFolder(PORTOLAN_TEST_DATA "/findings"));
    for (const QString &file : dir.entryList({QStringLiteral("*.yaml")}))
        QTest::newRow(qPrintable(file)) << dir.filePath(file);
}

void TestValidator::fixtures()
{
    QFETCH(QString, path);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
    QStringList expected;
    bool expectsNothing = path == fromTestFolder(PORTOLAN_EXAMPLE);
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (!line.startsWith(QLatin1String("# expect:")))
            continue;
        const QString expectation = line.mid(9).trimmed();
        if (expectation == QLatin1String("nothing"))
            expectsNothing = true;
        else
            expected << expectation;
    }
    QVERIFY2(expectsNothing != !expected.isEmpty(), "a fixture says what it expects");

    YamlReader reader;
    Registry registry;
    QVERIFY2(reader.readFile(path, registry), qPrintable(reader.error().toString()));
    const WellKnownPorts services = testServices();
    const Findings findings = Validator(&services).validate(registry);
    QStringList actual;
    for (const Finding &finding : findings) {
        actual << signature(finding);
        QVERIFY2(!finding.message.isEmpty(), "every finding explains itself");
    }
    actual.sort();
    expected.sort();
    QCOMPARE(actual, expected);
}

void TestValidator::everyCodeHasAFiringAndANearMissFixture()
{
    const QStringList codes = {
        FindingCode::PortConflict,       FindingCode::BindingWithoutException,
        FindingCode::UnknownException,   FindingCode::OutOfRange,
        FindingCode::ReservedBlock,      FindingCode::WrongBlock,
        FindingCode::UnknownCategory,    FindingCode::DuplicateDevice,
        FindingCode::DuplicateIp,        FindingCode::DuplicateService,
        FindingCode::DuplicateRoute,     FindingCode::RouteWithoutPort,
        FindingCode::InvalidValue,       FindingCode::BlocksExceedRange,
        FindingCode::EphemeralOverlap,   FindingCode::WellKnownPort,
        FindingCode::UnknownProxyDevice, FindingCode::RouteWithoutProxy,
        FindingCode::RouteUnreachable,   FindingCode::ProxyDeviceWithoutProxy,
        FindingCode::BackendOpen,
    };
    const QDir dir(fromTestFolder(PORTOLAN_TEST_DATA "/findings"));
    for (const QString &code : codes) {
        QVERIFY2(dir.exists(code + QStringLiteral(".yaml")), qPrintable(code));
        QVERIFY2(dir.exists(code + QStringLiteral("-near-miss.yaml")), qPrintable(code));
    }
}

void TestValidator::partialChecksAddUpToTheWhole()
{
    YamlReader reader;
    Registry registry;
    QVERIFY(reader.readFile(fromTestFolder(PORTOLAN_TEST_DATA "/findings/invalid-value.yaml"),
                            registry));
    const Validator validator;
    QCOMPARE(FindingsReport::toText(checkedOneByOne(validator, registry)),
             FindingsReport::toText(validator.validate(registry)));
}

// Above 64 devices the checks run on two threads and each device's findings are moved into
// one list: the same findings, in the same order, as checked one device after the other.
void TestValidator::manyDevicesJoinedInOrder()
{
    const Registry registry = manyFindings(300);
    const Validator validator;
    const Findings pieces = checkedOneByOne(validator, registry);
    const Findings whole = validator.validate(registry);
    QVERIFY(whole.size() >= 300 + 150); // an error per device, a duplicate address per pair
    QCOMPARE(FindingsReport::toText(whole), FindingsReport::toText(pieces));
}

// writeText hands on the text toText gives, as UTF-8, in pieces, and stops at a refusal.
void TestValidator::textInPiecesIsTheWholeText()
{
    const Findings findings = Validator().validate(manyFindings(2000));
    QByteArray joined;
    int pieces = 0;
    QVERIFY(FindingsReport::writeText(findings, [&](QByteArrayView piece) {
        ++pieces;
        joined += piece.toByteArray();
        return true;
    }));
    QCOMPARE(joined, FindingsReport::toText(findings).toUtf8());
    QVERIFY2(pieces > 2, qPrintable(QString::number(pieces)));
    QVERIFY(joined.endsWith('\n'));
    QVERIFY(joined.contains("caf\xC3\xA9"));

    int offered = 0;
    QVERIFY(!FindingsReport::writeText(
        findings, [&](QByteArrayView) { return ++offered > 1 ? false : true; }));
    QCOMPARE(offered, 2);

    QVERIFY(FindingsReport::writeText({}, [](QByteArrayView) { return false; }));
}

void TestValidator::sweepMatchesPairwiseComparison_data()
{
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<int>("bindings");
    for (quint32 seed = 1; seed <= 12; ++seed)
        QTest::newRow(qPrintable(QStringLiteral("seed %1").arg(seed)))
            << seed << int(20 + seed * 15);
}

// The interval sweep must find exactly the pairs that comparing every pair finds.
void TestValidator::sweepMatchesPairwiseComparison()
{
    QFETCH(quint32, seed);
    QFETCH(int, bindings);
    QRandomGenerator random(seed);
    const QStringList binds = {QString(),
                               QStringLiteral("0.0.0.0"),
                               QStringLiteral("::"),
                               QStringLiteral("127.0.0.1"),
                               QStringLiteral("10.0.0.1"),
                               QStringLiteral("::1"),
                               QStringLiteral("::ffff:127.0.0.1")};
    Registry registry;
    registry.policy.domain = QStringLiteral("example.org");
    registry.policy.internalSubdomain = QStringLiteral("home");
    registry.policy.blocks = {Block{{}, QStringLiteral("x"), QString()}};
    Device device;
    device.name = QStringLiteral("d");
    device.ip = QStringLiteral("10.0.0.1");
    for (int i = 0; i < bindings; ++i) {
        if (i % 3 == 0) {
            Service service;
            service.name = QStringLiteral("s%1").arg(i);
            service.category = QStringLiteral("x");
            device.services.append(service);
        }
        Binding binding;
        const int first = 20000 + int(random.bounded(200));
        const int length = random.bounded(4) == 0 ? 1 + int(random.bounded(20)) : 1;
        binding.host =
            length == 1 ? PortRange::single(first) : PortRange::span(first, first + length - 1);
        binding.container = binding.host;
        binding.protocol = random.bounded(2) ? Protocols::Udp : QString();
        binding.bind = binds[int(random.bounded(binds.size()))];
        binding.exception = Exceptions::NonHttp;
        device.services.last().ports.append(binding);
    }
    registry.devices.append(device);

    // Reference: every later binding against every earlier one; a binding that collides
    // with several is reported once, naming the first of them in the file.
    auto collide = [](const QString &a, const QString &b) {
        auto isAll = [](const QString &x) {
            return x.isEmpty() || x == QLatin1String("0.0.0.0") || x == QLatin1String("::");
        };
        if (isAll(a) || isAll(b))
            return true;
        QHostAddress left(a), right(b);
        return left.isEqual(right, QHostAddress::ConvertV4MappedToIPv4);
    };
    QStringList expected;
    QVector<std::tuple<int, int, const Binding *>> flat;
    for (int s = 0; s < device.services.size(); ++s)
        for (int b = 0; b < device.services[s].ports.size(); ++b)
            flat.append({s, b, &device.services[s].ports[b]});
    for (int j = 0; j < flat.size(); ++j) {
        for (int i = 0; i < j; ++i) {
            const Binding &earlier = *std::get<2>(flat[i]);
            const Binding &later = *std::get<2>(flat[j]);
            if (earlier.effectiveProtocol() == later.effectiveProtocol() &&
                earlier.host.overlaps(later.host) && collide(earlier.bind, later.bind)) {
                expected << QStringLiteral("%1.%2>%3.%4")
                                .arg(std::get<0>(flat[j]))
                                .arg(std::get<1>(flat[j]))
                                .arg(std::get<0>(flat[i]))
                                .arg(std::get<1>(flat[i]));
                break;
            }
        }
    }
    QStringList actual;
    for (const Finding &finding : Validator().checkDevice(registry, 0)) {
        if (finding.code == FindingCode::PortConflict)
            actual << QStringLiteral("%1.%2>%3.%4")
                          .arg(finding.where.service)
                          .arg(finding.where.binding)
                          .arg(finding.related.service)
                          .arg(finding.related.binding);
    }
    expected.sort();
    actual.sort();
    QVERIFY(!expected.isEmpty());
    QCOMPARE(actual, expected);
}

void TestValidator::jsonShape()
{
    YamlReader reader;
    Registry registry;
    QVERIFY(reader.readFile(fromTestFolder(PORTOLAN_TEST_DATA "/findings/port-conflict.yaml"),
                            registry));
    const QJsonDocument json =
        QJsonDocument::fromJson(FindingsReport::toJson(Validator().validate(registry)));
    QVERIFY(json.isObject());
    QCOMPARE(json[QStringLiteral("errors")].toInt(), 3);
    QCOMPARE(json[QStringLiteral("warnings")].toInt(), 0);
    const QJsonArray findings = json[QStringLiteral("findings")].toArray();
    QCOMPARE(findings.size(), 3);
    const QJsonObject first = findings[0].toObject();
    QCOMPARE(first.keys(), (QStringList{QStringLiteral("code"), QStringLiteral("device"),
                                        QStringLiteral("message"), QStringLiteral("port"),
                                        QStringLiteral("service"), QStringLiteral("severity")}));
    QCOMPARE(first[QStringLiteral("severity")].toString(), QStringLiteral("error"));
    QCOMPARE(first[QStringLiteral("code")].toString(), QStringLiteral("port-conflict"));
    QCOMPARE(first[QStringLiteral("device")].toString(), QStringLiteral("atlas"));
    QCOMPARE(first[QStringLiteral("service")].toString(), QStringLiteral("gitea"));
    QCOMPARE(first[QStringLiteral("port")].toInt(), 20022);
}

// The name checks test characters directly for speed; each must accept exactly what its
// pattern (the rule as documented) accepts.
void TestValidator::nameRulesMatchTheirPatterns_data()
{
    QTest::addColumn<QString>("text");
    const QStringList samples = {QString(),
                                 QStringLiteral("a"),
                                 QStringLiteral("atlas"),
                                 QStringLiteral("Atlas-2"),
                                 QStringLiteral("my_host.lan"),
                                 QStringLiteral("-lead"),
                                 QStringLiteral("trail-"),
                                 QStringLiteral("a..b"),
                                 QStringLiteral(".a"),
                                 QStringLiteral("a."),
                                 QStringLiteral("a b"),
                                 QStringLiteral("ünïcode"),
                                 QStringLiteral("tab\t"),
                                 QStringLiteral("x-y.z-w"),
                                 QStringLiteral("9lives"),
                                 QStringLiteral("under_score"),
                                 QStringLiteral("UPPER"),
                                 QStringLiteral("a-"),
                                 QStringLiteral("a.-b"),
                                 QStringLiteral("a.b-.c"),
                                 QString(63, u'a'),
                                 QString(64, u'a'),
                                 QString(63, u'a') + u'.' + QString(63, u'b'),
                                 QStringLiteral("a/b"),
                                 QStringLiteral("a:b"),
                                 QStringLiteral("émile"),
                                 QStringLiteral("ab\u0000"),
                                 QStringLiteral("z"),
                                 QStringLiteral("0"),
                                 QStringLiteral("ssh-git"),
                                 QStringLiteral("ssh_git"),
                                 QStringLiteral("Ssh")};
    for (const QString &sample : samples)
        QTest::newRow(qPrintable(QStringLiteral("\"%1\"").arg(sample.left(20)))) << sample;
    QString longHost;
    while (longHost.size() < 260)
        longHost += QStringLiteral("abcdefghi.");
    QTest::newRow("over 253") << longHost + QStringLiteral("x");
    QTest::newRow("253") << longHost.left(252) + QStringLiteral("x");
}

void TestValidator::nameRulesMatchTheirPatterns()
{
    QFETCH(QString, text);
    auto matches = [&text](const char *pattern) {
        return QRegularExpression(QString::fromLatin1(pattern)).match(text).hasMatch();
    };
    QCOMPARE(Validator::isValidDeviceName(text), matches("^[A-Za-z0-9._-]+$"));
    QCOMPARE(Validator::isValidServiceName(text), matches("^[a-zA-Z0-9._-]+$"));
    QCOMPARE(Validator::isValidPurpose(text), matches("^[a-z][a-z0-9_-]*$"));
    QCOMPARE(Validator::isValidHostName(text),
             text.size() <= 253 && matches("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                                           "(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"));
}

QTEST_GUILESS_MAIN(TestValidator)
// The registered ports of a range, each protocol apart, at the edges of the words the table
// keeps its bits in (0-63, 64-127...), against asking port by port.
void TestValidator::registeredPortsInRanges()
{
    WellKnownPorts ports;
    const QList<int> tcp{1, 63, 64, 127, 128, 4000, 65535};
    for (const int port : tcp)
        ports.addEntry(port, QStringLiteral("tcp"), {QStringLiteral("s%1").arg(port)});
    ports.addEntry(53, QStringLiteral("udp"), {QStringLiteral("domain")});
    const QList<std::pair<int, int>> ranges{{1, 1},       {2, 62},        {2, 63},    {63, 64},
                                            {65, 126},    {65, 127},      {1, 65535}, {129, 3999},
                                            {4000, 4000}, {65000, 65535}, {50, 60}};
    for (const auto &[first, last] : ranges) {
        for (const QString &protocol : {QStringLiteral("tcp"), QStringLiteral("udp")}) {
            QVector<int> expected;
            for (int port = first; port <= last; ++port) {
                if (ports.isRegistered(port, protocol))
                    expected << port;
            }
            QCOMPARE(ports.registeredIn(first, last, protocol), expected);
        }
    }
    QCOMPARE(ports.registeredIn(1, 65535, QStringLiteral("udp")), QVector<int>{53});
    QCOMPARE(ports.registeredIn(2, 62, QStringLiteral("tcp")), QVector<int>());
    QCOMPARE(ports.registeredIn(63, 64, QStringLiteral("tcp")), (QVector<int>{63, 64}));
}

#include "tst_validator.moc"
