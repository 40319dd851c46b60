#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

class QProcess;

namespace portolan {

// Named network namespaces for one rehearsal (`ip netns`, so an admin sees them and a crashed
// run's leftovers can be found): every name starts with "portolan-PID-", all are deleted by
// removeAll() (and the destructor), and the programs started in them die with this process
// (PR_SET_PDEATHSIG). Commands run in a namespace through `nsenter --net`, never `ip netns
// exec`, which remounts /sys and so fails inside a user namespace.
class NetworkNamespaces
{
public:
    NetworkNamespaces();
    ~NetworkNamespaces();
    NetworkNamespaces(const NetworkNamespaces &) = delete;
    NetworkNamespaces &operator=(const NetworkNamespaces &) = delete;

    QString prefix() const { return m_prefix; }
    QString name(const QString &role) const { return m_prefix + role; }
    // The file that holds the namespace, for nsenter and setns.
    static QString path(const QString &name);

    bool create(const QString &role, QString *error);
    // `ip -n NAME ARGS` (role empty: this namespace).
    bool ip(const QString &role, const QStringList &arguments, QString *error);
    // Many `ip` commands at once (`ip -n NAME -batch`), one a line.
    bool batch(const QString &role, const QStringList &commands, QString *error);
    // A program run to its end inside the namespace of `role`; false with what it said.
    bool run(const QString &role, const QString &program, const QStringList &arguments,
             QString *error, QByteArray *output = nullptr, int timeoutMs = 15000);
    // A program left running inside the namespace (a proxy, a resolver), ended by removeAll.
    QProcess *start(const QString &role, const QString &program, const QStringList &arguments,
                    const QStringList &environment = {});
    void removeAll();

    // A program as a shell finds it (PATH), else where Debian keeps what root runs; empty when
    // it is nowhere.
    static QString findProgram(const QString &name);
    // A file of the rehearsal's own work folder, written whole.
    static bool writeFile(const QString &path, const QByteArray &data);

    // Namespaces of rehearsals whose process is gone: "portolan-PID-..." with no PID alive.
    static QStringList leftovers();
    static bool removeLeftover(const QString &name, QString *error);

private:
    QString m_prefix;
    QStringList m_created;
    std::vector<std::unique_ptr<QProcess>> m_running;
};

// The calling thread inside another network namespace until this scope ends: sockets made in
// it belong to that namespace for good (a listener keeps serving there after the scope ends).
class NamespaceScope
{
public:
    explicit NamespaceScope(const QString &name);
    ~NamespaceScope();
    NamespaceScope(const NamespaceScope &) = delete;
    NamespaceScope &operator=(const NamespaceScope &) = delete;

    bool ok() const { return m_entered; }
    QString error() const { return m_error; }

private:
    int m_home = -1;
    bool m_entered = false;
    QString m_error;
};

} // namespace portolan
