#include "ValidatedDialog.h"

#include "widgets/SeverityStyle.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace portolan {

ValidatedDialog::ValidatedDialog(QWidget *parent)
    : QDialog(parent)
    , m_form(new QFormLayout)
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel))
    , m_summary(new QLabel)
{
    m_form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_form->setLabelAlignment(Qt::AlignRight | Qt::AlignTop);
    m_form->setVerticalSpacing(4);
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setWordWrap(true);
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("okButton"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        revalidate();
        if (m_acceptable)
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    layout->addSpacing(6);
    layout->addWidget(m_summary);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    setMinimumWidth(460);
}

QPushButton *ValidatedDialog::okButton() const
{
    return m_buttons->button(QDialogButtonBox::Ok);
}

void ValidatedDialog::addField(const QString &field, const QString &label, QWidget *input,
                               QWidget *trailing)
{
    auto *message = new QLabel;
    message->setObjectName(field + QStringLiteral("Message"));
    // No word wrap: a wrapped label in a form row gets a height the form does not grant, and
    // a message cut in half is worse than a wider dialog.
    message->setVisible(false);
    message->setTextFormat(Qt::PlainText);
    input->setObjectName(field + QStringLiteral("Field"));

    auto *container = new QWidget;
    auto *column = new QVBoxLayout(container);
    column->setContentsMargins(0, 0, 0, 2);
    column->setSpacing(2);
    if (trailing) {
        auto *row = new QHBoxLayout;
        row->addWidget(input, 1);
        row->addWidget(trailing);
        column->addLayout(row);
    } else {
        column->addWidget(input);
    }
    column->addWidget(message);
    m_form->addRow(label, container);
    m_fields.insert(field, {input, message});
}

Finding ValidatedDialog::inputError(const QString &field, const QString &message)
{
    Finding finding;
    finding.severity = Severity::Error;
    finding.code = QStringLiteral("input");
    finding.field = field;
    finding.message = message;
    return finding;
}

void ValidatedDialog::revalidate()
{
    showFindings(check());
}

void ValidatedDialog::showFindings(const Findings &findings)
{
    QHash<QString, Findings> byField;
    for (const Finding &finding : findings) {
        QString field = finding.field;
        if (!m_fields.contains(field))
            field = m_fallbackField;
        byField[field].append(finding);
    }

    int errors = 0;
    int warnings = 0;
    for (auto it = m_fields.begin(); it != m_fields.end(); ++it) {
        const Findings here = byField.value(it.key());
        QLabel *message = it->message;
        if (here.isEmpty()) {
            message->clear();
            message->setVisible(false);
            it->input->setStyleSheet(QString());
            it->input->setProperty("severity", QVariant());
            continue;
        }
        Severity worst = Severity::Info;
        QStringList lines;
        for (const Finding &finding : here) {
            if (int(finding.severity) < int(worst))
                worst = finding.severity;
            lines << finding.message;
            errors += finding.severity == Severity::Error;
            warnings += finding.severity == Severity::Warning;
        }
        const QColor color = SeverityStyle::color(worst, palette());
        message->setText(lines.join(u'\n'));
        message->setStyleSheet(QStringLiteral("color: %1;").arg(color.name()));
        message->setVisible(true);
        it->input->setProperty("severity", severityName(worst));
        // Infos hint; only warnings and errors mark the input itself.
        // The selector keeps the border on inputs: a container's labels stay plain.
        if (worst != Severity::Info)
            it->input->setStyleSheet(
                QStringLiteral("QLineEdit, QComboBox, QAbstractSpinBox { border: 1px "
                               "solid %1; border-radius: 3px; padding: 2px; }")
                    .arg(color.name()));
        else
            it->input->setStyleSheet(QString());
    }

    m_acceptable = errors == 0;
    okButton()->setEnabled(m_acceptable);
    if (errors > 0) {
        m_summary->setText(tr("Fix %n error(s) to continue.", nullptr, errors));
        m_summary->setStyleSheet(QStringLiteral("color: %1;")
                                     .arg(SeverityStyle::color(Severity::Error, palette()).name()));
    } else if (warnings > 0) {
        m_summary->setText(tr("%n warning(s): allowed, but worth a look.", nullptr, warnings));
        m_summary->setStyleSheet(
            QStringLiteral("color: %1;")
                .arg(SeverityStyle::color(Severity::Warning, palette()).name()));
    } else {
        m_summary->clear();
    }
}

} // namespace portolan
