#pragma once

#include "cli/Command.h"

#include <memory>
#include <vector>

namespace portolan {

// Every command of portolan-cli, in the order --help lists them. A new command is one file
// with its factory, and one line in allCommands().
std::unique_ptr<Command> createValidateCommand();
std::unique_ptr<Command> createSuggestCommand();
std::unique_ptr<Command> createExportCommand();
std::unique_ptr<Command> createImportCommand();
std::unique_ptr<Command> createConvertCommand();
std::unique_ptr<Command> createPrintCommand();
std::unique_ptr<Command> createDriftCommand();
std::unique_ptr<Command> createAuditCommand();
std::unique_ptr<Command> createRehearseCommand();
std::unique_ptr<Command> createDiffCommand();
std::unique_ptr<Command> createInitDbCommand();
std::unique_ptr<Command> createCompletionCommand();

const std::vector<std::unique_ptr<Command>> &allCommands();
const Command *findCommand(const QString &name);

} // namespace portolan
