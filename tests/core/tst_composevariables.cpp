#include "formats/compose/ComposeVariables.h"

#include <QTest>

using namespace portolan;

// Compose's variable substitution and env files, case by case as `docker compose config`
// resolves them (compose-go's template and dotenv packages).
class TestComposeVariables : public QObject
{
    Q_OBJECT

private slots:
    void substitute_data();
    void substitute();
    void envFile_data();
    void envFile();
    void envFileErrorsNameTheirLine_data();
    void envFileErrorsNameTheirLine();
};

namespace {

ComposeVariables::Lookup lookupIn(const QHash<QString, QString> &values)
{
    return [values](const QString &name) -> std::optional<QString> {
        const auto it = values.constFind(name);
        return it == values.constEnd() ? std::nullopt : std::optional<QString>(*it);
    };
}

const QHash<QString, QString> shell = {{QStringLiteral("SET"), QStringLiteral("value")},
                                       {QStringLiteral("EMPTY"), QString()},
                                       {QStringLiteral("PORT"), QStringLiteral("8080")}};

} // namespace

void TestComposeVariables::substitute_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("expected"); // the result, or a word of the error

    QTest::newRow("plain") << "nginx:1.27" << true << "nginx:1.27";
    QTest::newRow("braced") << "${PORT}:80" << true << "8080:80";
    QTest::newRow("bare") << "$PORT:80" << true << "8080:80";
    QTest::newRow("unset is empty") << "a${NOPE}b" << true << "ab";
    QTest::newRow("dollar dollar") << "$$PORT" << true << "$PORT";
    QTest::newRow(":- unset") << "${NOPE:-80}" << true << "80";
    QTest::newRow(":- empty") << "${EMPTY:-80}" << true << "80";
    QTest::newRow("- empty") << "${EMPTY-80}" << true << "";
    QTest::newRow(":- set") << "${SET:-80}" << true << "value";
    QTest::newRow(":+ set") << "${SET:+yes}" << true << "yes";
    QTest::newRow(":+ empty") << "${EMPTY:+yes}" << true << "";
    QTest::newRow("+ empty") << "${EMPTY+yes}" << true << "yes";
    QTest::newRow("nested default") << "${NOPE:-${PORT}}" << true << "8080";
    QTest::newRow("nested twice") << "${A:-${B:-${PORT}}}x" << true << "8080x";
    QTest::newRow(":? set") << "${SET:?needed}" << true << "value";
    QTest::newRow(":? unset") << "${NOPE:?set NOPE in .env}" << false << "set NOPE in .env";
    QTest::newRow(":? empty") << "${EMPTY:?needed}" << false << "EMPTY";
    QTest::newRow("? empty is set") << "${EMPTY?needed}" << true << "";
    QTest::newRow("lone dollar at the end") << "cost$" << false << "interpolation";
    QTest::newRow("dollar before a digit") << "$5" << false << "interpolation";
    QTest::newRow("unclosed") << "${PORT" << false << "interpolation";
    QTest::newRow("bad modifier") << "${PORT:x}" << false << "interpolation";
    QTest::newRow("empty braces") << "${}" << false << "interpolation";
}

void TestComposeVariables::substitute()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(QString, expected);
    QString error;
    const std::optional<QString> result =
        ComposeVariables::substitute(text, lookupIn(shell), &error);
    QCOMPARE(result.has_value(), ok);
    if (ok)
        QCOMPARE(*result, expected);
    else
        QVERIFY2(error.contains(expected), qPrintable(error));
}

