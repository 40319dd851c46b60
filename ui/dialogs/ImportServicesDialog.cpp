#include "dialogs/ImportServicesDialog.h"

#include "check/ChangeReport.h"
#include "check/Validator.h"
#include "domain/RegistryDiff.h"
#include "domain/WellKnownPorts.h"
#include "widgets/SeverityStyle.h"
#include "widgets/TabOrder.h"

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
#include <QRegularExpression>
#include <QVBoxLayout>

namespace portolan {

ImportServicesDialog::ImportServicesDialog(const Importer &importer, const Registry &registry,
                                           int deviceIndex, QWidget *parent)
    : QDialog(parent)
    , m_importer(importer)
    , m_compose(importer.name() == QLatin1String("compose"))
    , m_markdown(importer.name() == QLatin1String("markdown"))
    , m_registry(registry)
    , m_file(new QLineEdit)
    , m_envFile(new QLineEdit)
    , m_device(new QComboBox)
    , m_ip(new QLineEdit(this))
    , m_profiles(new QLineEdit(this))
    , m_category(new QComboBox)
    , m_preview(new QPlainTextEdit)
    , m_error(new QLabel)
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel))
{
    setWindowTitle(tr("Import %1").arg(importer.title()));
    m_file->setObjectName(m_compose    ? QStringLiteral("composeFileField")
                          : m_markdown ? QStringLiteral("markdownFileField")
                                       : QStringLiteral("containersFileField"));
    if (!m_compose && !m_markdown)
        m_file->setPlaceholderText(tr("saved output of docker ps, docker inspect or podman"));
    m_ip->setObjectName(QStringLiteral("ipField"));
    m_ip->setPlaceholderText(tr("for a new device, e.g. 192.168.1.10"));
    m_ip->hide();
    m_profiles->setObjectName(QStringLiteral("profilesField"));
    m_profiles->setPlaceholderText(tr("e.g. tools, debug (empty: COMPOSE_PROFILES)"));
    m_profiles->setToolTip(tr("Services with profiles are imported when one of their profiles "
                              "is active, as docker compose --profile makes them"));
    m_profiles->hide();
    m_envFile->setObjectName(QStringLiteral("envFileField"));
    m_envFile->setPlaceholderText(tr("optional: variables for ${...}"));
    m_device->setObjectName(QStringLiteral("deviceField"));
    m_category->setObjectName(QStringLiteral("categoryField"));
    m_preview->setObjectName(QStringLiteral("previewText"));
    m_preview->setReadOnly(true);
    m_error->setObjectName(QStringLiteral("importError"));
    m_error->setStyleSheet(
        QStringLiteral("color: %1;").arg(SeverityStyle::color(Severity::Error, palette()).name()));
    m_error->setWordWrap(true);
    if (m_markdown) {
        // Any name: an existing device, or a new one with its address.
        m_device->setEditable(true);
        m_device->addItem(QString());
        m_device->lineEdit()->setPlaceholderText(tr("a device, for tables without ### NAME (IP)"));
    }
    for (const Device &device : registry.devices)
        m_device->addItem(device.name);
    m_device->setCurrentIndex(m_markdown ? 0 : std::max(deviceIndex, 0));
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

    QFormLayout *form = sourceRows(importer);
    form->addRow(m_markdown ? tr("Device:") : tr("Into device:"), m_device);
    if (m_markdown) {
        m_ip->show();
        form->addRow(tr("Its address:"), m_ip);
    }
    m_category->setToolTip(tr("A new service takes the purpose of the block its host ports are "
                              "in; this category is for those with no port in a block"));
    form->addRow(tr("Category, where no port block gives one:"), m_category);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("What will change:")));
    layout->addWidget(m_preview, 1);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    resize(640, 480);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_file, &QLineEdit::textChanged, this, &ImportServicesDialog::refresh);
    m_file->installEventFilter(this);
    m_envFile->installEventFilter(this);
    connect(m_envFile, &QLineEdit::textChanged, this, &ImportServicesDialog::refresh);
    connect(m_device, &QComboBox::currentIndexChanged, this, &ImportServicesDialog::refresh);
    connect(m_device, &QComboBox::editTextChanged, this, &ImportServicesDialog::refresh);
    connect(m_ip, &QLineEdit::textChanged, this, &ImportServicesDialog::refresh);
    connect(m_profiles, &QLineEdit::textChanged, this, &ImportServicesDialog::refresh);
    connect(m_category, &QComboBox::currentIndexChanged, this, &ImportServicesDialog::refresh);
    refresh();
}

