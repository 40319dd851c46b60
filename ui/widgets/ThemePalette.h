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
    // At start, for the System theme: the app's style around the desktop's, leaving the palette
    // and a -stylesheet given on the command line as they are.
    static void installAppStyle();
    static QString key(Theme theme);
    static Theme fromKey(const QString &key);
};

} // namespace portolan
