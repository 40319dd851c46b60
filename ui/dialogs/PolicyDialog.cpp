#include "PolicyDialog.h"

#include "check/CandidateCheck.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

namespace portolan {

PolicyDialog::PolicyDialog(const Registry &registry, QWidget *parent)
    : ValidatedDialog(parent)
    , m_registry(registry)
    , m_domain(new QLineEdit(registry.policy.domain))
    , m_internal(new QLineEdit(registry.policy.internalSubdomain))
    , m_start(new QSpinBox)
    , m_end(new QSpinBox)
    , m_blockSize(new QSpinBox)
    , m_names(new QLabel)
{
    setWindowTitle(tr("Edit Policy"));
    for (QSpinBox *spin : {m_start, m_end, m_blockSize}) {
        spin->setRange(1, 65535);
        spin->setGroupSeparatorShown(false);
        spin->setAlignment(Qt::AlignRight);
    }
    m_start->setValue(registry.policy.range.first);
    m_end->setValue(registry.policy.range.last);
    m_blockSize->setValue(registry.policy.effectiveBlockSize());
    m_names->setObjectName(QStringLiteral("namesPreview"));

    auto *range = new QWidget;
    auto *rangeLayout = new QHBoxLayout(range);
    rangeLayout->setContentsMargins(0, 0, 0, 0);
    rangeLayout->addWidget(m_start);
    rangeLayout->addWidget(new QLabel(QStringLiteral("–")));
    rangeLayout->addWidget(m_end);
    m_start->setObjectName(QStringLiteral("rangeStart"));
    m_end->setObjectName(QStringLiteral("rangeEnd"));

    addField(QStringLiteral("domain"), tr("&Domain:"), m_domain);
    addField(QStringLiteral("internal_subdomain"), tr("&Internal subdomain:"), m_internal);
    addField(QStringLiteral("range"), tr("Published &range:"), range);
    addField(QStringLiteral("block_size"), tr("&Block size:"), m_blockSize);
    form()->addRow(QString(), m_names);
    setFallbackField(QStringLiteral("range"));

    connect(m_domain, &QLineEdit::textChanged, this, &PolicyDialog::revalidate);
    connect(m_internal, &QLineEdit::textChanged, this, &PolicyDialog::revalidate);
    for (QSpinBox *spin : {m_start, m_end, m_blockSize})
        connect(spin, &QSpinBox::valueChanged, this, &PolicyDialog::revalidate);
    revalidate();
}

Policy PolicyDialog::policy() const
{
    Policy policy = m_registry.policy;
    policy.domain = m_domain->text().trimmed();
    policy.internalSubdomain = m_internal->text().trimmed();
    policy.range = PortRange::span(m_start->value(), m_end->value());
    // An absent block_size stays absent while it is the default.
    if (m_registry.policy.blockSize || m_blockSize->value() != DefaultBlockSize)
        policy.blockSize = m_blockSize->value();
    return policy;
}

Findings PolicyDialog::check()
{
    const Policy candidate = policy();
    m_names->setText(tr("External names: HOST.%1\nInternal names: HOST.%2")
                         .arg(candidate.domain, candidate.internalDomain()));
    return CandidateCheck::forPolicy(m_registry, candidate);
}

} // namespace portolan
