#include "dialogs/ValidatedDialog.h"

#include "widgets/SeverityStyle.h"
#include "widgets/TabOrder.h"

#include <QAbstractSpinBox>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFocusEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace portolan {

// A thin rounded frame around an input in its finding's colour. Painted rather than styled:
// a style sheet on a spin box or combo box replaces the native arrows, and a border that
// comes and goes would move the row.
class SeverityFrame : public QWidget
{
public:
    explicit SeverityFrame(QWidget *child)
    {
        auto *layout = new QHBoxLayout(this);
        layout->setContentsMargins(2, 2, 2, 2);
        layout->addWidget(child);
        // No focus proxy: Tab chooses a widget with a proxy by the proxy's policy, so a frame
        // left where it was created in the focus chain took the field's turn (Tab from Cancel
        // went past the first field).
    }
    void setColor(const QColor &color)
    {
        if (color != m_color) {
            m_color = color;
            update();
        }
    }

protected:
    void paintEvent(QPaintEvent *) override
    {
        if (!m_color.isValid())
            return;
        QPainter painter(this);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(QPen(m_color, 1.5));
        painter.drawRoundedRect(QRectF(rect()).adjusted(0.75, 0.75, -0.75, -0.75), 3, 3);
    }

private:
    QColor m_color;
};

ValidatedDialog::ValidatedDialog(QWidget *parent)
    : QDialog(parent)
    , m_form(new QFormLayout)
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel))
    , m_summary(new QLabel)
{
    m_form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_form->setLabelAlignment(Qt::AlignRight | Qt::AlignTop);
    m_form->setVerticalSpacing(2);
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setWordWrap(true);
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("okButton"));
    m_buttons->button(QDialogButtonBox::Ok)->setDefault(true);
    m_buttons->button(QDialogButtonBox::Cancel)->setAutoDefault(false);
    // Return and Esc answer for OK and Cancel; their mnemonics (&OK, &Cancel) would take Alt+O
    // and Alt+C from the fields ("&Container port:" went to Cancel, and the port typed next was
    // lost).
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("OK"));
    m_buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        for (const FieldWidgets &field : std::as_const(m_fields))
            m_touched.insert(field.key);
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
    setMinimumWidth(480);
}

QPushButton *ValidatedDialog::okButton() const
{
    return m_buttons->button(QDialogButtonBox::Ok);
}

QString ValidatedDialog::messageText(const QString &field) const
{
    const int index = m_fieldIndex.value(field, -1);
    return index < 0 ? QString() : m_fields[index].message->accessibleName();
}

void ValidatedDialog::addField(const QString &field, const QString &label, QWidget *input,
                               QWidget *trailing)
{
    auto *message = new QLabel;
    message->setObjectName(field + QStringLiteral("Message"));
    message->setVisible(false);
    message->setTextFormat(Qt::RichText);
    // Wrapped, and the dialog grows to show it whole (growToFit): a message is never cut.
    message->setWordWrap(true);
    message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    input->setObjectName(field + QStringLiteral("Field"));

    auto *frame = new SeverityFrame(input);
    auto *container = new QWidget;
    // The field's row takes the form's whole width, whatever the input's own width: a message
    // under a narrow drop-down wrapped to a word a line and was cut ("Category is requi…").
    container->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    auto *column = new QVBoxLayout(container);
    column->setContentsMargins(0, 0, 0, 2);
    column->setSpacing(0);
    if (trailing) {
        auto *row = new QHBoxLayout;
        row->addWidget(frame, 1);
        row->addWidget(trailing);
        column->addLayout(row);
    } else if (input->sizePolicy().horizontalPolicy() & QSizePolicy::ExpandFlag) {
        column->addWidget(frame);
    } else {
        auto *row = new QHBoxLayout; // a drop-down keeps its own width
        row->addWidget(frame);
        row->addStretch(1);
        column->addLayout(row);
    }
    column->addWidget(message);
    m_form->addRow(label, container);
    if (auto *buddy = qobject_cast<QLabel *>(m_form->labelForField(container)))
        buddy->setBuddy(input);

    QString plainLabel = label;
    plainLabel.remove(u'&');
    if (plainLabel.endsWith(u':'))
        plainLabel.chop(1);
    if (input->accessibleName().isEmpty())
        input->setAccessibleName(plainLabel);

    m_fieldIndex.insert(field, m_fields.size());
    m_fields.append({field, plainLabel, input, trailing, frame, message});
    // Only OK answers Return: a button that merely had focus (Next free, Cancel) must not
    // become the default and swallow what was typed.
    if (auto *button = qobject_cast<QPushButton *>(trailing))
        button->setAutoDefault(false);
    // Leaving a field makes its emptiness an error from then on.
    input->installEventFilter(this);
    m_fieldOfWidget.insert(input, field);
    const QList<QWidget *> parts = input->findChildren<QWidget *>();
    for (QWidget *part : parts) {
        part->installEventFilter(this);
        m_fieldOfWidget.insert(part, field);
    }
}

