#include "domain/ParallelSections.h"
#include "formats/markdown/MarkdownCells.h"
#include "formats/markdown/MarkdownImportPlan.h"
#include "formats/markdown/MarkdownReader.h"
#include "formats/markdown/MarkdownWriter.h"
#include "formats/yaml/YamlWriter.h"
#include "store/RegistryIo.h"

#include "support/TestSupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <limits>

using namespace portolan;
using namespace portolan::testing;

// The Markdown registry as people keep it by hand: the cell forms they write, unfilled
// templates and headings that do not parse refused with their lines.
class TestMarkdownReader : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void repeatedCellsShareText();
    void protocolOfHeading_data();
    void protocolOfHeading();
    void hostCells_data();
    void hostCells();
    void routeCells_data();
    void routeCells();
    void refusedDocuments_data();
    void refusedDocuments();
    void handKeptDocumentComesInWhole();
    void handKeptRoundTripsThroughTheExport();
    void seedTemplateLeavesTheTargetUntouched();
    void headingLessDocumentNeedsADevice();
    void markdownRoundTripOfTheExample();
    void markdownHandKept();
    void markdownPlaceholderIsAnError();
    void manyTablesReadAsOneThreadReads();
    void tablesReadInBatchesKeepTheDocumentsOrder();
    void manyDevicesMergeAsOneThreadMerges();

private:
    Registry m_policyOnly;
};

void TestMarkdownReader::initTestCase()
{
    Error error;
    QVERIFY(RegistryIo::load(fromTestFolder(PORTOLAN_EXAMPLE), m_policyOnly, error));
    m_policyOnly.devices.clear();
}

namespace {

QString table(const QString &host, const QString &container, const QString &protocol = {})
{
    return QStringLiteral("### atlas (192.168.10.2)\n\n"
                          "| Service | Host Port | Container Port | Protocol | Notes |\n"
                          "|---|---|---|---|---|\n"
                          "| web | %1 | %2 | %3 | n |\n")
        .arg(host, container, protocol);
}

} // namespace

// Cells that repeat down a column (protocols, exceptions) share one text; what each row
// reads is unchanged.
void TestMarkdownReader::repeatedCellsShareText()
{
    RecentTexts recent;
    const QStringList lines{QStringLiteral("| git | 2222 | tcp | non-http |"),
                            QStringLiteral("| dns | 53 | udp | non-http |"),
                            QStringLiteral("| dns | 53 | tcp |  |"),
                            QStringLiteral("| web | 8080 | tcp | reverse-proxy |")};
    QList<QStringList> rows;
    for (const QString &line : lines)
        rows << MarkdownCells::splitRow(line, &recent);
    for (int r = 0; r < lines.size(); ++r)
        QCOMPARE(rows[r], MarkdownCells::splitRow(lines[r]));
    QCOMPARE(rows[2][3], QString());
    QVERIFY(rows[0][2].constData() == rows[2][2].constData());
    QVERIFY(rows[0][2].constData() == rows[3][2].constData());
    QVERIFY(rows[0][3].constData() == rows[1][3].constData());
    QVERIFY(rows[1][0].constData() == rows[2][0].constData());
    QVERIFY(rows[1][2].constData() != rows[2][2].constData());
}

void TestMarkdownReader::protocolOfHeading_data()
{
    QTest::addColumn<QString>("heading");
    QTest::addColumn<QString>("protocol");
    QTest::newRow("a device") << "### atlas (10.0.0.2)"
                              << "";
    QTest::newRow("tcp") << "TCP ports"
                         << "tcp";
    QTest::newRow("udp, mixed case") << "Ports (Udp)"
                                     << "udp";
    QTest::newRow("both") << "tcp and udp"
                          << "";
    QTest::newRow("inside a word") << "tcpdump hosts"
                                   << "";
    QTest::newRow("at the end") << "ports/UDP"
                                << "udp";
    QTest::newRow("letters that fold to no ASCII") << "ＴＣＰ ports"
                                                   << "";
    QTest::newRow("too short") << "tc"
                               << "";
}

// A heading naming one protocol as a word gives its tables' rows that protocol.
void TestMarkdownReader::protocolOfHeading()
{
    QFETCH(QString, heading);
    QFETCH(QString, protocol);
    QCOMPARE(MarkdownCells::protocolOfHeading(heading), protocol);
}

