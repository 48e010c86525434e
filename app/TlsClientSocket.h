#pragma once

#include "ClientStream.h"

#include <QAbstractSocket>
#include <QSslConfiguration>

class QSocketNotifier;
class QSslSocket;

/**
 * A client connection of an HTTPS endpoint: TLS over a QSslSocket (Qt's OpenSSL backend).
 *
 * It first peeks at the client's first byte on the raw descriptor: a TLS handshake record starts
 * the handshake; anything else (plain HTTP sent to the HTTPS port) gets a plain-text 400 that says
 * so, then the connection closes. The handshake, like a request's headers, has to finish within
 * the header timeout (Connection sees isEstablished()).
 *
 * Slower than ClientSocket (Qt's socket plus encryption), which stays the plain HTTP path.
 */
class TlsClientSocket : public ClientStream
{
    Q_OBJECT

public:
    /// Takes ownership of the connected, non-blocking descriptor @p fd; @p configuration holds the
    /// certificate and key (see TlsCredentials).
    TlsClientSocket(qintptr fd, const QSslConfiguration& configuration, QObject* parent);
    ~TlsClientSocket() override;

    QString peer() const override { return m_peer; }
    qint64 read(char* data, qint64 max) override;
    void stopReading() override;
    void resumeReading() override;
    void write(const QByteArray& bytes) override;
    /// With @p linger, reads (discarding) until the peer closes; the caller's timeout ends it.
    void closeAfterWrite(bool linger) override;
    void abort() override;
    qint64 pendingOutput() const override;
    bool isEstablished() const override { return m_phase == Phase::Encrypted; }
    bool isHandshaking() const override { return m_phase == Phase::Handshaking; }

private:
    enum class Phase { Sniffing, Handshaking, Encrypted, RefusingPlainHttp, Closed };

    void onRawReadable();
    void startHandshake();
    void refusePlainHttp();
    void onEncrypted();
    void onSocketReadyRead();
    void onEncryptedBytesWritten();
    void onSocketDisconnected();
    void onSocketError(QAbstractSocket::SocketError error);
    void finishClose();

    int m_fd; ///< ours until the QSslSocket takes it
    const QSslConfiguration m_configuration;
    const QString m_peer;
    QSocketNotifier* m_rawNotifier;
    QSslSocket* m_socket = nullptr;
    Phase m_phase = Phase::Sniffing;
    bool m_handshakeFailed = false; ///< said once: QSslSocket may report several errors for one failure
    bool m_reading = true;
    bool m_peerGone = false;
    bool m_closeWhenSent = false;
    bool m_linger = false;
    bool m_lingering = false;
};
