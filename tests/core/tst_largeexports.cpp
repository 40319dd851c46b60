#include "check/CrossDeviceIndex.h"
#include "check/ExportCheck.h"
#include "domain/ByteWriter.h"
#include "domain/ParallelSections.h"
#include "domain/RouteTable.h"
#include "domain/TextRules.h"
#include "formats/FormatRegistry.h"
#include "formats/yaml/YamlReader.h"
#include "support/TestSupport.h"

#include <QTest>
#include <QThread>

#include <algorithm>
#include <limits>

using namespace portolan;
using portolan::testing::fromTestFolder;

// Exports of a large registry write their sections (devices, groups) on two threads and check
// the registry on others while they write: the text must be byte for byte what one thread
// writes, and a refusal the same refusal.
class TestLargeExports : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void sameTextAsOneThread_data();
    void sameTextAsOneThread();
    void sameRefusalAsOneThread();
    void refusedWhileWrittenStaysLinear();
    void routeTableSameAsOneThread();
    void sectionsInPartsAsOneThreadWrites();
    void streamStopsWhereTheSinkFails();
    void sectionsThatThrowStopBothThreads();
    void homepageStreamedOnlyWithoutBraces();
    void routeNamesLoweredAsQtLowers();
    void inventoryGroupsForAnyNumberOfPurposes_data();
    void inventoryGroupsForAnyNumberOfPurposes();
    void utf8AppendedAsConverted();
    void namingFindingsAsTheIndexFinds_data();
    void namingFindingsAsTheIndexFinds();

private:
    QByteArray exportText(const QString &format, const QStringList &options, bool oneThread,
                          bool *written, Error *error) const;

    Registry m_large;
};

void TestLargeExports::initTestCase()
{
    Registry example;
    YamlReader reader;
    QVERIFY2(reader.readFile(fromTestFolder(PORTOLAN_EXAMPLE), example),
             qPrintable(reader.error().toString()));
    m_large.formatVersion = example.formatVersion;
    m_large.policy = example.policy;
    // 65 copies of each device of the example: well past the point where a second thread
    // starts, with unique names, addresses and route names.
    for (int copy = 0; copy < 65; ++copy) {
        for (Device device : example.devices) {
            device.name += QStringLiteral("-%1").arg(copy);
            device.ip =
                QStringLiteral("10.9.%1.%2").arg(copy).arg(m_large.devices.size() % 200 + 1);
            device.vpnIp.clear();
            device.ssh.clear();
            for (Service &service : device.services) {
                if (service.route && service.route->host != QLatin1String("@"))
                    service.route->host += QStringLiteral("-%1").arg(copy);
                else
                    service.route.reset();
            }
            m_large.devices.append(device);
        }
    }
    // The policy's proxy device keeps its name (its first copy).
    if (!m_large.policy.proxyDevice.isEmpty())
        m_large.policy.proxyDevice += QStringLiteral("-0");
    QVERIFY(m_large.devices.size() >= 2 * ParallelSections::fromSections());
}

void TestLargeExports::cleanup()
{
    ParallelSections::fromSections() = 64;
}

QByteArray TestLargeExports::exportText(const QString &format, const QStringList &options,
                                        bool oneThread, bool *written, Error *error) const
{
    ParallelSections::fromSections() = oneThread ? std::numeric_limits<int>::max() : 64;
    FormatValues values;
    for (int i = 0; i + 1 < options.size(); i += 2)
        values.set(options[i], {options[i + 1]});
    values.set(Exporter::SourceValue, {QStringLiteral("large.yaml")});
    QByteArray out;
    const Exporter *exporter = FormatRegistry::exporter(format);
    *written = exporter->write(m_large, values, &out, error);
    // The CLI writes the parts one after the other: together they are the same text, and a
    // refusal is the same refusal.
    QList<QByteArray> parts;
    Error partsError;
    const bool partsWritten = exporter->writeParts(m_large, values, &parts, &partsError);
    if (partsWritten != *written || QByteArrayList(parts).join() != out ||
        partsError.toString() != error->toString())
        return QByteArrayLiteral("writeParts() differs from write()");
    // Streamed as the CLI takes it: the same text piece by piece, and nothing at all from a
    // refusal.
    QByteArray streamed;
    int pieces = 0;
    Error streamError;
    const bool streamWritten = exporter->writeTo(
        m_large, values,
        [&](QByteArrayView piece) {
            streamed += piece;
            ++pieces;
            return true;
        },
        &streamError);
    if (streamWritten != *written || streamed != out ||
        streamError.toString() != error->toString() || (!*written && pieces > 0))
        return QByteArrayLiteral("writeTo() differs from write()");
    return out;
}