void TestMarkdownReader::hostCells_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("container");
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<QStringList>("bindings"); // "[bind@]host:container/protocol"

    QTest::newRow("plain") << "20080"
                           << "80"
                           << "" << QStringList{"20080:80/"};
    QTest::newRow("udp in the cell") << "53/udp"
                                     << "53"
                                     << "" << QStringList{"53:53/udp"};
    QTest::newRow("tcp in the cell") << "53/tcp"
                                     << "53"
                                     << "" << QStringList{"53:53/tcp"};
    QTest::newRow("cell wins over the column") << "53/udp"
                                               << "53"
                                               << "tcp" << QStringList{"53:53/udp"};
    QTest::newRow("column when the cell has none") << "53"
                                                   << "53"
                                                   << "udp" << QStringList{"53:53/udp"};
    QTest::newRow("two ports") << "80, 443"
                               << "80, 443"
                               << "" << QStringList{"80:80/", "443:443/"};
    QTest::newRow("two ports, one container") << "8080, 8443"
                                              << "80"
                                              << "" << QStringList{"8080:80/", "8443:80/"};
    QTest::newRow("leading colon") << ":53"
                                   << "53"
                                   << "" << QStringList{"53:53/"};
    QTest::newRow("bind address") << "127.0.0.1:28200"
                                  << "8200"
                                  << "" << QStringList{"127.0.0.1@28200:8200/"};
    QTest::newRow("IPv6 bind address") << "[::1]:53/udp"
                                       << "53"
                                       << "" << QStringList{"::1@53:53/udp"};
    QTest::newRow("hyphen range") << "25100-25109"
                                  << "25100-25109"
                                  << "" << QStringList{"25100-25109:25100-25109/"};
    QTest::newRow("en dash range")
        << QString::fromUtf8("25100\u201325109") << QString::fromUtf8("25100\u201325109") << ""
        << QStringList{"25100-25109:25100-25109/"};
    QTest::newRow("spaced range") << "25100 - 25109"
                                  << "25100-25109"
                                  << "" << QStringList{"25100-25109:25100-25109/"};
    QTest::newRow("a note in parentheses") << "20022 (ssh)"
                                           << "22"
                                           << "" << QStringList{"20022:22/"};
    QTest::newRow("protocols in parentheses") << "53 (TCP/UDP)"
                                              << "53"
                                              << "" << QStringList{"53:53/tcp", "53:53/udp"};
    QTest::newRow("protocol of the container cell") << "5335"
                                                    << "53/udp"
                                                    << "" << QStringList{"5335:53/udp"};
    QTest::newRow("ports with a slash") << "80/81/443"
                                        << ""
                                        << "" << QStringList{"80:80/", "81:81/", "443:443/"};
    QTest::newRow("code marks and a spaced slash") << "`80` / `443`"
                                                   << ""
                                                   << "" << QStringList{"80:80/", "443:443/"};
    QTest::newRow("host:container in the host cell") << "8080:80"
                                                     << ""
                                                     << "" << QStringList{"8080:80/"};
    QTest::newRow("docker's arrow") << "0.0.0.0:8080->80/tcp"
                                    << ""
                                    << "" << QStringList{"0.0.0.0@8080:80/tcp"};
    QTest::newRow("protocol word after") << "51820 UDP"
                                         << "51820"
                                         << "" << QStringList{"51820:51820/udp"};
    QTest::newRow("protocol word before") << "TCP 443"
                                          << "443"
                                          << "" << QStringList{"443:443/tcp"};
    QTest::newRow("TCP/UDP column") << "53"
                                    << "53"
                                    << "TCP/UDP" << QStringList{"53:53/tcp", "53:53/udp"};
    QTest::newRow("HTTP is tcp") << "8123"
                                 << "8123"
                                 << "HTTP" << QStringList{"8123:8123/tcp"};
    QTest::newRow("none") << "-"
                          << "3001"
                          << "" << QStringList{};
    QTest::newRow("em dash is none") << QString::fromUtf8("\u2014") << "3001"
                                     << "" << QStringList{};
}

