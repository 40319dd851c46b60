#pragma once

#include "domain/Registry.h"
#include "formats/Exporter.h"

#include <QDialog>
#include <QHash>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace portolan {

// File > Export > any format of the format registry: what the export writes, highlighted, with
// the format's choices (the reverse proxy, the scope...) as fields named "<option>Field", Copy
// and Save. A registry the export refuses shows why instead, with Copy and Save off.
class ExportPreviewDialog : public QDialog
{
    Q_OBJECT

public:
    ExportPreviewDialog(const Exporter *exporter, const Registry &registry,
                        const FormatValues &values, const QString &folder,
                        QWidget *parent = nullptr);

    QString text() const;
    QString errorText() const;

private:
    void regenerate();
    void save();

    const Exporter *m_exporter;
    const Registry &m_registry;
    FormatValues m_values;
    QString m_folder;
    QHash<QString, QComboBox *> m_choices;
    QPlainTextEdit *m_editor;
    QLabel *m_error;
    QPushButton *m_copy;
    QPushButton *m_save;
};

} // namespace portolan