void TestLargeExports::sameTextAsOneThread_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QStringList>("options");
    QTest::newRow("ansible") << QStringLiteral("ansible") << QStringList();
    QTest::newRow("homepage by device") << QStringLiteral("homepage") << QStringList();
    QTest::newRow("homepage by category")
        << QStringLiteral("homepage")
        << QStringList{QStringLiteral("group-by"), QStringLiteral("category")};
    QTest::newRow("markdown") << QStringLiteral("markdown") << QStringList();
    QTest::newRow("dns unbound") << QStringLiteral("dns")
                                 << QStringList{QStringLiteral("scope"), QStringLiteral("all"),
                                                QStringLiteral("format"),
                                                QStringLiteral("unbound")};
    QTest::newRow("traefik") << QStringLiteral("traefik") << QStringList();
    for (const char *format : {"hosts", "dnsmasq", "pihole", "adguard", "headscale"})
        QTest::addRow("dns %s", format)
            << QStringLiteral("dns")
            << QStringList{QStringLiteral("format"), QString::fromLatin1(format)};
}

void TestLargeExports::sameTextAsOneThread()
{
    QFETCH(QString, format);
    QFETCH(QStringList, options);
    bool written = false;
    Error error;
    const QByteArray parallel = exportText(format, options, false, &written, &error);
    QVERIFY2(written, qPrintable(error.toString()));
    const QByteArray serial = exportText(format, options, true, &written, &error);
    QVERIFY2(written, qPrintable(error.toString()));
    QVERIFY(parallel.size() > 10000);
    QCOMPARE(parallel, serial);
    // Every device is in it, the last one too.
    if (format != QLatin1String("traefik") && format != QLatin1String("dns"))
        QVERIFY(parallel.contains(m_large.devices.last().name.toUtf8()));
}

void TestLargeExports::sameRefusalAsOneThread()
{
    // An invalid value among the last devices, checked beside the writing.
    Registry &large = m_large;
    const Registry kept = large;
    large.devices[large.devices.size() - 3].description = QStringLiteral("two\nlines");
    for (const QString &format :
         {QStringLiteral("ansible"), QStringLiteral("homepage"), QStringLiteral("markdown"),
          QStringLiteral("dns"), QStringLiteral("traefik")}) {
        bool written = true;
        Error parallelError;
        const QByteArray parallel = exportText(format, {}, false, &written, &parallelError);
        QVERIFY2(!written, qPrintable(format));
        QVERIFY(parallel.isEmpty());
        Error serialError;
        exportText(format, {}, true, &written, &serialError);
        QVERIFY(!written);
        QCOMPARE(parallelError.toString(), serialError.toString());
        QVERIFY2(parallelError.toString().contains(QLatin1String("description")),
                 qPrintable(parallelError.toString()));
    }
    large = kept;
}

// A registry refused for 20,000 devices of one name is written while it is checked: the
// Traefik routes' unique names must not take quadratic time meanwhile (minutes, before).
void TestLargeExports::refusedWhileWrittenStaysLinear()
{
    Registry same;
    same.formatVersion = m_large.formatVersion;
    same.policy = m_large.policy;
    // One proxy serves 20,000 devices of one name, each with the same routed services.
    int proxy = -1;
    int served = -1;
    for (int d = 0; d < m_large.devices.size(); ++d)
        (m_large.devices[d].runsReverseProxy() ? proxy : served) = d;
    QVERIFY(proxy >= 0 && served >= 0);
    same.devices.append(m_large.devices[proxy]);
    same.policy.proxyDevice = same.devices.first().name;
    Device device = m_large.devices[served];
    device.name = QStringLiteral("twin");
    QVERIFY(std::any_of(device.services.cbegin(), device.services.cend(),
                        [](const Service &service) { return service.route.has_value(); }));
    for (int i = 0; i < 20000; ++i)
        same.devices.append(device);
    FormatValues values;
    QByteArray out;
    Error error;
    QVERIFY(
        !FormatRegistry::exporter(QStringLiteral("traefik"))->write(same, values, &out, &error));
    QVERIFY(out.isEmpty());
    QVERIFY2(error.toString().contains(QLatin1String("duplicate-device")),
             qPrintable(error.toString().left(300)));
}

