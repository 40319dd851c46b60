#pragma once

#include "domain/Error.h"
#include "domain/Finding.h"
#include "domain/Registry.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QStringList>
#include <QTextStream>

#include <memory>
#include <type_traits>
#include <vector>

namespace portolan {

class CommandContext;

// One command of portolan-cli, one file each (its class is private to that file; Commands.h
// names its factory): its name and the words that may follow it (the formats of export and
// import, from the format registry), its options, its help, and what it does. CommandLineTool
// dispatches to it, and `--help` and the bash completion are generated from the list of
// commands (Commands.cpp), so nothing is kept in step by hand.
class Command
{
public:
    enum ExitCode
    {
        ExitOk = 0,
        ExitFindings = 1, // errors found, fewer free ports than asked, drift
        ExitBadInput = 2, // unreadable or malformed input, a failed write, bad usage
    };

    virtual ~Command() = default;

    struct Help
    {
        QString synopsis;    // what follows the name in the overview: "FILE [--format text|json]"
        QString summary;     // one line in the overview
        QString description; // `COMMAND --help`, with the exit codes
        QList<std::pair<QString, QString>> positionals; // {name, description}
    };
    // The FILE positional of the commands that read a registry.
    static std::pair<QString, QString> registryFileArgument()
    {
        return {QStringLiteral("FILE"), QStringLiteral("The registry (.yaml, .portolan or -).")};
    }

    virtual QString name() const = 0;
    // Words after the name that choose a variant ("export compose"); empty: none.
    virtual QStringList variants() const { return {}; }
    virtual Help help(const QString &variant) const = 0;
    virtual QList<QCommandLineOption> options(const QString &variant) const = 0;
    // What completion offers for an option's value: fixed words, or files/folders.
    enum class ValueKind
    {
        Word,
        File,
        Folder,
        None,
    };
    virtual ValueKind valueKind(const QString &option) const;
    virtual QStringList valueWords(const QString &option) const;

    virtual int run(const QString &variant, const QCommandLineParser &parser,
                    CommandContext &context) = 0;
};

// What every command works with: the output streams and the helpers that make every command
// report the same way (one line, FILE:LINE:COLUMN when there is a place, exit 2).
class CommandContext
{
public:
    CommandContext(QTextStream &out, QTextStream &err)
        : out(out)
        , err(err)
    {}

    QTextStream &out;
    QTextStream &err;

    int usageError(const QString &message);
    int fail(const Error &error);
    // UTF-8 text as it is, after what `out` holds: a 26 MB export is not turned into UTF-16
    // and back on its way out.
    // False when standard output took less than all of it (a full disk, a closed pipe).
    bool writeOut(QByteArrayView utf8);
    // The findings, one per line (FindingsReport::toText), written piece by piece with
    // writeOut; false as writeOut.
    bool writeFindingsText(const Findings &findings);
    // "portolan-cli: cannot write standard output: No space left on device" on stderr; the
    // exit code for it (2).
    int outputFailed();
    // FILE as the one positional argument, or --db URL instead of it, and the options the
    // command cannot run without ({"device", "NAME"}: "drift needs --device NAME").
    bool registrySource(const QCommandLineParser &parser, const QString &command, QString *source,
                        int *exitCode,
                        const QList<std::pair<QString, QString>> &requiredOptions = {});
    bool load(const QString &source, Registry &registry);
    // The process ends right after the command: freeing a large registry element by element is
    // work nobody waits for, so it is kept (still reachable, so no leak checker counts it).
    static void retainUntilExit(Registry &registry);
    // The same for anything else a command read (an import's rows, an update's outcome),
    // moved in.
    template <typename T, typename = std::enable_if_t<!std::is_lvalue_reference_v<T>>>
    static void retainUntilExit(T &&object)
    {
        keptObjects().push_back(std::make_shared<std::decay_t<T>>(std::forward<T>(object)));
    }
    // The device's index, or -1 after saying which devices there are.
    int findDevice(const Registry &registry, const QString &name, const QString &source);

    static QCommandLineOption dbOption();
    static QCommandLineOption formatOption(); // --format text|json
    static bool isJson(const QCommandLineParser &parser);

private:
    static std::vector<std::shared_ptr<void>> &keptObjects();
};

} // namespace portolan
