#pragma once

#include <QString>
#include <QStringView>

#include <string>
#include <string_view>
#include <vector>

namespace portolan {

// The texts read last in each column of what a reader goes through (a YAML key, a table's
// column), a few per column: a value that repeats down a column (a protocol, an exception, a
// category) is one string shared by every row that holds it, instead of a copy each. Found
// by the value's bytes, before any string is made for it.
class RecentTexts
{
    struct Recent
    {
        std::string bytes; // what the text was found by; empty for a text found by itself
        QString text;
    };

public:
    explicit RecentTexts(std::size_t columns = 0) { m_recent.resize(columns * PerColumn); }

    // The text kept for `bytes` in `column`, else decode(bytes), kept for the next row. Only
    // what decode returned is kept: a value it refuses (it throws) is never shared.
    template <typename Decode>
    QString text(std::size_t column, std::string_view bytes, const Decode &decode)
    {
        const std::size_t hash =
            bytes.empty()
                ? 0
                : bytes.size() * 31 + std::size_t(static_cast<unsigned char>(bytes.front())) * 7 +
                      std::size_t(static_cast<unsigned char>(bytes.back()));
        Recent &recent = slot(column, hash);
        if (!recent.text.isNull() && recent.bytes == bytes)
            return recent.text;
        QString text = decode(bytes);
        recent.bytes.assign(bytes);
        recent.text = text;
        return text;
    }

    // The kept text equal to `value` in `column`, else a copy of it, kept for the next row:
    // for values that are already text (a Markdown table's cells), compared with the kept
    // text itself, with no copy of their bytes to compare with.
    QString text(std::size_t column, QStringView value)
    {
        const std::size_t hash = value.isEmpty() ? 0
                                                 : std::size_t(value.size()) * 31 +
                                                       std::size_t(value.front().unicode()) * 7 +
                                                       std::size_t(value.back().unicode());
        Recent &recent = slot(column, hash);
        if (!recent.text.isNull() && recent.text.size() == value.size() &&
            QStringView(recent.text) == value)
            return recent.text;
        recent.bytes.clear(); // found by its text now, never by bytes kept from before
        recent.text = value.toString();
        return recent.text;
    }

private:
    Recent &slot(std::size_t column, std::size_t hash)
    {
        const std::size_t at = column * PerColumn + hash % PerColumn;
        if (at >= m_recent.size())
            m_recent.resize((column + 1) * PerColumn);
        return m_recent[at];
    }

    // Four per column: "tcp" and "udp" in turn each keep theirs.
    static constexpr std::size_t PerColumn = 4;
    std::vector<Recent> m_recent;
};

} // namespace portolan