// The route table is built by two threads in runs of devices: the same entries, in the
// same order, as one thread builds, with each name as Registry::routeFqdn spells it.
void TestLargeExports::routeTableSameAsOneThread()
{
    Registry mixedCase = m_large;
    mixedCase.policy.domain = mixedCase.policy.domain.toUpper();
    const auto entriesOf = [&](bool oneThread) {
        ParallelSections::fromSections() = oneThread ? std::numeric_limits<int>::max() : 64;
        return RouteTable(mixedCase).entries();
    };
    const QVector<RouteTable::Entry> parallel = entriesOf(false);
    const QVector<RouteTable::Entry> serial = entriesOf(true);
    QVERIFY(parallel.size() > 500);
    QCOMPARE(parallel.size(), serial.size());
    for (int i = 0; i < parallel.size(); ++i) {
        const RouteTable::Entry &a = parallel[i];
        const RouteTable::Entry &b = serial[i];
        QCOMPARE(std::tie(a.device, a.service, a.fqdn, a.scope, a.port, a.proxyDevice, a.address,
                          a.lanAddress, a.upstream, a.backend, a.unreachable),
                 std::tie(b.device, b.service, b.fqdn, b.scope, b.port, b.proxyDevice, b.address,
                          b.lanAddress, b.upstream, b.backend, b.unreachable));
        const Service &service = mixedCase.devices[a.device].services[a.service];
        QCOMPARE(a.fqdn, mixedCase.routeFqdn(*service.route));
    }
    QVERIFY(std::any_of(parallel.cbegin(), parallel.cend(),
                        [](const RouteTable::Entry &entry) { return entry.isForwarded(); }));
}

// A route's name is lowered as QString::toLower lowers the whole name, whether its host is
// plain ASCII (lowered in place) or not (lowered by Qt): capitals, the characters either side
// of A-Z, letters whose lower case is two characters, a surrogate pair, and lone surrogates
// (which Qt lowers by what came before them in the whole name).
// Sections written in runs that two threads take in turn: in order whoever wrote which, even
// when one thread is much slower (it then takes fewer runs), and in MostRuns parts.
void TestLargeExports::sectionsInPartsAsOneThreadWrites()
{
    const int count = 1000;
    QByteArray serial;
    for (int i = 0; i < count; ++i)
        serial += QByteArray::number(i) + ',';
    const QThread *main = QThread::currentThread();
    for (const bool slowOther : {false, true}) {
        QByteArray text("head:");
        std::atomic<int> byOther{0};
        const std::vector<QByteArray> parts =
            ParallelSections::appendInParts(text, count, [&](QByteArray &out, int i) {
                if (QThread::currentThread() != main) {
                    ++byOther;
                    if (slowOther)
                        QThread::usleep(200);
                }
                out += QByteArray::number(i) + ',';
            });
        QCOMPARE(int(parts.size()), ParallelSections::MostRuns - 1);
        QByteArray whole = text;
        for (const QByteArray &part : parts)
            whole += part;
        QCOMPARE(whole, "head:" + serial);
        if (slowOther) // 200 µs a section there: the main thread takes most runs
            QVERIFY2(byOther.load() < count / 2, qPrintable(QString::number(byOther.load())));
    }
    // Below fromSections(), all in `text`.
    QByteArray small;
    QVERIFY(ParallelSections::appendInParts(small, 10, [](QByteArray &out, int i) {
                out += char('0' + i);
            }).empty());
    QCOMPARE(small, QByteArray("0123456789"));
}

