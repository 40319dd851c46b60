// A large registry is read in parts by two threads at once (YamlReader::parseInParts,
// DevicesSequenceCut), and a diff's side beside the other (YamlReader::readBeside): both must
// read exactly what one parse of the text reads, the same registry or the same error.
#include "formats/yaml/DevicesSequenceCut.h"
#include "formats/yaml/YamlReader.h"
#include "io/PositionedFileBuffer.h"
#include "support/TestSupport.h"
#include "support/YamlFixtureRows.h"

#include <QFile>
#include <QTest>
#include <QThread>

#include <QTemporaryDir>

#include <iterator>
#include <limits>
#include <sstream>
#include <string>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

using namespace portolan;
using portolan::testing::addYamlFixtureRows;
using portolan::testing::fromTestFolder;

class TestYamlParts : public QObject
{
    Q_OBJECT

private slots:
    void partsAgreeWithWhole_data();
    void partsAgreeWithWhole();
    void largeRegistryCut_data();
    void largeRegistryCut();
    void progressCountsBothThreadsAndCancelsLate();
    void cutsShrinkTowardsTheEnd();
    void partsReadTheFileOpened();
    void besideAgreesWithWhole_data();
    void besideAgreesWithWhole();
};

namespace {

// Two reads of one text: the same registry, or the same error at the same place.
void compareOutcomes(const YamlReader &whole, bool wholeRead, const Registry &fromWhole,
                     const YamlReader &other, bool otherRead, const Registry &fromOther)
{
    QVERIFY2(wholeRead == otherRead,
             qPrintable(wholeRead ? other.error().toString() : whole.error().toString()));
    if (wholeRead)
        QVERIFY(fromWhole == fromOther);
    else
        QCOMPARE(other.error().toString(), whole.error().toString());
}

// Reads data as one parse, as two parts and as up to MostParts parts (cut wherever the reader
// finds cuts): the same registry, or the same error at the same place; both cut readings
// read in parts, or neither.
void compareWholeWithParts(const QByteArray &data, bool *readInTwo)
{
    YamlReader whole;
    whole.setParallelFromBytes(std::numeric_limits<qint64>::max());
    Registry fromWhole;
    const bool wholeRead = whole.readData(data, QStringLiteral("r.yaml"), fromWhole);
    QVERIFY(!whole.wasReadInTwo());
    for (const qint64 partBytes : {std::numeric_limits<qint64>::max(), qint64(1)}) {
        YamlReader parts;
        parts.setParallelFromBytes(0);
        parts.setPartBytes(partBytes);
        Registry fromParts;
        const bool partsRead = parts.readData(data, QStringLiteral("r.yaml"), fromParts);
        if (partBytes == 1) {
            QCOMPARE(parts.wasReadInTwo(), *readInTwo);
            // Many devices of about one size: a cut near each fraction, the most parts.
            if (*readInTwo && fromParts.devices.size() >= 4 * YamlReader::MostParts)
                QCOMPARE(parts.partsRead(), YamlReader::MostParts);
        }
        *readInTwo = parts.wasReadInTwo();
        compareOutcomes(whole, wholeRead, fromWhole, parts, partsRead, fromParts);
        if (wholeRead)
            QCOMPARE(parts.deviceLines(), whole.deviceLines());
    }
}

QByteArray deviceText(int i, const QByteArray &indent, const QByteArray &description)
{
    const QByteArray n = QByteArray::number(i);
    QByteArray text = indent + "- name: d" + n + "\n" + indent + "  ip: 10.0.0." +
                      QByteArray::number(i % 250 + 1) + "\n";
    if (!description.isEmpty())
        text += indent + "  description: " + description + "\n";
    text += indent + "  services:\n" + indent + "    - name: s" + n + "\n" + indent +
            "      category: ssh-git\n" + indent + "      ports:\n" + indent +
            "        - {host: 20022, container: 22, exception: non-http}\n";
    return text;
}

// A device as JSON with an indent writes it (json.dump(..., indent=N)), `unit` spaces per
// level, at two levels in (inside the root and its "devices"), ending in "," unless last.
QByteArray jsonDevice(int i, int unit, bool last, const QByteArray &description = {})
{
    const auto at = [unit](int level) {
        return QByteArray(level * unit, ' ');
    };
    const QByteArray n = QByteArray::number(i);
    QByteArray text = at(2) + "{\n" + at(3) + "\"name\": \"d" + n + "\",\n" + at(3) +
                      "\"ip\": \"10.0.0." + QByteArray::number(i % 250 + 1) + "\",\n";
    if (!description.isEmpty())
        text += at(3) + "\"description\": " + description + ",\n";
    text += at(3) + "\"services\": [\n" + at(4) + "{\n" + at(5) + "\"name\": \"s" + n + "\",\n" +
            at(5) + "\"category\": \"ssh-git\",\n" + at(5) + "\"ports\": [\n" + at(6) + "{\n" +
            at(7) + "\"host\": 20022,\n" + at(7) + "\"container\": 22,\n" + at(7) +
            "\"exception\": \"non-http\"\n" + at(6) + "}\n" + at(5) + "]\n" + at(4) + "}\n" +
            at(3) + "]\n" + at(2) + (last ? "}\n" : "},\n");
    return text;
}

// A registry as JSON with an indent writes it: the policy and format version before the
// devices, or after them (keys sorted); `special` gets `description` (JSON or YAML flow text).
QByteArray jsonRegistry(int count, int unit, bool sorted, int special = -1,
                        const QByteArray &description = {})
{
    const QByteArray one(unit, ' ');
    const QByteArray policy =
        one + "\"policy\": {\n" + one + one + "\"domain\": \"example.org\",\n" + one + one +
        "\"internal_subdomain\": \"home\",\n" + one + one + "\"range\": {\n" + one + one + one +
        "\"start\": 20000,\n" + one + one + one + "\"end\": 29999\n" + one + one + "},\n" + one +
        one + "\"blocks\": [\n" + one + one + one + "{\n" + one + one + one + one +
        "\"purpose\": \"ssh-git\"\n" + one + one + one + "}\n" + one + one + "]\n" + one + "}";
    QByteArray devices = one + "\"devices\": [\n";
    for (int i = 0; i < count; ++i)
        devices += jsonDevice(i, unit, i + 1 == count, i == special ? description : QByteArray());
    devices += one + "]";
    const QByteArray version = one + "\"portolan\": 1";
    if (sorted)
        return "{\n" + devices + ",\n" + policy + ",\n" + version + "\n}\n";
    return "{\n" + version + ",\n" + policy + ",\n" + devices + "\n}\n";
}

} // namespace

