#pragma once

#include "domain/Finding.h"

#include <QByteArray>
#include <QString>

namespace portolan {

// The two shapes findings leave the program in, as the contract fixes them.
namespace FindingsReport {

// One finding per line, fields separated by two spaces, easy to grep and cut:
// "error  port-conflict  atlas/gitea  20022/tcp  overlaps atlas/forgejo 20020-20030/tcp"
QString toText(const Findings &findings);
QString textLine(const Finding &finding);

// {"findings": [{severity, code, device, service, port, message}], "errors": N, "warnings": N}
// port: a number for one port, "A-B" for a range, null when no port is involved.
QByteArray toJson(const Findings &findings);

} // namespace FindingsReport

} // namespace portolan
