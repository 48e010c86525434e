#include "CaptureWorker.h"

#include "Catalog.h"
#include "ClientSocket.h"
#include "Connection.h"
#include "HttpAnswer.h"
#include "MonotonicClock.h"
#include "TlsClientSocket.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>

namespace {
// Refusals reach the other thread at most five times a second: soon enough to read as live.
constexpr int RefusalPublishMs = 200;
} // namespace

CaptureWorker::CaptureWorker(const ServerConfig& config, EventWriter* writer, const QSslConfiguration& tls)
    : m_config(config)
    , m_tls(tls)
    , m_writer(writer)
    , m_sweep(this) // a child, so it moves to the capture thread with us
    , m_refusalPause(this)
{
    m_refusalPause.setSingleShot(true);
    m_refusalPause.setInterval(RefusalPublishMs);
    connect(&m_refusalPause, &QTimer::timeout, this, [this] {
        if (!m_refusals.isEmpty()) {
            publishRefusals();
        }
    });
    const int shortest = qMin(config.headerTimeoutMs, qMin(config.bodyTimeoutMs, config.idleTimeoutMs));
    m_sweep.setInterval(qBound(10, shortest / 4, 1000));
    connect(&m_sweep, &QTimer::timeout, this, &CaptureWorker::sweepTimeouts);
}

CaptureWorker::~CaptureWorker()
{
    closeAll();
}

int CaptureWorker::connectionLimit(int wanted)
{
    // Shells start programs with a soft limit of 1024 descriptors: raise it to the hard limit,
    // and keep room for the history's files, so the cap answers 503 before accept() fails.
    rlimit limit = {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
        return wanted;
    }
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
        ::getrlimit(RLIMIT_NOFILE, &limit);
    }
    constexpr rlim_t Reserved = 64;
    const rlim_t usable = limit.rlim_cur > Reserved ? limit.rlim_cur - Reserved : 1;
    return static_cast<int>(qMin<rlim_t>(static_cast<rlim_t>(wanted), usable));
}

bool CaptureWorker::startListening(QString* error)
{
    // Connections read each envelope against the catalog: load it now, not while the first
    // request waits for its answer.
    Catalog::builtIn();
    m_maxConnections = connectionLimit(m_config.maxConnections);
    setMaxPendingConnections(1024);
    // Qt's default listen backlog of 50 drops SYNs in a burst of new senders (each drop costs the
    // client a 1 s retransmit): queue as many as we would accept.
    setListenBacklogSize(1024);
    if (!listen(m_config.address, m_config.port)) {
        *error = errorString();
        return false;
    }
    // Accepted sockets inherit TCP_NODELAY from the listener on Linux: one call here instead of
    // one per connection. Answers are written whole, so Nagle would only add delay.
    const int on = 1;
    ::setsockopt(static_cast<int>(socketDescriptor()), IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
    m_sweep.start();
    return true;
}

void CaptureWorker::incomingConnection(qintptr socketDescriptor)
{
    int nonBlocking = 1;
    if (::ioctl(static_cast<int>(socketDescriptor), FIONBIO, &nonBlocking) != 0) {
        ::close(static_cast<int>(socketDescriptor));
        return;
    }
    if (m_connections.size() >= m_maxConnections) {
        refuse(socketDescriptor);
        return;
    }
    ClientStream* stream = m_tls.isNull() ? static_cast<ClientStream*>(new ClientSocket(socketDescriptor, nullptr))
                                          : new TlsClientSocket(socketDescriptor, m_tls, nullptr);
    const quint64 id = m_nextId++;
    auto* connection = new Connection(stream, id, m_config, m_writer, this);
    m_connections.insert(id, connection);
    connect(connection, &Connection::refused, this, &CaptureWorker::noteRefusal);
    connect(connection, &Connection::finished, this, [this](quint64 finishedId) {
        if (Connection* c = m_connections.take(finishedId)) {
            c->deleteLater();
        }
    });
}

void CaptureWorker::refuse(qintptr socketDescriptor)
{
    noteRefusal(Refusal(503, "Too many open connections", ClientStream::peerOf(socketDescriptor)));
    if (!m_tls.isNull()) {
        // No HTTP answer is possible before a handshake, and handshakes beyond the cap are what
        // the cap is there to prevent: the client sees the connection closed.
        ::close(static_cast<int>(socketDescriptor));
        return;
    }
    auto* socket = new ClientSocket(socketDescriptor, this);
    connect(socket, &ClientSocket::disconnected, socket, &QObject::deleteLater);
    socket->stopReading();
    socket->write(HttpAnswer::error(503, "Too many open connections"));
    socket->closeAfterWrite(false);
}

void CaptureWorker::noteRefusal(const Refusal& refusal)
{
    m_refusals.add(refusal);
    // The first refusal after a quiet spell goes out at once; the ones that follow it gather until
    // the pause ends.
    if (!m_refusalPause.isActive()) {
        publishRefusals();
    }
}

void CaptureWorker::publishRefusals()
{
    emit requestsRefused(std::exchange(m_refusals, RefusalLog()));
    m_refusalPause.start();
}

RefusalLog CaptureWorker::takeRefusals()
{
    m_refusalPause.stop();
    return std::exchange(m_refusals, RefusalLog());
}

void CaptureWorker::deliver(const IngestResults& results)
{
    for (const IngestResult& r : results) {
        if (Connection* c = m_connections.value(r.connectionId)) {
            c->answer(r.sequence, r.eventId, r.status);
        }
    }
}

void CaptureWorker::sweepTimeouts()
{
    const qint64 now = MonotonicClock::nowMs();
    // checkTimeouts may close a connection, which removes it from the hash: iterate a copy.
    const QList<Connection*> connections = m_connections.values();
    for (Connection* c : connections) {
        c->checkTimeouts(now);
    }
}

void CaptureWorker::stopAccepting()
{
    close();
    m_sweep.stop();
    for (Connection* c : std::as_const(m_connections)) {
        c->stopReading();
    }
}

void CaptureWorker::closeAll()
{
    const QList<Connection*> connections = m_connections.values();
    m_connections.clear();
    for (Connection* c : connections) {
        c->flushNow();
        delete c;
    }
}