void TestMarkdownReader::hostCells()
{
    QFETCH(QString, host);
    QFETCH(QString, container);
    QFETCH(QString, protocol);
    QFETCH(QStringList, bindings);
    MarkdownReader reader;
    QVERIFY2(reader.readText(table(host, container, protocol), QStringLiteral("cells.md")),
             qPrintable(reader.error().toString()));
    QCOMPARE(reader.devices().size(), 1);
    QCOMPARE(reader.devices()[0].rows.size(), 1);
    QStringList actual;
    for (const MarkdownReader::RowPort &port : reader.devices()[0].rows[0].ports)
        actual << (port.hostIp.isEmpty() ? QString() : port.hostIp + u'@') + port.host.toString() +
                      u':' + port.container.toString() + u'/' + port.protocol;
    QCOMPARE(actual, bindings);
}

// A Route cell: the name, then the port after the first arrow, ASCII spaces around it.
void TestMarkdownReader::routeCells_data()
{
    QTest::addColumn<QString>("cell");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port"); // 0: none
    QTest::newRow("arrow") << "git.example.org -> 3000"
                           << "git.example.org" << 3000;
    QTest::newRow("unicode arrow") << "git.example.org \u2192 3000"
                                   << "git.example.org" << 3000;
    QTest::newRow("two arrows") << "a.example.org -> 80 -> 90"
                                << "a.example.org" << 80;
    QTest::newRow("tab and spaces") << "a.example.org\t->  9000"
                                    << "a.example.org" << 9000;
    QTest::newRow("no-break space") << "web ->\u00a080"
                                    << "web" << 0;
    QTest::newRow("no port") << "web.example.org"
                             << "web.example.org" << 0;
    QTest::newRow("arrow, nothing after") << "a->"
                                          << "a" << 0;
}

void TestMarkdownReader::routeCells()
{
    QFETCH(QString, cell);
    QFETCH(QString, host);
    QFETCH(int, port);
    MarkdownReader reader;
    QVERIFY2(reader.readText(QStringLiteral("### atlas (192.168.10.2)\n\n| Service | Host Port | "
                                            "Route |\n|---|---|---|\n| web | 21001 | %1 |\n")
                                 .arg(cell),
                             QStringLiteral("route.md")),
             qPrintable(reader.error().toString()));
    const MarkdownReader::Row &row = reader.devices()[0].rows[0];
    QCOMPARE(row.routeHost, host);
    QCOMPARE(row.routePort.value_or(0), port);
}

void TestMarkdownReader::refusedDocuments_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<QStringList>("words");

    auto fixture = [](const char *name) {
        return QString::fromUtf8(
            fileBytes(fromTestFolder(PORTOLAN_TEST_DATA "/markdown/") + QLatin1String(name)));
    };
    QTest::newRow("seed template")
        << fixture("seed-template.md") << 7
        << QStringList{"line 7 {DEVICE_1} {DEVICE_1_IP}",
                       "line 11 {SERVICE} {HOST_PORT} {CONTAINER_PORT} {NOTES}", "line 13",
                       "line 17"};
    QTest::newRow("heading with a broken address")
        << fixture("bad-heading.md") << 9 << QStringList{"192.168.1", "not an IPv4"};
    QTest::newRow("table under a heading without address")
        << fixture("heading-without-address.md") << 3
        << QStringList{"under \"atlas\"", "belongs to no device", "### NAME (IP)",
                       "--device NAME --ip IP"};
    QTest::newRow("two hosts, three containers")
        << table("80, 443", "80, 443, 8443") << 5 << QStringList{"2 host ports but 3"};
    QTest::newRow("not a protocol")
        << table("53", "53", "carrier pigeon") << 5
        << QStringList{"carrier pigeon", "not a protocol", "expected TCP, UDP"};
    QTest::newRow("not a port") << table("http", "80") << 5
                                << QStringList{"http", "expected a port"};
    QTest::newRow("address in the container cell")
        << table("80", "10.0.0.1:80") << 5 << QStringList{"address"};
}

void TestMarkdownReader::refusedDocuments()
{
    QFETCH(QString, text);
    QFETCH(int, line);
    QFETCH(QStringList, words);
    MarkdownReader reader;
    QVERIFY(!reader.readText(text, QStringLiteral("doc.md")));
    QCOMPARE(reader.error().location.file, QStringLiteral("doc.md"));
    QCOMPARE(reader.error().location.line, line);
    for (const QString &word : words)
        QVERIFY2(reader.error().message.contains(word), qPrintable(reader.error().message));
}

