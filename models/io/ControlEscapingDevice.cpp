#include "io/ControlEscapingDevice.h"

#include <algorithm>
#include <future>

namespace portolan {

namespace {

bool isContinuation(unsigned char byte)
{
    return (byte & 0xC0) == 0x80;
}

// The length of the UTF-8 sequence a lead byte starts (1 for ASCII and stray bytes).
int sequenceLength(unsigned char lead)
{
    if (lead >= 0xF0 && lead < 0xF8)
        return 4;
    if (lead >= 0xE0)
        return lead < 0xF0 ? 3 : 1;
    if (lead >= 0xC0)
        return 2;
    return 1;
}

void appendEscape(QByteArray &out, uint codePoint)
{
    static const char digits[] = "0123456789abcdef";
    if (codePoint < 0x100) {
        out += "\\x";
        out += digits[(codePoint >> 4) & 0xF];
        out += digits[codePoint & 0xF];
        return;
    }
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4)
        out += digits[(codePoint >> shift) & 0xF];
}

// The characters escaped beside ASCII's controls: C1 controls, the line and paragraph
// separators, and the bidirectional overrides and isolates.
bool isControl(uint codePoint)
{
    return (codePoint >= 0x80 && codePoint <= 0x9F) || codePoint == 0x2028 || codePoint == 0x2029 ||
           (codePoint >= 0x202A && codePoint <= 0x202E) ||
           (codePoint >= 0x2066 && codePoint <= 0x2069);
}

// The multi-byte character at `data` when all `size` bytes hold it whole: its length, and its
// code point in *codePoint. 0 when the bytes after the lead are missing or are not its
// continuation.
int wholeCharacter(const unsigned char *data, qsizetype size, uint *codePoint)
{
    const int length = sequenceLength(data[0]);
    if (length < 2 || length > size)
        return 0;
    uint decoded = data[0] & (0xFF >> (length + 1));
    for (int k = 1; k < length; ++k) {
        if (!isContinuation(data[k]))
            return 0;
        decoded = (decoded << 6) | (data[k] & 0x3F);
    }
    *codePoint = decoded;
    return length;
}

} // namespace

ControlEscapingDevice::ControlEscapingDevice(QIODevice *target)
    : m_target(target)
{
    open(QIODevice::WriteOnly | QIODevice::Unbuffered);
}

ControlEscapingDevice::~ControlEscapingDevice()
{
    // A character cut off at the very end (a lead and continuation bytes, nothing else) is
    // written as it came: escaping it would invent one.
    if (!m_carry.isEmpty())
        m_target->write(escape(m_carry));
}

QByteArray ControlEscapingDevice::escape(const QByteArray &input, QByteArray *carry)
{
    QByteArray data = carry && !carry->isEmpty() ? *carry + input : input;
    if (carry)
        carry->clear();
    QByteArray out;
    out.reserve(data.size());
    const qsizetype size = data.size();
    for (qsizetype i = 0; i < size;) {
        const auto byte = static_cast<unsigned char>(data[i]);
        if (byte < 0x80) {
            if ((byte < 0x20 && byte != '\n' && byte != '\t') || byte == 0x7F)
                appendEscape(out, byte);
            else
                out += char(byte);
            ++i;
            continue;
        }
        const int length = sequenceLength(byte);
        // The rest of this character may come with the next write: held back, but only while
        // what follows the lead could still be its continuation (a control after it is not).
        bool incomplete = length > 1 && i + length > size && carry;
        for (qsizetype k = i + 1; incomplete && k < size; ++k)
            incomplete = isContinuation(static_cast<unsigned char>(data[k]));
        if (incomplete) {
            *carry = data.mid(i);
            break;
        }
        uint codePoint = 0;
        if (wholeCharacter(reinterpret_cast<const unsigned char *>(data.constData()) + i, size - i,
                           &codePoint) == 0) {
            out += char(byte); // not UTF-8: passed on as it is, it controls nothing
            ++i;
            continue;
        }
        if (isControl(codePoint))
            appendEscape(out, codePoint);
        else
            out.append(data.constData() + i, length);
        i += length;
    }
    return out;
}

qint64 ControlEscapingDevice::readData(char *, qint64)
{
    return -1;
}

// How much of data can go out as it is: printable ASCII, tab, line feed, and any byte of a
// multi-byte character whose lead cannot start a control (only C2, E0, E2 and F0 can, the last
// two as overlong forms too). The last multi-byte character is left to escape(), which holds it
// back if its end has not arrived.
static bool passes(unsigned char byte)
{
    return byte < 0x80 ? (byte >= 0x20 && byte != 0x7F) || byte == '\n' || byte == '\t'
                       : byte != 0xC2 && byte != 0xE0 && byte != 0xE2 && byte != 0xF0;
}