QWidget *ImportServicesDialog::browseRow(QLineEdit *field, const QString &filter)
{
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
}

// The rows that say where the import reads from: the file, and what goes with it.
QFormLayout *ImportServicesDialog::sourceRows(const Importer &importer)
{
    auto *form = new QFormLayout;
    if (m_compose) {
        form->addRow(tr("Compose file:"), browseRow(m_file, importer.fileFilter()));
        form->addRow(tr("Env file:"),
                     browseRow(m_envFile, tr("Env files (*.env .env);;All files (*)")));
        m_profiles->show();
        form->addRow(tr("Profiles:"), m_profiles);
    } else if (m_markdown) {
        auto *how = new QLabel(
            tr("Tables under a <code>### NAME (IP)</code> heading go to that device; the others "
               "go to the device named here (a new one needs its address). Rows without a host "
               "port, and cells that cannot be read, are listed below with their line."));
        how->setWordWrap(true);
        form->addRow(how);
        form->addRow(tr("Markdown document:"), browseRow(m_file, importer.fileFilter()));
        m_envFile->setParent(this);
        m_envFile->hide();
    } else {
        auto *how = new QLabel(
            tr("On the device, save what runs with <code>docker ps --format '{{json .}}' &gt; "
               "containers.json</code> (or <code>docker inspect $(docker ps -q)</code>), then "
               "choose that file. Published ports become bindings, proxy labels routes."));
        how->setWordWrap(true);
        how->setTextInteractionFlags(Qt::TextSelectableByMouse);
        form->addRow(how);
        form->addRow(tr("Containers file:"), browseRow(m_file, importer.fileFilter()));
        // Not in the form: owned by the dialog all the same.
        m_envFile->setParent(this);
        m_envFile->hide();
    }
    return form;
}

void ImportServicesDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    if (!m_shown) {
        m_shown = true;
        // Tab in reading order, and typing starts in the file field (or, with the file
        // given, in the device the document needs).
        orderTabsAsSeen(this);
        (m_file->text().isEmpty() || !m_markdown ? static_cast<QWidget *>(m_file)
                                                 : static_cast<QWidget *>(m_device))
            ->setFocus(Qt::OtherFocusReason);
    }
    // The button box makes its first accept button the default when it is shown; here that
    // holds only once a preview is on screen.
    QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setDefault(ok->isEnabled());
}

bool ImportServicesDialog::eventFilter(QObject *watched, QEvent *event)
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

// The core speaks the command line ("--category PURPOSE"); here the same advice names the
// fields of this dialog.
QString ImportServicesDialog::inTheDialogsWords(QString text)
{
    static const QRegularExpression category(
        QStringLiteral("\\(--category PURPOSE; in the app, Category[^)]*\\)"));
    static const QRegularExpression device(
        QStringLiteral("(?:, )?or pass --device NAME --ip IP|\\(--device (\\S+) --ip IP\\)"));
    static const QRegularExpression profile(
        QStringLiteral("\\(--profile (\\S+) or COMPOSE_PROFILES activates it\\)"));
    text.replace(category, tr("(choose one under Category, below)"));
    text.replace(device, tr(" (name it under Device, with its address)"));
    text.replace(profile, tr("(write \\1 under Profiles to import it)"));
    return text;
}

void ImportServicesDialog::setFile(const QString &path)
{
    m_file->setText(path);
}

int ImportServicesDialog::deviceIndex() const
{
    if (m_markdown)
        return m_result.findDevice(m_device->currentText().trimmed());
    return m_device->currentIndex();
}

