#include "controllers/Feedback.h"

#include <QStatusBar>

namespace portolan {

void Feedback::transient(const QString &message, int milliseconds)
{
    m_status->showMessage(message, milliseconds);
}

} // namespace portolan
