#pragma once

#include "domain/Registry.h"
#include "formats/Importer.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace portolan {

// Import > Compose File and Import > Running Containers: a compose file (and env file), or saved
// `docker ps` / `docker inspect` output, for a device, previewed as the services it adds and
// changes before anything is applied; Apply applies it as one undo step. Both read through
// their Importer, so the preview is exactly what `portolan-cli import` would do.
class ImportServicesDialog : public QDialog
{
    Q_OBJECT

public:
    ImportServicesDialog(const Importer &importer, const Registry &registry, int deviceIndex,
                         QWidget *parent = nullptr);

    // The registry with the import applied (valid when accepted).
    const Registry &result() const { return m_result; }
    int deviceIndex() const;

protected:
    void showEvent(QShowEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void refresh();

    const Importer &m_importer;
    const bool m_compose;
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
