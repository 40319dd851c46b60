#include "formats/yaml/DevicesSequenceCut.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

namespace portolan {

namespace {

// The head of a line is enough to place it: its indentation and its first characters.
constexpr std::size_t HeadBytes = 128;

struct LineHead
{
    int indent = 0;              // leading spaces
    bool blank = true;           // nothing but spaces, or a comment
    bool itemMarker = false;     // "-" then a space or the end of the line, after the indentation
    bool devicesKey = false;     // "devices:" at column 0, then nothing but spaces or a comment
    bool plainKey = false;       // a letter or '_' at column 0: a plain top-level key
    bool documentMarker = false; // "---" or "..." at column 0
    bool directive = false;      // '%' at column 0
    bool byteOrderMark = false;  // the line starts with one (libyaml reads past it)
    // Lines of a registry written as JSON is (or YAML in flow style, a line per bracket):
    // "devices": [ (the key quoted or not, nothing after the bracket), and lines that hold
    // nothing but one of { }, ] ],
    bool flowDevicesKey = false;
    enum class Bracket
    {
        None,
        Open,       // {
        CloseComma, // },
        End,        // ]
        EndComma    // ],
    } bracket = Bracket::None;
};

// `text` (length bytes) is "devices", quoted or not, then ':' and '[' and nothing else but
// spaces; whole: the line ends there.
bool isFlowDevicesKey(const char *text, std::size_t length, bool whole)
{
    static constexpr char Key[] = "devices";
    constexpr std::size_t KeyLength = sizeof Key - 1;
    std::size_t i = 0;
    const char quote = length > 0 && (text[0] == '"' || text[0] == '\'') ? text[0] : 0;
    if (quote)
        ++i;
    if (length < i + KeyLength || std::memcmp(text + i, Key, KeyLength) != 0)
        return false;
    i += KeyLength;
    if (quote) {
        if (i >= length || text[i] != quote)
            return false;
        ++i;
    }
    while (i < length && text[i] == ' ')
        ++i;
    if (i >= length || text[i] != ':')
        return false;
    ++i;
    while (i < length && text[i] == ' ')
        ++i;
    if (i >= length || text[i] != '[')
        return false;
    ++i;
    while (i < length && text[i] == ' ')
        ++i;
    return i == length && whole;
}

LineHead::Bracket bracketOf(const char *text, std::size_t length, bool whole)
{
    while (length > 0 && text[length - 1] == ' ')
        --length;
    if (!whole || length == 0 || length > 2 || (length == 2 && text[1] != ','))
        return LineHead::Bracket::None;
    const bool comma = length == 2;
    switch (text[0]) {
    case '{':
        return comma ? LineHead::Bracket::None : LineHead::Bracket::Open;
    case '}':
        return comma ? LineHead::Bracket::CloseComma : LineHead::Bracket::None;
    case ']':
        return comma ? LineHead::Bracket::EndComma : LineHead::Bracket::End;
    default:
        return LineHead::Bracket::None;
    }
}

LineHead classify(const char *text, std::size_t length, bool whole)
{
    while (length > 0 && (text[length - 1] == '\r'))
        --length;
    LineHead head;
    head.byteOrderMark = length >= 3 && std::memcmp(text, "\xEF\xBB\xBF", 3) == 0;
    std::size_t i = 0;
    while (i < length && text[i] == ' ')
        ++i;
    head.indent = int(i);
    if (i == length) {
        // All spaces so far: blank only if the line really ends here.
        head.blank = whole;
        return head;
    }
    head.blank = text[i] == '#';
    if (head.blank)
        return head;
    head.directive = i == 0 && text[0] == '%';
    head.itemMarker = text[i] == '-' && (i + 1 == length ? whole : text[i + 1] == ' ');
    const char first = char(text[0] | 0x20); // ASCII letters in lower case, whatever the locale
    head.plainKey = i == 0 && ((first >= 'a' && first <= 'z') || text[0] == '_');
    head.documentMarker = i == 0 && length >= 3 &&
                          (std::memcmp(text, "---", 3) == 0 || std::memcmp(text, "...", 3) == 0);
    const char lead = text[i];
    if (lead == '{' || lead == '}' || lead == ']')
        head.bracket = bracketOf(text + i, length - i, whole);
    else if (lead == '"' || lead == '\'' || lead == 'd')
        head.flowDevicesKey = isFlowDevicesKey(text + i, length - i, whole);
    static constexpr char Key[] = "devices:";
    constexpr std::size_t KeyLength = sizeof Key - 1;
    if (i == 0 && length >= KeyLength && std::memcmp(text, Key, KeyLength) == 0) {
        std::size_t j = KeyLength;
        while (j < length && (text[j] == ' ' || text[j] == '\t'))
            ++j;
        // A comment after the key needs a space before its '#'.
        head.devicesKey = (j == length && whole) || (j < length && j > KeyLength && text[j] == '#');
    }
    return head;
}

// Whether every line break libyaml sees is one the scans see: a line feed, alone or after a
// carriage return. A lone CR, NEL, LS or PS would end a line inside what is read as one here
// (a document end "..." hidden behind it, just before a cut, would end the part before it
// there, where one parse reads on and fails). Fed a text block by block; each break starts
// with its own byte, found with memchr (a search for the two- and three-byte sequences took
// 47 ms of a 17 MB registry).
class LineFeedsOnly
{
public:
    // False once the text so far shows another break.
    bool feed(const char *data, std::size_t size)
    {
        if (!m_ok || size == 0)
            return m_ok;
        // A break begun in the last bytes of the block before, judged with this one's first.
        if (!m_tail.empty()) {
            std::string seam = m_tail;
            seam.append(data, std::min<std::size_t>(size, 2));
            m_ok = !breakIn(seam.data(), seam.size(), m_tail.size());
            m_tail.clear();
        }
        if (m_ok)
            m_ok = !breakIn(data, size, size);
        if (m_ok)
            m_tail.assign(data + size - std::min<std::size_t>(size, 2),
                          std::min<std::size_t>(size, 2));
        return m_ok;
    }
    // At the end of the text: a CR as its last byte is a break of its own.
    bool finish()
    {
        if (m_ok && !m_tail.empty() && m_tail.back() == '\r')
            m_ok = false;
        return m_ok;
    }

private:
    // A break that starts before `starts` and is complete within size bytes (one that is not
    // complete yet is judged with the next block).
    static bool breakIn(const char *data, std::size_t size, std::size_t starts)
    {
        const auto byteAt = [&](std::size_t i) {
            return uchar(data[i]);
        };
        const auto found = [&](char lead, std::size_t length, const auto &breaksAt) {
            for (const void *at = std::memchr(data, lead, starts); at;) {
                const std::size_t i = std::size_t(static_cast<const char *>(at) - data);
                if (i + length <= size && breaksAt(i))
                    return true;
                at = i + 1 < starts ? std::memchr(data + i + 1, lead, starts - i - 1) : nullptr;
            }
            return false;
        };
        return found('\r', 2, [&](std::size_t i) { return byteAt(i + 1) != '\n'; }) ||
               found('\xC2', 2, [&](std::size_t i) { return byteAt(i + 1) == 0x85; }) ||
               found('\xE2', 3, [&](std::size_t i) {
                   return byteAt(i + 1) == 0x80 && (byteAt(i + 2) == 0xA8 || byteAt(i + 2) == 0xA9);
               });
    }

