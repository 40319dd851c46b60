#include "widgets/ThemePalette.h"

#include "widgets/AppStyle.h"

#include <QApplication>
#include <QPalette>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>

namespace portolan {

namespace {

const char *const SettingsKey = "appearance/theme";

// What the desktop gave the application before any theme was applied, to go back to it.
struct SystemLook
{
    QString styleName;
    QPalette palette;
};

const SystemLook &systemLook()
{
    static const SystemLook look{[] {
                                     QStyle *style = QApplication::style();
                                     if (auto *own = qobject_cast<AppStyle *>(style))
                                         return own->baseName();
                                     return style->name();
                                 }(),
                                 QApplication::palette()};
    return look;
}

void installStyle(const QString &name)
{
    QApplication::setStyle(new AppStyle(QStyleFactory::create(name)));
}

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x30);
    const QColor base(0x1e, 0x1f, 0x22);
    const QColor text(0xe6, 0xe6, 0xe6);
    const QColor disabled(0x80, 0x80, 0x80);
    const QColor highlight(0x3d, 0x7a, 0xd6);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2b));
    p.setColor(QPalette::ToolTipBase, QColor(0x3c, 0x3f, 0x41));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x35, 0x37, 0x3a));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Light, QColor(0x45, 0x47, 0x4a));
    p.setColor(QPalette::Midlight, QColor(0x3a, 0x3c, 0x3f));
    p.setColor(QPalette::Mid, QColor(0x25, 0x26, 0x28));
    p.setColor(QPalette::Dark, QColor(0x1a, 0x1b, 0x1d));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xa8, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xb0, 0x8c, 0xff));
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

} // namespace

ThemePalette::Theme ThemePalette::fromSettings()
{
    return fromKey(QSettings().value(QLatin1String(SettingsKey)).toString());
}

void ThemePalette::save(Theme theme)
{
    QSettings().setValue(QLatin1String(SettingsKey), key(theme));
}

QString ThemePalette::key(Theme theme)
{
    switch (theme) {
    case Theme::Light:
        return QStringLiteral("light");
    case Theme::Dark:
        return QStringLiteral("dark");
    case Theme::System:
        break;
    }
    return QStringLiteral("system");
}

ThemePalette::Theme ThemePalette::fromKey(const QString &key)
{
    if (key == QLatin1String("light"))
        return Theme::Light;
    if (key == QLatin1String("dark"))
        return Theme::Dark;
    return Theme::System;
}

void ThemePalette::installAppStyle()
{
    installStyle(systemLook().styleName);
}

void ThemePalette::apply(Theme theme)
{
    const SystemLook &system = systemLook();
    switch (theme) {
    case Theme::System:
        installStyle(system.styleName);
        QApplication::setPalette(system.palette);
        qApp->setStyleSheet(QString());
        break;
    case Theme::Light:
        installStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(QApplication::style()->standardPalette());
        qApp->setStyleSheet(QString());
        break;
    case Theme::Dark:
        installStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(darkPalette());
        // Fusion draws an unchecked box's edge a shade darker than the window: on a dark
        // window it disappears. A visible edge for check boxes and radio buttons only.
        qApp->setStyleSheet(
            QStringLiteral("QCheckBox::indicator:unchecked, QTreeView::indicator:unchecked {"
                           " border: 1px solid #8a8f98; border-radius: 2px; background: #1e1f22;"
                           " width: 12px; height: 12px; }"));
        break;
    }
}

} // namespace portolan