void TestMarkdownReader::handKeptDocumentComesInWhole()
{
    MarkdownReader reader;
    QVERIFY2(reader.readFile(fromTestFolder(PORTOLAN_TEST_DATA "/markdown/handkept-forms.md")),
             qPrintable(reader.error().toString()));
    Registry registry = m_policyOnly;
    QStringList report;
    QVERIFY(MarkdownImportPlan::apply(reader.devices(), registry, &report,
                                      QStringLiteral("management")));
    QCOMPARE(registry.devices.size(), 2);
    const Device &atlas = registry.devices[0];
    QCOMPARE(atlas.description, QStringLiteral("Main docker host."));
    QStringList labels;
    for (const Service &service : atlas.services) {
        for (const Binding &binding : service.ports)
            labels << service.name + u' ' + binding.hostLabel();
    }
    QCOMPARE(labels,
             (QStringList{"pihole 53/tcp", "pihole 53/udp", "traefik 80/tcp", "traefik 443/tcp",
                          "unbound 5335/udp", "gitea 20022/tcp", "minecraft 25100-25109/tcp",
                          "vault 28200/tcp", "wireguard 28820/udp", "syncthing 22000/tcp",
                          "syncthing 22000/udp"}));
    const Service &gitea = atlas.services[atlas.findService(QStringLiteral("gitea"))];
    QCOMPARE(gitea.ports[0].notes, QStringLiteral("ssh; git"));
    const Service &vault = atlas.services[atlas.findService(QStringLiteral("vault"))];
    QCOMPARE(vault.ports[0].bind, QStringLiteral("127.0.0.1"));
    const Service &kuma = atlas.services[atlas.findService(QStringLiteral("kuma"))];
    QVERIFY(kuma.ports.isEmpty());
    QCOMPARE(registry.devices[1].ip, QStringLiteral("fd00::3"));
    QCOMPARE(registry.devices[1].services[0].ports[0].bind, QStringLiteral("::1"));

    // Idempotent: the same document again changes nothing.
    Registry again = registry;
    QStringList secondReport;
    QVERIFY(MarkdownImportPlan::apply(reader.devices(), again, &secondReport,
                                      QStringLiteral("management")));
    QVERIFY2(again == registry, qPrintable(secondReport.join(u'\n')));
}

// Hand-kept document -> registry -> `export markdown` -> registry: the same registry.
void TestMarkdownReader::handKeptRoundTripsThroughTheExport()
{
    MarkdownReader reader;
    QVERIFY(reader.readFile(fromTestFolder(PORTOLAN_TEST_DATA "/markdown/handkept-forms.md")));
    Registry first = m_policyOnly;
    QStringList report;
    QVERIFY(
        MarkdownImportPlan::apply(reader.devices(), first, &report, QStringLiteral("management")));

    MarkdownReader back;
    QVERIFY2(back.readText(MarkdownWriter::toMarkdown(first), QStringLiteral("export.md")),
             qPrintable(back.error().toString()));
    Registry second = m_policyOnly;
    QVERIFY(
        MarkdownImportPlan::apply(back.devices(), second, &report, QStringLiteral("management")));
    QCOMPARE(QString::fromUtf8(YamlWriter::toYaml(second)),
             QString::fromUtf8(YamlWriter::toYaml(first)));
}

void TestMarkdownReader::seedTemplateLeavesTheTargetUntouched()
{
    QTemporaryDir dir;
    const QString target = dir.filePath(QStringLiteral("registry.yaml"));
    QVERIFY(copyExample(target));
    const QByteArray before = fileBytes(target);
    const ProcessResult result =
        runProgram(fromTestFolder(PORTOLAN_CLI),
                   {QStringLiteral("import"), QStringLiteral("markdown"),
                    fromTestFolder(PORTOLAN_TEST_DATA "/markdown/seed-template.md"),
                    QStringLiteral("--into"), target});
    QCOMPARE(result.exitCode, 2);
    QVERIFY(result.out.isEmpty());
    QVERIFY2(result.errText().contains(QStringLiteral("seed-template.md:7:")),
             result.err.constData());
    for (const char *line : {"line 7 ", "line 11 ", "line 13 ", "line 17 "})
        QVERIFY2(result.errText().contains(QLatin1String(line)), result.err.constData());
    QCOMPARE(fileBytes(target), before);
}

