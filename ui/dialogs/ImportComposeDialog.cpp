#include "ImportComposeDialog.h"

#include "domain/RegistryDiff.h"
#include "widgets/SeverityStyle.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
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
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Apply"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("okButton"));
    // Return must never apply what the user has not seen: no button is the default until a
    // preview is on screen (refresh), and Return in a path field only refreshes it.
    for (QPushButton *button : m_buttons->findChildren<QPushButton *>())
        button->setAutoDefault(false);

    auto browse = [this](QLineEdit *field, const QString &filter) {
        auto *button = new QPushButton(tr("Browse…"));
        button->setAutoDefault(false);
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
    m_file->installEventFilter(this);
    m_envFile->installEventFilter(this);
    connect(m_envFile, &QLineEdit::textChanged, this, &ImportComposeDialog::refresh);
    connect(m_device, &QComboBox::currentIndexChanged, this, &ImportComposeDialog::refresh);
    connect(m_category, &QComboBox::currentIndexChanged, this, &ImportComposeDialog::refresh);
    refresh();
}

void ImportComposeDialog::setComposeFile(const QString &path)
{
    m_file->setText(path);
}

void ImportComposeDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    // The button box makes its first accept button the default when it is shown; here that
    // holds only once a preview is on screen.
    QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setDefault(ok->isEnabled());
}

bool ImportComposeDialog::eventFilter(QObject *watched, QEvent *event)
{
    // Return in a path field means "read this file", never "apply": it refreshes the preview
    // and stops there.
    if ((watched == m_file || watched == m_envFile) && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            refresh();
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

int ImportComposeDialog::deviceIndex() const
{
    return m_device->currentIndex();
}

void ImportComposeDialog::refresh()
{
    QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setEnabled(false);
    ok->setDefault(false);
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
    m_result = m_registry;
    plan.applyTo(m_result, m_device->currentIndex());
    // Every addition, change and removal, from the one comparison of two registries: what
    // the file drops (a planned binding, a route) is listed as plainly as what it adds.
    const RegistryDiff diff = RegistryDiff::compare(m_registry, m_result);
    QStringList lines = diff.describeAll();
    for (const QString &warning : std::as_const(plan.warnings))
        lines << tr("warning: %1").arg(warning);
    m_preview->setPlainText(diff.isEmpty()
                                ? tr("Nothing to change: the device already matches the file.")
                                : lines.join(u'\n'));
    ok->setEnabled(!diff.isEmpty());
    ok->setDefault(!diff.isEmpty());
}

} // namespace portolan
