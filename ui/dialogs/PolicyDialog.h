#pragma once

#include "dialogs/ValidatedDialog.h"
#include "domain/Registry.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace portolan {

// The policy's names and numbers: domain, internal subdomain, range and block size. Blocks
// are edited in the table on the policy page.
class PolicyDialog : public ValidatedDialog
{
    Q_OBJECT

public:
    PolicyDialog(const Registry &registry, QWidget *parent = nullptr);

    Policy policy() const;

protected:
    Findings check() override;

private:
    const Registry &m_registry;
    QLineEdit *m_domain;
    QLineEdit *m_internal;
    QSpinBox *m_start;
    QSpinBox *m_end;
    QSpinBox *m_blockSize;
    QLabel *m_names;
    QComboBox *m_proxyDevice;
};

} // namespace portolan
