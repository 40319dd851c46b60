#pragma once

#include <QDialog>

namespace portolan {

// Help › Portolan Guide: the short user guide shipped inside the app (works offline).
class GuideDialog : public QDialog
{
    Q_OBJECT

public:
    explicit GuideDialog(QWidget *parent = nullptr);
};

} // namespace portolan