// A sink that stops taking the text (a full disk, a closed pipe): the export stops there and
// says so; the pieces before it came in order.
void TestLargeExports::streamStopsWhereTheSinkFails()
{
    FormatValues values;
    values.set(Exporter::SourceValue, {QStringLiteral("large.yaml")});
    for (const QString &format : {QStringLiteral("ansible"), QStringLiteral("markdown"),
                                  QStringLiteral("homepage"), QStringLiteral("dns")}) {
        const Exporter *exporter = FormatRegistry::exporter(format);
        QByteArray whole;
        Error error;
        QVERIFY(exporter->write(m_large, values, &whole, &error));
        QByteArray taken;
        int pieces = 0;
        const bool written = exporter->writeTo(
            m_large, values,
            [&](QByteArrayView piece) {
                if (++pieces > 3)
                    return false;
                taken += piece;
                return true;
            },
            &error);
        QVERIFY2(!written, qPrintable(format));
        QCOMPARE(pieces, 4); // nothing more was offered after the refusal
        QVERIFY2(error.toString().contains(QLatin1String("could not be written")),
                 qPrintable(error.toString()));
        QVERIFY(!taken.isEmpty());
        QVERIFY(whole.startsWith(taken));
    }
}

// A section or a hand-on that throws: the exception comes out once both threads are done,
// the other thread takes no run after it, and no run is handed on twice.
void TestLargeExports::sectionsThatThrowStopBothThreads()
{
    const int count = 4000;
    struct Failed
    {};
    // Whether fn threw Failed, and how many sections were written meanwhile.
    std::atomic<int> written{0};
    const auto throws = [&](const auto &fn) {
        written = 0;
        try {
            fn();
        } catch (const Failed &) {
            return true;
        }
        return false;
    };
    int handed = 0;
    QVERIFY(throws([&] {
        ParallelSections::writeInOrder<ByteWriter>(
            count, [](ByteWriter &out, int i) { out.appendNumber(i); },
            [&](const ByteWriter &) {
                if (++handed == 4)
                    throw Failed();
                return true;
            });
    }));
    QCOMPARE(handed, 4);

    const auto failAt = [&](int i) {
        ++written;
        if (i == count / 10)
            throw Failed();
    };
    QVERIFY(throws([&] {
        ParallelSections::writeInOrder<ByteWriter>(
            count, [&](ByteWriter &, int i) { failAt(i); },
            [](const ByteWriter &) { return true; });
    }));
    QVERIFY2(written.load() < count / 2, qPrintable(QString::number(written.load())));
    QByteArray text;
    QVERIFY(throws([&] {
        ParallelSections::appendInParts(text, count, [&](QByteArray &, int i) { failAt(i); });
    }));
    QVERIFY2(written.load() < count / 2, qPrintable(QString::number(written.load())));
    QVERIFY(throws([&] { ParallelSections::forEach(count, failAt); }));
    QVERIFY2(written.load() < count, qPrintable(QString::number(written.load())));
}