// A list without "### NAME (IP)" headings: refused naming its table, then imported for the
// device named on the command line; a port in no block needs --category, never a silent one.
void TestMarkdownReader::headingLessDocumentNeedsADevice()
{
    QTemporaryDir dir;
    const QString target = dir.filePath(QStringLiteral("registry.yaml"));
    QVERIFY(copyExample(target));
    const QString doc = dir.filePath(QStringLiteral("ports.md"));
    QVERIFY(writeBytes(doc, "# Ports\n\n| **App** | Port | Proto |\n|---|---|---|\n"
                            "| [Gitea](https://gitea.io) | 20022 | TCP |\n"
                            "| Pi-hole | 53 | TCP/UDP |\n| Portainer | - | |\n"));
    const QByteArray before = fileBytes(target);
    auto import = [&](const QStringList &extra) {
        return runProgram(fromTestFolder(PORTOLAN_CLI),
                          QStringList{QStringLiteral("import"), QStringLiteral("markdown"), doc,
                                      QStringLiteral("--into"), target} +
                              extra);
    };
    ProcessResult result = import({});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.errText().contains(QStringLiteral("the table at line 3 (under \"Ports\")")) &&
                 result.errText().contains(QStringLiteral("--device NAME --ip IP")),
             result.err.constData());
    QCOMPARE(fileBytes(target), before);
    // Pi-hole's 53 is in no block of the range: without a category, nothing is written.
    result = import({QStringLiteral("--device"), QStringLiteral("nas"), QStringLiteral("--ip"),
                     QStringLiteral("192.168.10.9")});
    QCOMPARE(result.exitCode, 2);
    // FILE:LINE:COLUMN of the first, and every row that needs one named.
    QVERIFY2(result.errText().contains(QStringLiteral("ports.md:6:1: 2 services with no host")) &&
                 result.errText().contains(QStringLiteral("line 6 nas/Pi-hole")) &&
                 result.errText().contains(QStringLiteral("line 7 nas/Portainer")),
             result.err.constData());
    QCOMPARE(fileBytes(target), before);
    // A category that is no block's purpose is refused before anything is written.
    result = import({QStringLiteral("--device"), QStringLiteral("nas"), QStringLiteral("--ip"),
                     QStringLiteral("192.168.10.9"), QStringLiteral("--category"),
                     QStringLiteral("reserved")});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.errText().contains(QStringLiteral("--category reserved is not the purpose")),
             result.err.constData());
    QCOMPARE(fileBytes(target), before);
    result = import({QStringLiteral("--device"), QStringLiteral("nas"), QStringLiteral("--ip"),
                     QStringLiteral("192.168.10.9"), QStringLiteral("--category"),
                     QStringLiteral("management")});
    QVERIFY2(result.exitCode == 0 || result.exitCode == 1, result.err.constData());
    QVERIFY2(result.errText().contains(QStringLiteral("Portainer: no host port")),
             result.err.constData());
    Registry registry;
    Error error;
    QVERIFY(RegistryIo::load(target, registry, error));
    const Device &nas = registry.devices[registry.findDevice(QStringLiteral("nas"))];
    QCOMPARE(nas.ip, QStringLiteral("192.168.10.9"));
    QStringList labels;
    for (const Service &service : nas.services) {
        for (const Binding &binding : service.ports)
            labels << service.name + u' ' + binding.hostLabel() + u' ' + service.category;
    }
    QCOMPARE(labels, (QStringList{"Gitea 20022/tcp ssh-git", "Pi-hole 53/tcp management",
                                  "Pi-hole 53/udp management"}));
}

