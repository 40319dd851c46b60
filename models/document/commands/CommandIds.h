#pragma once

namespace portolan {

// QUndoCommand::id() of commands that merge with the one before them (QUndoStack asks only
// when the ids are equal); one list, so no two kinds ever share an id by accident.
enum class CommandId
{
    NoMerge = -1,
    ChangeValue = 1, // consecutive edits of one field of one element (typing in a cell)
};

} // namespace portolan
