// Reference: a bare QMainWindow program from launch to its first paint. tests/bench/run passes
// the launch time in PORTOLAN_LAUNCHED_NS (ns since the epoch); the program prints
// "first-paint-ms N" once the event loop has painted the window, then quits. The app does the
// same under PORTOLAN_QUIT_AFTER_FIRST_PAINT, so both are timed alike.
//
// With the argument "text" the window also shows a menu and one line of text: the difference to
// the bare window is what any window with text pays first (the font database, shaping).
#include <QApplication>
#include <QLabel>
#include <QMainWindow>
#include <QMenuBar>
#include <QTimer>

#include <chrono>
#include <cstdio>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QMainWindow window;
    if (argc > 1 && qstrcmp(argv[1], "text") == 0) {
        window.menuBar()->addMenu(QStringLiteral("&File"));
        window.setCentralWidget(new QLabel(QStringLiteral("Devices")));
    }
    window.resize(1360, 820);
    window.show();
    QTimer::singleShot(0, &app, [&app] {
        QTimer::singleShot(0, &app, [&app] {
            const qint64 launched = qEnvironmentVariable("PORTOLAN_LAUNCHED_NS").toLongLong();
            const qint64 now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count();
            if (launched > 0)
                std::printf("first-paint-ms %.1f\n", double(now - launched) / 1e6);
            std::fflush(stdout);
            app.quit();
        });
    });
    return app.exec();
}