// Every YAML file the tests hold.
void TestYamlParts::partsAgreeWithWhole_data()
{
    QVERIFY(addYamlFixtureRows() > 90);
}

// Every fixture, cut wherever a cut is found, small or not.
void TestYamlParts::partsAgreeWithWhole()
{
    QFETCH(QString, path);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    bool readInTwo = false;
    compareWholeWithParts(file.readAll(), &readInTwo);
}

void TestYamlParts::largeRegistryCut_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("inTwo"); // whether two parsers must have read it
    const QByteArray head = "portolan: 1\npolicy:\n  domain: example.org\n"
                            "  internal_subdomain: home\n  range: {start: 20000, end: 29999}\n"
                            "  block_size: 1000\n  blocks:\n    - {purpose: ssh-git}\n";
    auto devices = [](int count, const QByteArray &indent, int special,
                      const QByteArray &specialDescription) {
        QByteArray text;
        for (int i = 0; i < count; ++i)
            text += deviceText(i, indent, i == special ? specialDescription : QByteArray());
        return text;
    };
    QTest::newRow("devices last") << head + "devices:\n" + devices(200, "  ", -1, {}) << true;
    QTest::newRow("elements at column 0") << head + "devices:\n" + devices(200, "", -1, {}) << true;
    // Keys after the devices: a part of their own.
    QTest::newRow("devices before the policy")
        << "portolan: 1\ndevices:  # all of them\n" + devices(200, "    ", -1, {}) + "\n# end\n" +
               head.mid(12)
        << true;
    // As PyYAML's dump writes a registry: keys sorted, sequences at their key's column.
    const QByteArray policy = head.mid(12);
    QTest::newRow("keys sorted, as a YAML dump writes them")
        << "devices:\n" + devices(200, "", -1, {}) + policy + "portolan: 1\n"
        << true;
    QTest::newRow("keys sorted, the policy last")
        << "devices:\n" + devices(200, "", -1, {}) + "portolan: 1\n" + policy << true;
    // What one parse refuses, across the devices: the same error from the parts.
    QTest::newRow("policy before and after the devices")
        << head + "devices:\n" + devices(200, "  ", -1, {}) + policy << false;
    QTest::newRow("no format version before or after the devices")
        << "devices:\n" + devices(200, "  ", -1, {}) + policy << false;
    QTest::newRow("no policy before or after the devices")
        << "devices:\n" + devices(200, "  ", -1, {}) + "portolan: 1\n"
        << false;
    QTest::newRow("unknown key after the devices")
        << head + "devices:\n" + devices(200, "  ", -1, {}) + "notes: kept by hand\n"
        << false;
    QTest::newRow("error in the keys after the devices")
        << "devices:\n" + devices(200, "  ", -1, {}) + "portolan: 1\n" +
               QByteArray(policy).replace("block_size: 1000", "block_size: [1000")
        << false;
    QTest::newRow("alias after the devices to an anchor among them")
        << "devices:\n" + devices(200, "  ", 3, "&dom example.org") + "portolan: 1\n" +
               QByteArray(policy).replace("domain: example.org", "domain: *dom")
        << false;
    QTest::newRow("anchor after the devices")
        << "devices:\n" + devices(200, "  ", -1, {}) + "portolan: &v 1\n" + policy << false;
    QTest::newRow("devices key again after other keys")
        << "devices:\n" + devices(200, "  ", -1, {}) + policy + "portolan: 1\ndevices: []\n"
        << false;
    QTest::newRow("second document after the devices")
        << "devices:\n" + devices(200, "  ", -1, {}) + policy + "---\nportolan: 1\n"
        << false;
    // The tail starts at a plain key; after it, the part is YAML like any other.
    QTest::newRow("quoted key right after the devices")
        << "devices:\n" + devices(200, "  ", -1, {}) + "\"portolan\": 1\n" + policy << false;
    QTest::newRow("quoted key among the keys after the devices")
        << "devices:\n" + devices(200, "  ", -1, {}) + policy + "\"portolan\": 1\n"
        << true;
    QTest::newRow("quoted devices key among the keys after the devices")
        << "devices:\n" + devices(200, "  ", -1, {}) + policy + "\"devices\": []\nportolan: 1\n"
        << false;
    QTest::newRow("devices indented, comment after the key")
        << head + "devices:  # all of them\n" + devices(200, "    ", -1, {}) + "\n# end\n"
        << true;
    // A double-quoted description carried on at column 0, with an element-shaped line inside
    // it before the cut (found by a reviewer: the parts read an extra device).
    QTest::newRow("quoted scalar carried on at column 0")
        << head + "devices:\n" + devices(5, "  ", 1, "\"abc") +
               "  - name: x\n    ip: 10.0.0.5\nxyz\"\n" +
               devices(200, "  ", -1, {}).replace("name: d", "name: e")
        << false;
    // libyaml skips a byte-order mark at the start of any line.
    QTest::newRow("byte-order mark before an element")
        << head + "devices:\n" + devices(150, "  ", -1, {}) + "\xEF\xBB\xBF - name: bomdev\n" +
               "    ip: 10.0.0.7\n" + devices(50, "  ", -1, {}).replace("name: d", "name: e")
        << false;
    // A %TAG directive redefines !! for the whole document, the second part included.
    QTest::newRow("tag directive")
        << "%TAG !! tag:example.com,2000:\n---\n" + head + "devices:\n" +
               devices(200, "  ", -1, {}).replace("port: 3000", "port: !!int 3000") +
               "  - name: tagged\n    ip: 10.0.0.8\n    services:\n      - name: web\n"
               "        category: ssh-git\n        route: {host: web, scope: internal, port: "
               "!!int 8080}\n"
        << false;
    QByteArray crlf = head + "devices:\n" + devices(200, "  ", -1, {});
    crlf.replace("\n", "\r\n");
    QTest::newRow("CRLF") << crlf << true;
    QByteArray commented = head + "devices:\n";
    for (int i = 0; i < 200; ++i)
        commented += "\n# device " + QByteArray::number(i) + "\n  # - name: not a device\n" +
                     deviceText(i, "  ", {});
    QTest::newRow("comments and blank lines") << commented << true;
    // A quoted description running over lines, one of them shaped like an element, right
    // where the cut falls: only one parse can tell, and the parts must give way to it.
    QByteArray quoted = head + "devices:\n" + devices(100, "  ", 99, "\"first line\n");
    for (int i = 0; i < 100; ++i)
        quoted += "  - name: in the quote " + QByteArray::number(i) + "\n";
    quoted += "  end of it\"\n" + devices(100, "  ", -1, {}).replace("name: d", "name: e");
    QTest::newRow("quoted scalar over the cut") << quoted << false;
    QTest::newRow("alias into the first part")
        << head + "devices:\n" + devices(100, "  ", 0, "&shared one description") +
               devices(100, "  ", 50, "*shared").replace("name: d", "name: e")
        << false;
    QTest::newRow("anchor and alias in the second part")
        << head + "devices:\n" + devices(100, "  ", -1, {}) +
               devices(100, "  ", 90, "&late late").replace("name: d", "name: e") +
               "  - name: last\n    ip: 10.0.0.9\n    description: *late\n"
        << false;
    QTest::newRow("error in the second part")
        << head + "devices:\n" + devices(200, "  ", 180, "[unclosed") << false;
    QTest::newRow("schema error in the second part")
        << head + "devices:\n" + devices(200, "  ", -1, {}).replace("name: d190\n", "nmae: d190\n")
        << false;
    // Reading in parts looks for a NUL byte as it scans for the cuts: one parse reports it.
    QByteArray nulLate = head + "devices:\n" + devices(200, "  ", -1, {});
    nulLate.insert(nulLate.indexOf("name: d190"), '\0');
    QTest::newRow("NUL byte in a later part") << nulLate << false;
    QByteArray nulEarly = head + "devices:\n" + devices(200, "  ", -1, {});
    nulEarly.insert(nulEarly.indexOf("name: d3\n"), '\0');
    QTest::newRow("NUL byte in the first part") << nulEarly << false;
    // The first part is read before the scan knows no keys follow the devices: without them,
    // it must have every required key itself.
    QTest::newRow("no policy, nothing after the devices")
        << QByteArray("portolan: 1\ndevices:\n") + devices(200, "  ", -1, {}) << false;
    QTest::newRow("no format version, nothing after the devices")
        << head.mid(head.indexOf("policy:")) + "devices:\n" + devices(200, "  ", -1, {}) << false;
    QTest::newRow("second devices key after")
        << head + "devices:\n" + devices(200, "  ", -1, {}) + "devices: []\n"
        << false;
    QByteArray carriageReturn = head + "devices:\n" + devices(200, "  ", -1, {});
    carriageReturn.chop(1);
    QTest::newRow("a lone CR before a top-level key") << carriageReturn + "\rportolan: 1\n"
                                                      << false;
    QTest::newRow("tab at column 0")
        << head + "devices:\n" + devices(200, "  ", -1, {}) + "\t- name: x\n"
        << false;
    // Written as JSON is, with an indent: the flow sequence of devices cut at the "{" lines of
    // its elements, each part closed and opened again.
    QTest::newRow("JSON, keys in order") << jsonRegistry(200, 2, false) << true;
    QTest::newRow("JSON, keys sorted") << jsonRegistry(200, 2, true) << true;
    QTest::newRow("JSON, four spaces") << jsonRegistry(200, 4, true) << true;
    QByteArray jsonCrlf = jsonRegistry(200, 2, false);
    jsonCrlf.replace("\n", "\r\n");
    QTest::newRow("JSON, CRLF") << jsonCrlf << true;
    QTest::newRow("JSON, trailing spaces and blank lines")
        << jsonRegistry(200, 2, false).replace("},\n", "},  \n\n") << true;
    QTest::newRow("JSON on one line") << jsonRegistry(200, 0, false) << false;
    QTest::newRow("JSON, the policy before and after the devices")
        << QByteArray(jsonRegistry(200, 2, false))
               .replace("\n  ]\n}\n", "\n  ],\n  \"policy\": {\"domain\": \"example.org\"}\n}\n")
        << false;
    QTest::newRow("JSON, keys sorted, nothing after the devices")
        << jsonRegistry(200, 2, true).left(jsonRegistry(200, 2, true).indexOf("  \"policy\""))
        << false;
    QTest::newRow("JSON, a second document after it") << jsonRegistry(200, 2, false) + "---\n{}\n"
                                                      << false;
    QTest::newRow("JSON, an error in a later element")
        << jsonRegistry(200, 2, false, 180, "[\"unclosed\"") << false;
    QTest::newRow("JSON, a schema error in a later element")
        << jsonRegistry(200, 2, false).replace("\"name\": \"d190\"", "\"nmae\": \"d190\"") << false;
    QTest::newRow("JSON, an alias into the first part")
        << jsonRegistry(200, 2, false, 0, "&shared \"one\"")
               .replace("\"name\": \"d150\",", "\"name\": \"d150\", \"description\": *shared,")
        << false;
    // A double-quoted string running over lines shaped like an element's end and start, where
    // the cuts fall: the parts before them end inside the string, and give way to one parse.
    QByteArray overLines = "\"first line\n";
    for (int i = 0; i < 300; ++i)
        overLines += "    },\n    {\n";
    QTest::newRow("JSON, a string over lines across the cuts")
        << jsonRegistry(200, 2, false, 100, overLines + "  end of it\"") << false;
    // Indentation means nothing in a flow collection: a device's services written at the
    // devices' own indentation, so that "}," and "{" lines among them are inside the device.
    QByteArray nested = "    {\n      \"name\": \"d100\",\n      \"ip\": \"10.0.1.1\",\n"
                        "      \"services\": [\n";
    for (int i = 0; i < 300; ++i)
        nested += "    {\n      \"name\": \"n" + QByteArray::number(i) +
                  "\", \"category\": \"ssh-git\"\n    },\n";
    nested += "    {\"name\": \"last\", \"category\": \"ssh-git\"}\n      ]\n    },\n";
    QByteArray nestedRegistry = jsonRegistry(200, 2, false);
    QVERIFY(nestedRegistry.contains(jsonDevice(100, 2, false)));
    nestedRegistry.replace(jsonDevice(100, 2, false), nested);
    QTest::newRow("JSON, lines of a device's own shaped like elements") << nestedRegistry << false;
    // A document end hidden behind a break libyaml sees and a scan of line feeds does not,
    // right before an element near the middle (found by a reviewer: the part before the cut
    // ended there and parsed, where one parse reads on and fails).
    for (const QByteArray &lineBreak : {QByteArray("\r"), QByteArray("\xC2\x85"),
                                        QByteArray("\xE2\x80\xA8"), QByteArray("\xE2\x80\xA9")}) {
        QByteArray hidden = head + "devices:\n" + devices(100, "  ", -1, {});
        hidden.chop(1);
        hidden +=
            " # x" + lineBreak + "...\n" + devices(100, "  ", -1, {}).replace("name: d", "name: e");
        QTest::newRow(("document end behind " + lineBreak.toHex() + " before a cut").constData())
            << hidden << false;
    }
}

