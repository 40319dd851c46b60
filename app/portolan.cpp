#include "domain/HugePageHeap.h"
#include "domain/TranslationLoader.h"
#include "widgets/ThemePalette.h"
#include "window/FirstPaintProbe.h"
#include "window/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>

#include <chrono>
#include <cstdio>
#include <thread>

#include <fontconfig/fontconfig.h>

namespace {

// First start: a writable copy of the bundled example, so the first edit can be saved.
QString exampleCopy()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(folder);
    const QString path = QDir(folder).filePath(QStringLiteral("example-homelab.yaml"));
    if (!QFile::exists(path)) {
        QFile::copy(QStringLiteral(":/examples/example-homelab.yaml"), path);
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    }
    return path;
}

void reportSinceLaunch(const char *what)
{
    const qint64 launched = qEnvironmentVariable("PORTOLAN_LAUNCHED_NS").toLongLong();
    const qint64 now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
    if (launched > 0)
        std::printf("%s %.1f\n", what, double(now - launched) / 1e6);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    // The registry's reader, the icons' renderer and fontconfig's warm-up may allocate at once
    // (Qt's own threads start before these heaps are ready, and get heaps of their own).
    portolan::HugePageHeap::prefer(4);
    QApplication app(argc, argv);
    // Fontconfig reads its configuration and caches the first time any text is measured, a
    // few milliseconds the GUI thread would otherwise spend in the middle of building the
    // window. Read on the second core meanwhile, it is ready when Qt asks (fontconfig is
    // thread-safe; if Qt asks first, it waits for or repeats the same reading). Started once
    // QApplication is made: its constructor sets the locale and the environment, which no
    // other thread may read meanwhile.
    std::thread fontconfigWarmUp([] { FcInit(); });
    // With the server of a shared database away, Qt's driver warns on stderr of every statement
    // on the closed connection (hundreds a minute); the banner says it once, in words.
    static const QtMessageHandler previous = qInstallMessageHandler(nullptr);
    qInstallMessageHandler(
        [](QtMsgType type, const QMessageLogContext &where, const QString &text) {
            if (text.startsWith(QLatin1String("QPSQLDriver::")) ||
                text.startsWith(QLatin1String("QSqlQuery::exec: database not open")) ||
                text.startsWith(QLatin1String("This version of PostgreSQL is not supported")))
                return;
            previous(type, where, text);
        });
    QApplication::setApplicationName(QStringLiteral("Portolan"));
    QApplication::setOrganizationName(QStringLiteral("Portolan"));
    QApplication::setApplicationVersion(QStringLiteral(PORTOLAN_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("org.portolan.Portolan"));
    portolan::TranslationLoader::install();
    // The app's style wraps the desktop's own look too (see AppStyle).
    if (const auto theme = portolan::ThemePalette::fromSettings();
        theme == portolan::ThemePalette::Theme::System)
        portolan::ThemePalette::installAppStyle();
    else
        portolan::ThemePalette::apply(theme);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Port allocation planner for homelabs."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("A registry: .yaml or .portolan."),
                                 QStringLiteral("[FILE]"));
    const QCommandLineOption db(QStringLiteral("db"), QStringLiteral("Open a PostgreSQL registry."),
                                QStringLiteral("postgresql://user@host:port/dbname"));
    parser.addOption(db);
    parser.process(app);

    portolan::MainWindow window;
    if (qEnvironmentVariableIsSet("PORTOLAN_QUIT_AFTER_FIRST_PAINT")) {
        window.winId(); // the native window, for the probe to watch before it is shown
        portolan::FirstPaintProbe::install(window.windowHandle());
    }
    window.show();
    // A FILE named on the command line is opened as it is: one that does not exist is not
    // swapped for another, the window says so and offers to create it. Without one, what
    // Preferences says: the last registry (the example when there is none), the example, or
    // nothing.
    QString location;
    if (parser.isSet(db)) {
        location = parser.value(db);
    } else if (!parser.positionalArguments().isEmpty()) {
        location = parser.positionalArguments().first();
    } else {
        const QString atStart =
            QSettings().value(QStringLiteral("startup/open"), QStringLiteral("last")).toString();
        if (atStart == QLatin1String("last"))
            location = QSettings().value(QStringLiteral("lastFile")).toString();
        if (atStart != QLatin1String("nothing") &&
            (location.isEmpty() ||
             (!location.contains(QStringLiteral("://")) && !QFile::exists(location))))
            location = exampleCopy();
    }
    // For tests/bench/run, which passes the launch time in PORTOLAN_LAUNCHED_NS:
    // PORTOLAN_QUIT_AFTER_FIRST_PAINT prints the time to the window's first frame (see
    // FirstPaintProbe, set up above), PORTOLAN_QUIT_AFTER_OPEN the time to the registry shown;
    // then the app quits.
    if (qEnvironmentVariableIsSet("PORTOLAN_QUIT_AFTER_OPEN"))
        QObject::connect(&window, &portolan::MainWindow::openFinished, &app, [&app] {
            QTimer::singleShot(0, &app, [&app] {
                reportSinceLaunch("registry-shown-ms");
                app.quit();
            });
        });
    if (!location.isEmpty())
        window.openAfterFirstPaint(location);
    const int status = app.exec();
    fontconfigWarmUp.join();
    return status;
}
