#pragma once

#include <QString>

class QTableView;

namespace portolan {

// Every table of the app looks and behaves alike: whole rows selected, one at a time,
// alternating rows, sortable, rows a little taller than the text; Tab moves on to the next
// control.
QTableView *makeTable(const QString &objectName);

} // namespace portolan
