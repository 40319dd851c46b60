#include "formats/yaml/YamlText.h"

#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>

namespace portolan {

namespace {

unsigned unitOf(QChar c)
{
    return c.unicode();
}

unsigned unitOf(char c)
{
    return static_cast<unsigned char>(c);
}

// A word of up to eight ASCII letters as one integer: its first letter in the lowest byte.
constexpr std::uint64_t packedWord(const char *word)
{
    std::uint64_t packed = 0;
    for (int i = 0; word[i] != 0; ++i)
        packed |= std::uint64_t(static_cast<unsigned char>(word[i])) << (8 * i);
    return packed;
}

// What each ASCII character is to a plain scalar: part of a word (letters, digits, "_./-"),
// a letter among those, or something to look at (anything else, beyond ASCII too).
enum PlainClass : unsigned char
{
    Other = 0,
    WordPart = 1,
    Letter = 2 | WordPart,
};

constexpr std::array<unsigned char, 128> plainClasses = [] {
    std::array<unsigned char, 128> classes{};
    for (unsigned c = 'a'; c <= 'z'; ++c)
        classes[c] = Letter;
    for (unsigned c = 'A'; c <= 'Z'; ++c)
        classes[c] = Letter;
    for (unsigned c = '0'; c <= '9'; ++c)
        classes[c] = WordPart;
    for (const char c : {'_', '.', '/', '-'})
        classes[static_cast<unsigned char>(c)] = WordPart;
    return classes;
}();

// The bytes that a double-quoted scalar may hold as they are: all but controls, '"', '\\',
// DEL, and the lead bytes of NEL, LS and PS (looked at more closely when met).
constexpr std::array<bool, 256> passesUnescaped = [] {
    std::array<bool, 256> passes{};
    for (unsigned c = 0x20; c < 256; ++c)
        passes[c] = true;
    for (const unsigned c : {unsigned('"'), unsigned('\\'), 0x7fu, 0xc2u, 0xe2u})
        passes[c] = false;
    return passes;
}();

// The same rules for UTF-16 and UTF-8: a plain value is ASCII, and any unit beyond it (a
// surrogate, a multi-byte sequence's byte) fails the first loop either way.
template <typename Unit>
bool plainSafe(const Unit *value, qsizetype size)
{
    if (size == 0 || size > 200)
        return false;
    bool hasLetter = false;
    for (qsizetype i = 0; i < size; ++i) {
        const unsigned u = unitOf(value[i]);
        const unsigned char kind = u < 128 ? plainClasses[u] : Other;
        hasLetter |= kind == Letter;
        if (kind != Other)
            continue;
        const bool last = i + 1 == size;
        const unsigned next = last ? 0 : unitOf(value[i + 1]);
        // '@' inside a word; ':' inside a word and not before a space ("a: b" is a mapping);
        // a space between words, never before '#' (a comment).
        if (u == '@' && i > 0)
            continue;
        if (u == ':' && i > 0 && !last && next != ' ')
            continue;
        if (u == ' ' && i > 0 && !last && next != ' ' && next != '#')
            continue;
        return false;
    }
    const unsigned first = unitOf(value[0]);
    if (first == '-' || first == '.' || first == ':' || first == '@')
        return false;
    // Without a letter it may read as a number (or a date, a time, a version YAML 1.1 takes
    // for a float): quoted. With one, only YAML 1.1's words are not strings.
    if (!hasLetter)
        return false;
    // The value is ASCII here (the loop above): lower-cased into one integer and compared
    // with the words packed alike, not against each word as a string (most values written,
    // "tcp", "udp", are this short: thirteen calls to strcmp for each took 7 % of an
    // inventory).
    if (size <= 5) {
        std::uint64_t lower = 0;
        for (qsizetype i = 0; i < size; ++i) {
            const unsigned c = unitOf(value[i]);
            lower |= std::uint64_t(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c) << (8 * i);
        }
        static constexpr std::uint64_t words[] = {
            packedWord("y"),    packedWord("n"),   packedWord("yes"),  packedWord("no"),
            packedWord("on"),   packedWord("off"), packedWord("true"), packedWord("false"),
            packedWord("null"), packedWord("nan"), packedWord("inf"),  packedWord(".nan"),
            packedWord(".inf")};
        for (const std::uint64_t word : words) {
            if (lower == word)
                return false;
        }
    }
    // 1e5, 0x1F, 0o17: letters that still make a number.
    if ((first >= '0' && first <= '9') || first == '+') {
        for (qsizetype i = 0; i < size; ++i) {
            const unsigned u = unitOf(value[i]);
            if (u == 'e' || u == 'E' || u == 'x' || u == 'o' || u == 'b')
                return false;
        }
    }
    return true;
}

} // namespace

bool YamlText::isPlainSafe(QStringView value)
{
    return plainSafe(value.constData(), value.size());
}

bool YamlText::isPlainSafe(QByteArrayView utf8)
{
    return plainSafe(utf8.data(), utf8.size());
}

void YamlText::appendScalar(ByteWriter &out, QStringView value)
{
    if (!isPlainSafe(value)) {
        appendDoubleQuoted(out, value);
        return;
    }
    // A plain value is ASCII (isPlainSafe): narrowed without a conversion of its own.
    out.appendUtf8(value);
}

void YamlText::appendScalar(ByteWriter &out, QByteArrayView utf8)
{
    if (isPlainSafe(utf8)) {
        out += utf8;
        return;
    }
    out += '"';
    appendEscaped(out, utf8);
    out += '"';
}

void YamlText::appendPortRange(ByteWriter &out, const PortRange &range)
{
    constexpr qsizetype Longest = 32;
    char *const digits = out.room(Longest);
    char *end = std::to_chars(digits, digits + Longest, range.first).ptr;
    if (range.spelledAsRange) {
        *end++ = '-';
        end = std::to_chars(end, digits + Longest, range.last).ptr;
    }
    out.commit(end - digits);
}

void YamlText::appendDoubleQuoted(ByteWriter &out, QStringView value)
{
    out += '"';
    // Written as it is, then looked at: most values need no escape and are done then.
    const qsizetype start = out.size();
    out.appendUtf8(value);
    const auto *written = reinterpret_cast<const unsigned char *>(out.data() + start);
    const qsizetype size = out.size() - start;
    qsizetype first = 0;
    for (; first < size; ++first) {
        const unsigned char c = written[first];
        if (passesUnescaped[c])
            continue;
        if (c < 0x20 || c == '"' || c == '\\' || c == 0x7f)
            break;
        if (c == 0xc2 && first + 1 < size && written[first + 1] == 0x85)
            break;
        if (c == 0xe2 && first + 2 < size && written[first + 1] == 0x80 &&
            (written[first + 2] & 0xfe) == 0xa8)
            break;
    }
    if (first < size) {
        const QByteArray utf8(reinterpret_cast<const char *>(written) + first, size - first);
        out.truncate(start + first);
        appendEscaped(out, utf8);
    }
    out += '"';
}

void YamlText::appendEscaped(ByteWriter &out, QByteArrayView utf8)
{
    const char *bytes = utf8.data();
    const qsizetype size = utf8.size();
    // Runs of bytes that need no escape are copied whole: most text is such a run.
    qsizetype run = 0;
    const auto escape = [&](qsizetype at, qsizetype length, const char *escaped) {
        out.append(bytes + run, at - run);
        out += escaped;
        run = at + length;
    };
    for (qsizetype i = 0; i < size; ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (passesUnescaped[c])
            continue;
        // YAML's own line breaks beyond ASCII (NEL, LS, PS) would fold in a reader: escaped.
        if (c == 0xc2 && i + 1 < size && static_cast<unsigned char>(bytes[i + 1]) == 0x85) {
            escape(i, 2, "\\N");
            ++i;
            continue;
        }
        if (c == 0xe2 && i + 2 < size && static_cast<unsigned char>(bytes[i + 1]) == 0x80 &&
            (static_cast<unsigned char>(bytes[i + 2]) & 0xfe) == 0xa8) {
            escape(i, 3, static_cast<unsigned char>(bytes[i + 2]) == 0xa8 ? "\\L" : "\\P");
            i += 2;
            continue;
        }
        switch (c) {
        case '"':
            escape(i, 1, "\\\"");
            break;
        case '\\':
            escape(i, 1, "\\\\");
            break;
        case '\n':
            escape(i, 1, "\\n");
            break;
        case '\t':
            escape(i, 1, "\\t");
            break;
        case '\r':
            escape(i, 1, "\\r");
            break;
        default:
            if (c < 0x20 || c == 0x7f) {
                static const char hex[] = "0123456789abcdef";
                const char escaped[] = {'\\', 'x', hex[c >> 4], hex[c & 15], '\0'};
                escape(i, 1, escaped);
            }
        }
    }
    out.append(bytes + run, size - run);
}

} // namespace portolan
