#pragma once

#include "domain/Registry.h"

#include <QString>

class QCommandLineParser;

namespace portolan {

class CommandContext;

// portolan-cli is linked without QtGui: loading it and the twenty libraries it brings (X11,
// EGL, fontconfig, harfbuzz...) cost every command some 10 ms before its first line of work.
// The two things that need it, painting the overview (`print`) and updating a database through
// a Document (`import --into` a .portolan file or PostgreSQL), run in portolan-cli-full: the
// same command line, linked with portolan_models, which portolan-cli becomes (exec, same
// arguments, same streams) when asked for one of them.
class FullProgram
{
public:
    // The overview of `registry` as PDF, as `print`'s options ask.
    using Print = int (*)(const QCommandLineParser &parser, CommandContext &context,
                          const QString &path, Registry &registry);

    // Called first in main: the arguments the full program is started with.
    static void setArguments(int argc, char **argv);
    // portolan-cli-full's main, before any command: printing and database updates are here
    // (defined in FullProgramSupport.cpp, which only portolan-cli-full links).
    static void enable();
    static bool enabled();
    static Print print();

    // Becomes portolan-cli-full, run on this process's own arguments. Returns only when it
    // cannot (it is missing): exit 2, after saying where it was looked for. Called before the
    // command has read its input or written anything: what main's buffered stdout held would
    // not survive the exec, and the full program reads the input itself.
    static int runInstead(CommandContext &context, const QString &what);
    // Where it is: beside this program (a build tree), or in ../libexec/portolan.
    static QString path();

private:
    static Print &printHook();
    static char **&arguments();
};

} // namespace portolan