// A dashboard goes out in runs as it is written only when no '{' can reach it; with one in a
// note it is written whole and looked at for placeholders first. The text is the same.
void TestLargeExports::homepageStreamedOnlyWithoutBraces()
{
    const Exporter *exporter = FormatRegistry::exporter(QStringLiteral("homepage"));
    FormatValues values;
    values.set(Exporter::SourceValue, {QStringLiteral("large.yaml")});
    const auto pieces = [&](const Registry &registry, QByteArray *streamed) {
        int count = 0;
        Error error;
        const bool written = exporter->writeTo(
            registry, values,
            [&](QByteArrayView piece) {
                *streamed += piece;
                ++count;
                return true;
            },
            &error);
        return written ? count : -1;
    };
    QByteArray whole;
    Error error;
    QVERIFY(exporter->write(m_large, values, &whole, &error));
    QByteArray streamed;
    QVERIFY(pieces(m_large, &streamed) > ParallelSections::MostRuns);
    QCOMPARE(streamed, whole);

    Registry braced = m_large;
    Service *noted = nullptr;
    for (Device &device : braced.devices) {
        for (Service &service : device.services) {
            if (service.route && !noted)
                noted = &service;
        }
    }
    QVERIFY(noted);
    noted->notes = QStringLiteral("json {port: 1}");
    QVERIFY(exporter->write(braced, values, &whole, &error));
    QVERIFY(whole.contains("json {port: 1}"));
    streamed.clear();
    const int held = pieces(braced, &streamed);
    QVERIFY2(held > 0 && held <= ParallelSections::MostRuns, qPrintable(QString::number(held)));
    QCOMPARE(streamed, whole);

    // A brace in a block's label (a group title by category) is held and looked at too.
    Registry labelled = m_large;
    labelled.policy.blocks[0].label = QStringLiteral("Git {self-hosted}");
    values.set(QStringLiteral("group-by"), {QStringLiteral("category")});
    QVERIFY(exporter->write(labelled, values, &whole, &error));
    QVERIFY(whole.contains("Git {self-hosted}"));
    streamed.clear();
    const int heldByLabel = pieces(labelled, &streamed);
    QVERIFY2(heldByLabel > 0 && heldByLabel <= ParallelSections::MostRuns,
             qPrintable(QString::number(heldByLabel)));
    QCOMPARE(streamed, whole);

    // What streaming relies on: a name cannot hold a brace (the check refuses it before a
    // byte is written), so a placeholder in one never reaches the dashboard.
    Registry named = m_large;
    named.devices[0].name = QStringLiteral("{{HOMEPAGE_VAR_TOKEN}}");
    named.devices[0].services[0].name = QStringLiteral("{{HOMEPAGE_FILE_KEY}}");
    streamed.clear();
    QCOMPARE(pieces(named, &streamed), -1);
    QVERIFY(streamed.isEmpty());
    QVERIFY(!exporter->write(named, values, &whole, &error));
    QVERIFY2(error.toString().contains(QLatin1String("(invalid-value)")),
             qPrintable(error.toString()));
}

void TestLargeExports::routeNamesLoweredAsQtLowers()
{
    const QStringList hosts{QString(),
                            QStringLiteral("grafana"),
                            QStringLiteral("Grafana-01"),
                            QStringLiteral("@AZ[`az{"),
                            QStringLiteral("@"),
                            QStringLiteral("a.B"),
                            QString::fromUtf8("Caf\u00c9"),
                            QString::fromUtf8("\u0130stanbul"),
                            QString::fromUtf8("X\xf0\x90\x90\x80y"),
                            QStringLiteral("Git"),
                            QString(u'\u00c9') + QChar(0xd83d)};
    const QStringList domains{QStringLiteral("example.org"), QStringLiteral("Example.ORG"),
                              QString::fromUtf8("Stra\u00dfe.\u0130O"),
                              QChar(0xdc00) + QStringLiteral("x.org")};
    int compared = 0;
    for (const QString &domain : domains) {
        Policy policy;
        policy.domain = domain;
        policy.internalSubdomain = QStringLiteral("Home");
        const RouteNames names(policy);
        for (const QString &scope : {Scopes::External, Scopes::Internal}) {
            const QString base = scope == Scopes::Internal ? policy.internalDomain() : domain;
            for (const QString &host : hosts) {
                const Route route{host, scope, 443};
                const QString expected =
                    host == ApexHost ? base.toLower() : (host + QLatin1Char('.') + base).toLower();
                QCOMPARE(names.fqdn(route), expected);
                // Appended after what a writer holds already, into the room it has.
                QString written = QStringLiteral("https://");
                written.reserve(256);
                names.appendFqdn(written, route);
                QCOMPARE(written, QStringLiteral("https://") + expected);
                ++compared;
            }
        }
    }
    QCOMPARE(compared, 88);
}

void TestLargeExports::inventoryGroupsForAnyNumberOfPurposes_data()
{
    QTest::addColumn<int>("purposes");
    QTest::newRow("a few, compared in turn") << 4;
    QTest::newRow("many, looked up by hash") << 40;
}

