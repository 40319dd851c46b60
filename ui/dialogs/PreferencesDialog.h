#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLineEdit;

namespace portolan {

// What the app does at start, where exports go, its theme, and whether Delete asks first;
// kept in QSettings and applied on OK.
class PreferencesDialog : public QDialog
{
    Q_OBJECT

public:
    explicit PreferencesDialog(QWidget *parent = nullptr);

    // Writes the choices to QSettings and applies the theme.
    void apply();

private:
    QComboBox *m_atStart;
    QLineEdit *m_exportFolder;
    QComboBox *m_theme;
    QCheckBox *m_confirmDelete;
};

} // namespace portolan