// Registries large enough to be cut: each read in parts matches one parse, and the
// well-formed ones were really read in parts.
void TestYamlParts::largeRegistryCut()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, inTwo);
    if (QThread::idealThreadCount() < 2)
        QSKIP("one core: the reader never cuts");
    bool readInTwo = false;
    compareWholeWithParts(text, &readInTwo);
    QCOMPARE(readInTwo, inTwo);
}

// Read in parts, the progress counts what both threads read, up to the end, and a cancel
// asked late (the main thread waiting for the other's last part) is still honoured.
void TestYamlParts::progressCountsBothThreadsAndCancelsLate()
{
    if (QThread::idealThreadCount() < 2)
        QSKIP("one core: the reader never cuts");
    QByteArray text = "portolan: 1\npolicy:\n  domain: example.org\n  internal_subdomain: home\n"
                      "  range: {start: 20000, end: 29999}\n  block_size: 1000\n  blocks:\n"
                      "    - {purpose: ssh-git}\ndevices:\n";
    for (int i = 0; i < 4000; ++i)
        text += deviceText(i, "  ", {});
    for (const qint64 partBytes : {std::numeric_limits<qint64>::max(), qint64(1)}) {
        qint64 highest = 0;
        qint64 reportedTotal = 0;
        YamlReader reader;
        reader.setParallelFromBytes(0);
        reader.setPartBytes(partBytes);
        reader.setProgress([&](qint64 done, qint64 total) {
            highest = std::max(highest, done);
            reportedTotal = total;
            return true;
        });
        Registry registry;
        QVERIFY(reader.readData(text, QStringLiteral("r.yaml"), registry));
        QVERIFY(reader.wasReadInTwo());
        QCOMPARE(registry.devices.size(), 4000);
        QCOMPARE(reportedTotal, qint64(text.size()));
        QCOMPARE(highest, reportedTotal); // the end is reported, not the main thread's share

        // Canceled once more than half is read: never read to the end.
        YamlReader canceled;
        canceled.setParallelFromBytes(0);
        canceled.setPartBytes(partBytes);
        canceled.setProgress([&](qint64 done, qint64 total) { return done < total * 6 / 10; });
        Registry none;
        QVERIFY(!canceled.readData(text, QStringLiteral("r.yaml"), none));
        QVERIFY(canceled.wasCanceled());

        // A scan that fails at the last line ("..." ends the devices with a document marker),
        // once the first part is begun: that part stops, and one parse reads the whole, with
        // its progress; the stop is not the caller's cancel.
        YamlReader late;
        late.setParallelFromBytes(0);
        late.setPartBytes(partBytes);
        qint64 lateHighest = 0;
        late.setProgress([&](qint64 done, qint64) {
            lateHighest = std::max(lateHighest, done);
            return true;
        });
        Registry lateRead;
        QVERIFY2(late.readData(text + "...\n", QStringLiteral("r.yaml"), lateRead),
                 qPrintable(late.error().toString()));
        QVERIFY(!late.wasCanceled());
        QVERIFY(!late.wasReadInTwo());
        QCOMPARE(lateRead.devices.size(), 4000);
        QCOMPARE(lateHighest, qint64(text.size() + 4));
    }
}

