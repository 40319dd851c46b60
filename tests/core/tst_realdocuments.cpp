#include "formats/FormatRegistry.h"
#include "formats/docker/DockerReader.h"
#include "formats/markdown/MarkdownReader.h"
#include "formats/yaml/YamlWriter.h"
#include "store/RegistryIo.h"

#include "support/TestSupport.h"

#include <QDir>
#include <QTest>

using namespace portolan;
using namespace portolan::testing;

// Documents nobody here wrote (tests/data/real, each with its source and licence in
// SOURCES.tsv): real docker, compose and podman outputs and hand-kept Markdown port lists from
// public repositories. Each is read as the import reads it and compared with the bindings read
// from it by hand (NAME.expected.tsv: service, host, container, protocol, bind), not with the
// tool's own output. Every docker form must import exactly; the Markdown documents at least
// 90 % of their bindings, and none may give nothing.
class TestRealDocuments : public QObject
{
    Q_OBJECT

private slots:
    void dockerOutputs_data();
    void dockerOutputs();
    void markdownDocuments_data();
    void markdownDocuments();
    void markdownTotals();
    void composeProfilesAsDockerComposeStartsThem();
    void apexRouteIsTheDomainItself();

private:
    int m_expected = 0;
    int m_matched = 0;
};

namespace {

const QString realData = fromTestFolder(PORTOLAN_TEST_DATA "/real");

// "service host container protocol bind", as the .expected.tsv files hold them.
QStringList expectedOf(const QString &file, int columns = 5)
{
    QStringList lines;
    for (const QByteArray &raw : fileBytes(file).split('\n')) {
        if (raw.trimmed().isEmpty())
            continue;
        QStringList fields = QString::fromUtf8(raw).split(u'\t');
        while (fields.size() < columns)
            fields << QString();
        lines << fields.mid(0, columns).join(u' ').trimmed();
    }
    lines.sort();
    return lines;
}

QString bindingLine(const QString &service, const PortRange &host, const PortRange &container,
                    QString protocol, QString bind)
{
    if (protocol.isEmpty())
        protocol = QStringLiteral("tcp");
    if (bind == QLatin1String("0.0.0.0") || bind == QLatin1String("::"))
        bind.clear();
    return QStringLiteral("%1 %2 %3 %4 %5")
        .arg(service, host.toString(), container.toString(), protocol, bind)
        .trimmed();
}

} // namespace

void TestRealDocuments::dockerOutputs_data()
{
    QTest::addColumn<QString>("file");
    const QStringList files = QDir(realData + QStringLiteral("/docker"))
                                  .entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 10);
    for (const QString &file : files)
        QTest::newRow(qPrintable(file)) << file;
}

void TestRealDocuments::dockerOutputs()
{
    QFETCH(QString, file);
    const QString path = realData + QStringLiteral("/docker/") + file;
    DockerReader reader;
    QVERIFY2(reader.readFile(path), qPrintable(reader.error().toString()));
    const QStringList expected =
        expectedOf(QString(path).replace(QStringLiteral(".json"), QStringLiteral(".expected.tsv")));
    // Named as the hand-read list names them: the compose service, else the container.
    QStringList actual;
    for (const DockerReader::Container &container : reader.containers()) {
        QSet<QString> seen;
        for (const PublishedPort &port : container.published) {
            if (!port.host)
                continue;
            const QString name = expected.join(u'\n').contains(container.name + u' ')
                                     ? container.name
                                     : container.service;
            const QString line =
                bindingLine(name, *port.host, port.container, port.protocol, port.hostIp);
            if (!seen.contains(line))
                actual << line;
            seen.insert(line);
        }
    }
    actual.sort();
    QCOMPARE(actual, expected);
}

void TestRealDocuments::markdownDocuments_data()
{
    QTest::addColumn<QString>("file");
    const QStringList files = QDir(realData + QStringLiteral("/markdown"))
                                  .entryList({QStringLiteral("*.md")}, QDir::Files, QDir::Name);
    for (const QString &file : files)
        QTest::newRow(qPrintable(file)) << file;
}

