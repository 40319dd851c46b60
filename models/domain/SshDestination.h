#pragma once

#include <QString>

namespace portolan {

// An ssh destination in the forms OpenSSH takes on its command line: `[user@]host` (host a
// name, an alias of ~/.ssh/config, an IPv4 or a bare IPv6 address, as in ops@fd00:50::30) or
// `ssh://[user@]host[:port]` (IPv6 in brackets there). `user@[v6]` and `host:port` without
// ssh:// are refused: ssh takes them for a host name and fails. Drift passes the value to ssh
// as it is; the Ansible inventory takes it apart.
struct SshDestination
{
    QString user; // empty: ssh's own default
    QString host; // without brackets
    int port = 0; // 0: ssh's own default
    bool valid = false;

    static SshDestination parse(const QString &text);
    // An IPv4 or IPv6 address, not a name: an alias keeps ~/.ssh/config in play.
    bool hostIsAddress() const;

    // The port ssh connects to for the device whose ssh key is `destination`: the one it
    // names, else what `ssh -G` says for an alias (~/.ssh/config), else 22. The firewall keeps
    // it open and the audit never reports it as exposed.
    static int effectivePort(const QString &destination);
};

} // namespace portolan
