#pragma once

#include <QByteArray>
#include <QIODevice>

namespace portolan {

// What the command line writes to a terminal passes through this device: every character that
// could move the cursor, start a line of its own or reorder the text (C0 and C1 controls but
// tab and line feed, DEL, U+2028/U+2029, the bidirectional overrides) is written as an escape
// (\x1b, \u202e). Whatever reaches the output, from the registry, a remote host's docker, a
// compose file or a file name, it cannot drive the terminal. Text is UTF-8; a character split
// across two writes is held until its last byte arrives.
class ControlEscapingDevice : public QIODevice
{
public:
    explicit ControlEscapingDevice(QIODevice *target);
    ~ControlEscapingDevice() override;

    // The escaped form of `data`; `carry` holds an incomplete character at its end, if any,
    // for the next call (null: none is expected).
    static QByteArray escape(const QByteArray &data, QByteArray *carry = nullptr);

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 size) override;

private:
    qint64 failed();
    QIODevice *m_target;
    QByteArray m_carry;
};

} // namespace portolan
