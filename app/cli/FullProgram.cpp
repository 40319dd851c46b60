#include "cli/FullProgram.h"

#include "cli/Command.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace portolan {

void FullProgram::setArguments(int, char **argv)
{
    arguments() = argv;
}

bool FullProgram::enabled()
{
    return printHook() != nullptr;
}

FullProgram::Print FullProgram::print()
{
    return printHook();
}

FullProgram::Print &FullProgram::printHook()
{
    static Print hook = nullptr;
    return hook;
}

char **&FullProgram::arguments()
{
    static char **argv = nullptr;
    return argv;
}

QString FullProgram::path()
{
    const QString here = QCoreApplication::applicationDirPath();
    const QString beside = here + QStringLiteral("/portolan-cli-full");
    if (QFileInfo(beside).isExecutable())
        return beside;
    return QFileInfo(here + QStringLiteral("/../libexec/portolan/portolan-cli-full"))
        .absoluteFilePath();
}

int FullProgram::runInstead(CommandContext &context, const QString &what)
{
    const QString program = path();
    context.out.flush();
    context.err.flush();
    if (arguments()) {
        const QByteArray file = QFile::encodeName(program);
        ::execv(file.constData(), arguments());
    }
    const int error = errno;
    context.err << "portolan-cli: " << what << " runs in " << program << ", which could not be "
                << "started (" << QString::fromLocal8Bit(std::strerror(error))
                << "); reinstall Portolan\n";
    return Command::ExitBadInput;
}

} // namespace portolan