    bool m_ok = true;
    std::string m_tail; // the last (up to) two bytes fed
};

class CutScanner
{
public:
    // Cuts near each boundary (boundaries()); elements, if given, gets every element's line (its
    // offset and 0-based number); found, each cut as it is made.
    explicit CutScanner(qint64 total, int parts = 2, DevicesSequenceElements *elements = nullptr,
                        DevicesSequenceCut::CutFound found = {})
        : m_total(total)
        , m_parts(std::max(parts, 2))
        , m_boundaries(boundaries(total, m_parts))
        , m_elements(elements)
        , m_found(std::move(found))
    {}

    // Returns false once nothing further can change the answer.
    bool onLine(qint64 start, int line, const LineHead &head)
    {
        // A directive (%TAG, %YAML) changes how the text after it reads: the second part would
        // not have it. libyaml reads past a byte-order mark, also one hiding a directive or an
        // element: lines with one are not looked into, and nothing is cut.
        if (head.directive || head.byteOrderMark)
            return stop();
        switch (m_state) {
        case State::BeforeDevices:
            if (head.devicesKey) {
                m_state = State::FirstElement;
            } else if (head.flowDevicesKey) {
                m_devicesIndent = head.indent;
                m_state = State::FlowFirstElement;
            }
            return true;
        case State::FirstElement:
            if (head.blank)
                return true;
            if (!head.itemMarker)
                return stop();
            m_elementIndent = head.indent;
            m_state = State::Elements;
            record(start, line);
            return true;
        case State::Elements:
            if (head.blank)
                return true;
            // At column 0, what is not an element ends the devices. A plain key starts the tail
            // (a guess from lines: the reader proves it by parsing the part before it, which
            // an open quote or flow collection fails); anything else (a document marker, a
            // quoted scalar carried on there, a flow collection): the parts are not cut.
            if (head.indent == 0 && !(m_elementIndent == 0 && head.itemMarker)) {
                if (!head.plainKey || head.devicesKey)
                    return stop();
                m_tail = {start, line, true, false, start};
                m_state = State::Tail;
                return true;
            }
            if (head.indent == m_elementIndent && head.itemMarker) {
                record(start, line);
                candidate(start, line, false);
            }
            return true;
        case State::Tail:
            // A second "devices" (one parse reports it) or a second document: not cut.
            if (head.indent == 0 && (head.devicesKey || head.documentMarker))
                return stop();
            return true;
        case State::FlowFirstElement:
            if (head.blank)
                return true;
            if (head.indent <= m_devicesIndent || head.bracket != LineHead::Bracket::Open)
                return stop();
            m_elementIndent = head.indent;
            m_state = State::FlowElements;
            return true;
        case State::FlowElements:
            return onFlowElementLine(start, line, head);
        case State::FlowTail:
            if (m_tail.resume < 0)
                m_tail.resume = start;
            [[fallthrough]];
        case State::FlowEnd:
            // A second document: not cut (a second "devices" key the tail's part refuses).
            if (head.indent == 0 && head.documentMarker)
                return stop();
            return true;
        case State::Failed:
            return false;
        }
        return false;
    }

