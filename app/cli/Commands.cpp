#include "cli/Commands.h"

namespace portolan {

const std::vector<std::unique_ptr<Command>> &allCommands()
{
    static const std::vector<std::unique_ptr<Command>> commands = [] {
        std::vector<std::unique_ptr<Command>> list;
        list.push_back(createValidateCommand());
        list.push_back(createSuggestCommand());
        list.push_back(createExportCommand());
        list.push_back(createImportCommand());
        list.push_back(createConvertCommand());
        list.push_back(createPrintCommand());
        list.push_back(createDriftCommand());
        list.push_back(createAuditCommand());
        list.push_back(createRehearseCommand());
        list.push_back(createDiffCommand());
        list.push_back(createInitDbCommand());
        list.push_back(createCompletionCommand());
        return list;
    }();
    return commands;
}

const Command *findCommand(const QString &name)
{
    for (const auto &command : allCommands()) {
        if (command->name() == name)
            return command.get();
    }
    return nullptr;
}

} // namespace portolan
