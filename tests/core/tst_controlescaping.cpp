#include "io/ControlEscapingDevice.h"
#include "support/TestSupport.h"

#include <QBuffer>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace portolan;
using namespace portolan::testing;

// What the command line writes passes through ControlEscapingDevice: controls are escaped,
// whatever the chunks the text arrives in, and no command's output drives the terminal.
class TestControlEscaping : public QObject
{
    Q_OBJECT

private slots:
    void escapingHoldsSplitCharacters();
    void deviceMatchesEscapeInAnyChunks();
    void largeWriteMatchesEscape();
    void ordinaryCharactersGoOutInOneWrite();
    void terminalNeverSeesControls_data();
    void terminalNeverSeesControls();

private:
    ProcessResult cli(const QStringList &arguments) const
    {
        return runProgram(fromTestFolder(PORTOLAN_CLI), arguments);
    }
    // The bundled example with `from` replaced by `to`, saved as `name`.
    QString exampleWith(const QString &name, const QByteArray &from, const QByteArray &to)
    {
        const QString path = m_dir.filePath(name);
        [&] {
            QVERIFY2(writeExampleWith(path, from, to), from.constData());
        }();
        return path;
    }
    static bool hasTerminalControl(const QByteArray &bytes)
    {
        for (const char c : bytes) {
            const auto byte = static_cast<unsigned char>(c);
            if ((byte < 0x20 && byte != '\n' && byte != '\t') || byte == 0x7F)
                return true;
        }
        return bytes.contains("\xc2\x9b") || bytes.contains("\xe2\x80\xae");
    }
    QTemporaryDir m_dir;
};

void TestControlEscaping::escapingHoldsSplitCharacters()
{
    QCOMPARE(ControlEscapingDevice::escape("a\x1b[31mb\tc\n"), QByteArray("a\\x1b[31mb\tc\n"));
    QCOMPARE(ControlEscapingDevice::escape("\x7f\r"), QByteArray("\\x7f\\x0d"));
    // U+202E (right-to-left override) and U+009B (a C1 control introducer) in UTF-8.
    QCOMPARE(ControlEscapingDevice::escape("x\xe2\x80\xaey\xc2\x9b"), QByteArray("x\\u202ey\\x9b"));
    // Ordinary text passes: é, the arrow of a route, a CJK name.
    const QByteArray plain = "caf\xc3\xa9 \xe2\x86\x92 \xe6\x9d\xb1";
    QCOMPARE(ControlEscapingDevice::escape(plain), plain);
    // A character split across two writes is held, then escaped whole.
    QByteArray carry;
    QCOMPARE(ControlEscapingDevice::escape("ab\xe2\x80", &carry), QByteArray("ab"));
    QCOMPARE(carry, QByteArray("\xe2\x80"));
    QCOMPARE(ControlEscapingDevice::escape("\xaez", &carry), QByteArray("\\u202ez"));
    QVERIFY(carry.isEmpty());
    // A lead byte followed by a control is no character in waiting: the control is escaped
    // now, not held back and written raw at the end (found by a reviewer).
    QCOMPARE(ControlEscapingDevice::escape("ab\xe3\x1b", &carry), QByteArray("ab\xe3\\x1b"));
    QVERIFY(carry.isEmpty());
    QBuffer target;
    target.open(QIODevice::WriteOnly);
    {
        ControlEscapingDevice device(&target);
        device.write("x\xe3\x1b");
    }
    QVERIFY2(!target.data().contains('\x1b'), target.data().toHex().constData());
}

// The device writes what passes as it is and escapes only the rest: for any bytes, cut into
// any writes, its output is escape() of the whole (a character cut off at the very end is
// written as it came).
void TestControlEscaping::deviceMatchesEscapeInAnyChunks()
{
    // Every lead byte that can start a control, their continuations, and ordinary text.
    static const unsigned char alphabet[] = {'a',  ' ',  '\n', '\t', 0x1b, 0x7f, '\r', 0xc2, 0x9b,
                                             0x85, 0xe2, 0x80, 0xae, 0xa8, 0x81, 0xa6, 0xe0, 0x82,
                                             0xf0, 0xc3, 0xa9, 0xe6, 0x9d, 0xb1, 0xbf, 0xff};
    QRandomGenerator random(32);
    for (int round = 0; round < 3000; ++round) {
        QByteArray text;
        const int length = int(random.bounded(1, 200));
        for (int i = 0; i < length; ++i)
            text += char(alphabet[random.bounded(int(sizeof alphabet))]);
        QByteArray carry;
        const QByteArray expected = ControlEscapingDevice::escape(text, &carry) + carry;
        QBuffer target;
        target.open(QIODevice::WriteOnly);
        {
            ControlEscapingDevice device(&target);
            for (qsizetype at = 0; at < text.size();) {
                const qsizetype chunk =
                    std::min<qsizetype>(text.size() - at, random.bounded(1, 40));
                QCOMPARE(device.write(text.constData() + at, chunk), chunk);
                at += chunk;
            }
        }
        QVERIFY2(target.data() == expected,
                 qPrintable(QStringLiteral("input %1").arg(QString::fromLatin1(text.toHex()))));
    }
}