// How far blocks of bytes that all pass reach, each block judged whole by a loop without an
// exit: vector instructions, the wider ones where the processor has them (an export is tens of
// megabytes, all of it passing).
#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target_clones("avx2", "default")))
#endif
static qsizetype
passingBlocks(const unsigned char *bytes, qsizetype size)
{
    constexpr qsizetype Block = 64;
    qsizetype length = 0;
    for (; length + Block <= size; length += Block) {
        unsigned char stopped = 0;
        for (qsizetype k = 0; k < Block; ++k) {
            // passes(), without branches.
            const unsigned char c = bytes[length + k];
            stopped |= ((c < 0x20) & (c != '\n') & (c != '\t')) | (c == 0x7F) | (c == 0xC2) |
                       (c == 0xE0) | (c == 0xE2) | (c == 0xF0);
        }
        if (stopped)
            break;
    }
    return length;
}

// The first byte that does not pass, or size. A character whose lead byte stops the blocks
// (C2 starts "·" as well as the C1 controls, E2 starts "…" and "–" as well as the separators)
// passes when it is whole and no control: a dashboard with a "·" in every line goes out in one
// write, not one per line.
static qsizetype firstStop(const unsigned char *bytes, qsizetype size)
{
    qsizetype length = passingBlocks(bytes, size);
    while (length < size) {
        if (passes(bytes[length])) {
            ++length;
            continue;
        }
        uint codePoint = 0;
        const int character = wholeCharacter(bytes + length, size - length, &codePoint);
        if (character == 0 || isControl(codePoint))
            break;
        length += character;
        length += passingBlocks(bytes + length, size - length);
    }
    return length;
}

static qsizetype passableLength(const char *data, qsizetype size)
{
    const auto *bytes = reinterpret_cast<const unsigned char *>(data);
    // The first megabyte alone: text with a character to escape in every line (a dashboard's
    // "·") stops long before its end, many times over. Past it, a run of megabytes (a whole
    // export) is looked at in two halves at once.
    constexpr qsizetype Alone = qsizetype(1) << 20;
    qsizetype length = firstStop(bytes, std::min(size, Alone));
    if (length == Alone && size - Alone >= 4 * Alone) {
        const qsizetype half = (size - Alone) / 2;
        // Looked at here when no thread can be started: output is never lost to that.
        auto secondHalf = std::async(std::launch::async | std::launch::deferred, [&] {
            return firstStop(bytes + Alone + half, size - Alone - half);
        });
        const qsizetype first = firstStop(bytes + Alone, half);
        const qsizetype later = secondHalf.get();
        length = Alone + (first == half ? half + later : first);
    } else if (length == Alone) {
        length += firstStop(bytes + Alone, size - Alone);
    }
    qsizetype start = length;
    while (start > 0 && length - start < 4 &&
           isContinuation(static_cast<unsigned char>(data[start - 1])))
        --start;
    if (start > 0 && static_cast<unsigned char>(data[start - 1]) >= 0xC0)
        return start - 1;
    return start;
}

// The target's reason ("No space left on device"), as this device's own.
qint64 ControlEscapingDevice::failed()
{
    setErrorString(m_target->errorString());
    return -1;
}

qint64 ControlEscapingDevice::writeData(const char *data, qint64 size)
{
    // Almost all output passes unchanged: written without a copy, only the rest escaped, a
    // few characters at a time (a dashboard with a "·" in every line is still mostly runs).
    const qint64 total = size;
    while (size > 0) {
        if (m_carry.isEmpty()) {
            const qsizetype passable = passableLength(data, qsizetype(size));
            if (passable > 0 && m_target->write(data, passable) != passable)
                return failed();
            data += passable;
            size -= passable;
            if (size == 0)
                break;
        }
        // Up to the next ASCII byte, which no character runs across: escape() gets whole
        // characters, but for one that the end of this write cuts (and it holds back).
        qint64 end = 1;
        while (end < size && static_cast<unsigned char>(data[end]) >= 0x80)
            ++end;
        const QByteArray escaped = escape(QByteArray::fromRawData(data, qsizetype(end)), &m_carry);
        if (!escaped.isEmpty() && m_target->write(escaped) != escaped.size())
            return failed();
        data += end;
        size -= end;
    }
    return total;
}

} // namespace portolan