    std::vector<DevicesSequenceCut> finish()
    {
        if (!elementsFound() && !flowEnded())
            return {};
        if (m_state == State::FlowTail && m_tail.resume < 0)
            m_tail.resume = m_total; // nothing after "]," (one parse refuses that too)
        // No element after the first boundary: the last one before it.
        if (m_cuts.empty() && m_lastBeforeHalf >= 0)
            m_cuts.push_back({m_lastBeforeHalf, m_lastLineBeforeHalf, false, flowEnded(), -1});
        if (m_cuts.empty())
            return {};
        if (m_tail.found())
            m_cuts.push_back(m_tail);
        return m_cuts;
    }

    bool elementsFound() const { return m_state == State::Elements || m_state == State::Tail; }
    // A flow sequence of devices read to its "]" or "],".
    bool flowEnded() const { return m_state == State::FlowEnd || m_state == State::FlowTail; }
    int elementIndent() const { return m_elementIndent; }
    // Where the devices end: the tail's line, or -1 when they run to the end of the text.
    qint64 tailStart() const { return m_tail.cut; }

private:
    enum class State
    {
        BeforeDevices,
        FirstElement,
        Elements,
        Tail,
        // The devices as a flow sequence, a line per bracket (JSON as written with an indent):
        FlowFirstElement, // after the "devices": [ line
        FlowElements,     // among its elements, a "{" line each at one indentation
        FlowTail,         // after its "]," line: keys follow
        FlowEnd,          // after its "]" line: the root's "}" follows
        Failed
    };

