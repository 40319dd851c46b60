#pragma once

#include "domain/Finding.h"

#include <QColor>
#include <QIcon>
#include <QPalette>

namespace portolan {

// Colours and icons for error / warning / info that read on light and dark palettes alike:
// the same hues, lighter on a dark window, darker on a light one.
namespace SeverityStyle {

QColor color(Severity severity, const QPalette &palette);
QColor background(Severity severity, const QPalette &palette);
QIcon icon(Severity severity);
QIcon okIcon();

} // namespace SeverityStyle

} // namespace portolan
