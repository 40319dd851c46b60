#include "cli/Command.h"
#include "cli/CommandLineTool.h"
#include "cli/FullProgram.h"
#include "domain/HugePageHeap.h"
#include "domain/TranslationLoader.h"
#include "io/ControlEscapingDevice.h"
#include "store/ConnectionRetry.h"

#include <QCoreApplication>
#include <QFile>
#ifdef PORTOLAN_CLI_FULL
#include <QGuiApplication>
#endif

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

int main(int argc, char *argv[])
{
    // Up to three threads of a command allocate at once besides the main one (an export's
    // check, its second thread of sections, the escaping of its output).
    portolan::HugePageHeap::prefer(3);
    portolan::FullProgram::setArguments(argc, argv);
    std::unique_ptr<QCoreApplication> app;
#ifdef PORTOLAN_CLI_FULL
    // portolan-cli-full (cli/FullProgram.h). Only printing paints (fonts, QPdfWriter): it gets a
    // GUI application on the offscreen platform, so it runs on servers and in CI without a
    // display. Everything else stays a plain core application.
    portolan::FullProgram::enable();
    const bool paints = argc > 1 && std::strcmp(argv[1], "print") == 0;
    if (paints && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (paints)
        app = std::make_unique<QGuiApplication>(argc, argv);
#endif
    if (!app)
        app = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("portolan-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PORTOLAN_VERSION));
    // The app's words, plurals included: "2 more bindings", not "2 more binding(s)".
    portolan::TranslationLoader::install();
    // Every character that could drive a terminal is escaped on its way out, whatever wrote
    // it (a registry value, a remote host's docker, a compose file, a file name).
    QFile standardOutput;
    QFile standardError;
    standardOutput.open(stdout, QIODevice::WriteOnly);
    standardError.open(stderr, QIODevice::WriteOnly | QIODevice::Unbuffered);
    portolan::ControlEscapingDevice safeOutput(&standardOutput);
    portolan::ControlEscapingDevice safeError(&standardError);
    QTextStream out(&safeOutput);
    QTextStream err(&safeError);
    // Qt's driver warns on stderr of each statement on a connection the server closed; the
    // command says what happened in its own words (and retries), so those lines are noise.
    static const QtMessageHandler previous = qInstallMessageHandler(nullptr);
    qInstallMessageHandler(
        [](QtMsgType type, const QMessageLogContext &where, const QString &text) {
            if (text.startsWith(QLatin1String("QPSQLDriver::")) ||
                text.startsWith(QLatin1String("QSqlQuery::exec: database not open")) ||
                text.startsWith(QLatin1String("This version of PostgreSQL is not supported")) ||
                text.trimmed() == QLatin1String("no connection to the server"))
                return;
            previous(type, where, text);
        });
    // A PostgreSQL server that restarts under a command: each retry is said on stderr.
    portolan::ConnectionRetry::setDefaultNotice(
        [&err](const QString &message) { err << "portolan-cli: " << message << Qt::endl; });
    portolan::CommandLineTool tool(out, err);
    const int exitCode = tool.run(QCoreApplication::arguments());
    // The output before the summary on stderr, as they were written: left to the streams'
    // destructors, err (declared last) went first, and a terminal or `2>&1` showed the summary
    // in the middle of the last finding.
    out.flush();
    // What is still buffered may not reach a full disk or a closed pipe either: a command whose
    // output was cut short says so and fails, whatever it found.
    const bool delivered = standardOutput.flush() && std::fflush(stdout) == 0 &&
                           !std::ferror(stdout) && standardOutput.error() == QFileDevice::NoError;
    if (!delivered && exitCode != portolan::Command::ExitBadInput) {
        const QString reason = standardOutput.error() != QFileDevice::NoError
                                   ? standardOutput.errorString()
                                   : QString::fromLocal8Bit(std::strerror(errno));
        err << "portolan-cli: cannot write standard output: " << reason << Qt::endl;
    }
    err.flush();
    return delivered ? exitCode : portolan::Command::ExitBadInput;
}
