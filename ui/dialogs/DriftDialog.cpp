#include "dialogs/DriftDialog.h"

#include "widgets/SeverityStyle.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace portolan {

DriftDialog::DriftDialog(const Registry &registry, int deviceIndex,
                         const QVector<DriftEntry> &entries, const QString &source, QWidget *parent)
    : QDialog(parent)
    , m_entries(entries)
    , m_table(new QTableWidget(entries.size(), 5))
{
    const QString device = registry.devices[deviceIndex].name;
    setWindowTitle(tr("Plan and Reality: %1").arg(device));
    m_table->setObjectName(QStringLiteral("driftTable"));
    m_table->setHorizontalHeaderLabels(
        {tr("Status"), tr("Port"), tr("Service"), tr("Planned on"), tr("Listening on")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    for (int row = 0; row < entries.size(); ++row) {
        const DriftEntry &entry = entries[row];
        auto *status = new QTableWidgetItem(driftStatusName(entry.status));
        if (entry.status == DriftEntry::Status::Listening) {
            status->setIcon(SeverityStyle::okIcon());
        } else {
            status->setIcon(SeverityStyle::icon(Severity::Warning));
            status->setForeground(SeverityStyle::color(Severity::Warning, palette()));
        }
        m_table->setItem(row, 0, status);
        m_table->setItem(row, 1,
                         new QTableWidgetItem(entry.ports.toString() + u'/' + entry.protocol));
        m_table->setItem(
            row, 2,
            new QTableWidgetItem(entry.serviceName.isEmpty()
                                     ? (entry.wellKnownName.isEmpty()
                                            ? tr("(unplanned)")
                                            : tr("(unplanned: %1)").arg(entry.wellKnownName))
                                     : entry.serviceName));
        m_table->setItem(row, 3, new QTableWidgetItem(entry.planned));
        m_table->setItem(row, 4, new QTableWidgetItem(entry.actual));
    }
    m_table->resizeColumnsToContents();

    auto *add = new QPushButton(tr("Add Unplanned Port…"));
    add->setObjectName(QStringLiteral("addUnplannedButton"));
    add->setEnabled(false);
    connect(m_table, &QTableWidget::currentCellChanged, this, [this, add](int row) {
        add->setEnabled(row >= 0 && m_entries[row].status == DriftEntry::Status::Unplanned);
    });
    connect(add, &QPushButton::clicked, this, [this] {
        const int row = m_table->currentRow();
        if (row >= 0 && m_entries[row].status == DriftEntry::Status::Unplanned)
            emit addUnplanned(m_entries[row]);
    });
    int unplanned = 0;
    for (const DriftEntry &entry : entries)
        unplanned += entry.status == DriftEntry::Status::Unplanned ? 1 : 0;
    auto *adopt = new QPushButton(tr("Adopt All %n Unplanned…", nullptr, unplanned));
    adopt->setObjectName(QStringLiteral("adoptUnplannedButton"));
    adopt->setToolTip(tr("Plan every unplanned listening port as a binding of one service, in "
                         "one undo step"));
    adopt->setEnabled(unplanned > 0);
    connect(adopt, &QPushButton::clicked, this, [this] {
        QVector<DriftEntry> chosen;
        for (const DriftEntry &entry : std::as_const(m_entries)) {
            if (entry.status == DriftEntry::Status::Unplanned)
                chosen.append(entry);
        }
        emit adoptUnplanned(chosen);
    });
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    buttons->addButton(add, QDialogButtonBox::ActionRole);
    buttons->addButton(adopt, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    const int drift = DriftCheck::driftCount(entries);
    auto *summary = new QLabel(
        drift == 0 ? tr("%1 agrees with its plan (%2).").arg(device, source)
                   : tr("%n difference(s) between the plan of %1 and %2.", nullptr, drift)
                         .arg(device, source));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(summary);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);
    resize(760, 480);
}

} // namespace portolan
