#include "formats/compose/ComposeWriter.h"
#include "formats/compose/TraefikRule.h"
#include "formats/markdown/MarkdownWriter.h"
#include "store/RegistryIo.h"
#include "support/TestSupport.h"

#include <QDir>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <yaml-cpp/yaml.h>

using namespace portolan;
using namespace portolan::testing;

// No registry value may change the meaning of what Portolan writes: a line break in a note
// used to end the compose comment and add `privileged: true`; a backtick in a route host made
// a catch-all Traefik router; escape sequences reached the terminal through `validate`.
class TestInjection : public QObject
{
    Q_OBJECT

private slots:
    void exportsRefuse_data();
    void exportsRefuse();
    void writerAloneKeepsTheMeaning_data();
    void writerAloneKeepsTheMeaning();
    void validateTextCannotForgeLines_data();
    void validateTextCannotForgeLines();
    void markdownEscapesHtml();
    void traefikRules_data();
    void traefikRules();

private:
    static QStringList fixtures();
    ProcessResult cli(const QStringList &arguments) const
    {
        return runProgram(fromTestFolder(PORTOLAN_CLI), arguments);
    }
    QTemporaryDir m_dir;
};

QStringList TestInjection::fixtures()
{
    return QDir(fromTestFolder(PORTOLAN_TEST_DATA "/injection"))
        .entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name);
}

void TestInjection::exportsRefuse_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("command");
    for (const QString &name : fixtures()) {
        const QString path = fromTestFolder(PORTOLAN_TEST_DATA "/injection/") + name;
        QTest::newRow(qPrintable(name + QStringLiteral(" compose")))
            << path
            << QStringList{QStringLiteral("export"), QStringLiteral("compose"), path,
                           QStringLiteral("--device"), QStringLiteral("atlas")};
        QTest::newRow(qPrintable(name + QStringLiteral(" caddy")))
            << path
            << QStringList{
                   QStringLiteral("export"),   QStringLiteral("compose"), path,
                   QStringLiteral("--device"), QStringLiteral("atlas"),   QStringLiteral("--proxy"),
                   QStringLiteral("caddy")};
        QTest::newRow(qPrintable(name + QStringLiteral(" markdown")))
            << path << QStringList{QStringLiteral("export"), QStringLiteral("markdown"), path};
    }
}

void TestInjection::exportsRefuse()
{
    QFETCH(QString, path);
    QFETCH(QStringList, command);
    const ProcessResult validate = cli({QStringLiteral("validate"), path});
    QCOMPARE(validate.exitCode, 1);
    QVERIFY2(validate.outText().contains(QLatin1String("invalid-value")), validate.out.constData());

    const ProcessResult exported = cli(command);
    QCOMPARE(exported.exitCode, 2);
    QVERIFY2(exported.out.isEmpty(), exported.out.constData());
    QVERIFY2(exported.errText().contains(QLatin1String("refusing to export")),
             exported.err.constData());
    QVERIFY2(exported.errText().contains(QLatin1String("(invalid-value)")),
             exported.err.constData());

    const QString pdf = m_dir.filePath(QStringLiteral("overview.pdf"));
    const ProcessResult printed =
        cli({QStringLiteral("print"), path, QStringLiteral("--out"), pdf});
    QCOMPARE(printed.exitCode, 2);
    QVERIFY(!QFile::exists(pdf));
}

void TestInjection::writerAloneKeepsTheMeaning_data()
{
    QTest::addColumn<QString>("path");
    for (const QString &name : fixtures())
        QTest::newRow(qPrintable(name)) << fromTestFolder(PORTOLAN_TEST_DATA "/injection/") + name;
}

// The refusal is the front door; the writer itself is the second: what it writes, whatever it
// is given, has only the keys it means to write, passes docker-compose, and each router rule
// is exactly one Host matcher.
void TestInjection::writerAloneKeepsTheMeaning()
{
    QFETCH(QString, path);
    Registry registry;
    Error error;
    QVERIFY2(RegistryIo::load(path, registry, error), qPrintable(error.toString()));
    const QByteArray yaml = ComposeWriter::toCompose(registry, 0);
    const YAML::Node root = YAML::Load(yaml.toStdString());
    const QStringList allowed = {QStringLiteral("image"), QStringLiteral("ports"),
                                 QStringLiteral("expose"), QStringLiteral("labels"),
                                 QStringLiteral("networks")};
    for (const auto &service : root["services"]) {
        for (const auto &entry : service.second) {
            const QString key = QString::fromStdString(entry.first.Scalar());
            QVERIFY2(allowed.contains(key), qPrintable(key + u'\n' + QString::fromUtf8(yaml)));
        }
        if (!service.second["labels"])
            continue;
        for (const auto &label : service.second["labels"]) {
            const QString key = QString::fromStdString(label.first.Scalar());
            if (!key.endsWith(QLatin1String(".rule")))
                continue;
            Error ruleError;
            const auto rule =
                TraefikRule::parse(QString::fromStdString(label.second.Scalar()), &ruleError);
            QVERIFY2(rule, qPrintable(ruleError.toString()));
            QCOMPARE(rule->matchers().size(), 1);
            QCOMPARE(rule->matchers().first().name, QStringLiteral("Host"));
            QVERIFY(!rule->hasAlternatives());
        }
    }
    const QString file = m_dir.filePath(QStringLiteral("writer.yml"));
    QVERIFY(writeBytes(file, yaml));
    const ProcessResult check = runProgram(fromTestFolder(PORTOLAN_CHECK_COMPOSE), {file});
    QVERIFY2(check.exitCode == 0, check.err.constData());
}