Finding ValidatedDialog::deletedMeanwhile(const QString &field, const QString &what)
{
    return inputError(field, tr("Someone else deleted this %1 while the dialog was open; your "
                                "values are still here to copy. Cancel closes the dialog.")
                                 .arg(what));
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

void ValidatedDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    if (m_shown)
        return;
    m_shown = true;
    // Tab visits every control in the order it is seen, row by row, left to right, the buttons
    // last, and wraps; typing starts in the first field, never on Cancel.
    orderTabsAsSeen(this);
    for (const FieldWidgets &field : std::as_const(m_fields)) {
        if (field.input->isEnabled() && field.input->focusPolicy() != Qt::NoFocus) {
            field.input->setFocus(Qt::OtherFocusReason);
            break;
        }
    }
    m_baseHeight = height();
    growToFit();
}

bool ValidatedDialog::eventFilter(QObject *watched, QEvent *event)
{
    // Return on a closed drop-down list means "done", as in a text field, not "open the list".
    if (event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        auto *combo = qobject_cast<QComboBox *>(watched);
        if (combo && !combo->isEditable() && key->modifiers() == Qt::NoModifier &&
            (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)) {
            if (okButton()->isEnabled())
                okButton()->click();
            return true;
        }
    }
    if (event->type() == QEvent::FocusOut) {
        const auto reason = static_cast<QFocusEvent *>(event)->reason();
        const QString field = m_fieldOfWidget.value(watched);
        // A combo box's own popup or the window losing focus is not leaving the field; nor is
        // focus moving inside it (to the list a drop-down opens, which window managers announce
        // with reasons of their own). Where focus went is known once the event is over.
        if (reason != Qt::PopupFocusReason && reason != Qt::ActiveWindowFocusReason &&
            !field.isEmpty() && !m_touched.contains(field)) {
            QTimer::singleShot(0, this, [this, field] {
                const int index = m_fieldIndex.value(field, -1);
                if (index < 0 || m_touched.contains(field) || !isActiveWindow() ||
                    QApplication::activePopupWidget())
                    return;
                for (QWidget *now = QApplication::focusWidget(); now; now = now->parentWidget()) {
                    if (now == m_fields[index].input)
                        return;
                }
                m_touched.insert(field);
                revalidate();
            });
        }
    }
    return QDialog::eventFilter(watched, event);
}