    // An element starts at a "{" line at the elements' indentation right after a "}," line at
    // that indentation: the end of the element before it (the parts prove it). The "]" or "],"
    // line at the key's indentation ends the devices.
    bool onFlowElementLine(qint64 start, int line, const LineHead &head)
    {
        if (head.blank)
            return true;
        const bool atElements = head.indent == m_elementIndent;
        if (atElements && head.bracket == LineHead::Bracket::Open && m_afterElement)
            candidate(start, line, true);
        if (head.indent == m_devicesIndent && (head.bracket == LineHead::Bracket::End ||
                                               head.bracket == LineHead::Bracket::EndComma)) {
            if (head.bracket == LineHead::Bracket::EndComma) {
                m_tail = {start, line, true, true, -1};
                m_state = State::FlowTail;
            } else {
                m_state = State::FlowEnd;
            }
            return true;
        }
        if (head.indent < m_elementIndent)
            return stop();
        m_afterElement = atElements && head.bracket == LineHead::Bracket::CloseComma;
        return true;
    }

    // A line where the text may be cut: a cut when it is past the next boundary.
    void candidate(qint64 start, int line, bool flow)
    {
        if (start >= nextBoundary()) {
            m_cuts.push_back({start, line, false, flow, -1});
            if (m_found)
                m_found(m_cuts.back());
            // A long element may pass several boundaries: the next cut is after it.
            while (start >= nextBoundary())
                ++m_boundariesPassed;
        } else if (m_cuts.empty()) {
            m_lastBeforeHalf = start;
            m_lastLineBeforeHalf = line;
        }
    }
    bool stop()
    {
        m_state = State::Failed;
        return false;
    }
    void record(qint64 start, int line)
    {
        if (m_elements) {
            m_elements->starts.append(start);
            m_elements->lines.append(line);
        }
    }

    // Where the next cut may be: the next boundary not passed yet, past the end once
    // parts - 1 cuts are made.
    qint64 nextBoundary() const
    {
        const int k = m_boundariesPassed + 1;
        return k < m_parts ? m_boundaries[std::size_t(k - 1)] : std::numeric_limits<qint64>::max();
    }

    // The parts shrink from the first to the last, each q times the one before, the last
    // parts / 2 times smaller than the first (at most eight times). Two threads
    // take parts in turn; the one that finishes first then waits for the other's last part.
    // With parts of one size that wait was anything up to a whole part: 0-32 ms of one core
    // idle at 100,000 bindings in eight parts of 40 ms each, the noise of every large read.
    // Small last parts keep it short, while the first ones stay large (each part costs a
    // parser's start and a join).
    static std::vector<qint64> boundaries(qint64 total, int parts)
    {
        const double q = std::pow(std::min(parts / 2.0, 8.0), -1.0 / (parts - 1));
        std::vector<double> ends; // of each part, the first part 1 long
        double size = 1.0;
        for (int k = 0; k < parts; ++k, size *= q)
            ends.push_back((ends.empty() ? 0.0 : ends.back()) + size);
        std::vector<qint64> cuts;
        for (int k = 0; k + 1 < parts; ++k)
            cuts.push_back(qint64(double(total) * ends[std::size_t(k)] / ends.back()));
        return cuts;
    }

