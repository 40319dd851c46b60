#pragma once

#include "domain/Registry.h"
#include "formats/Importer.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace portolan {

// Import > Compose File, Import > Running Containers and, for documents that need a device or
// a category, Import > Markdown: a compose file (env file, profiles), saved docker or podman
// output, or a Markdown port list (the device and address its heading-less tables are for),
// previewed as the services it adds and changes, and what it skipped and why, before anything
// is applied; Apply applies it as one undo step. All read through their Importer, so the
// preview is exactly what `portolan-cli import` would do.
class ImportServicesDialog : public QDialog
{
    Q_OBJECT

public:
    ImportServicesDialog(const Importer &importer, const Registry &registry, int deviceIndex,
                         QWidget *parent = nullptr);

    // A file to start from (the Markdown document the app could not import without options).
    void setFile(const QString &path);
    // The registry with the import applied (valid when accepted).
    const Registry &result() const { return m_result; }
    int deviceIndex() const;

protected:
    void showEvent(QShowEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void refresh();
    static QString inTheDialogsWords(QString text);
    QWidget *browseRow(QLineEdit *field, const QString &filter);
    QFormLayout *sourceRows(const Importer &importer);

    const Importer &m_importer;
    const bool m_compose;
    const bool m_markdown;
    const Registry &m_registry;
    Registry m_result;
    QLineEdit *m_file;
    QLineEdit *m_envFile;
    QComboBox *m_device;
    QLineEdit *m_ip;
    QLineEdit *m_profiles;
    QComboBox *m_category;
    QPlainTextEdit *m_preview;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
    bool m_shown = false;
};

} // namespace portolan
