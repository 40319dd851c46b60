#pragma once

#include <Qt>

namespace portolan {

// Where a dock's tree item points in the registry (the search's results, the changes'
// elements): device, service and binding indexes, -1 for none.
enum ElementRole
{
    DeviceRole = Qt::UserRole + 1,
    ServiceRole,
    BindingRole,
};

} // namespace portolan
