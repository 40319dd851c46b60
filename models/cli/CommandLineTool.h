#pragma once

#include "Registry.h"
#include "check/ExportCheck.h"
#include "store/RegistryUpdate.h"

#include <QCommandLineParser>
#include <QStringList>
#include <QTextStream>

namespace portolan {

// portolan-cli: each command parses its own options, runs the core, prints, and returns the
// exit code the contract gives it (0 ok, 1 findings or nothing free, 2 bad input or usage).
class CommandLineTool
{
public:
    enum ExitCode
    {
        ExitOk = 0,
        ExitFindings = 1,
        ExitBadInput = 2
    };

    CommandLineTool(QTextStream &out, QTextStream &err);

    // arguments as QCoreApplication::arguments(): the program name first.
    int run(const QStringList &arguments);

private:
    int validate(const QStringList &arguments);
    int suggest(const QStringList &arguments);
    int exportMarkdown(const QStringList &arguments);
    int convert(const QStringList &arguments);
    int initDb(const QStringList &arguments);
    int print(const QStringList &arguments);
    int drift(const QStringList &arguments);
    int exportCompose(const QStringList &arguments);
    int importCompose(const QStringList &arguments);
    int importMarkdown(const QStringList &arguments);
    // Applies an import's change to the target under its lock (RegistryUpdate), prints what
    // changed and the findings of the result; 0/1/2.
    int finishImport(const QString &target, const RegistryUpdate::Change &change,
                     const QCommandLineParser &parser);
    static void addWriteOptions(QCommandLineParser &parser);
    static QString noSuchDevice(const Registry &registry, const QString &name,
                                const QString &source);

    // FILE as the positional argument, or --db URL instead of it.
    bool registrySource(const QCommandLineParser &parser, const QString &command, QString *source,
                        int *exitCode);

    int usageError(const QString &message);
    // Prints why and returns true when the registry holds an invalid value the export would
    // write (exit 2).
    bool refusesToExport(const Registry &registry, const ExportCheck::Scope &scope,
                         const QString &source);
    // The device's index, or -1 after telling the user which devices there are.
    int findDeviceOrReport(const Registry &registry, const QString &name, const QString &source);
    void printUsage(QTextStream &stream);

    QTextStream &m_out;
    QTextStream &m_err;
    QStringList m_importReport; // the importer's warnings, for finishImport
};

} // namespace portolan
