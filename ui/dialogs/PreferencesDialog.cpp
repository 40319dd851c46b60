#include "dialogs/PreferencesDialog.h"

#include "widgets/ThemePalette.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace portolan {

PreferencesDialog::PreferencesDialog(QWidget *parent)
    : QDialog(parent)
    , m_atStart(new QComboBox)
    , m_exportFolder(new QLineEdit)
    , m_theme(new QComboBox)
    , m_confirmDelete(new QCheckBox(tr("Ask before &deleting (Delete can always be undone)")))
{
    setWindowTitle(tr("Preferences"));
    const QSettings settings;

    m_atStart->setObjectName(QStringLiteral("atStartField"));
    m_atStart->addItem(tr("The last registry"), QStringLiteral("last"));
    m_atStart->addItem(tr("The example registry"), QStringLiteral("example"));
    m_atStart->addItem(tr("Nothing (an empty window)"), QStringLiteral("nothing"));
    m_atStart->setCurrentIndex(std::max(
        0, m_atStart->findData(
               settings.value(QStringLiteral("startup/open"), QStringLiteral("last")).toString())));

    m_exportFolder->setObjectName(QStringLiteral("exportFolderField"));
    m_exportFolder->setPlaceholderText(tr("the registry's own folder"));
    m_exportFolder->setClearButtonEnabled(true);
    m_exportFolder->setText(settings.value(QStringLiteral("export/folder")).toString());
    auto *browse = new QPushButton(tr("&Browse…"));
    browse->setObjectName(QStringLiteral("browseExportFolderButton"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Default Export Folder"),
                                                                 m_exportFolder->text());
        if (!folder.isEmpty())
            m_exportFolder->setText(folder);
    });
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(m_exportFolder, 1);
    folderRow->addWidget(browse);

    m_theme->setObjectName(QStringLiteral("themeField"));
    m_theme->addItem(tr("System"), ThemePalette::key(ThemePalette::Theme::System));
    m_theme->addItem(tr("Light"), ThemePalette::key(ThemePalette::Theme::Light));
    m_theme->addItem(tr("Dark"), ThemePalette::key(ThemePalette::Theme::Dark));
    m_theme->setCurrentIndex(
        std::max(0, m_theme->findData(ThemePalette::key(ThemePalette::fromSettings()))));

    m_confirmDelete->setObjectName(QStringLiteral("confirmDeleteCheck"));
    m_confirmDelete->setChecked(
        settings.value(QStringLiteral("editing/confirmDelete"), false).toBool());

    auto *form = new QFormLayout;
    form->addRow(tr("At &start, open:"), m_atStart);
    form->addRow(tr("E&xport to:"), folderRow);
    form->addRow(tr("&Theme:"), m_theme);
    form->addRow(QString(), m_confirmDelete);
    if (auto *label = qobject_cast<QLabel *>(form->labelForField(folderRow)))
        label->setBuddy(m_exportFolder);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("okButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        apply();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addStretch(1);
    layout->addWidget(buttons);
    setMinimumWidth(520);
    m_atStart->setFocus();
}

void PreferencesDialog::apply()
{
    QSettings settings;
    settings.setValue(QStringLiteral("startup/open"), m_atStart->currentData());
    settings.setValue(QStringLiteral("export/folder"), m_exportFolder->text().trimmed());
    settings.setValue(QStringLiteral("editing/confirmDelete"), m_confirmDelete->isChecked());
    const auto theme = ThemePalette::fromKey(m_theme->currentData().toString());
    ThemePalette::save(theme);
    ThemePalette::apply(theme);
}

} // namespace portolan
