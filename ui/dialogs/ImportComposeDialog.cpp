#include "ImportComposeDialog.h"

#include "widgets/SeverityStyle.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace portolan {

ImportComposeDialog::ImportComposeDialog(const Registry &registry, int deviceIndex, QWidget *parent)
    : QDialog(parent)
    , m_registry(registry)
    , m_file(new QLineEdit)
    , m_envFile(new QLineEdit)
    , m_device(new QComboBox)
    , m_category(new QComboBox)
    , m_preview(new QPlainTextEdit)
    , m_error(new QLabel)
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel))
{
    setWindowTitle(tr("Import Compose File"));
    m_file->setObjectName(QStringLiteral("composeFileField"));
    m_envFile->setObjectName(QStringLiteral("envFileField"));
    m_envFile->setPlaceholderText(tr("optional: variables for ${...}"));
    m_device->setObjectName(QStringLiteral("deviceField"));
    m_preview->setObjectName(QStringLiteral("previewText"));
    m_preview->setReadOnly(true);
    m_error->setObjectName(QStringLiteral("importError"));
    m_error->setStyleSheet(
        QStringLiteral("color: %1;").arg(SeverityStyle::color(Severity::Error, palette()).name()));
    m_error->setWordWrap(true);
    for (const Device &device : registry.devices)
        m_device->addItem(device.name);
    m_device->setCurrentIndex(std::max(deviceIndex, 0));
    m_category->addItem(tr("(from the ports' block)"), QString());
    for (const Block &block : registry.policy.blocks) {
        if (!block.isReserved() && m_category->findData(block.purpose) < 0)
            m_category->addItem(block.purpose, block.purpose);
    }
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Apply"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("okButton"));

    auto browse = [this](QLineEdit *field, const QString &filter) {
        auto *button = new QPushButton(tr("Browse…"));
        connect(button, &QPushButton::clicked, this, [this, field, filter] {
            const QString path =
                QFileDialog::getOpenFileName(this, tr("Choose a File"), QString(), filter);
            if (!path.isEmpty())
                field->setText(path);
        });
        auto *row = new QWidget;
        auto *layout = new QHBoxLayout(row);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(field, 1);
        layout->addWidget(button);
        return row;
    };
    auto *form = new QFormLayout;
    form->addRow(tr("Compose file:"), browse(m_file, tr("Compose files (*.yml *.yaml)")));
    form->addRow(tr("Env file:"), browse(m_envFile, tr("Env files (*.env .env);;All files (*)")));
    form->addRow(tr("Into device:"), m_device);
    form->addRow(tr("Category of new services:"), m_category);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("What will change:")));
    layout->addWidget(m_preview, 1);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    resize(640, 480);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_file, &QLineEdit::textChanged, this, &ImportComposeDialog::refresh);
    connect(m_envFile, &QLineEdit::textChanged, this, &ImportComposeDialog::refresh);
    connect(m_device, &QComboBox::currentIndexChanged, this, &ImportComposeDialog::refresh);
    connect(m_category, &QComboBox::currentIndexChanged, this, &ImportComposeDialog::refresh);
    refresh();
}

void ImportComposeDialog::setComposeFile(const QString &path)
{
    m_file->setText(path);
}

int ImportComposeDialog::deviceIndex() const
{
    return m_device->currentIndex();
}

void ImportComposeDialog::refresh()
{
    QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setEnabled(false);
    m_preview->clear();
    m_error->clear();
    if (m_file->text().trimmed().isEmpty() || m_device->currentIndex() < 0)
        return;
    ComposeReader importer;
    if (!importer.readFile(m_file->text().trimmed(), m_envFile->text().trimmed())) {
        m_error->setText(importer.error().toString());
        return;
    }
    ImportPlan plan;
    Error error;
    if (!planComposeImport(m_registry, m_device->currentIndex(), importer.services(),
                           m_category->currentData().toString(), &plan, &error)) {
        m_error->setText(error.toString());
        return;
    }
    m_preview->setPlainText(plan.isEmpty()
                                ? tr("Nothing to change: the device already matches the file.")
                                : plan.describe());
    m_result = m_registry;
    plan.applyTo(m_result, m_device->currentIndex());
    ok->setEnabled(!plan.isEmpty());
}

} // namespace portolan