void ImportServicesDialog::refresh()
{
    QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setEnabled(false);
    ok->setDefault(false);
    m_preview->clear();
    m_error->clear();
    if (m_file->text().trimmed().isEmpty() || (!m_markdown && m_device->currentIndex() < 0))
        return;
    FormatValues values;
    const QString device = m_device->currentText().trimmed();
    if (!device.isEmpty())
        values.set(QStringLiteral("device"), {device});
    if (m_markdown && !m_ip->text().trimmed().isEmpty())
        values.set(QStringLiteral("ip"), {m_ip->text().trimmed()});
    if (m_compose) {
        QStringList profiles;
        for (const QString &profile : m_profiles->text().split(u',', Qt::SkipEmptyParts))
            profiles << profile.trimmed();
        if (!profiles.isEmpty())
            values.set(QStringLiteral("profile"), profiles);
    }
    if (m_compose && !m_envFile->text().trimmed().isEmpty())
        values.set(QStringLiteral("env-file"), {m_envFile->text().trimmed()});
    if (!m_category->currentData().toString().isEmpty())
        values.set(QStringLiteral("category"), {m_category->currentData().toString()});
    Error error;
    const std::unique_ptr<PreparedImport> prepared =
        m_importer.read(m_file->text().trimmed(), values, &error);
    if (!prepared) {
        m_error->setText(inTheDialogsWords(error.toString()));
        return;
    }
    m_result = m_registry;
    QStringList warnings;
    if (!prepared->mergeInto(m_registry, m_result, &warnings, &error)) {
        m_error->setText(inTheDialogsWords(error.toString()));
        return;
    }
    // Every addition, change and removal, from the one comparison of two registries: what
    // the file drops (a planned binding, a route) is listed as plainly as what it adds.
    const ChangeReport report =
        ChangeReport::compare(m_registry, m_result, Validator(&WellKnownPorts::system()));
    const RegistryDiff &diff = report.diff();
    QStringList lines;
    for (const RegistryChange &change : diff.changes()) {
        lines << diff.describe(change);
        // A new device or service says what it comes with.
        QVector<const Service *> added;
        if (change.kind == RegistryChange::Kind::Added &&
            change.element == RegistryChange::Element::Device) {
            for (const Service &service : m_result.devices[change.after.device].services)
                added << &service;
        }
        if (change.kind == RegistryChange::Kind::Added &&
            change.element == RegistryChange::Element::Service)
            added << &m_result.devices[change.after.device].services[change.after.service];
        for (const Service *each : std::as_const(added)) {
            const Service &service = *each;
            if (change.element == RegistryChange::Element::Device)
                lines << QStringLiteral("  service %1").arg(service.name);
            QStringList details{tr("category %1").arg(service.category)};
            if (!service.image.isEmpty())
                details << tr("image %1").arg(service.image);
            if (service.route)
                details << tr("route %1").arg(m_result.routeFqdn(*service.route));
            QStringList ports;
            for (const Binding &binding : service.ports)
                ports << (binding.bind.isEmpty() ? binding.hostLabel()
                                                 : binding.bind + u':' + binding.hostLabel());
            if (!ports.isEmpty())
                details << tr("bindings %1").arg(ports.join(QStringLiteral(", ")));
            lines << QStringLiteral("    ") + details.join(QStringLiteral("; "));
        }
    }
    for (const Finding &finding : report.introduced())
        lines << tr("new %1: %2 %3")
                     .arg(severityName(finding.severity), finding.subject(), finding.message);
    for (const QString &warning : std::as_const(warnings))
        lines << tr("warning: %1").arg(inTheDialogsWords(warning));
    m_preview->setPlainText(diff.isEmpty()
                                ? tr("Nothing to change: the device already matches the file.")
                                : lines.join(u'\n'));
    ok->setEnabled(!diff.isEmpty());
    ok->setDefault(!diff.isEmpty());
}

} // namespace portolan
