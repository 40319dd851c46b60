#pragma once

// Registries the core tests build in code rather than read from text.

#include "domain/Registry.h"

#include <QString>
#include <QVector>

namespace portolan::testing {

// A device `name` at `ip` with one service, "s" in the ssh-git category, holding `bindings`.
Device deviceWithOneService(const QString &name, const QString &ip,
                            const QVector<Binding> &bindings);

} // namespace portolan::testing
