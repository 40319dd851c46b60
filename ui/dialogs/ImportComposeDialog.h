#pragma once

#include "formats/compose/ComposeReader.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace portolan {

// Import > Compose: a compose file (and env file) for a device, previewed as the services it
// adds and changes before anything is applied; OK applies it as one undo step.
class ImportComposeDialog : public QDialog
{
    Q_OBJECT

public:
    ImportComposeDialog(const Registry &registry, int deviceIndex, QWidget *parent = nullptr);

    void setComposeFile(const QString &path);
    // The registry with the import applied (valid when accepted).
    const Registry &result() const { return m_result; }
    int deviceIndex() const;

protected:
    void showEvent(QShowEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void refresh();

    const Registry &m_registry;
    Registry m_result;
    QLineEdit *m_file;
    QLineEdit *m_envFile;
    QComboBox *m_device;
    QComboBox *m_category;
    QPlainTextEdit *m_preview;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
};

} // namespace portolan
