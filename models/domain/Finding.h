#pragma once

#include "domain/PortRange.h"

#include <QString>
#include <QVector>

#include <optional>

namespace portolan {

enum class Severity
{
    Error,
    Warning,
    Info
};

QString severityName(Severity severity);

// Stable codes from the public contract (shared/spec/registry-format.md, kept beside this
// repository; the README lists them): scripts match on these, so they are
// only ever added to, never renamed.
namespace FindingCode {
extern const QString PortConflict;
extern const QString BindingWithoutException;
extern const QString UnknownException;
extern const QString OutOfRange;
extern const QString ReservedBlock;
extern const QString WrongBlock;
extern const QString UnknownCategory;
extern const QString DuplicateDevice;
extern const QString DuplicateIp;
extern const QString DuplicateService;
extern const QString DuplicateRoute;
extern const QString RouteWithoutPort;
extern const QString InvalidValue;
extern const QString BlocksExceedRange;
extern const QString EphemeralOverlap;
extern const QString WellKnownPort;
extern const QString UnknownProxyDevice;
extern const QString RouteWithoutProxy;
extern const QString RouteUnreachable;
extern const QString ProxyDeviceWithoutProxy;
extern const QString BackendOpen;
} // namespace FindingCode

// Which registry element a finding is about, by position. -1 means "not this level":
// a policy finding has no device, a device finding no service, and so on.
struct ElementRef
{
    int device = -1;
    int service = -1;
    int binding = -1;

    friend bool operator==(const ElementRef &a, const ElementRef &b)
    {
        return a.device == b.device && a.service == b.service && a.binding == b.binding;
    }
    friend bool operator<(const ElementRef &a, const ElementRef &b)
    {
        if (a.device != b.device)
            return a.device < b.device;
        if (a.service != b.service)
            return a.service < b.service;
        return a.binding < b.binding;
    }
};

// Findings are data: messages are for people, codes and refs for scripts and the GUI.
struct Finding
{
    Severity severity = Severity::Error;
    QString code;
    QString device;  // empty for policy findings
    QString service; // empty for policy and device findings
    std::optional<PortRange> port;
    QString protocol; // with port: tcp or udp, empty when the finding is not per protocol
    QString message;
    // The field the finding is about ("host", "container", "protocol", "bind", "exception",
    // "name", "ip", "category", "route.host", "route.scope", "route.port", "domain", ...), so
    // a dialog can put the message under the right input. Not part of the contract's JSON.
    QString field;
    ElementRef where;
    // The other side of a pairwise finding (port-conflict, duplicate-*), so a view can mark
    // both rows.
    ElementRef related;

    // "atlas/gitea", "atlas" or "policy".
    QString subject() const;
    // "20022/tcp", "53", or "-".
    QString portLabel() const;
    // A few words for a narrow column ("port conflict"); the code stays for tooltips and JSON.
    static QString phrase(const QString &code);
};

using Findings = QVector<Finding>;

struct FindingCounts
{
    int errors = 0;
    int warnings = 0;
    int infos = 0;
};

FindingCounts countFindings(const Findings &findings);

} // namespace portolan
