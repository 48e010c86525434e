#pragma once

#include <QObject>
#include <QString>

/**
 * A client connection's bytes, as Connection reads and writes them: plain TCP (ClientSocket, a raw
 * descriptor, for speed) or TLS (TlsClientSocket, over QSslSocket). Connection's logic (answers in
 * request order, backpressure, timeouts) is the same over both.
 */
class ClientStream : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    enum : qint64 { PeerClosed = -1, Failed = -2 };

    /// "address:port" of the peer ("[v6]:port" for IPv6).
    virtual QString peer() const = 0;
    /// Up to @p max bytes: > 0 read, 0 nothing more for now, PeerClosed at the end of the input
    /// (the peer may still read our answers), Failed when the connection broke.
    virtual qint64 read(char* data, qint64 max) = 0;
    /// No more readyRead(): input is no longer wanted, or there is none to come.
    virtual void stopReading() = 0;
    /// readyRead() again after stopReading() (backpressure released).
    virtual void resumeReading() = 0;
    /// Sends @p bytes, keeping what can't be sent yet for when it can.
    virtual void write(const QByteArray& bytes) = 0;
    /// Closes once everything written is sent. With @p linger, input is read (and discarded) until
    /// the peer closes, so that unread input can't reset the answer away.
    virtual void closeAfterWrite(bool linger) = 0;
    /// Closes now; emits disconnected().
    virtual void abort() = 0;
    /// Bytes written but not yet handed to the kernel.
    virtual qint64 pendingOutput() const = 0;
    /// False while the connection is still being set up (a TLS handshake): no request can arrive yet.
    virtual bool isEstablished() const { return true; }
    /// A TLS handshake has begun (the client sent its first bytes) and not finished.
    virtual bool isHandshaking() const { return false; }

    /// The peer of the connected socket @p fd as peer() gives it; "unknown" when it can't be told.
    static QString peerOf(qintptr fd);

signals:
    void readyRead();
    void disconnected();
    /// Output that had to wait has all been sent.
    void drained();
    /// The stream turned its client away before any request could be read: plain HTTP sent to
    /// the HTTPS port (@p status 400, answered), or a TLS handshake that failed (@p status 0: no
    /// HTTP answer was possible).
    void refused(int status, const QByteArray& reason);
};
