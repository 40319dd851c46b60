#include "domain/ByteWriter.h"

#include "domain/HugePageHeap.h"

#include <algorithm>
#include <charconv>
#include <utility>

namespace portolan {

ByteWriter::ByteWriter(qsizetype reserve)
{
    if (reserve > 0)
        this->reserve(reserve);
}

ByteWriter::ByteWriter(ByteWriter &&other) noexcept
    : m_bytes(std::move(other.m_bytes))
    , m_begin(std::exchange(other.m_begin, nullptr))
    , m_cursor(std::exchange(other.m_cursor, nullptr))
    , m_end(std::exchange(other.m_end, nullptr))
{}

ByteWriter &ByteWriter::operator=(ByteWriter &&other) noexcept
{
    m_bytes = std::move(other.m_bytes);
    m_begin = std::exchange(other.m_begin, nullptr);
    m_cursor = std::exchange(other.m_cursor, nullptr);
    m_end = std::exchange(other.m_end, nullptr);
    return *this;
}

void ByteWriter::reserve(qsizetype total)
{
    if (total <= capacity())
        return;
    const qsizetype written = size();
    // QByteArray leaves bytes a resize adds unwritten: nothing is cleared here, and pages
    // never written are never touched.
    m_bytes.resize(total);
    m_begin = m_bytes.data();
    HugePageHeap::adviseLargeBuffer(m_begin, std::size_t(total));
    m_cursor = m_begin + written;
    m_end = m_begin + total;
}

void ByteWriter::grow(qsizetype count)
{
    reserve(std::max(size() + count, capacity() * 2 + 64));
}

void ByteWriter::appendUtf8(QStringView text)
{
    const qsizetype count = text.size();
    const char16_t *units = text.utf16();
    // At most three bytes a unit (a surrogate pair's four are two units).
    auto *out = reinterpret_cast<unsigned char *>(room(count * 3));
    constexpr qsizetype Block = 16;
    qsizetype i = 0;
    while (i < count) {
        // A block known to be ASCII before it is copied: a loop without an exit, which the
        // compiler turns into vector instructions.
        if (count - i >= Block) {
            char16_t any = 0;
            for (qsizetype k = 0; k < Block; ++k)
                any |= units[i + k];
            if (any < 0x80) {
                for (qsizetype k = 0; k < Block; ++k)
                    out[k] = static_cast<unsigned char>(units[i + k]);
                out += Block;
                i += Block;
                continue;
            }
        }
        for (const qsizetype stop = std::min(count, i + Block); i < stop; ++i) {
            const char16_t unit = units[i];
            if (unit < 0x80) {
                *out++ = static_cast<unsigned char>(unit);
            } else if (unit < 0x800) {
                *out++ = static_cast<unsigned char>(0xc0 | (unit >> 6));
                *out++ = static_cast<unsigned char>(0x80 | (unit & 0x3f));
            } else if (unit < 0xd800 || unit > 0xdfff) {
                *out++ = static_cast<unsigned char>(0xe0 | (unit >> 12));
                *out++ = static_cast<unsigned char>(0x80 | ((unit >> 6) & 0x3f));
                *out++ = static_cast<unsigned char>(0x80 | (unit & 0x3f));
            } else if (unit < 0xdc00 && i + 1 < count && units[i + 1] >= 0xdc00 &&
                       units[i + 1] <= 0xdfff) {
                const char32_t point =
                    0x10000 + ((char32_t(unit) - 0xd800) << 10) + (char32_t(units[i + 1]) - 0xdc00);
                *out++ = static_cast<unsigned char>(0xf0 | (point >> 18));
                *out++ = static_cast<unsigned char>(0x80 | ((point >> 12) & 0x3f));
                *out++ = static_cast<unsigned char>(0x80 | ((point >> 6) & 0x3f));
                *out++ = static_cast<unsigned char>(0x80 | (point & 0x3f));
                ++i;
            } else {
                // A lone surrogate: the rest as Qt converts it, whatever it puts there.
                m_cursor = reinterpret_cast<char *>(out);
                const QByteArray rest = text.sliced(i).toUtf8();
                append(rest.constData(), rest.size());
                return;
            }
        }
    }
    m_cursor = reinterpret_cast<char *>(out);
}

void ByteWriter::appendNumber(long long number)
{
    char *out = room(24);
    m_cursor = std::to_chars(out, out + 24, number).ptr;
}

QByteArray ByteWriter::take()
{
    m_bytes.truncate(size());
    m_begin = m_cursor = m_end = nullptr;
    return std::move(m_bytes);
}

QList<QByteArray> ByteWriter::takeParts(ByteWriter &first, std::vector<ByteWriter> &later)
{
    QList<QByteArray> parts{first.take()};
    for (ByteWriter &part : later) {
        if (part.size() > 0)
            parts << part.take();
    }
    return parts;
}

} // namespace portolan
