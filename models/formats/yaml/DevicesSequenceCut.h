#pragma once

#include <QByteArray>
#include <QVector>
#include <QtGlobal>

#include <functional>
#include <istream>
#include <vector>

namespace portolan {

// Where a registry's text can be read as independent parts, by two cores at once: inside the
// top-level block sequence under "devices:", at lines of elements. The first part is the text
// before the first cut, each other one "devices:" followed by the text from its cut to the
// next (the last, to the end). When other top-level keys follow the devices (a dump with its
// keys sorted puts "policy" and "portolan" after them), the last cut is where the first of
// them starts, and the text from there is a part of its own.
//
// Only lines are looked at, not YAML. Each part must parse as a whole document by itself:
// a cut inside a multi-line quoted scalar or a flow collection leaves the part before it
// unbalanced. The first part parsing proves the first cut is between two elements; the part
// after it starts between two and parses, which proves the next cut is, and so on: every part
// then reads exactly as its stretch of the file does. The reader falls back to one parse
// whenever any part fails. It never cuts a file with a directive or a byte-order mark, or with
// anything at column 0 after the devices begin but elements and, to end them, a plain key other
// than "devices" (after which only a "devices:" line or a document marker at column 0 stops
// the cut; the part of those keys refuses a devices key however it is written).
//
// A registry written as JSON is with an indent (a flow mapping, a line per bracket) is cut the
// same way inside its "devices": [ sequence: at a line holding only "{" at the elements'
// indentation right after a line holding only "}," there, and it ends at the "]" or "]," line
// at the key's indentation. Each part is closed and opened again around its text ("]}" after
// it, "{devices: [" before it, "{" before the keys after the devices) and must parse as a
// whole document: the first part parsing proves its "}," closed an element of the devices
// themselves, and so on, as above. Indentation means nothing inside a flow collection, so such
// lines inside an element are possible; the part before them then fails, and one parse reads.
struct DevicesSequenceCut
{
    qint64 cut = -1;   // byte offset of the element's line; < 0: no cut
    int cutLine = -1;  // its 0-based line number
    bool tail = false; // the line is the first top-level key after the devices, not an element
    // The devices are a flow sequence, as JSON written with an indent has them: an element's
    // line is its "{", and the tail's line is the "]," that ends the devices.
    bool flow = false;
    qint64 resume = -1; // a tail: where the text of the keys after the devices starts

    bool found() const { return cut >= 0; }

    // Cuts for `parts` parts, in order, reading `in` from its start (total is its size in
    // bytes): for each k < parts, the first element's line at or after the k-th boundary (a
    // long element may pass several: fewer cuts). The parts shrink towards the end, the last
    // a fraction of the first's size, so that two threads taking them in turn finish together.
    // With no element after the first boundary, the last one before it. Then the tail's cut,
    // when keys follow the devices. Empty: no cut.
    //
    // `found`, if given, gets each cut as the scan passes it, before the scan ends (a reader
    // starts on the parts already known): those are the first cuts of the result, in order,
    // should the scan succeed. A NUL byte anywhere fails the scan: one parse then reports it,
    // as it reports everything else.
    using CutFound = std::function<void(const DevicesSequenceCut &)>;
    static std::vector<DevicesSequenceCut> findAll(std::istream &in, qint64 total, int parts,
                                                   const CutFound &found = {});
};

// Every element's line of that same sequence, found the same way (lines only: a reader proves
// them against the devices it parsed before it relies on them).
struct DevicesSequenceElements
{
    bool found = false;
    int indent = 0;         // of the elements' "-"
    QVector<qint64> starts; // byte offset of each element's line
    QVector<int> lines;     // and its 0-based number
    // Where the last element ends: the text's end, or the line of the first key after the
    // devices. Found by lines only: before such a key, it may end inside a scalar that a
    // parse carries on over that line.
    qint64 end = -1;

    static DevicesSequenceElements find(const QByteArray &text);
};

} // namespace portolan
