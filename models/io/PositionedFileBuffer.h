#pragma once

#include <QtGlobal>

#include <streambuf>
#include <vector>

namespace portolan {

// A read-only, seekable std::streambuf over a file descriptor that stays open elsewhere, read
// with pread: several buffers, on several threads, read one open file, each at its own place.
// Two parsers reading parts of a file this way read the same file even if it is replaced on
// disk between their starts (opening its path twice would not).
class PositionedFileBuffer : public std::streambuf
{
public:
    // size: the file's size when it was opened; reads stop there.
    PositionedFileBuffer(int descriptor, qint64 size);

protected:
    int_type underflow() override;
    pos_type seekoff(off_type offset, std::ios_base::seekdir direction,
                     std::ios_base::openmode mode) override;
    pos_type seekpos(pos_type position, std::ios_base::openmode mode) override;

private:
    int m_descriptor;
    qint64 m_size;
    qint64 m_bufferStart = 0; // the file offset of the buffer's first byte
    std::vector<char> m_buffer;
};

} // namespace portolan
