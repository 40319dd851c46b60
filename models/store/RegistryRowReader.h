#pragma once

#include "domain/Error.h"
#include "domain/Registry.h"
#include "store/RowCursor.h"

#include <functional>
#include <memory>

namespace portolan {

// Builds a Registry from the rows of a Portolan database, through either kind of RowCursor
// (SQLite's C API for .portolan files, Qt Sql for PostgreSQL and inside a batch): the policy,
// the blocks, the devices, then services and bindings grouped by their parent.
class RegistryRowReader
{
public:
    // progress(rows read, rows in all) is asked every few hundred rows; false cancels.
    using Progress = std::function<bool(qint64 done, qint64 total)>;

    // Opens another read-only cursor on the same file, for the bindings to be read beside the
    // rest; null when there is none.
    using CursorOpener = std::function<std::unique_ptr<RowCursor>()>;

    // On failure *error says what could not be read ("reading the services failed: ...").
    // With openOther, a large SQLite registry's bindings are read on a second connection while
    // the first reads the rest (only where one snapshot is guaranteed: see RowReading).
    static bool read(RowCursor &rows, Registry &registry, const Progress &progress, bool *canceled,
                     Error *error, const CursorOpener &openOther = {});
};

} // namespace portolan
