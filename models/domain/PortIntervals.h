#pragma once

#include <algorithm>
#include <utility>
#include <vector>

namespace portolan {

// Sorts [first, last] port intervals and merges overlapping or touching ones, so a range of
// ports can be walked with one cursor. Shared by block fill and the free-port search.
inline std::vector<std::pair<int, int>>
mergePortIntervals(std::vector<std::pair<int, int>> intervals)
{
    std::sort(intervals.begin(), intervals.end());
    std::vector<std::pair<int, int>> merged;
    for (const auto &interval : intervals) {
        if (!merged.empty() && interval.first <= merged.back().second + 1)
            merged.back().second = std::max(merged.back().second, interval.second);
        else
            merged.push_back(interval);
    }
    return merged;
}

} // namespace portolan
