#pragma once

#include <QIcon>
#include <QString>

namespace portolan {

class SvgIconEngine;

// The app's own icons, by name: resources/icons/NAME.svg, drawn by SvgIconEngine. Each is made
// once and then shared: its rendered pixmaps are kept with it, so an icon made for every table
// cell or combo entry was parsed and rendered again on every paint.
class Icons
{
public:
    static QIcon get(const QString &name);

private:
    static SvgIconEngine *load(const QString &name);
};

} // namespace portolan