bool ValidatedDialog::isEmptyInput(const QWidget *input)
{
    if (const auto *edit = qobject_cast<const QLineEdit *>(input))
        return edit->text().trimmed().isEmpty();
    if (const auto *combo = qobject_cast<const QComboBox *>(input))
        return combo->currentIndex() < 0 ||
               (combo->isEditable() && combo->currentText().trimmed().isEmpty());
    return false;
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
        if (!m_fieldIndex.contains(field))
            field = m_fallbackField;
        byField[field].append(finding);
    }

    int errors = 0;
    int warnings = 0;
    QStringList missing; // empty required fields the user has not reached yet
    for (const FieldWidgets &field : std::as_const(m_fields)) {
        Findings here = byField.value(field.key);
        const bool empty = isEmptyInput(field.input);
        bool hasError = false;
        for (const Finding &finding : std::as_const(here))
            hasError |= finding.severity == Severity::Error;
        if (empty && hasError && !m_touched.contains(field.key)) {
            // Not an error yet: the user has not had the chance to fill it in.
            missing << field.label;
            ++errors;
            here.clear();
        }
        if (here.isEmpty()) {
            field.message->clear();
            field.message->setAccessibleName(QString());
            field.message->setVisible(false);
            field.frame->setColor(QColor());
            field.input->setProperty("severity", QVariant());
            continue;
        }
        // Errors first, then warnings, then notes; each line in its own colour.
        std::stable_sort(here.begin(), here.end(), [](const Finding &a, const Finding &b) {
            return int(a.severity) < int(b.severity);
        });
        Severity worst = here.first().severity;
        QStringList plain;
        QStringList html;
        for (const Finding &finding : std::as_const(here)) {
            errors += finding.severity == Severity::Error;
            warnings += finding.severity == Severity::Warning;
            // An empty field's problem is that it is empty, whatever the core's wording.
            const QString text = empty && finding.severity == Severity::Error &&
                                         finding.code != QLatin1String("input")
                                     ? tr("%1 is required.").arg(field.label)
                                     : finding.message;
            if (plain.contains(text))
                continue;
            plain << text;
            html << QStringLiteral("<span style=\"color:%1\">%2</span>")
                        .arg(SeverityStyle::color(finding.severity, palette()).name(),
                             text.toHtmlEscaped());
        }
        field.message->setText(html.join(QStringLiteral("<br>")));
        field.message->setAccessibleName(plain.join(u'\n'));
        field.message->setVisible(true);
        field.input->setProperty("severity", severityName(worst));
        // Notes hint; only warnings and errors frame the input itself.
        field.frame->setColor(worst == Severity::Info ? QColor()
                                                      : SeverityStyle::color(worst, palette()));
    }

    m_acceptable = errors == 0;
    okButton()->setEnabled(m_acceptable);
    const int shownErrors = errors - int(missing.size());
    if (shownErrors > 0) {
        m_summary->setText(tr("Fix %n error(s) to continue.", nullptr, shownErrors));
        m_summary->setStyleSheet(QStringLiteral("color: %1;")
                                     .arg(SeverityStyle::color(Severity::Error, palette()).name()));
    } else if (!missing.isEmpty()) {
        const QString last = missing.takeLast();
        const QString names = missing.isEmpty()
                                  ? last
                                  : tr("%1 and %2").arg(missing.join(QStringLiteral(", ")), last);
        m_summary->setText(tr("Fill in %1 to continue.").arg(names));
        m_summary->setStyleSheet(QString());
    } else if (warnings > 0) {
        m_summary->setText(tr("%n warning(s): allowed, but worth a look.", nullptr, warnings));
        m_summary->setStyleSheet(
            QStringLiteral("color: %1;")
                .arg(SeverityStyle::color(Severity::Warning, palette()).name()));
    } else {
        m_summary->clear();
    }
    m_summary->setAccessibleName(m_summary->text());
    growToFit();
}

void ValidatedDialog::growToFit()
{
    if (!isVisible())
        return;
    layout()->activate();
    // Grows to show every message whole, and gives the room back when they go (never below
    // the height it opened with).
    const int needed = hasHeightForWidth() ? heightForWidth(width()) : sizeHint().height();
    const int target = std::max(needed, m_baseHeight);
    if (target != height())
        resize(width(), target);
}

} // namespace portolan