// Two threads take the parts in turn, and the one done first waits for the other's last part:
// the parts shrink, the last about parts / 2 times smaller than the first (eight parts: four
// times). And the cuts reach the reader as the scan finds them, the first ones of its result.
void TestYamlParts::cutsShrinkTowardsTheEnd()
{
    QByteArray text = "portolan: 1\ndevices:\n";
    for (int i = 0; i < 4000; ++i)
        text += deviceText(i, "  ", {});
    std::istringstream in(text.toStdString());
    std::vector<DevicesSequenceCut> found;
    const std::vector<DevicesSequenceCut> cuts = DevicesSequenceCut::findAll(
        in, text.size(), 8, [&](const DevicesSequenceCut &cut) { found.push_back(cut); });
    QCOMPARE(int(cuts.size()), 7);
    QCOMPARE(int(found.size()), 7);
    std::vector<qint64> sizes;
    qint64 from = 0;
    for (std::size_t k = 0; k < cuts.size(); ++k) {
        QCOMPARE(found[k].cut, cuts[k].cut);
        QCOMPARE(found[k].cutLine, cuts[k].cutLine);
        sizes.push_back(cuts[k].cut - from);
        from = cuts[k].cut;
    }
    sizes.push_back(text.size() - from);
    const qint64 device = deviceText(1000, "  ", {}).size();
    for (std::size_t k = 1; k < sizes.size(); ++k)
        QVERIFY2(sizes[k] <= sizes[k - 1] + device,
                 qPrintable(QStringLiteral("part %1 of %2 bytes after one of %3")
                                .arg(k)
                                .arg(sizes[k])
                                .arg(sizes[k - 1])));
    const double firstOverLast = double(sizes.front()) / double(sizes.back());
    QVERIFY2(firstOverLast > 3.5 && firstOverLast < 4.5,
             qPrintable(QString::number(firstOverLast)));
}