// The inventory's category groups list each device that runs one of the category's services,
// whether the registry has a few purposes or many: categories of the same length that differ,
// and one that is no block's purpose, stay apart.
void TestLargeExports::inventoryGroupsForAnyNumberOfPurposes()
{
    QFETCH(int, purposes);
    Registry registry = m_large;
    registry.policy.blocks.clear();
    for (int p = 0; p < purposes; ++p)
        registry.policy.blocks.append(
            Block{{}, QStringLiteral("purpose%1").arg(p, 2, 10, QLatin1Char('0')), {}});
    QMap<int, QStringList> expected; // purpose -> devices, in device order
    for (int d = 0; d < registry.devices.size(); ++d) {
        Device &device = registry.devices[d];
        for (int s = 0; s < device.services.size(); ++s) {
            const int purpose = (d * 7 + s * 3) % (purposes + 1); // == purposes: none
            device.services[s].category =
                purpose == purposes
                    ? QStringLiteral("purpose9x")
                    : QStringLiteral("purpose%1").arg(purpose, 2, 10, QLatin1Char('0'));
            if (purpose < purposes &&
                (expected[purpose].isEmpty() || expected[purpose].last() != device.name))
                expected[purpose] << device.name;
        }
    }
    QByteArray want = "  children:\n";
    for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
        want += QStringLiteral("    \"category_purpose%1\":\n      hosts:\n")
                    .arg(it.key(), 2, 10, QLatin1Char('0'))
                    .toUtf8();
        for (const QString &host : it.value())
            want += "        \"" + host.toUtf8() + "\": {}\n";
    }
    QVERIFY(expected.size() >= 4);
    QByteArray out;
    Error error;
    FormatValues values;
    QVERIFY2(
        FormatRegistry::exporter(QStringLiteral("ansible"))->write(registry, values, &out, &error),
        qPrintable(error.toString()));
    const qsizetype groups = out.indexOf("\n  children:\n");
    QVERIFY(groups > 0);
    QCOMPARE(out.mid(groups + 1), want);
}

// Exports append names as UTF-8 straight from the registry's strings: the bytes are what
// QString::toUtf8 makes, ASCII or not, at any place in the text.
void TestLargeExports::utf8AppendedAsConverted()
{
    const QStringList texts{QString(), QStringLiteral("host00001.example.org"),
                            QString::fromUtf8("caf\u00e9.example.org"),
                            QString::fromUtf8("\xf0\x9d\x84\x9e clef"),
                            QStringLiteral("tab\tand\x7f")};
    for (const QString &text : texts) {
        ByteWriter out;
        out += "prefix ";
        out.appendUtf8(text);
        QCOMPARE(out.take(), "prefix " + text.toUtf8());
        // A view into the middle of a string is appended as that part alone.
        if (text.size() > 2) {
            ByteWriter part;
            part.appendUtf8(QStringView(text).sliced(1, text.size() - 2));
            QCOMPARE(part.take(), text.mid(1, text.size() - 2).toUtf8());
        }
    }
    // Nothing appended to a writer that holds nothing yet: no bytes, and (under the sanitizers)
    // no copy from or to a null pointer.
    ByteWriter empty;
    empty += QByteArrayView();
    empty += QByteArray();
    empty.appendUtf8(QString());
    empty.truncate(0);
    QCOMPARE(empty.take(), QByteArray());
    // The writer of large exports encodes in place: every length around its 16-unit blocks,
    // each kind of character at every place in them, a lone surrogate anywhere.
    const QString kinds[] = {
        QStringLiteral("a"),         QString::fromUtf8("\u00e9"),     QString::fromUtf8("\u00b7"),
        QString::fromUtf8("\u2028"), QString::fromUtf8("\U0001f600"), QString(QChar(0xd800)),
        QString(QChar(0xdc00)),      QStringLiteral("\x7f")};
    for (const QString &kind : kinds) {
        for (int length = 0; length <= 40; ++length) {
            for (int at = 0; at <= length; ++at) {
                QString text(length, u'x');
                text.insert(at, kind);
                ByteWriter writer(length % 3 == 0 ? 0 : 8);
                writer += "prefix ";
                writer.appendUtf8(text);
                writer += '.';
                QCOMPARE(writer.take(), "prefix " + text.toUtf8() + '.');
            }
        }
    }
}

