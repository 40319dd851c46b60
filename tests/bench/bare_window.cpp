// Reference: a bare QMainWindow program from launch to its first frame. tests/bench/run passes
// the launch time in PORTOLAN_LAUNCHED_NS (ns since the epoch); the program prints
// "first-paint-ms N" once the window's first frame is painted, then quits. The app does the same
// under PORTOLAN_QUIT_AFTER_FIRST_PAINT, with the same probe, so both are timed alike.
//
// With the argument "text" the window also shows a menu and one line of text: the difference to
// the bare window is what any window with text pays first (the font database, shaping).
#include "window/FirstPaintProbe.h"

#include <QApplication>
#include <QLabel>
#include <QMainWindow>
#include <QMenuBar>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QMainWindow window;
    if (argc > 1 && qstrcmp(argv[1], "text") == 0) {
        window.menuBar()->addMenu(QStringLiteral("&File"));
        window.setCentralWidget(new QLabel(QStringLiteral("Devices")));
    }
    window.resize(1360, 820);
    window.winId(); // the native window, for the probe to watch before it is shown
    portolan::FirstPaintProbe::install(window.windowHandle());
    window.show();
    return app.exec();
}
