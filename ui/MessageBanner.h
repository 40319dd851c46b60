#pragma once

#include "Finding.h"

#include <QFrame>

class QLabel;

namespace portolan {

// An inline message across the top of the window (a failed save, a refused write, a file that
// would not open): seen without a modal box, closed with its button.
class MessageBanner : public QFrame
{
    Q_OBJECT

public:
    explicit MessageBanner(QWidget *parent = nullptr);

    void showMessage(Severity severity, const QString &text);
    QString text() const;

private:
    QLabel *m_icon;
    QLabel *m_text;
};

} // namespace portolan
