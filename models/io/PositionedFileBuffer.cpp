#include "io/PositionedFileBuffer.h"

#include <cerrno>

#include <unistd.h>

namespace portolan {

PositionedFileBuffer::PositionedFileBuffer(int descriptor, qint64 size)
    : m_descriptor(descriptor)
    , m_size(size)
    , m_buffer(std::size_t(1) << 16)
{
    setg(m_buffer.data(), m_buffer.data(), m_buffer.data());
}

PositionedFileBuffer::int_type PositionedFileBuffer::underflow()
{
    const qint64 position = m_bufferStart + (gptr() - eback());
    if (position >= m_size)
        return traits_type::eof();
    const std::size_t wanted =
        std::size_t(std::min<qint64>(qint64(m_buffer.size()), m_size - position));
    ssize_t got;
    do {
        got = ::pread(m_descriptor, m_buffer.data(), wanted, off_t(position));
    } while (got < 0 && errno == EINTR);
    if (got <= 0)
        return traits_type::eof();
    m_bufferStart = position;
    setg(m_buffer.data(), m_buffer.data(), m_buffer.data() + got);
    return traits_type::to_int_type(*gptr());
}

PositionedFileBuffer::pos_type PositionedFileBuffer::seekoff(off_type offset,
                                                             std::ios_base::seekdir direction,
                                                             std::ios_base::openmode mode)
{
    if (!(mode & std::ios_base::in))
        return pos_type(off_type(-1));
    const qint64 current = m_bufferStart + (gptr() - eback());
    const qint64 target = direction == std::ios_base::beg   ? qint64(offset)
                          : direction == std::ios_base::cur ? current + qint64(offset)
                                                            : m_size + qint64(offset);
    if (target < 0 || target > m_size)
        return pos_type(off_type(-1));
    // Within the buffer: only the read position moves.
    if (target >= m_bufferStart && target <= m_bufferStart + (egptr() - eback())) {
        setg(eback(), eback() + (target - m_bufferStart), egptr());
        return pos_type(off_type(target));
    }
    m_bufferStart = target;
    setg(m_buffer.data(), m_buffer.data(), m_buffer.data());
    return pos_type(off_type(target));
}

PositionedFileBuffer::pos_type PositionedFileBuffer::seekpos(pos_type position,
                                                             std::ios_base::openmode mode)
{
    return seekoff(off_type(position), std::ios_base::beg, mode);
}

} // namespace portolan