void TestRealDocuments::markdownDocuments()
{
    QFETCH(QString, file);
    const QString path = realData + QStringLiteral("/markdown/") + file;
    const QString base = QString(path).chopped(3);
    // service, host, container, protocol, bind[, device]: tab-separated, as read by hand.
    QVector<QStringList> expected;
    for (const QByteArray &raw : fileBytes(base + QStringLiteral(".expected.tsv")).split('\n')) {
        if (raw.trimmed().isEmpty())
            continue;
        QStringList fields = QString::fromUtf8(raw).split(u'\t');
        while (fields.size() < 6)
            fields << QString();
        expected << fields;
    }
    // The machines the document names, each given as --device would give it.
    QVector<MarkdownReader::GivenDevice> given{
        {QStringLiteral("homelab"), QStringLiteral("192.0.2.1")}};
    QStringList machines;
    for (const QStringList &fields : std::as_const(expected)) {
        if (!fields[5].isEmpty() && !machines.contains(fields[5]))
            machines << fields[5];
    }
    for (int m = 0; m < machines.size(); ++m)
        given.append({machines[m], QStringLiteral("192.0.2.%1").arg(m + 10)});
    MarkdownReader reader;
    reader.setDevices(given);
    QVERIFY2(reader.readFile(path), qPrintable(reader.error().toString()));
    // What the import gives, each binding once for every time the document lists it.
    QStringList actual;
    for (const MarkdownReader::DeviceTable &device : reader.devices()) {
        for (const MarkdownReader::Row &row : device.rows) {
            for (const MarkdownReader::RowPort &port : row.ports)
                actual << bindingLine(row.service.toLower(), port.host, port.container,
                                      port.protocol, port.hostIp);
        }
    }
    QVERIFY2(!actual.isEmpty(), "a document with port tables gave nothing");
    int matched = 0;
    QStringList missing;
    for (const QStringList &fields : std::as_const(expected)) {
        const std::optional<PortRange> host = PortRange::parse(fields[1]);
        const std::optional<PortRange> container = PortRange::parse(fields[2]);
        const QString want = host && container
                                 ? bindingLine(MarkdownCells::serviceName(fields[0]).toLower(),
                                               *host, *container, fields[3].toLower(), fields[4])
                                 : QString();
        const qsizetype at = want.isEmpty() ? -1 : actual.indexOf(want);
        if (at >= 0) {
            ++matched;
            actual.removeAt(at);
        } else {
            missing << fields.mid(0, 5).join(u' ').trimmed();
        }
    }
    m_expected += int(expected.size());
    m_matched += matched;
    qInfo("%s: %d of %lld bindings", qPrintable(file), matched, qlonglong(expected.size()));
    if (!missing.isEmpty())
        qInfo("  not found: %s", qPrintable(missing.join(QStringLiteral("; "))));
    if (!actual.isEmpty())
        qInfo("  not in the document: %s", qPrintable(actual.join(QStringLiteral("; "))));
}

void TestRealDocuments::markdownTotals()
{
    QVERIFY2(m_expected >= 400, "the collected documents hold at least 400 bindings");
    qInfo("Markdown: %d of %d bindings imported exactly (%.1f %%)", m_matched, m_expected,
          100.0 * m_matched / m_expected);
    QVERIFY(m_matched * 10 >= m_expected * 9);
}

namespace {

// The services a compose file brings onto atlas of the example, with these import options.
QStringList importedServices(const QString &file, const FormatValues &options,
                             QStringList *warnings, Registry *result = nullptr)
{
    Registry registry;
    Error error;
    if (!RegistryIo::load(fromTestFolder(PORTOLAN_EXAMPLE), registry, error))
        return {QStringLiteral("example: ") + error.toString()};
    FormatValues values = options;
    values.set(QStringLiteral("device"), {QStringLiteral("atlas")});
    values.set(QStringLiteral("category"), {QStringLiteral("management")});
    const std::unique_ptr<PreparedImport> prepared =
        FormatRegistry::importer(QStringLiteral("compose"))->read(file, values, &error);
    if (!prepared)
        return {QStringLiteral("read: ") + error.toString()};
    Registry wanted = registry;
    if (!prepared->mergeInto(registry, wanted, warnings, &error))
        return {QStringLiteral("merge: ") + error.toString()};
    QStringList added;
    const Device &atlas = wanted.devices[wanted.findDevice(QStringLiteral("atlas"))];
    for (const Service &service : atlas.services) {
        if (registry.devices[0].findService(service.name) < 0)
            added << service.name;
    }
    if (result)
        *result = wanted;
    added.sort();
    return added;
}

} // namespace

