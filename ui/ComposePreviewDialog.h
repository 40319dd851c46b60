#pragma once

#include "domain/Registry.h"

#include <QDialog>

class QComboBox;
class QPlainTextEdit;

namespace portolan {

// Export > Compose for this device: the snippet with YAML highlighting, the proxy to write
// labels for, Copy and Save.
class ComposePreviewDialog : public QDialog
{
    Q_OBJECT

public:
    ComposePreviewDialog(const Registry &registry, int deviceIndex, QWidget *parent = nullptr);

    QString text() const;

private:
    void regenerate();
    void save();

    const Registry &m_registry;
    int m_deviceIndex;
    QComboBox *m_proxy;
    QPlainTextEdit *m_editor;
};

} // namespace portolan
