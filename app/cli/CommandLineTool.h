#pragma once

#include <QStringList>
#include <QTextStream>

namespace portolan {

// portolan-cli's front door: finds the command (and its format word), builds its parser from
// the options it declares, answers --help and --version, and runs it. The overview that
// `portolan-cli --help` prints is generated from the list of commands.
class CommandLineTool
{
public:
    CommandLineTool(QTextStream &out, QTextStream &err);

    // arguments as QCoreApplication::arguments(): the program name first.
    int run(const QStringList &arguments);

private:
    void printUsage(QTextStream &stream);

    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace portolan