// docker compose's own e2e fixture: foo and bar run only with profile "test".
void TestRealDocuments::composeProfilesAsDockerComposeStartsThem()
{
    const QString fixture =
        realData + QStringLiteral("/docker/13-compose-e2e-profiles-docker-compose.yml");
    QStringList warnings;
    QCOMPARE(importedServices(fixture, {}, &warnings), QStringList{"db"});
    QVERIFY2(warnings.join(u'\n').contains(QStringLiteral("profile test, which is not active")),
             qPrintable(warnings.join(u'\n')));
    FormatValues withProfile;
    withProfile.set(QStringLiteral("profile"), {QStringLiteral("test")});
    QCOMPARE(importedServices(fixture, withProfile, &warnings), (QStringList{"bar", "db", "foo"}));
    // COMPOSE_PROFILES from the project's .env, as docker compose reads it.
    QTemporaryDir dir;
    QVERIFY(QFile::copy(fixture, dir.filePath(QStringLiteral("compose.yml"))));
    QVERIFY(writeBytes(dir.filePath(QStringLiteral(".env")), "COMPOSE_PROFILES=test\n"));
    QCOMPARE(importedServices(dir.filePath(QStringLiteral("compose.yml")), {}, &warnings),
             (QStringList{"bar", "db", "foo"}));
    // "*" activates every profile.
    FormatValues all;
    all.set(QStringLiteral("profile"), {QStringLiteral("*")});
    QCOMPARE(importedServices(fixture, all, &warnings), (QStringList{"bar", "db", "foo"}));
}

void TestRealDocuments::apexRouteIsTheDomainItself()
{
    QTemporaryDir dir;
    const QString compose = dir.filePath(QStringLiteral("compose.yml"));
    QVERIFY(writeBytes(compose,
                       "services:\n  site:\n    image: nginx\n    labels:\n"
                       "      - traefik.http.routers.site.rule=Host(`example.org`)\n"
                       "      - traefik.http.services.site.loadbalancer.server.port=80\n"));
    QStringList warnings;
    Registry result;
    QCOMPARE(importedServices(compose, {}, &warnings, &result), QStringList{"site"});
    const Device &atlas = result.devices[result.findDevice(QStringLiteral("atlas"))];
    const Service &site = atlas.services[atlas.findService(QStringLiteral("site"))];
    QVERIFY(site.route.has_value());
    QCOMPARE(site.route->host, QStringLiteral("@"));
    QCOMPARE(site.route->scope, QStringLiteral("external"));
    QCOMPARE(result.routeFqdn(*site.route), QStringLiteral("example.org"));
    // "@" is written quoted, reads back, validates; as an internal route it is refused.
    const QString file = dir.filePath(QStringLiteral("apex.yaml"));
    QVERIFY(writeBytes(file, YamlWriter::toYaml(result)));
    QVERIFY(fileBytes(file).contains("host: \"@\""));
    ProcessResult validated =
        runProgram(fromTestFolder(PORTOLAN_CLI), {QStringLiteral("validate"), file});
    QVERIFY2(validated.exitCode == 0, validated.out.constData());
    QVERIFY(writeBytes(file, fileBytes(file).replace("{host: \"@\", scope: external",
                                                     "{host: \"@\", scope: internal")));
    validated = runProgram(fromTestFolder(PORTOLAN_CLI), {QStringLiteral("validate"), file});
    QCOMPARE(validated.exitCode, 1);
    QVERIFY2(validated.outText().contains(QStringLiteral("the domain itself, which is external")),
             validated.out.constData());
}

QTEST_GUILESS_MAIN(TestRealDocuments)
#include "tst_realdocuments.moc"
