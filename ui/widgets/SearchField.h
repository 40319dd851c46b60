#pragma once

#include <QLineEdit>

namespace portolan {

// A search line edit whose clear button appears once there is text to clear. Enabling the button
// at construction loads the style's clear icon (several PNGs through the image plugins), which
// took a seventh of the main window's construction on the way to its first paint; an empty
// field shows no button anyway.
class SearchField : public QLineEdit
{
    Q_OBJECT

public:
    explicit SearchField(QWidget *parent = nullptr);
};

} // namespace portolan