// The two parts of a cut read one open file through PositionedFileBuffer: a file another
// program renames over the path meanwhile is not read by half.
void TestYamlParts::partsReadTheFileOpened()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("r.yaml"));
    const QString other = dir.filePath(QStringLiteral("new.yaml"));
    QByteArray before(300000, 'a');
    QByteArray after(200000, 'b');
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write(before) == before.size());
    file.close();
    QFile replacement(other);
    QVERIFY(replacement.open(QIODevice::WriteOnly) && replacement.write(after) == after.size());
    replacement.close();
    const int descriptor = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    QVERIFY(descriptor >= 0);
    PositionedFileBuffer first(descriptor, before.size());
    std::istream firstStream(&first);
    char head[10];
    firstStream.read(head, sizeof head);
    QVERIFY(::rename(QFile::encodeName(other).constData(), QFile::encodeName(path).constData()) ==
            0);
    // A second reader of the same descriptor, on another thread, from the middle; the first
    // goes on from where it was.
    std::string secondRead;
    std::thread second([&] {
        PositionedFileBuffer buffer(descriptor, before.size());
        std::istream stream(&buffer);
        stream.seekg(150000);
        secondRead.assign(std::istreambuf_iterator<char>(stream), {});
    });
    const std::string firstRead{std::istreambuf_iterator<char>(firstStream), {}};
    second.join();
    ::close(descriptor);
    QCOMPARE(qsizetype(firstRead.size()), before.size() - 10);
    QCOMPARE(qsizetype(secondRead.size()), before.size() - 150000);
    QVERIFY(firstRead.find('b') == std::string::npos && secondRead.find('b') == std::string::npos);
    firstStream.clear();
    firstStream.seekg(0, std::ios::end);
    QCOMPARE(qint64(firstStream.tellg()), qint64(before.size()));
}

