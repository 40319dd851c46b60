#include "widgets/MessageBanner.h"

#include "widgets/SeverityStyle.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>

namespace portolan {

MessageBanner::MessageBanner(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel)
    , m_text(new QLabel)
{
    setObjectName(QStringLiteral("messageBanner"));
    m_text->setObjectName(QStringLiteral("messageText"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *close = new QToolButton;
    close->setText(QStringLiteral("✕"));
    close->setAutoRaise(true);
    close->setToolTip(tr("Dismiss"));
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    m_actions = new QHBoxLayout;
    layout->addLayout(m_actions);
    layout->addWidget(close, 0, Qt::AlignTop);
    hide();
}

void MessageBanner::showMessage(Severity severity, const QString &text,
                                const QList<Action> &actions)
{
    m_severity = severity;
    while (QLayoutItem *item = m_actions->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (const Action &action : actions) {
        auto *button = new QPushButton(action.text);
        button->setObjectName(action.objectName);
        button->setAutoDefault(false);
        const std::function<void()> run = action.run;
        connect(button, &QPushButton::clicked, this, [this, run] {
            hide();
            run();
        });
        m_actions->addWidget(button, 0, Qt::AlignTop);
    }
    const QColor border = SeverityStyle::color(severity, palette());
    const QColor fill = SeverityStyle::background(severity, palette());
    setStyleSheet(
        QStringLiteral("#messageBanner { background: rgba(%1, %2, %3, %4); border: 1px solid %5; "
                       "border-radius: 4px; }")
            .arg(fill.red())
            .arg(fill.green())
            .arg(fill.blue())
            .arg(fill.alpha())
            .arg(border.name()));
    m_icon->setPixmap(SeverityStyle::icon(severity).pixmap(16, 16));
    m_text->setText(text);
    show();
}

QString MessageBanner::text() const
{
    return isVisible() ? m_text->text() : QString();
}

void MessageBanner::focusFirstAction()
{
    if (QLayoutItem *first = m_actions->itemAt(0); first && first->widget())
        first->widget()->setFocus(Qt::OtherFocusReason);
}

} // namespace portolan
