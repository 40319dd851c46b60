#pragma once

#include <QIcon>
#include <QProxyStyle>

namespace portolan {

// The desktop's own style (Fusion, or what the platform picks), with the arrows of the menu
// bar's and toolbars' overflow buttons drawn by the app. Qt's stock arrows are PNG files: the
// menu bar asks for one as it is made, and reading the first PNG loads every image format
// plugin Qt has (GIF, ICO, JPEG and SVG readers with their libraries), about a thirtieth of the
// time to the window's first frame, for an arrow that shows only when the window is too narrow.
class AppStyle : public QProxyStyle
{
    Q_OBJECT

public:
    // Takes ownership of `base`, as QProxyStyle does.
    explicit AppStyle(QStyle *base);

    // The name of the style underneath, for QStyleFactory (a proxy has no name of its own).
    QString baseName() const;

    QIcon standardIcon(StandardPixmap icon, const QStyleOption *option = nullptr,
                       const QWidget *widget = nullptr) const override;

private:
    QIcon m_pointsRight;
    QIcon m_pointsLeft;
    QIcon m_pointsDown;
};

} // namespace portolan
