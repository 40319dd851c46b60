#pragma once

#include <QtGlobal>

#include <istream>

namespace portolan {

// Where a registry's text can be read as two independent parts, one per core: inside the
// top-level block sequence under "devices:", at the line of an element near the middle of the
// file. The first part is the text before the cut plus whatever follows the sequence; the
// second is "devices:" followed by the elements from the cut to the end of the sequence.
//
// Only lines are looked at, not YAML: a cut that lands inside a multi-line quoted scalar or a
// flow collection leaves one part unbalanced, so the reader parses both and falls back to one
// parse of the whole text whenever either part fails.
struct DevicesSequenceCut
{
    qint64 cut = -1;        // byte offset of the element's line; < 0: no cut
    qint64 sequenceEnd = 0; // where the sequence's lines end: the file's end or a top-level line

    bool found() const { return cut >= 0; }

    // Reads `in` from its start; total is its size in bytes.
    static DevicesSequenceCut find(std::istream &in, qint64 total);
};

} // namespace portolan