void TestInjection::validateTextCannotForgeLines_data()
{
    writerAloneKeepsTheMeaning_data();
}

void TestInjection::validateTextCannotForgeLines()
{
    QFETCH(QString, path);
    const ProcessResult result = cli({QStringLiteral("validate"), path});
    const QStringList lines = result.outText().split(u'\n', Qt::SkipEmptyParts);
    // One finding each, one line each: severity, code, subject, port, message.
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines.first().split(QStringLiteral("  ")).size() >= 5, true);
    static const QRegularExpression unsafe(
        QStringLiteral("[\\x00-\\x08\\x0b-\\x1f\\x7f\\x{80}-\\x{9f}\\x{2028}\\x{2029}"
                       "\\x{202a}-\\x{202e}\\x{2066}-\\x{2069}]"));
    QVERIFY2(!unsafe.match(result.outText()).hasMatch(), result.out.constData());
    QVERIFY2(!unsafe.match(result.errText()).hasMatch(), result.err.constData());
}

void TestInjection::markdownEscapesHtml()
{
    Registry registry;
    Error error;
    QVERIFY(RegistryIo::load(fromTestFolder(PORTOLAN_EXAMPLE), registry, error));
    registry.devices[0].description = QStringLiteral("<script>alert(1)</script>");
    registry.devices[0].services[2].ports[0].notes =
        QStringLiteral("<img src=x onerror=alert(1)> & | pipes");
    const QString md = MarkdownWriter::toMarkdown(registry);
    QVERIFY(!md.contains(QLatin1String("<img")));
    QVERIFY(!md.contains(QLatin1String("<script")));
    QVERIFY(md.contains(QLatin1String("&lt;img src=x onerror=alert(1)> &amp; \\| pipes")));
    // What the export escaped, the Markdown import reads back as it was.
    const QString doc = m_dir.filePath(QStringLiteral("escaped.md"));
    QVERIFY(writeBytes(doc, md.toUtf8()));
    const QString target = m_dir.filePath(QStringLiteral("escaped.yaml"));
    QVERIFY(writeBytes(target, fileBytes(fromTestFolder(PORTOLAN_EXAMPLE))));
    const ProcessResult imported = cli({QStringLiteral("import"), QStringLiteral("markdown"), doc,
                                        QStringLiteral("--into"), target});
    QVERIFY2(imported.exitCode == 0, imported.err.constData());
    Registry back;
    QVERIFY(RegistryIo::load(target, back, error));
    QCOMPARE(back.devices[0].services[2].ports[0].notes,
             registry.devices[0].services[2].ports[0].notes);
}

void TestInjection::traefikRules_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QStringList>("hosts");
    QTest::addColumn<QStringList>("others");
    QTest::addColumn<bool>("alternatives");
    QTest::newRow("one host") << QStringLiteral("Host(`git.example.org`)")
                              << QStringList{QStringLiteral("git.example.org")} << QStringList()
                              << false;
    QTest::newRow("quoted") << QStringLiteral("Host(\"a\\\"b\")")
                            << QStringList{QStringLiteral("a\"b")} << QStringList() << false;
    QTest::newRow("two hosts in one")
        << QStringLiteral("Host(`a.org`, `b.org`)")
        << QStringList{QStringLiteral("a.org"), QStringLiteral("b.org")} << QStringList() << false;
    QTest::newRow("with path") << QStringLiteral("Host(`a.org`) && PathPrefix(`/api`)")
                               << QStringList{QStringLiteral("a.org")}
                               << QStringList{QStringLiteral("PathPrefix(`/api`)")} << false;
    QTest::newRow("injected") << QStringLiteral("Host(`x`) || !Host(`y`)")
                              << QStringList{QStringLiteral("x")}
                              << QStringList{QStringLiteral("!Host(`y`)")} << true;
    QTest::newRow("grouped") << QStringLiteral("(Host(`a`) || Host(`b`)) && !Header(`X`, `1`)")
                             << QStringList{QStringLiteral("a"), QStringLiteral("b")}
                             << QStringList{QStringLiteral("!Header(`X`, `1`)")} << true;
    QTest::newRow("quoting a backtick")
        << QStringLiteral("Host(%1)").arg(TraefikRule::quoted(QStringLiteral("x`) || !Host(`y")))
        << QStringList{QStringLiteral("x`) || !Host(`y")} << QStringList() << false;
}

void TestInjection::traefikRules()
{
    QFETCH(QString, rule);
    QFETCH(QStringList, hosts);
    QFETCH(QStringList, others);
    QFETCH(bool, alternatives);
    Error error;
    const auto parsed = TraefikRule::parse(rule, &error);
    QVERIFY2(parsed, qPrintable(error.toString()));
    QCOMPARE(parsed->hosts(), hosts);
    QCOMPARE(parsed->otherParts(), others);
    QCOMPARE(parsed->hasAlternatives(), alternatives);
    for (const char *broken : {"Host(`a`", "Host(`a`) &&", "Host(a)", "Host(`a`) Host(`b`)", ""}) {
        QVERIFY2(!TraefikRule::parse(QString::fromLatin1(broken), &error), broken);
        QVERIFY(!error.toString().isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestInjection)
#include "tst_injection.moc"