void TestMarkdownReader::markdownRoundTripOfTheExample()
{
    Registry example;
    Error loadError;
    QVERIFY(RegistryIo::load(fromTestFolder(PORTOLAN_EXAMPLE), example, loadError));
    MarkdownReader reader;
    QVERIFY2(reader.readText(MarkdownWriter::toMarkdown(example), QStringLiteral("export.md")),
             qPrintable(reader.error().toString()));
    QCOMPARE(reader.devices().size(), 2);
    Registry registry = example;
    QStringList report;
    MarkdownImportPlan::apply(reader.devices(), registry, &report);
    QVERIFY2(registry == example,
             qPrintable(report.join(u'\n') + QString::fromUtf8(YamlWriter::toYaml(registry))));

    // Into a registry that has only the policy: every device, binding and route comes in.
    Registry fresh = example;
    fresh.devices.clear();
    // The export has no category column: services outside every block need one named.
    QVERIFY(!MarkdownImportPlan::apply(reader.devices(), fresh, &report));
    fresh.devices.clear();
    QVERIFY(
        MarkdownImportPlan::apply(reader.devices(), fresh, &report, QStringLiteral("management")));
    QCOMPARE(fresh.devices.size(), 2);
    QCOMPARE(fresh.bindingCount(), example.bindingCount());
    for (int d = 0; d < 2; ++d) {
        for (int s = 0; s < example.devices[d].services.size(); ++s) {
            const Service &want = example.devices[d].services[s];
            const Service &got = fresh.devices[d].services[s];
            QCOMPARE(got.name, want.name);
            QCOMPARE(got.route.has_value(), want.route.has_value());
            if (want.route)
                QVERIFY(*got.route == *want.route);
            for (int b = 0; b < want.ports.size(); ++b) {
                QCOMPARE(got.ports[b].hostLabel(), want.ports[b].hostLabel());
                QCOMPARE(got.ports[b].exception, want.ports[b].exception);
            }
        }
    }
}

void TestMarkdownReader::markdownHandKept()
{
    Registry example;
    Error loadError;
    QVERIFY(RegistryIo::load(fromTestFolder(PORTOLAN_EXAMPLE), example, loadError));
    MarkdownReader reader;
    QVERIFY2(reader.readFile(fromTestFolder(PORTOLAN_TEST_DATA "/compose/handkept.md")),
             qPrintable(reader.error().toString()));
    QCOMPARE(reader.devices().size(), 2);
    QCOMPARE(reader.devices()[0].rows.size(), 3);
    QCOMPARE(reader.devices()[0].rows[0].notes, QStringLiteral("git over ssh | also mirrors"));
    QVERIFY(reader.devices()[0].rows[2].ports.isEmpty());
    Registry registry = example;
    QStringList report;
    MarkdownImportPlan::apply(reader.devices(), registry, &report);
    QCOMPARE(registry.devices.size(), 3);
    QCOMPARE(registry.devices[2].name, QStringLiteral("nova"));
    QCOMPARE(registry.devices[2].ip, QStringLiteral("192.168.10.9"));
    QCOMPARE(registry.devices[2].services[0].ports[0].host.toString(),
             QStringLiteral("20100-20101"));
    QCOMPARE(registry.devices[2].services[0].category, QStringLiteral("ssh-git"));
    // gitea kept its exception; its notes came from the table.
    const Service &gitea = registry.devices[0].services[2];
    QCOMPARE(gitea.ports[0].exception, QStringLiteral("non-http"));
    QCOMPARE(gitea.ports[0].notes, QStringLiteral("git over ssh | also mirrors"));
}

void TestMarkdownReader::markdownPlaceholderIsAnError()
{
    MarkdownReader reader;
    QVERIFY(!reader.readFile(fromTestFolder(PORTOLAN_TEST_DATA "/compose/placeholder.md")));
    QCOMPARE(reader.error().location.line, 6);
    QVERIFY(reader.error().message.contains(QStringLiteral("{HOST_PORT}")));
}

namespace {

// Everything a reader gave, as text to compare.
QString dumpOf(const MarkdownReader &reader)
{
    QString text;
    for (const MarkdownReader::DeviceTable &device : reader.devices()) {
        text += QStringLiteral("%1 %2 %3 [%4]\n")
                    .arg(device.line)
                    .arg(device.name, device.ip, device.description);
        for (const MarkdownReader::Row &row : device.rows) {
            text += QStringLiteral("  %1 %2 proto=%3 exc=%4 route=%5:%6 url=%7 notes=%8 c=%9\n")
                        .arg(row.line)
                        .arg(row.service, row.protocol, row.exception, row.routeHost)
                        .arg(row.routePort.value_or(-1))
                        .arg(row.url, row.notes,
                             row.container ? row.container->toString() : QStringLiteral("-"));
            for (const MarkdownReader::RowPort &port : row.ports)
                text += QStringLiteral("    %1 %2 %3 %4\n")
                            .arg(port.hostIp, port.host.toString(), port.container.toString(),
                                 port.protocol);
        }
    }
    return text + reader.warnings().join(u'\n');
}

} // namespace

