#pragma once

#include <QIcon>
#include <QString>

namespace portolan {

// The app's own icons, by name: resources/icons/NAME.svg. Each is made once and then shared.
// A QIcon made from an SVG file parses the file when made and again for each size it renders,
// and its rendered pixmaps are cached per icon, so an icon made for every table cell or combo
// entry cost two parses per cell on every paint; a shared one renders each size once.
class Icons
{
public:
    static QIcon get(const QString &name);
};

} // namespace portolan
