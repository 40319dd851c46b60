#pragma once

#include "domain/Registry.h"

namespace portolan {

// What File > New starts from: the usual ten-block layout of 20000-29999 and no devices.
Registry newRegistryTemplate();

} // namespace portolan
