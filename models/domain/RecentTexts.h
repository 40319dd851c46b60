#pragma once

#include <QString>
#include <QStringView>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace portolan {

// The texts read last in each column of what a reader goes through (a YAML key, a table's
// column), a few per column: a value that repeats down a column (a protocol, an exception, a
// category, a route's scope) is one string shared by every row that holds it, instead of a copy
// each. Found by the value's bytes, before any string is made for it.
//
// Each column has Sets sets of two texts; a value's set comes from its length and its first and
// last eight bytes (all of a short value), mixed so that every bit counts. (A sum of its length
// and first and last characters, taken modulo four, put "internal" and "external", "non-http"
// and "reverse-proxy", and three of six block purposes each on one place, where they pushed each
// other out on every row: a 100,000-binding registry held 50,000 copies of its two scopes.) Two
// values that still meet keep both texts.
class RecentTexts
{
    struct Recent
    {
        std::string bytes; // what the text was found by; empty for a text found by itself
        QString text;
    };

public:
    explicit RecentTexts(std::size_t columns = 0)
    {
        m_recent.resize(columns * PerColumn);
        m_newer.resize(columns * Sets);
    }

    // The text kept for `bytes` in `column`, else decode(bytes), kept for the next row. Only
    // what decode returned is kept: a value it refuses (it throws) is never shared.
    template <typename Decode>
    QString text(std::size_t column, std::string_view bytes, const Decode &decode)
    {
        const std::size_t set = setOf(bytes.data(), bytes.size());
        Recent *const ways = setAt(column, set);
        for (int way = 0; way < 2; ++way) {
            if (!ways[way].text.isNull() && ways[way].bytes == bytes) {
                m_newer[column * Sets + set] = char(way);
                return ways[way].text;
            }
        }
        QString text = decode(bytes);
        Recent &recent = ways[replaced(column, set)];
        recent.bytes.assign(bytes);
        recent.text = text;
        return text;
    }

    // The kept text equal to `value` in `column`, else a copy of it, kept for the next row:
    // for values that are already text (a Markdown table's cells), compared with the kept
    // text itself, with no copy of their bytes to compare with.
    QString text(std::size_t column, QStringView value)
    {
        const std::size_t set = setOf(value.data(), std::size_t(value.size()) * sizeof(QChar));
        Recent *const ways = setAt(column, set);
        for (int way = 0; way < 2; ++way) {
            const QString &kept = ways[way].text;
            if (!kept.isNull() && kept.size() == value.size() && QStringView(kept) == value) {
                m_newer[column * Sets + set] = char(way);
                return kept;
            }
        }
        Recent &recent = ways[replaced(column, set)];
        recent.bytes.clear(); // found by its text now, never by bytes kept from before
        recent.text = value.toString();
        return recent.text;
    }

private:
    static std::size_t setOf(const void *data, std::size_t size)
    {
        const std::size_t taken = std::min<std::size_t>(size, 8);
        std::uint64_t head = 0;
        std::uint64_t tail = 0;
        if (taken > 0) {
            std::memcpy(&head, data, taken);
            std::memcpy(&tail, static_cast<const char *>(data) + (size - taken), taken);
        }
        const std::uint64_t key = head ^ (tail * 0xC2B2AE3D27D4EB4Full) ^ size;
        // Fibonacci hashing: the product's top bits depend on every bit of the key.
        return std::size_t((key * 0x9E3779B97F4A7C15ull) >> (64 - SetBits));
    }

    Recent *setAt(std::size_t column, std::size_t set)
    {
        if ((column + 1) * PerColumn > m_recent.size()) {
            m_recent.resize((column + 1) * PerColumn);
            m_newer.resize((column + 1) * Sets);
        }
        return &m_recent[column * PerColumn + set * 2];
    }

    // The way a new text takes: the one not found or kept last.
    int replaced(std::size_t column, std::size_t set)
    {
        char &newer = m_newer[column * Sets + set];
        newer = char(1 - newer);
        return newer;
    }

    static constexpr int SetBits = 3;
    static constexpr std::size_t Sets = std::size_t(1) << SetBits;
    static constexpr std::size_t PerColumn = Sets * 2;
    std::vector<Recent> m_recent;
    std::vector<char> m_newer; // per set: the way found or kept last
};

} // namespace portolan
