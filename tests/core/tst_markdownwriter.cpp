#include "formats/markdown/MarkdownImportPlan.h"
#include "formats/markdown/MarkdownReader.h"
#include "formats/markdown/MarkdownWriter.h"
#include "formats/yaml/YamlReader.h"
#include "support/TestSupport.h"

#include <QTest>

using namespace portolan;
using portolan::testing::fromTestFolder;

class TestMarkdownWriter : public QObject
{
    Q_OBJECT

private slots:
    void example();
    void escapeCell_data();
    void escapeCell();
    void tablesNeverBreak();
    void notesEndingInASeparatorStayTheServices();
};

void TestMarkdownWriter::example()
{
    YamlReader reader;
    Registry registry;
    QVERIFY(reader.readFile(fromTestFolder(PORTOLAN_EXAMPLE), registry));
    const QString md = MarkdownWriter::toMarkdown(registry);
    QVERIFY(md.startsWith(QStringLiteral("# Port registry: example.org\n")));
    QVERIFY(md.contains(QStringLiteral("closed by default")));
    QVERIFY(md.contains(QStringLiteral("`HOST.example.org`")));
    QVERIFY(md.contains(QStringLiteral("`HOST.home.example.org`")));
    // Range table: real numbers, purpose and fill.
    QVERIFY(
        md.contains(QStringLiteral("| 1 | 20000-20999 | SSH/Git (`ssh-git`) | 1 | 999 | 0.1% |")));
    QVERIFY(md.contains(QStringLiteral("| 2 | 21000-21999 | `reserved` | 0 | 1000 | 0.0% |")));
    QVERIFY(md.contains(
        QStringLiteral("| 5 | 24000-24999 | Orchestration (`orchestration`) | 2 | 998 | 0.2% |")));
    // Device sections and rows.
    QVERIFY(md.contains(QStringLiteral("### atlas (192.168.10.2)")));
    QVERIFY(md.contains(QStringLiteral("### helios (192.168.10.3)")));
    QVERIFY(md.contains(QStringLiteral(
        "| Service | Host Port | Container Port | Protocol | Exception | Route | Notes |")));
    QVERIFY(md.contains(QStringLiteral(
        "| gitea | 20022 | 22 | tcp | non-http | git.example.org -> 3000 | git over ssh |")));
    QVERIFY(md.contains(QStringLiteral("| adguard | 53 | 53 | udp | non-http |  |  |")));
    // Routed services without bindings appear with their fully qualified name.
    QVERIFY(md.contains(
        QStringLiteral("| grafana |  | 3000 |  |  | grafana.home.example.org -> 3000 |  |")));
    // A route the proxy on another device serves, with the port opened for it.
    QVERIFY(
        md.contains(QStringLiteral("| n8n | 192.168.10.3:25000 | 5678 | tcp | proxy-backend | "
                                   "n8n.example.org -> 5678 | reached by the proxy on atlas |")));
}

void TestMarkdownWriter::escapeCell_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << "text"
                           << "text";
    QTest::newRow("pipe") << "a | b"
                          << "a \\| b";
    QTest::newRow("newline") << "one\ntwo"
                             << "one<br>two";
    QTest::newRow("crlf") << "one\r\ntwo"
                          << "one<br>two";
    QTest::newRow("backslash before pipe") << "a\\|b"
                                           << "a\\\\\\|b";
    QTest::newRow("html") << "<img onerror=x> & more"
                          << "&lt;img onerror=x> &amp; more";
    QTest::newRow("entity stays text") << "&lt;"
                                       << "&amp;lt;";
    QTest::newRow("lone cr, cr cr lf") << "a\rb\r\r\nc"
                                       << "a<br>b<br><br>c";
    QTest::newRow("not ascii around escapes")
        << QString::fromUtf8("ü|·\\𝄞") << QString::fromUtf8("ü\\|·\\\\𝄞");
    // Escapes written before the first letter beyond ASCII are taken back and written again.
    QTest::newRow("escapes, then not ascii")
        << QString::fromUtf8("a|b&c\r\n<é") << QString::fromUtf8("a\\|b&amp;c<br>&lt;é");
    QTest::newRow("empty") << ""
                           << "";
}

void TestMarkdownWriter::escapeCell()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(MarkdownWriter::escapeCell(input), expected);
}

void TestMarkdownWriter::tablesNeverBreak()
{
    YamlReader reader;
    Registry registry;
    QVERIFY(reader.readFile(fromTestFolder(PORTOLAN_TEST_DATA "/roundtrip/empty-and-unicode.yaml"),
                            registry));
    const QString md = MarkdownWriter::toMarkdown(registry);
    // Every table row has as many unescaped pipes as its header.
    const QStringList lines = md.split(u'\n');
    int expectedPipes = -1;
    for (const QString &line : lines) {
        if (!line.startsWith(u'|')) {
            expectedPipes = -1;
            continue;
        }
        QString stripped = line;
        stripped.replace(QStringLiteral("\\\\"), QString())
            .replace(QStringLiteral("\\|"), QString());
        const int pipes = stripped.count(u'|');
        if (expectedPipes < 0)
            expectedPipes = pipes;
        QCOMPARE(pipes, expectedPipes);
    }
    QVERIFY(md.contains(QStringLiteral("first line<br>second line \\| with a pipe")));
    QVERIFY(md.contains(QStringLiteral("### empty-box (10.0.0.9)\n\nNo services.")));
}

// The export writes a service's notes into its first row, followed by the row's own: a row
// that ends in the separator ("x; ", an empty note after it) gives back the service's notes.
void TestMarkdownWriter::notesEndingInASeparatorStayTheServices()
{
    Registry registry;
    QVERIFY(YamlReader().readFile(fromTestFolder(PORTOLAN_EXAMPLE), registry));
    registry.devices = {Device{}};
    registry.devices[0].name = QStringLiteral("atlas");
    registry.devices[0].ip = QStringLiteral("192.168.10.2");
    Service web;
    web.name = QStringLiteral("web");
    web.category = QStringLiteral("management");
    web.notes = QStringLiteral("x");
    web.ports << Binding{{}, PortRange::single(21080), PortRange::single(80), {}, {}, {}, {}};
    registry.devices[0].services << web;
    MarkdownReader reader;
    QVERIFY(reader.readText(QStringLiteral("### atlas (192.168.10.2)\n\n| Service | Host Port | "
                                           "Container Port |\n|---|---|---|\n"
                                           "| web (x) () | 21080 | 80 |\n"),
                            QStringLiteral("notes.md")));
    QCOMPARE(reader.devices()[0].rows[0].notes, QStringLiteral("x; "));
    Registry merged = registry;
    QStringList report;
    QVERIFY(MarkdownImportPlan::apply(reader.devices(), merged, &report));
    QCOMPARE(merged.devices[0].services[0], registry.devices[0].services[0]);
}

QTEST_GUILESS_MAIN(TestMarkdownWriter)
#include "tst_markdownwriter.moc"