void TestComposeVariables::envFile_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("isSet");
    QTest::addColumn<QString>("expected");

    // Nextcloud AIO's sample.conf writes its comments after the value.
    QTest::newRow("inline comment") << QByteArray("APACHE_PORT=11000   # port of the proxy\n")
                                    << "APACHE_PORT" << true << "11000";
    QTest::newRow("hash without blank is the value")
        << QByteArray("PASS=abc#def\n") << "PASS" << true << "abc#def";
    QTest::newRow("trailing blanks trimmed") << QByteArray("A=1  \t\n") << "A" << true << "1";
    QTest::newRow("export") << QByteArray("export SSH_PORT=20223\n") << "SSH_PORT" << true
                            << "20223";
    QTest::newRow("double quotes keep the comment sign")
        << QByteArray("A=\"x # not a comment\" # comment\n") << "A" << true << "x # not a comment";
    QTest::newRow("single quotes are literal")
        << QByteArray("A='${PORT}\\n'\n") << "A" << true << "${PORT}\\n";
    QTest::newRow("double quotes take escapes")
        << QByteArray("A=\"a\\tb\"\n") << "A" << true << "a\tb";
    QTest::newRow("double quotes take variables")
        << QByteArray("A=\"${PORT}\"\n") << "A" << true << "8080";
    QTest::newRow("multi-line double quotes")
        << QByteArray("A=\"one\ntwo\"\nB=3\n") << "A" << true << "one\ntwo";
    QTest::newRow("after a multi-line value")
        << QByteArray("A=\"one\ntwo\"\nB=3\n") << "B" << true << "3";
    QTest::newRow("empty value") << QByteArray("EMPTY_TOO=\n") << "EMPTY_TOO" << true << "";
    QTest::newRow("empty quotes") << QByteArray("Q=\"\"\n") << "Q" << true << "";
    QTest::newRow("yaml-style colon") << QByteArray("A: 5\n") << "A" << true << "5";
    QTest::newRow("blanks around =") << QByteArray("A = 5\n") << "A" << true << "5";
    QTest::newRow("earlier line") << QByteArray("HOST=git\nURL=${HOST}.example.org\n") << "URL"
                                  << true << "git.example.org";
    QTest::newRow("the shell wins in substitution")
        << QByteArray("PORT=1\nURL=x:${PORT}\n") << "URL" << true << "x:8080";
    QTest::newRow("bare name from the shell") << QByteArray("SET\n") << "SET" << true << "value";
    QTest::newRow("bare name not in the shell") << QByteArray("NOPE\n") << "NOPE" << false << "";
    QTest::newRow("default") << QByteArray("A=${NOPE:-fallback}\n") << "A" << true << "fallback";
    QTest::newRow("CRLF") << QByteArray("A=1\r\nB=2\r\n") << "B" << true << "2";
    QTest::newRow("indented comment") << QByteArray("   # note\nA=1\n") << "A" << true << "1";
}

void TestComposeVariables::envFile()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, name);
    QFETCH(bool, isSet);
    QFETCH(QString, expected);
    QHash<QString, QString> variables;
    Error error;
    QVERIFY2(ComposeVariables::parseEnvFile(data, QStringLiteral(".env"), lookupIn(shell),
                                            &variables, &error),
             qPrintable(error.toString()));
    QCOMPARE(variables.contains(name), isSet);
    if (isSet)
        QCOMPARE(variables.value(name), expected);
}

void TestComposeVariables::envFileErrorsNameTheirLine_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("words");

    QTest::newRow("required variable")
        << QByteArray("A=1\n\nB=${NOPE:?set NOPE first}\n") << 3
        << "required variable NOPE is missing a value: set NOPE first";
    QTest::newRow("unterminated quote")
        << QByteArray("A=1\nB=\"open\nC=2\n") << 2 << "unterminated quoted value";
    QTest::newRow("bad name") << QByteArray("A=1\nB C!=2\n") << 2 << "unexpected character";
    QTest::newRow("invalid substitution") << QByteArray("A=1\nB=$5\n") << 2 << "interpolation";
    QTest::newRow("no name") << QByteArray("=2\n") << 1 << "expected VARIABLE=value";
}

void TestComposeVariables::envFileErrorsNameTheirLine()
{
    QFETCH(QByteArray, data);
    QFETCH(int, line);
    QFETCH(QString, words);
    QHash<QString, QString> variables;
    Error error;
    QVERIFY(!ComposeVariables::parseEnvFile(data, QStringLiteral("sample.conf"), lookupIn(shell),
                                            &variables, &error));
    QCOMPARE(error.location.file, QStringLiteral("sample.conf"));
    QCOMPARE(error.location.line, line);
    QVERIFY2(error.message.contains(words), qPrintable(error.message));
}

QTEST_GUILESS_MAIN(TestComposeVariables)
#include "tst_composevariables.moc"
