// Reference: a bare QMainWindow program from start to its first paint.
#include <QApplication>
#include <QMainWindow>
#include <QTimer>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QMainWindow window;
    window.resize(1360, 820);
    window.show();
    // Quit once the event loop has painted the exposed window.
    QTimer::singleShot(0, &app, [&app] { QTimer::singleShot(0, &app, &QApplication::quit); });
    return app.exec();
}
