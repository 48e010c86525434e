#pragma once

#include "ClientStream.h"

#include <QByteArray>

class QSocketNotifier;

/**
 * A connected TCP socket on the capture thread: a file descriptor, two QSocketNotifiers and an
 * output buffer.
 *
 * Measured (strace -c, one connection per request): a QTcpSocket made 15-19 system calls per
 * connection (descriptor set-up queries, FIONREAD, its own posted events); this one makes about
 * six (read, write, getpeername, close). The listening socket stays a QTcpServer.
 */
class ClientSocket : public ClientStream
{
    Q_OBJECT

public:
    /// Takes ownership of the connected, non-blocking descriptor @p fd.
    ClientSocket(qintptr fd, QObject* parent);
    ~ClientSocket() override;

    QString peer() const override { return peerOf(m_fd); }
    qint64 read(char* data, qint64 max) override;
    void stopReading() override;
    void resumeReading() override;
    void write(const QByteArray& bytes) override;
    /// With @p linger, first shuts down sending, then reads (discarding) until the peer closes.
    void closeAfterWrite(bool linger) override;
    void abort() override;
    qint64 pendingOutput() const override { return m_output.size() - m_outputSent; }
    bool isOpen() const { return m_fd >= 0; }

private:
    void onReadable();
    void onWritable();
    void flushOutput();
    void finishClose();

    int m_fd;
    QSocketNotifier* m_readNotifier;
    QSocketNotifier* m_writeNotifier;
    QByteArray m_output;
    qsizetype m_outputSent = 0;
    bool m_closeWhenSent = false;
    bool m_linger = false;
    bool m_lingering = false;
};
