#pragma once

#include <QByteArray>
#include <QVector>
#include <QtGlobal>

#include <istream>

namespace portolan {

// Where a registry's text can be read as two independent parts, one per core: inside the
// top-level block sequence under "devices:" that runs to the end of the file (as Portolan
// writes it), at the line of an element near the middle. The first part is the text before the
// cut, the second "devices:" followed by the text from the cut on.
//
// Only lines are looked at, not YAML. The first part must parse as a whole document by itself:
// a cut inside a multi-line quoted scalar or a flow collection leaves it unbalanced. That it
// does proves the cut is between two elements, and the second part then reads exactly as the
// rest of the file does. The reader falls back to one parse whenever either part fails, and
// never cuts a file with a directive, or with anything at column 0 after the devices begin.
struct DevicesSequenceCut
{
    qint64 cut = -1;  // byte offset of the element's line; < 0: no cut
    int cutLine = -1; // its 0-based line number

    bool found() const { return cut >= 0; }

    // Reads `in` from its start; total is its size in bytes.
    static DevicesSequenceCut find(std::istream &in, qint64 total);
};

// Every element's line of that same sequence, found the same way (lines only: a reader proves
// them against the devices it parsed before it relies on them).
struct DevicesSequenceElements
{
    bool found = false;
    int indent = 0;         // of the elements' "-"
    QVector<qint64> starts; // byte offset of each element's line
    QVector<int> lines;     // and its 0-based number

    static DevicesSequenceElements find(const QByteArray &text);
};

} // namespace portolan
