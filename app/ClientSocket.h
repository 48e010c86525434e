#pragma once

#include <QByteArray>
#include <QObject>

class QSocketNotifier;

/**
 * A connected TCP socket on the capture thread: a file descriptor, two QSocketNotifiers and an
 * output buffer.
 *
 * Measured (strace -c, one connection per request): a QTcpSocket made 15-19 system calls per
 * connection (descriptor set-up queries, FIONREAD, its own posted events); this one makes about
 * six (read, write, getpeername, close). The listening socket stays a QTcpServer.
 */
class ClientSocket : public QObject
{
    Q_OBJECT

public:
    /// Takes ownership of the connected, non-blocking descriptor @p fd.
    ClientSocket(qintptr fd, QObject* parent);
    ~ClientSocket() override;

    /// "address:port" of the peer ("[v6]:port" for IPv6).
    QString peer() const;
    enum : qint64 { PeerClosed = -1, Failed = -2 };
    /// Up to @p max bytes: > 0 read, 0 nothing more for now, PeerClosed at the end of the input
    /// (the peer may still read our answers), Failed when the connection broke.
    qint64 read(char* data, qint64 max);
    /// No more readyRead(): input is no longer wanted, or there is none to come.
    void stopReading();
    /// readyRead() again after stopReading() (backpressure released).
    void resumeReading();
    /// Sends @p bytes, keeping what the kernel doesn't take yet for when it can.
    void write(const QByteArray& bytes);
    /// Closes once everything written is sent. With @p linger, first shuts down sending and reads
    /// (discarding) until the peer closes, so that unread input can't reset the answer away.
    void closeAfterWrite(bool linger);
    /// Closes now; emits disconnected().
    void abort();
    bool isOpen() const { return m_fd >= 0; }
    qint64 pendingOutput() const { return m_output.size() - m_outputSent; }

signals:
    void readyRead();
    void disconnected();
    /// Output that had to wait for the kernel has all been sent.
    void drained();

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
