#pragma once

#include "domain/Finding.h"

#include <QDialog>
#include <QHash>

class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QPushButton;

namespace portolan {

// Base of the editing dialogs: each input has a message line under it. On every change the
// dialog asks the validation core about its candidate value; findings land under the input
// they concern, the input is marked, and OK stays disabled while any error remains. Warnings
// and notes are shown but do not block. No modal boxes.
class ValidatedDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ValidatedDialog(QWidget *parent = nullptr);

    QPushButton *okButton() const;
    // True when the last check found no error.
    bool isAcceptable() const { return m_acceptable; }

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

private:
    struct FieldWidgets
    {
        QWidget *input;
        QLabel *message;
    };
    void showFindings(const Findings &findings);

    QFormLayout *m_form;
    QDialogButtonBox *m_buttons;
    QLabel *m_summary;
    QHash<QString, FieldWidgets> m_fields;
    QString m_fallbackField;
    bool m_acceptable = false;
};

} // namespace portolan