    qint64 m_total;
    int m_parts;
    std::vector<qint64> m_boundaries; // where part k + 1 may start at the earliest
    int m_boundariesPassed = 0;
    State m_state = State::BeforeDevices;
    int m_elementIndent = 0;
    int m_devicesIndent = 0;      // of a flow "devices": [ line
    bool m_afterElement = false;  // the last line was a "}," at the flow elements' indentation
    qint64 m_lastBeforeHalf = -1; // the last element before the first boundary
    int m_lastLineBeforeHalf = -1;
    DevicesSequenceElements *m_elements;
    DevicesSequenceCut::CutFound m_found;
    std::vector<DevicesSequenceCut> m_cuts;
    DevicesSequenceCut m_tail;
};

} // namespace

std::vector<DevicesSequenceCut> DevicesSequenceCut::findAll(std::istream &in, qint64 total,
                                                            int parts, const CutFound &found)
{
    CutScanner scanner(total, parts, nullptr, found);
    LineFeedsOnly breaks;
    // A quarter of a megabyte at a time: the first cut, which a reader waits for, is known
    // after the first few.
    std::vector<char> block(std::size_t(1) << 18);
    std::string head; // the start of a line that began in an earlier block
    bool carrying = false;
    qint64 offset = 0;    // of block[0] in the file
    qint64 lineStart = 0; // of the current line
    int line = 0;         // its 0-based number
    bool more = true;
    while (more && in) {
        in.read(block.data(), std::streamsize(block.size()));
        const std::size_t got = std::size_t(in.gcount());
        if (got == 0)
            break;
        if (!breaks.feed(block.data(), got))
            return {};
        if (std::memchr(block.data(), '\0', got))
            return {};
        const char *data = block.data();
        std::size_t position = 0;
        while (more && position < got) {
            const void *newline = std::memchr(data + position, '\n', got - position);
            const std::size_t end =
                newline ? std::size_t(static_cast<const char *>(newline) - data) : got;
            if (carrying || !newline) {
                // The line goes on beyond this block, or began before it: keep its head.
                const std::size_t room = HeadBytes > head.size() ? HeadBytes - head.size() : 0;
                head.append(data + position, std::min(room, end - position));
                carrying = !newline;
                if (newline) {
                    more =
                        scanner.onLine(lineStart, line,
                                       classify(head.data(), head.size(), head.size() < HeadBytes));
                    head.clear();
                }
            } else {
                const std::size_t length = end - position;
                more = scanner.onLine(
                    lineStart, line,
                    classify(data + position, std::min(length, HeadBytes), length <= HeadBytes));
            }
            if (newline) {
                lineStart = offset + qint64(end) + 1;
                ++line;
            }
            position = end + 1;
        }
        offset += qint64(got);
    }
    if (more && carrying)
        scanner.onLine(lineStart, line,
                       classify(head.data(), head.size(), head.size() < HeadBytes));
    // A scan that stopped early cuts nothing: the rest of the text need not be looked at.
    if (!more || !breaks.finish())
        return {};
    return scanner.finish();
}

DevicesSequenceElements DevicesSequenceElements::find(const QByteArray &text)
{
    LineFeedsOnly breaks;
    if (!breaks.feed(text.constData(), std::size_t(text.size())) || !breaks.finish())
        return {};
    DevicesSequenceElements elements;
    CutScanner scanner(text.size(), 2, &elements);
    const char *data = text.constData();
    const qint64 size = text.size();
    qint64 start = 0;
    int line = 0;
    bool more = true;
    while (more && start < size) {
        const void *newline = std::memchr(data + start, '\n', std::size_t(size - start));
        const qint64 end = newline ? static_cast<const char *>(newline) - data : size;
        const qint64 length = end - start;
        more =
            scanner.onLine(start, line,
                           classify(data + start, std::size_t(std::min<qint64>(length, HeadBytes)),
                                    length <= qint64(HeadBytes)));
        start = end + 1;
        ++line;
    }
    if (!more || !scanner.elementsFound())
        return {};
    elements.found = true;
    elements.indent = scanner.elementIndent();
    elements.end = scanner.tailStart() >= 0 ? scanner.tailStart() : size;
    return elements;
}

} // namespace portolan
