#pragma once

#include <QCoreApplication>
#include <QEvent>
#include <QWindow>

#include <chrono>
#include <cstdio>

namespace portolan {

// For tests/bench/run: prints "first-paint-ms N", the time from the launch (PORTOLAN_LAUNCHED_NS,
// nanoseconds since the epoch) to the end of the window's first expose, when its first frame has
// been painted and flushed, then quits. The app and the bench's reference window both use this
// probe, so both are timed at the same moment; work that follows the frame (the app starts
// reading its registry then) is not counted as painting it.
class FirstPaintProbe : public QObject
{
public:
    // Before show(): the first expose may arrive while the window is being shown.
    static void install(QWindow *window)
    {
        window->installEventFilter(new FirstPaintProbe(window));
    }

protected:
    using QObject::QObject;

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() != QEvent::Expose || !static_cast<QWindow *>(watched)->isExposed())
            return false;
        watched->removeEventFilter(this);
        QCoreApplication::sendEvent(watched, event); // paints and flushes the first frame
        const qint64 launched = qEnvironmentVariable("PORTOLAN_LAUNCHED_NS").toLongLong();
        const qint64 now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
        if (launched > 0)
            std::printf("first-paint-ms %.1f\n", double(now - launched) / 1e6);
        std::fflush(stdout);
        QMetaObject::invokeMethod(QCoreApplication::instance(), &QCoreApplication::quit,
                                  Qt::QueuedConnection);
        return true;
    }
};

} // namespace portolan
