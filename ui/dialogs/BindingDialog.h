#pragma once

#include "dialogs/ValidatedDialog.h"
#include "domain/Registry.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace portolan {

// Adds or edits one host binding of a service. "Next free" fills the lowest free port in the
// block of the service's category; the line under the host port says which block a typed port
// falls into and what the services files call it.
class BindingDialog : public ValidatedDialog
{
    Q_OBJECT

public:
    // bindingIndex -1: a new binding, starting from `initial`.
    BindingDialog(const Registry &registry, int deviceIndex, int serviceIndex, int bindingIndex,
                  const Binding &initial, QWidget *parent = nullptr);

    // The binding as typed; valid once the dialog was accepted.
    Binding binding() const;

public slots:
    void fillNextFree();

protected:
    Findings check() override;

private:
    void updateBlockHint();

    const Registry &m_registry;
    int m_deviceIndex;
    int m_serviceIndex;
    int m_bindingIndex;
    // Ids of what is edited: the indices are found again from them before every check.
    qint64 m_deviceId = 0;
    qint64 m_serviceId = 0;
    qint64 m_bindingId = 0;
    Binding m_initial;
    QLineEdit *m_host;
    QLineEdit *m_container;
    QComboBox *m_protocol;
    QLineEdit *m_bind;
    QComboBox *m_exception;
    QLineEdit *m_notes;
    QPushButton *m_nextFree;
    QLabel *m_blockHint;
    QString m_nextFreeProblem;
};

} // namespace portolan