namespace {

// Reads `text` beside `earlierText` (read first) and on its own: the same registry, or the same
// error at the same place. *reused: how many devices came from the earlier registry.
void compareBesideWithWhole(const QByteArray &earlierText, const QByteArray &text, int *reused,
                            bool earlierInTwo = false)
{
    YamlReader earlierReader;
    if (earlierInTwo) {
        earlierReader.setParallelFromBytes(0); // its devices' lines come from every part
        earlierReader.setPartBytes(1);
    }
    Registry earlier;
    const bool earlierRead =
        earlierReader.readData(earlierText, QStringLiteral("old.yaml"), earlier);
    YamlReader whole;
    Registry fromWhole;
    const bool wholeRead = whole.readData(text, QStringLiteral("r.yaml"), fromWhole);
    YamlReader beside;
    Registry fromBeside;
    const bool besideRead = earlierRead
                                ? beside.readBeside(text, QStringLiteral("r.yaml"), earlierReader,
                                                    earlierText, earlier, fromBeside)
                                : beside.readData(text, QStringLiteral("r.yaml"), fromBeside);
    compareOutcomes(whole, wholeRead, fromWhole, beside, besideRead, fromBeside);
    *reused = beside.devicesReused();
}

} // namespace

void TestYamlParts::besideAgreesWithWhole_data()
{
    QTest::addColumn<QByteArray>("earlier");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("reused"); // -1: any number
    const QByteArray head = "portolan: 1\npolicy:\n  domain: example.org\n"
                            "  internal_subdomain: home\n  range: {start: 20000, end: 29999}\n"
                            "  block_size: 1000\n  blocks:\n    - {purpose: ssh-git}\n";
    QByteArray base = head + "devices:\n";
    for (int i = 0; i < 50; ++i)
        base += deviceText(i, "  ", {});
    QTest::newRow("the same") << base << base << 50;
    QByteArray one = base;
    one.replace("name: d7\n", "name: d7\n    description: now described\n");
    QTest::newRow("one device changed") << base << one << 49;
    QByteArray swapped = head + "devices:\n" + deviceText(1, "  ", {}) + deviceText(0, "  ", {});
    for (int i = 2; i < 50; ++i)
        swapped += deviceText(i, "  ", {});
    QTest::newRow("two devices swapped") << base << swapped << 50;
    QTest::newRow("devices added") << base << base + deviceText(60, "  ", {}) << 50;
    QTest::newRow("device removed")
        << base << QByteArray(base).replace(deviceText(3, "  ", {}), "") << 49;
    QTest::newRow("policy changed")
        << base << QByteArray(base).replace("domain: example.org", "domain: example.net") << 50;
    QTest::newRow("error in a changed device")
        << base << QByteArray(base).replace("name: d9\n", "name: [d9\n") << -1;
    QTest::newRow("schema error in a changed device")
        << base << QByteArray(base).replace("    ip: 10.0.0.10\n", "    ipp: 10.0.0.10\n") << -1;
    // A quoted description carried on over element-shaped lines that match earlier elements.
    QByteArray quoted = base;
    quoted.replace("name: d20\n", "name: d20\n    description: \"open\n" +
                                      deviceText(21, "  ", {}) + "  closed\"\n");
    QTest::newRow("quoted scalar over earlier elements") << base << quoted << -1;
    QByteArray columnZero = base;
    columnZero.replace("name: d30\n", "name: d30\n    description: \"open\n" +
                                          deviceText(31, "", {}) + "closed\"\n");
    QTest::newRow("quoted scalar at column 0") << base << columnZero << -1;
    // An earlier element, byte for byte, inside a quoted scalar of the new text.
    QTest::newRow("earlier element inside a quote")
        << base
        << base + "  - name: q1\n    ip: 10.0.0.200\n    description: \"open\n" +
               deviceText(21, "  ", {}) + "  - x\"\n" + deviceText(70, "  ", {})
        << -1;
    QTest::newRow("earlier element inside a quote, single")
        << base
        << base + "  - name: q1\n    ip: 10.0.0.200\n    description: 'open\n" +
               deviceText(21, "  ", {}) + "  - x'\n"
        << -1;
    // Found by a reviewer: a directive behind a byte-order mark (libyaml reads past the mark)
    // gives the earlier text's tags another meaning than the new one's, and the other way.
    const QByteArray tagged = QByteArray(base).replace("name: d4\n", "name: !e!x d4\n");
    QTest::newRow("directive behind a byte-order mark, earlier")
        << "\xEF\xBB\xBF%TAG !e! tag:example.com,2000:\n---\n" + tagged
        << QByteArray(tagged).replace("name: d9\n", "name: d99\n") << 0;
    QTest::newRow("directive behind a byte-order mark, new")
        << QByteArray(base).replace("port: 3000", "port: !!int 3000")
        << "\xEF\xBB\xBF%TAG !! tag:example.com,2000:\n---\n" + base + deviceText(99, "  ", {})
        << 0;
    // A line break libyaml sees and a scan of line feeds does not, before a document end, in
    // the earlier text's last device.
    for (const QByteArray &lineBreak : {QByteArray("\r"), QByteArray("\xC2\x85"),
                                        QByteArray("\xE2\x80\xA8"), QByteArray("\xE2\x80\xA9")}) {
        const QByteArray hidden = "  - name: hid\n    ip: 10.0.0.1 # x" + lineBreak + "...\n";
        QTest::newRow(("document end behind " + lineBreak.toHex()).constData())
            << base + hidden << head + "devices:\n" + hidden + deviceText(98, "  ", {}) << 0;
    }
    QTest::newRow("anchor in the new text")
        << base << QByteArray(base).replace("name: d5\n", "name: d5\n    description: &a x\n")
        << -1;
    QTest::newRow("anchors in the earlier text")
        << QByteArray(base).replace("name: d5\n", "name: d5\n    description: &a x\n") << base << 0;
    QByteArray crlf = base;
    crlf.replace("\n", "\r\n");
    QTest::newRow("CRLF, one changed")
        << crlf << QByteArray(crlf).replace("d7\r\n", "d77\r\n") << 49;
    QTest::newRow("earlier at column 0")
        << QByteArray(base).replace("\n  ", "\n") << QByteArray(base).replace("\n  ", "\n") << -1;
    QTest::newRow("no devices key") << base << head << 0;
    QTest::newRow("not a registry") << base << QByteArray("devices:\n  - [\n") << 0;
    QTest::newRow("element split over two lines")
        << base << QByteArray(base).replace("  - name: d4\n", "  -\n    name: d4\n") << -1;
    QTest::newRow("no newline at the end") << base << base.left(base.size() - 1) + " # end" << -1;
    // Keys sorted, as a YAML dump writes them: the devices first, the keys after them kept.
    QByteArray sorted = "devices:\n";
    for (int i = 0; i < 50; ++i)
        sorted += deviceText(i, "", {});
    sorted += head.mid(12) + "portolan: 1\n";
    // The earlier last device, before the keys, is read again: where it ends is not proven.
    QTest::newRow("keys sorted, one device changed")
        << sorted << QByteArray(sorted).replace("name: d7\n", "name: d7\n  description: new\n")
        << 48;
    QTest::newRow("keys sorted, policy changed")
        << sorted << QByteArray(sorted).replace("domain: example.org", "domain: example.net") << 49;
    QTest::newRow("keys sorted, a key added after the devices") << sorted << sorted + "notes: x\n"
                                                                << -1;
    // Found by a reviewer: the earlier last device's quote carried on at column 0 over a line
    // shaped like a key; the new text holds its first lines, then goes on differently.
    const QByteArray policyLine =
        "policy: {domain: d, internal_subdomain: i, range: {start: 1, end: 2}}\n";
    const QByteArray quotedLast =
        "portolan: 1\n" + policyLine + "devices:\n- ip: x\n  name: \"a\nb\"\n";
    QTest::newRow("earlier last quote over a key line, key inside the new quote")
        << quotedLast << policyLine + "devices:\n- ip: x\n  name: \"a\nportolan: 1 #\"\n"
        << 0;
    QTest::newRow("earlier last quote over a key line, device inside the new quote")
        << quotedLast
        << "portolan: 1\n" + policyLine + "devices:\n- ip: x\n  name: \"a\n- ip: y\n  name: z #\"\n"
        << 0;
    QTest::newRow("earlier last single quote over a key line")
        << QByteArray(quotedLast).replace('"', '\'')
        << QByteArray("portolan: 1\ndevices:\n- ip: x\n  name: 'a\npolicy: {domain: \"d'\npolicy: "
                      "{domain: r, internal_subdomain: r, range: {start: 1, end: 2}} #\", "
                      "internal_subdomain: s, range: {start: 3, end: 4}}\n")
        << 0;
    QTest::newRow("earlier last flow mapping over a key line")
        << "portolan: 1\n" + policyLine + "devices:\n- {ip: x,\nname: a}\n"
        << policyLine + "devices:\n- {ip: x,\nportolan: 1 #}\n"
        << 0;
}

// A text read beside an earlier one (a diff's sides): what one parse of it gives, and the
// devices it shares with the earlier text taken from there.
void TestYamlParts::besideAgreesWithWhole()
{
    QFETCH(QByteArray, earlier);
    QFETCH(QByteArray, text);
    QFETCH(int, reused);
    int taken = -1;
    compareBesideWithWhole(earlier, text, &taken);
    if (reused >= 0)
        QCOMPARE(taken, reused);
    if (QThread::idealThreadCount() < 2)
        return;
    int takenAfterTwoParts = -1;
    compareBesideWithWhole(earlier, text, &takenAfterTwoParts, true);
    QCOMPARE(takenAfterTwoParts, taken);
}

QTEST_GUILESS_MAIN(TestYamlParts)
#include "tst_yamlparts.moc"
