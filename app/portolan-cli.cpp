#include "cli/CommandLineTool.h"

#include <QCoreApplication>
#include <QGuiApplication>

#include <cstring>
#include <memory>

int main(int argc, char *argv[])
{
    // Only printing paints (fonts, QPdfWriter): it gets a GUI application on the offscreen
    // platform, so it runs on servers and in CI without a display. Everything else stays a
    // plain core application that starts fast.
    const bool paints = argc > 1 && std::strcmp(argv[1], "print") == 0;
    if (paints && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    std::unique_ptr<QCoreApplication> app;
    if (paints)
        app = std::make_unique<QGuiApplication>(argc, argv);
    else
        app = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("portolan-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PORTOLAN_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    portolan::CommandLineTool tool(out, err);
    return tool.run(QCoreApplication::arguments());
}