// A document of many tables has them read on two threads: the devices, rows, warnings and
// errors are exactly what one thread gives, also where tables without a heading go to
// devices given on the command line between headed ones.
void TestMarkdownReader::manyTablesReadAsOneThreadReads()
{
    QString document = QStringLiteral("# Ports\n\n");
    for (int d = 0; d < 150; ++d) {
        if (d % 50 == 25) // a table under no device heading: it goes to a given device
            document += QStringLiteral("## Spare %1\n\n| Service | Port | Host |\n|---|---|---|\n"
                                       "| spare%1 | %2 | given%3 |\n\n")
                            .arg(d)
                            .arg(30000 + d)
                            .arg(d / 50 % 2);
        document += QStringLiteral("### host%1 (10.1.%2.%3)\n\nmachine %1\n\n")
                        .arg(d)
                        .arg(d / 200)
                        .arg(d % 200 + 1);
        document += QStringLiteral("| Service | Host Port | Container Port | Protocol | Notes |\n"
                                   "|---|---|---|---|---|\n"
                                   "| web | %1 | 80 | tcp | w |\n"
                                   "| **grp** | | | | |\n"
                                   "| | %2/udp | 53 | | in group |\n"
                                   "| bad | abc | 80 | tcp | unreadable |\n"
                                   "| | | | | |\n"
                                   "| off | - | 80 | tcp | no host port |\n"
                                   "| multi | %3, %4 | 80 | TCP/UDP | two |\n\n")
                        .arg(20000 + d)
                        .arg(21000 + d)
                        .arg(22000 + d)
                        .arg(23000 + d);
    }
    const auto readWith = [&](bool oneThread, QString *dump) {
        ParallelSections::fromSections() = oneThread ? std::numeric_limits<int>::max() : 64;
        MarkdownReader reader;
        reader.setDevices({{QStringLiteral("given0"), QStringLiteral("10.9.0.1")},
                           {QStringLiteral("given1"), QStringLiteral("10.9.0.2")}});
        const bool read = reader.readText(document, QStringLiteral("many.md"));
        *dump = dumpOf(reader) + reader.error().toString();
        return read;
    };
    QString parallel;
    QString serial;
    const bool readParallel = readWith(false, &parallel);
    const bool readSerial = readWith(true, &serial);
    ParallelSections::fromSections() = 64;
    QVERIFY(readParallel);
    QVERIFY(readSerial);
    QCOMPARE(parallel, serial);
    // What it holds: every device, each given one where the document first needs it, the
    // group's row under its name, the skipped rows reported by line.
    QVERIFY(parallel.contains(QStringLiteral("host149 10.1.0.150 [machine 149]")));
    const auto at = [&](const char *text) {
        return parallel.indexOf(QLatin1String(text));
    };
    QVERIFY(at(" host24 ") < at(" given0 10.9.0.1") && at(" given0 10.9.0.1") < at(" host25 "));
    QVERIFY(at(" host74 ") < at(" given1 10.9.0.2") && at(" given1 10.9.0.2") < at(" host75 "));
    QVERIFY(at("spare125 ") > at(" given0 ") && at("spare125 ") < at(" given1 "));
    QVERIFY(parallel.contains(QStringLiteral("     21149 53 udp")));
    QVERIFY(parallel.contains(QStringLiteral("many.md:2116:9: bad: host port: no port in")));
}

// Port tables are read a batch at a time: across batches, every device, row and warning is
// there once, in the document's order.
void TestMarkdownReader::tablesReadInBatchesKeepTheDocumentsOrder()
{
    const int tables = 2 * MarkdownReader::TablesReadAtOnce + 7;
    QString document;
    for (int d = 0; d < tables; ++d)
        document += QStringLiteral("### host%1 (10.3.%2.%3)\n\n"
                                   "| Service | Host Port | Container Port |\n|---|---|---|\n"
                                   "| web | %4 | 80 |\n| bad | abc | 80 |\n\n")
                        .arg(d)
                        .arg(d / 200)
                        .arg(d % 200 + 1)
                        .arg(20000 + d);
    MarkdownReader reader;
    QVERIFY2(reader.readText(document, QStringLiteral("batches.md")),
             qPrintable(reader.error().toString()));
    QCOMPARE(int(reader.devices().size()), tables);
    for (int d = 0; d < tables; ++d) {
        const MarkdownReader::DeviceTable &device = reader.devices()[d];
        QCOMPARE(device.name, QStringLiteral("host%1").arg(d));
        QCOMPARE(device.rows.size(), 1);
        QCOMPARE(device.rows.first().ports.first().host.first, 20000 + d);
    }
    QCOMPARE(int(reader.warnings().size()), tables);
    int lastLine = 0;
    for (const QString &warning : reader.warnings()) {
        const int line = warning.section(u':', 1, 1).toInt();
        QVERIFY2(line > lastLine, qPrintable(warning));
        lastLine = line;
    }
}

