#pragma once

#include "domain/Finding.h"

#include <QByteArray>
#include <QString>

#include <functional>

namespace portolan {

// The two shapes findings leave the program in, as the contract fixes them.
namespace FindingsReport {

// One finding per line, fields separated by two spaces, easy to grep and cut:
// "error  port-conflict  atlas/gitea  20022/tcp  overlaps atlas/forgejo 20020-20030/tcp"
QString toText(const Findings &findings);
QString textLine(const Finding &finding);
// The same text, handed to `sink` as UTF-8 in pieces of about 32 KB: a report of 100,000
// findings is not held whole, once as UTF-16 and again as UTF-8. False once `sink` refuses a
// piece (nothing after it is written).
bool writeText(const Findings &findings, const std::function<bool(QByteArrayView)> &sink);

// {"findings": [{severity, code, device, service, port, message}], "errors": N, "warnings": N}
// port: a number for one port, "A-B" for a range, null when no port is involved.
QByteArray toJson(const Findings &findings);

} // namespace FindingsReport

} // namespace portolan
