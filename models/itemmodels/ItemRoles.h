#pragma once

#include <Qt>

namespace portolan {

// Data roles the item models offer beyond Qt's own, so views can draw badges and sort ports
// numerically without parsing display text.
enum ItemRole
{
    // int: worst severity of the row's findings (Severity as int), or -1 for none
    SeverityRole = Qt::UserRole + 1,
    // value to sort by: numbers for ports and counts, lower-case text otherwise
    SortRole,
    // qint64: the row's element id (device, service or binding)
    ElementIdRole,
    // int: number of error / warning findings of the row
    ErrorCountRole,
    WarningCountRole,
    // text the search box matches: service name, every port of the row, the route's name
    SearchTextRole,
    // ElementRef parts of a finding row
    DeviceIndexRole,
    ServiceIndexRole,
    BindingIndexRole,
};

} // namespace portolan
