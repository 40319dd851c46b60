#include "io/ControlEscapingDevice.h"

#include <QBuffer>
#include <QRandomGenerator>
#include <QTest>

using namespace portolan;

// What the command line writes passes through ControlEscapingDevice: controls are escaped,
// whatever the chunks the text arrives in.
class TestControlEscaping : public QObject
{
    Q_OBJECT

private slots:
    void escapingHoldsSplitCharacters();
    void deviceMatchesEscapeInAnyChunks();
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

QTEST_GUILESS_MAIN(TestControlEscaping)
#include "tst_controlescaping.moc"
