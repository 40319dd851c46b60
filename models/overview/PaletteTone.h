#pragma once

#include <QColor>
#include <QPalette>

namespace portolan {

// A dark theme is one whose window background is darker than mid grey: colours drawn on it
// (severity tints, heatmap cells, syntax colours) switch to their light variants.
inline bool isDarkPalette(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

} // namespace portolan
