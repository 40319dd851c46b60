#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QStringView>

#include <cstring>
#include <vector>

namespace portolan {

// The text of a large export, appended to at a cursor: an inventory of 100,000 bindings is
// millions of short appends, and QByteArray's own append (a detach check, a growth check and
// an insert at the end, on every call) took a third of its time. Here an append is a bounds
// check and a copy; take() hands over the bytes written.
class ByteWriter
{
public:
    explicit ByteWriter(qsizetype reserve = 0);
    ByteWriter(ByteWriter &&other) noexcept;
    ByteWriter &operator=(ByteWriter &&other) noexcept;
    ByteWriter(const ByteWriter &) = delete;
    ByteWriter &operator=(const ByteWriter &) = delete;

    void append(const char *bytes, qsizetype count)
    {
        // An empty view may have no data at all, and memcpy takes no null pointer.
        if (count <= 0)
            return;
        if (count > m_end - m_cursor)
            grow(count);
        std::memcpy(m_cursor, bytes, size_t(count));
        m_cursor += count;
    }
    ByteWriter &operator+=(QByteArrayView bytes)
    {
        append(bytes.data(), bytes.size());
        return *this;
    }
    ByteWriter &operator+=(char byte)
    {
        if (m_cursor == m_end)
            grow(1);
        *m_cursor++ = byte;
        return *this;
    }
    ByteWriter &operator+=(const ByteWriter &other)
    {
        append(other.m_begin, other.size());
        return *this;
    }

    // Text as UTF-8, the bytes QString::toUtf8() makes, encoded in place: without a
    // conversion and an allocation of its own per string.
    void appendUtf8(QStringView text);
    void appendNumber(long long number);

    // Space for up to `count` bytes at the end, for a caller that writes them itself and then
    // says how many it wrote with commit().
    char *room(qsizetype count)
    {
        if (count > m_end - m_cursor)
            grow(count);
        return m_cursor;
    }
    void commit(qsizetype count) { m_cursor += count; }
    // Forgets what was written after `size` bytes.
    void truncate(qsizetype size) { m_cursor = m_begin + size; }
    const char *data() const { return m_begin; }

    qsizetype size() const { return m_cursor - m_begin; }
    qsizetype capacity() const { return m_end - m_begin; }
    void reserve(qsizetype total);
    QByteArrayView view() const { return {m_begin, size()}; }
    // The bytes written; the writer is empty afterwards.
    QByteArray take();
    // first's bytes, then each later writer's that holds any (a text written in parts, as
    // ParallelSections::appendInParts leaves it), taken.
    static QList<QByteArray> takeParts(ByteWriter &first, std::vector<ByteWriter> &later);

private:
    void grow(qsizetype count);

    // Sized to its capacity; only the bytes before the cursor are written.
    QByteArray m_bytes;
    char *m_begin = nullptr;
    char *m_cursor = nullptr;
    char *m_end = nullptr;
};

} // namespace portolan
