#include "CommandLineTool.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("portolan-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PORTOLAN_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    portolan::CommandLineTool tool(out, err);
    return tool.run(QCoreApplication::arguments());
}
