#pragma once

#include "domain/Finding.h"

#include <QDialog>
#include <QHash>
#include <QSet>

class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QPushButton;

namespace portolan {

class SeverityFrame;

// Base of the editing dialogs: each input has a message line under it. On every change the
// dialog asks the validation core about its candidate value; findings land under the input
// they concern, the input is framed in the finding's colour, and OK stays disabled while any
// error remains. Warnings and notes are shown but do not block. No modal boxes.
//
// A dialog starts neutral: focus on the first field, and a required field that is still empty
// is not an error until the user has left it (or the dialog is asked to show everything); OK
// stays disabled meanwhile with a plain hint of what is missing.
class ValidatedDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ValidatedDialog(QWidget *parent = nullptr);

    QPushButton *okButton() const;
    // True when the last check found no error.
    // The message under a field as plain text (what a screen reader hears).
    QString messageText(const QString &field) const;

protected:
    // Adds "label: input" with a message line below; `field` is the Finding::field it shows.
    void addField(const QString &field, const QString &label, QWidget *input,
                  QWidget *trailing = nullptr);
    QFormLayout *form() const { return m_form; }
    // Call from every input's change signal.
    void revalidate();
    // The candidate's findings, plus errors the dialog finds itself (text that is no port).
    virtual Findings check() = 0;
    // Where a finding goes when its field has no input of its own.
    void setFallbackField(const QString &field) { m_fallbackField = field; }
    static Finding inputError(const QString &field, const QString &message);
    // The element the dialog edits was deleted by another client while it was open: said at
    // `field`, OK off, the typed values left to copy. `what`: "binding", "service", "device".
    static Finding deletedMeanwhile(const QString &field, const QString &what);

    void showEvent(QShowEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct FieldWidgets
    {
        QString key;
        QString label; // without the mnemonic and colon: "Host port"
        QWidget *input;
        QWidget *trailing; // a button beside the input ("Next free"), or null
        SeverityFrame *frame;
        QLabel *message;
    };
    void showFindings(const Findings &findings);
    void growToFit();
    static bool isEmptyInput(const QWidget *input);

    QFormLayout *m_form;
    QDialogButtonBox *m_buttons;
    QLabel *m_summary;
    QList<FieldWidgets> m_fields; // in form order
    QHash<QString, int> m_fieldIndex;
    QHash<QObject *, QString> m_fieldOfWidget;
    QSet<QString> m_touched;
    QString m_fallbackField;
    bool m_acceptable = false;
    bool m_shown = false;
    int m_baseHeight = 0;
};

} // namespace portolan