// A network export asks for the index's findings but for duplicate-ip, and hashes every name
// first so as to build the index only when two may be the same: whatever makes two names one
// (case, a host that spells out the internal subdomain, letters beyond ASCII) is still found,
// and the proxy_device findings come without the index too.
void TestLargeExports::namingFindingsAsTheIndexFinds_data()
{
    QTest::addColumn<int>("variant");
    QTest::addColumn<int>("expectedFindings");
    QTest::newRow("unique") << 0 << 0;
    QTest::newRow("device named twice") << 1 << 1;
    QTest::newRow("route differing in case") << 2 << 1;
    QTest::newRow("external host naming the internal subdomain") << 3 << 1;
    QTest::newRow("route beyond ASCII differing in case") << 4 << 1;
    QTest::newRow("proxy_device names no device") << 5 << 1;
    QTest::newRow("proxy_device runs no proxy") << 6 << 1;
    QTest::newRow("one address twice (a warning, not refused)") << 7 << 0;
}

void TestLargeExports::namingFindingsAsTheIndexFinds()
{
    QFETCH(int, variant);
    QFETCH(int, expectedFindings);
    Registry registry = m_large;
    const auto routed = [&](int from) {
        for (int d = from; d < registry.devices.size(); ++d) {
            for (Service &service : registry.devices[d].services) {
                if (service.route)
                    return &*service.route;
            }
        }
        return static_cast<Route *>(nullptr);
    };
    Route *first = routed(0);
    Route *last = routed(int(registry.devices.size()) - 20);
    QVERIFY(first && last && first != last);
    const QString subdomain = registry.policy.internalSubdomain;
    switch (variant) {
    case 1:
        registry.devices.last().name = registry.devices.first().name;
        break;
    case 2:
        *last = *first;
        last->host = first->host.toUpper();
        break;
    case 3:
        first->scope = Scopes::Internal;
        first->host = QStringLiteral("same");
        last->scope = Scopes::External;
        last->host = QStringLiteral("same.") + subdomain;
        break;
    case 4:
        *last = *first;
        first->host = QString::fromUtf8("\u00fcber");
        last->host = QString::fromUtf8("\u00dcBER");
        break;
    case 5:
        registry.policy.proxyDevice = QStringLiteral("nowhere");
        break;
    case 6: {
        const auto plain =
            std::find_if(registry.devices.cbegin(), registry.devices.cend(),
                         [](const Device &device) { return !device.runsReverseProxy(); });
        QVERIFY(plain != registry.devices.cend());
        registry.policy.proxyDevice = plain->name;
        break;
    }
    case 7:
        registry.devices.last().ip = registry.devices.first().ip;
        break;
    }
    CrossDeviceIndex index;
    index.rebuild(registry);
    QStringList expected;
    for (const Finding &finding : index.findings(registry)) {
        if (finding.code != FindingCode::DuplicateIp)
            expected << finding.code + u' ' + finding.subject() + u' ' + finding.message;
    }
    QStringList found;
    for (const Finding &finding : CrossDeviceIndex::namingFindings(registry))
        found << finding.code + u' ' + finding.subject() + u' ' + finding.message;
    QCOMPARE(found, expected);
    QCOMPARE(found.size(), expectedFindings);
    // A whole-registry network export hashes the names as it checks each device, on two
    // threads: it refuses the same.
    QVERIFY(registry.devices.size() >= ParallelSections::fromSections());
    // So does one device's (compose --device), which hashes every device's names the same way.
    for (const int device : {-1, 0}) {
        QStringList refused;
        for (const Finding &finding : ExportCheck::blockingValues(registry, {device, {}, true})) {
            if (ExportCheck::networkCodes().contains(finding.code))
                refused << finding.code + u' ' + finding.subject() + u' ' + finding.message;
        }
        QCOMPARE(refused, expected);
    }
}

QTEST_GUILESS_MAIN(TestLargeExports)
#include "tst_largeexports.moc"