// The tables of different devices are merged on two threads: the registry, the report and
// the refusal are exactly one thread's.
void TestMarkdownReader::manyDevicesMergeAsOneThreadMerges()
{
    QString document;
    const auto deviceTable = [](int d, int firstPort, const QString &extra) {
        return QStringLiteral("### host%1 (10.2.%2.%3)\n\n"
                              "| Service | Host Port | Container Port | Route | Notes |\n"
                              "|---|---|---|---|---|\n"
                              "| web | %4 | 80 | web%1.home.example.org -> 80 | w |\n"
                              "| ext | %5 | 81 | ext%1.elsewhere.net -> 81 | off-domain |\n"
                              "%6\n")
            .arg(d)
            .arg(d / 200)
            .arg(d % 200 + 1)
            .arg(firstPort)
            .arg(firstPort + 1)
            .arg(extra);
    };
    for (int d = 0; d < 130; ++d)
        document += deviceTable(d, 20000 + 2 * d, QString());
    // host3 again, further down: the reader adds its rows to the first table's.
    document += deviceTable(3, 25000, QStringLiteral("| odd | 8080 | 80 |  | no block |\n"));
    // One service whose port is in no block, with no category to fall back on.
    document += deviceTable(140, 26000, QStringLiteral("| stray | 9090 | 90 |  | no block |\n"));
    MarkdownReader reader;
    QVERIFY2(reader.readText(document, QStringLiteral("many.md")),
             qPrintable(reader.error().toString()));
    struct Merged
    {
        bool ok = false;
        QString yaml;
        QStringList report;
        QString error;
    };
    const auto mergeWith = [&](bool oneThread, const QString &category) {
        ParallelSections::fromSections() = oneThread ? std::numeric_limits<int>::max() : 64;
        Merged merged;
        Registry registry = m_policyOnly;
        Error error;
        merged.ok =
            MarkdownImportPlan::apply(reader.devices(), registry, &merged.report, category, &error);
        merged.yaml = QString::fromUtf8(YamlWriter::toYaml(registry));
        merged.error = error.toString();
        return merged;
    };
    for (const QString &category : {QStringLiteral("management"), QString()}) {
        const Merged parallel = mergeWith(false, category);
        const Merged serial = mergeWith(true, category);
        ParallelSections::fromSections() = 64;
        QCOMPARE(parallel.ok, serial.ok);
        QCOMPARE(parallel.report, serial.report);
        QCOMPARE(parallel.error, serial.error);
        QCOMPARE(parallel.yaml, serial.yaml);
        QCOMPARE(parallel.ok, !category.isEmpty());
    }
    const Merged merged = mergeWith(false, QStringLiteral("management"));
    ParallelSections::fromSections() = 64;
    // The report in the document's order: each device, then its services (a device's second
    // table adds to its first).
    const int host3 = merged.report.indexOf(QStringLiteral("add device host3 (10.2.0.4)"));
    QVERIFY(host3 >= 0);
    QCOMPARE(merged.report.value(host3 + 1), QStringLiteral("add service host3/web"));
    const auto at = [&](const QString &line) {
        return merged.report.indexOf(line);
    };
    QVERIFY(at(QStringLiteral("add service host3/ext")) <
            at(QStringLiteral("add service host3/odd")));
    QCOMPARE(at(QStringLiteral("add device host4 (10.2.0.5)")),
             at(QStringLiteral("add service host3/odd")) + 1);
    QVERIFY(merged.report.contains(
        QStringLiteral("warning: host7/ext: route ext7.elsewhere.net is not under example.org")));
    QVERIFY(mergeWith(false, QString()).error.contains(QLatin1String("host140/stray")));
}

QTEST_GUILESS_MAIN(TestMarkdownReader)
#include "tst_markdownreader.moc"
