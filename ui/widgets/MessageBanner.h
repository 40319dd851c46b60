#pragma once

#include "domain/Finding.h"

#include <QFrame>

#include <functional>

class QHBoxLayout;
class QLabel;

namespace portolan {

// An inline message across the top of the window (a failed save, a refused write, a file that
// would not open): seen without a modal box, closed with its button.
class MessageBanner : public QFrame
{
    Q_OBJECT

public:
    explicit MessageBanner(QWidget *parent = nullptr);

    // Buttons offered with the message, each closing it when pressed; objectName is for tests
    // and the accessibility tree.
    struct Action
    {
        QString text;
        QString objectName;
        std::function<void()> run;
    };

    void showMessage(Severity severity, const QString &text, const QList<Action> &actions = {});
    QString text() const;
    Severity severity() const { return m_severity; }
    // Puts the keyboard on the first offered action (a question the user is expected to answer).
    void focusFirstAction();

private:
    Severity m_severity = Severity::Info;
    QLabel *m_icon;
    QLabel *m_text;
    QHBoxLayout *m_actions;
};

} // namespace portolan
