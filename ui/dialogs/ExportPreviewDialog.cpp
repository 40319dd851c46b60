#include "dialogs/ExportPreviewDialog.h"

#include "io/AtomicFile.h"
#include "overview/PaletteTone.h"
#include "widgets/SyntaxHighlighter.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace portolan {

ExportPreviewDialog::ExportPreviewDialog(const Exporter *exporter, const Registry &registry,
                                         const FormatValues &values, const QString &folder,
                                         QWidget *parent)
    : QDialog(parent)
    , m_exporter(exporter)
    , m_registry(registry)
    , m_values(values)
    , m_folder(folder)
    , m_editor(new QPlainTextEdit)
    , m_error(new QLabel)
{
    const QString device = values.value(QStringLiteral("device"));
    setWindowTitle(device.isEmpty() ? exporter->title()
                                    : tr("%1 — %2").arg(exporter->title(), device));
    setObjectName(QStringLiteral("exportPreview"));
    auto *top = new QHBoxLayout;
    for (const FormatOption &option : exporter->options()) {
        if (option.choices.isEmpty())
            continue;
        auto *field = new QComboBox;
        field->setObjectName(option.name + QStringLiteral("Field"));
        field->addItems(option.choices);
        const QString current = values.value(option.name, option.defaultValue);
        field->setCurrentIndex(std::max(0, int(option.choices.indexOf(current))));
        connect(field, &QComboBox::currentIndexChanged, this, &ExportPreviewDialog::regenerate);
        // "group-by" -> "&Group by:"; the sentence is the tooltip and the accessible description.
        QString title = option.name;
        title.replace(u'-', u' ');
        title[0] = title[0].toUpper();
        auto *label = new QLabel(u'&' + title + u':');
        label->setToolTip(option.description);
        field->setToolTip(option.description);
        field->setAccessibleName(title);
        field->setAccessibleDescription(option.description);
        label->setBuddy(field);
        top->addWidget(label);
        top->addWidget(field);
        m_choices.insert(option.name, field);
    }
    top->addStretch(1);

    m_editor->setObjectName(QStringLiteral("previewText"));
    m_editor->setAccessibleName(tr("Exported text"));
    m_editor->setReadOnly(true);
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    new SyntaxHighlighter(m_editor->document(), exporter->syntax(), isDarkPalette(palette()));
    m_error->setObjectName(QStringLiteral("exportError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();

    m_copy = new QPushButton(tr("&Copy"));
    m_copy->setObjectName(QStringLiteral("copyButton"));
    connect(m_copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(text()); });
    m_save = new QPushButton(tr("&Save…"));
    m_save->setObjectName(QStringLiteral("saveButton"));
    connect(m_save, &QPushButton::clicked, this, &ExportPreviewDialog::save);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    buttons->addButton(m_copy, QDialogButtonBox::ActionRole);
    buttons->addButton(m_save, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    if (!m_choices.isEmpty())
        layout->addLayout(top);
    layout->addWidget(m_error);
    layout->addWidget(m_editor, 1);
    layout->addWidget(buttons);
    resize(780, 640);
    regenerate();
}

QString ExportPreviewDialog::text() const
{
    return m_error->isVisible() ? QString() : m_editor->toPlainText();
}

QString ExportPreviewDialog::errorText() const
{
    return m_error->isVisible() ? m_error->text() : QString();
}

void ExportPreviewDialog::regenerate()
{
    for (auto it = m_choices.constBegin(); it != m_choices.constEnd(); ++it)
        m_values.set(it.key(), {it.value()->currentText()});
    QByteArray out;
    Error error;
    const bool ok = m_exporter->write(m_registry, m_values, &out, &error);
    m_error->setVisible(!ok);
    m_error->setText(ok ? QString()
                        : tr("Nothing can be exported until this is fixed (the Findings dock "
                             "has it):\n%1")
                              .arg(error.toString()));
    m_editor->setPlainText(ok ? QString::fromUtf8(out) : QString());
    m_copy->setEnabled(ok);
    m_save->setEnabled(ok);
}

void ExportPreviewDialog::save()
{
    const QString suggested =
        QDir(m_folder).filePath(m_exporter->suggestedFileName(m_registry, m_values));
    const QString path = QFileDialog::getSaveFileName(this, tr("Save %1").arg(m_exporter->title()),
                                                      suggested, m_exporter->fileFilter());
    if (path.isEmpty())
        return;
    Error error;
    if (AtomicFile::write(path, text().toUtf8(), &error)) {
        m_error->hide();
        setWindowTitle(tr("%1 — saved to %2").arg(m_exporter->title(), path));
        return;
    }
    m_error->setText(error.toString());
    m_error->show();
}

} // namespace portolan
