#include "widgets/SeverityStyle.h"

#include "overview/PaletteTone.h"
#include "widgets/Icons.h"

namespace portolan {

QColor SeverityStyle::color(Severity severity, const QPalette &palette)
{
    const bool dark = isDarkPalette(palette);
    switch (severity) {
    case Severity::Error:
        return dark ? QColor(0xff, 0x6b, 0x6b) : QColor(0xc6, 0x28, 0x28);
    case Severity::Warning:
        return dark ? QColor(0xff, 0xc1, 0x4d) : QColor(0x9a, 0x5b, 0x00);
    case Severity::Info:
        return dark ? QColor(0x6c, 0xb4, 0xff) : QColor(0x15, 0x65, 0xc0);
    }
    return palette.color(QPalette::Text);
}

QColor SeverityStyle::background(Severity severity, const QPalette &palette)
{
    QColor tint = color(severity, palette);
    tint.setAlpha(isDarkPalette(palette) ? 70 : 34);
    return tint;
}

QIcon SeverityStyle::icon(Severity severity)
{
    switch (severity) {
    case Severity::Error:
        return Icons::get(QStringLiteral("error"));
    case Severity::Warning:
        return Icons::get(QStringLiteral("warning"));
    case Severity::Info:
        return Icons::get(QStringLiteral("info"));
    }
    return {};
}

QIcon SeverityStyle::okIcon()
{
    return Icons::get(QStringLiteral("ok"));
}

} // namespace portolan
