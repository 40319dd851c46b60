#pragma once

#include <QHostAddress>
#include <QObject>

#include <memory>
#include <vector>

class QThread;

namespace portolan {

// The programs a rehearsal pretends to run: a listener on each planned socket that answers
// any request with who it is ("helios/n8n", as an HTTP body, so a route fetched through the
// proxy shows which service answered), and on udp a DNS reply where the port is DNS. They run
// on a thread of their own, so they answer while the rehearsal waits on curl or dig; each is
// made inside the namespace it is named with (that thread enters it for the moment), and
// serves there for good.
class StandIns
{
public:
    StandIns();
    ~StandIns();
    StandIns(const StandIns &) = delete;
    StandIns &operator=(const StandIns &) = delete;

    bool listenTcp(const QString &ns, const QHostAddress &address, int port,
                   const QByteArray &identity, QString *error);
    bool listenUdp(const QString &ns, const QHostAddress &address, int port, bool answersDns,
                   QString *error);

private:
    class Servers;
    std::unique_ptr<QThread> m_thread;
    Servers *m_servers = nullptr; // lives on m_thread
};

} // namespace portolan
