#pragma once

#include "widgets/MessageBanner.h"

class QStatusBar;

namespace portolan {

// How the controllers speak to the user: inline across the top of the window (the banner,
// never a modal box for something that can wait) or in passing (the status bar).
class Feedback
{
public:
    Feedback(MessageBanner *banner, QStatusBar *status)
        : m_banner(banner)
        , m_status(status)
    {}

    void error(const QString &message) { m_banner->showMessage(Severity::Error, message); }
    void info(const QString &message) { m_banner->showMessage(Severity::Info, message); }
    void ask(Severity severity, const QString &message, const QList<MessageBanner::Action> &actions)
    {
        m_banner->showMessage(severity, message, actions);
    }
    void clear() { m_banner->hide(); }
    // A note or an offer ("Deleted …: Undo") is about the state it was made in: the next edit
    // or undo takes it away. Errors and warnings stay until dealt with.
    void clearInfo()
    {
        if (m_banner->isVisible() && m_banner->severity() == Severity::Info)
            m_banner->hide();
    }
    void focusFirstAction() { m_banner->focusFirstAction(); }
    QString bannerText() const { return m_banner->text(); }
    void transient(const QString &message, int milliseconds = 4000);

private:
    MessageBanner *m_banner;
    QStatusBar *m_status;
};

} // namespace portolan