// A write of megabytes (a whole export) is looked at in two halves at once: what stops a run,
// before, at or after the middle, or a character across it, comes out as escape() has it.
void TestControlEscaping::largeWriteMatchesEscape()
{
    const qsizetype size = qsizetype(6) << 20;
    // The middle of what follows the first megabyte, which is looked at alone.
    const qsizetype half = (size + (qsizetype(1) << 20)) / 2;
    const QList<QPair<qsizetype, QByteArray>> cases{
        {-1, {}},
        {100, "\x1b"},
        {qsizetype(1) << 20, "\x1b"},
        {(qsizetype(1) << 20) - 1, "\xe2\x80\xae"},
        {half - 1, "\x1b"},
        {half, "\x1b"},
        {half + 1, "\x7f"},
        {half - 1, "\xe2\x80\xae"}, // right-to-left override across the middle
        {half - 2, "\xc3\xa9"},     // an ordinary character across it
        {size - 3, "\xc2\x9b"},
        {size - 1, "\xe2"}, // a lead byte cut off at the very end
    };
    for (const auto &[at, inserted] : cases) {
        QByteArray text(size, 'a');
        for (qsizetype i = 1000; i < size; i += 4096)
            text[i] = '\n';
        if (at >= 0)
            text.replace(at, inserted.size(), inserted);
        QByteArray carry;
        const QByteArray expected = ControlEscapingDevice::escape(text, &carry) + carry;
        QBuffer target;
        target.open(QIODevice::WriteOnly);
        {
            ControlEscapingDevice device(&target);
            QCOMPARE(device.write(text), text.size());
        }
        QVERIFY2(target.data() == expected, qPrintable(QStringLiteral("at %1").arg(at)));
        if (!inserted.isEmpty() && inserted != "\xc3\xa9" && at != size - 1)
            QVERIFY(target.data() != text);
    }
}

namespace {

// Counts the writes that reach it.
class CountingBuffer : public QBuffer
{
public:
    int writes = 0;

protected:
    qint64 writeData(const char *data, qint64 size) override
    {
        ++writes;
        return QBuffer::writeData(data, size);
    }
};

} // namespace

// Characters whose first byte may start a control ("·" and "¿" share C2 with the C1 controls,
// "…" and "–" share E2 with the separators) go out with the text around them: a dashboard with
// a "·" in every line is one write, not one per line; a control among them still stops it.
void TestControlEscaping::ordinaryCharactersGoOutInOneWrite()
{
    QByteArray text;
    for (int line = 0; line < 20000; ++line)
        text += "    description: svc on host, port 3000 \xc2\xb7 notes \xe2\x80\xa6 \xe2\x80\x93 "
                "\xc2\xbf\n";
    {
        CountingBuffer target;
        target.open(QIODevice::WriteOnly);
        {
            ControlEscapingDevice device(&target);
            QCOMPARE(device.write(text), text.size());
        }
        QCOMPARE(target.data(), text);
        QCOMPARE(target.writes, 1);
    }
    text.replace(text.size() / 2, 2, "\xc2\x85"); // a C1 control in the middle
    CountingBuffer target;
    target.open(QIODevice::WriteOnly);
    {
        ControlEscapingDevice device(&target);
        QCOMPARE(device.write(text), text.size());
    }
    QCOMPARE(target.data(), ControlEscapingDevice::escape(text));
    QVERIFY(target.data().contains("\\x85"));
    QVERIFY(target.writes > 1);
}

void TestControlEscaping::terminalNeverSeesControls_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("command");
    QTest::addColumn<QByteArray>("seen");

    // A compose host port with an escape sequence: the error message quotes it.
    const QString compose = m_dir.filePath(QStringLiteral("escape.yml"));
    writeBytes(compose, "services:\n  web:\n    image: nginx\n    ports:\n"
                        "      - \"80\\e]0;owned\\a\\e[2J:80\"\n");
    QTest::newRow("import compose error")
        << compose << QStringList{QStringLiteral("import"),
                                  QStringLiteral("compose"),
                                  compose,
                                  QStringLiteral("--device"),
                                  QStringLiteral("atlas"),
                                  QStringLiteral("--into"),
                                  fromTestFolder(PORTOLAN_EXAMPLE),
                                  QStringLiteral("--dry-run")}
        << QByteArray("\\x1b");
    // The exception column of the Markdown export.
    const QString exception =
        exampleWith(QStringLiteral("exception.yaml"), "exception: reverse-proxy",
                    "exception: \"reverse-proxy\\e[8m\"");
    QTest::newRow("export markdown exception")
        << exception << QStringList{QStringLiteral("export"), QStringLiteral("markdown"), exception}
        << QByteArray("\\x1b[8m");
    // A block purpose in suggest's list of purposes.
    const QString purpose = exampleWith(QStringLiteral("purpose.yaml"), "purpose: monitoring",
                                        "purpose: \"monitoring\\e[2J\"");
    QTest::newRow("suggest purposes")
        << purpose << QStringList{QStringLiteral("suggest"),    purpose,
                                  QStringLiteral("--device"),   QStringLiteral("atlas"),
                                  QStringLiteral("--category"), QStringLiteral("nothing")}
        << QByteArray("\\x1b[2J");
}

void TestControlEscaping::terminalNeverSeesControls()
{
    QFETCH(QString, file);
    QFETCH(QStringList, command);
    QFETCH(QByteArray, seen);
    QVERIFY(QFileInfo::exists(file));
    const ProcessResult result = cli(command);
    QVERIFY2(!hasTerminalControl(result.out), result.out.constData());
    QVERIFY2(!hasTerminalControl(result.err), result.err.constData());
    QVERIFY2(result.out.contains(seen) || result.err.contains(seen),
             (result.out + result.err).constData());
}

QTEST_GUILESS_MAIN(TestControlEscaping)
#include "tst_controlescaping.moc"
