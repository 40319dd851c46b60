#pragma once

#include <QString>

namespace portolan {

// The application's look: the desktop's own (System), or Fusion with a light or a dark
// palette. Chosen in Preferences, kept in QSettings under appearance/theme.
class ThemePalette
{
public:
    enum class Theme
    {
        System,
        Light,
        Dark,
    };

    static Theme fromSettings();
    static void save(Theme theme);
    static void apply(Theme theme);
    static QString key(Theme theme);
    static Theme fromKey(const QString &key);
};

} // namespace portolan
