#pragma once

#include "IngestItem.h"
#include "RefusalLog.h"
#include "ServerConfig.h"

#include <QHash>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QTimer>

class Connection;
class EventWriter;

/**
 * The listening socket and its connections; lives on the capture thread. Plain HTTP connections
 * read through ClientSocket; with a TLS configuration, every connection is TLS (TlsClientSocket).
 *
 * Not a QSslServer: that one keeps connections out of sight (and out of the connection cap) until
 * their handshake is done, and closes on plain HTTP without a word; TlsClientSocket does the same
 * handshake on the same QSslSocket, and says what went wrong.
 */
class CaptureWorker : public QTcpServer
{
    Q_OBJECT

public:
    /// A null @p tls (the default) serves plain HTTP.
    CaptureWorker(const ServerConfig& config, EventWriter* writer, const QSslConfiguration& tls = {});
    ~CaptureWorker() override;

    bool startListening(QString* error);
    /// Hands the writer's verdicts to their connections (runs on the capture thread).
    void deliver(const IngestResults& results);
    /// Stops accepting and reading; answers still due go out as their commits land.
    void stopAccepting();
    /// Writes out every ready answer and closes all connections.
    void closeAll();
    /// The refusals not published yet (at shutdown), which are then forgotten here.
    RefusalLog takeRefusals();

signals:
    /// Requests refused since the last emission; at most a few emissions a second, however many
    /// requests are refused, so a flood of bad requests can't flood the receiving thread.
    void requestsRefused(const RefusalLog& latest);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    void sweepTimeouts();
    void refuse(qintptr socketDescriptor);
    void noteRefusal(const Refusal& refusal);
    void publishRefusals();
    static int connectionLimit(int wanted);

    const ServerConfig m_config;
    const QSslConfiguration m_tls;
    EventWriter* m_writer;
    QHash<quint64, Connection*> m_connections;
    quint64 m_nextId = 1;
    int m_maxConnections = 0;
    QTimer m_sweep;
    RefusalLog m_refusals; ///< not published yet
    QTimer m_refusalPause; ///< running: published recently, the next waits for its timeout
};
