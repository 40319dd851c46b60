#include "rehearsal/StandIns.h"

#include "rehearsal/NetworkNamespaces.h"

#include <QCoreApplication>
#include <QNetworkDatagram>
#include <QNetworkProxy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QUdpSocket>

namespace portolan {

namespace {

struct StandInText
{
    Q_DECLARE_TR_FUNCTIONS(StandIns)
};

// A connection that sends nothing within this long is a port probe: closed, not kept.
constexpr int IdleMs = 5000;

QByteArray httpAnswer(const QByteArray &identity)
{
    const QByteArray body = identity + '\n';
    return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

void serveHttp(QTcpServer *server, const QByteArray &answer)
{
    QObject::connect(server, &QTcpServer::newConnection, server, [server, answer] {
        while (QTcpSocket *socket = server->nextPendingConnection()) {
            // Answered once the request has arrived: a reply written before it, and the
            // socket closed with the request unread, reaches the client as a reset.
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, answer] {
                socket->readAll();
                if (socket->property("answered").toBool())
                    return;
                socket->setProperty("answered", true);
                socket->write(answer);
                socket->disconnectFromHost();
            });
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            QTimer::singleShot(IdleMs, socket, [socket] {
                socket->abort();
                socket->deleteLater();
            });
        }
    });
}

void serveDns(QUdpSocket *socket)
{
    QObject::connect(socket, &QUdpSocket::readyRead, socket, [socket] {
        while (socket->hasPendingDatagrams()) {
            const QNetworkDatagram datagram = socket->receiveDatagram();
            QByteArray reply = datagram.data();
            if (reply.size() < 12)
                continue;
            // The question back, marked as an answer, REFUSED: enough to show a resolver.
            reply[2] = char(uchar(reply[2]) | 0x80);
            reply[3] = char(0x05);
            // Not makeReply(): it pins the interface, and the kernel then answers from the
            // interface's first address instead of the one the socket is bound to.
            socket->writeDatagram(reply, datagram.senderAddress(), quint16(datagram.senderPort()));
        }
    });
}

} // namespace

// The sockets, owned on the stand-ins' thread (children of this object).
class StandIns::Servers : public QObject
{
public:
    bool listen(const QString &ns, const QHostAddress &address, int port, bool udp,
                const QByteArray &identity, bool answersDns, QString *error)
    {
        NamespaceScope scope(ns);
        if (!scope.ok()) {
            *error = scope.error();
            return false;
        }
        if (udp) {
            auto *socket = new QUdpSocket(this);
            socket->setProxy(QNetworkProxy::NoProxy);
            if (!socket->bind(address, quint16(port))) {
                *error = StandInText::tr("cannot listen on %1 udp port %2: %3")
                             .arg(address.toString())
                             .arg(port)
                             .arg(socket->errorString());
                delete socket;
                return false;
            }
            if (answersDns)
                serveDns(socket);
            return true;
        }
        auto *server = new QTcpServer(this);
        server->setProxy(QNetworkProxy::NoProxy);
        if (!server->listen(address, quint16(port))) {
            *error = StandInText::tr("cannot listen on %1 port %2: %3")
                         .arg(address.toString())
                         .arg(port)
                         .arg(server->errorString());
            delete server;
            return false;
        }
        serveHttp(server, httpAnswer(identity));
        return true;
    }
};

StandIns::StandIns()
    : m_thread(std::make_unique<QThread>())
    , m_servers(new Servers)
{
    m_servers->moveToThread(m_thread.get());
    QObject::connect(m_thread.get(), &QThread::finished, m_servers, &QObject::deleteLater);
    m_thread->setObjectName(QStringLiteral("stand-ins"));
    m_thread->start();
}

StandIns::~StandIns()
{
    m_thread->quit();
    m_thread->wait();
}

bool StandIns::listenTcp(const QString &ns, const QHostAddress &address, int port,
                         const QByteArray &identity, QString *error)
{
    bool ok = false;
    QMetaObject::invokeMethod(
        m_servers,
        [&] { ok = m_servers->listen(ns, address, port, false, identity, false, error); },
        Qt::BlockingQueuedConnection);
    return ok;
}

bool StandIns::listenUdp(const QString &ns, const QHostAddress &address, int port, bool answersDns,
                         QString *error)
{
    bool ok = false;
    QMetaObject::invokeMethod(
        m_servers, [&] { ok = m_servers->listen(ns, address, port, true, {}, answersDns, error); },
        Qt::BlockingQueuedConnection);
    return ok;
}

} // namespace portolan
