#include "TlsClientSocket.h"

#include "HttpAnswer.h"

#include <QSocketNotifier>
#include <QSslSocket>
#include <QTimer>

#include <cerrno>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>

namespace {
/// RFC 8446 5.1: a TLS record of the handshake (the ClientHello) starts with content type 22.
constexpr unsigned char HandshakeRecord = 0x16;
/// Decrypted input held for a connection that is not reading (backpressure): QSslSocket stops
/// reading from the kernel beyond this.
constexpr qint64 ReadBufferBytes = 64 * 1024;
} // namespace

TlsClientSocket::TlsClientSocket(qintptr fd, const QSslConfiguration& configuration, QObject* parent)
    : ClientStream(parent)
    , m_fd(static_cast<int>(fd))
    , m_configuration(configuration)
    , m_peer(peerOf(fd))
    , m_rawNotifier(new QSocketNotifier(fd, QSocketNotifier::Read, this))
{
    connect(m_rawNotifier, &QSocketNotifier::activated, this, &TlsClientSocket::onRawReadable);
}

TlsClientSocket::~TlsClientSocket()
{
    m_rawNotifier->setEnabled(false);
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    } else if (m_fd >= 0) {
        ::close(m_fd);
    }
}

void TlsClientSocket::onRawReadable()
{
    if (m_phase == Phase::RefusingPlainHttp) {
        // The answer is sent and sending is shut down: read what still comes until the peer closes.
        char discard[4096];
        ssize_t n = 0;
        while ((n = ::read(m_fd, discard, sizeof(discard))) > 0) { }
        if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
            abort();
        }
        return;
    }
    unsigned char first = 0;
    const ssize_t n = ::recv(m_fd, &first, 1, MSG_PEEK);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
        return;
    }
    if (n <= 0) {
        abort();
        return;
    }
    if (first == HandshakeRecord) {
        startHandshake();
    } else {
        refusePlainHttp();
    }
}

void TlsClientSocket::refusePlainHttp()
{
    // What nginx does too: an HTTP client that got the scheme wrong is told so, in plain HTTP.
    // The answer is small enough for an empty socket buffer, so one send() takes it.
    m_phase = Phase::RefusingPlainHttp;
    static const QByteArray reason = QByteArrayLiteral("This port speaks HTTPS: use an https:// URL");
    emit refused(400, reason);
    const QByteArray answer = HttpAnswer::error(400, reason);
    if (::send(m_fd, answer.constData(), static_cast<size_t>(answer.size()), MSG_NOSIGNAL) != answer.size()) {
        abort();
        return;
    }
    ::shutdown(m_fd, SHUT_WR);
}

void TlsClientSocket::startHandshake()
{
    // The QSslSocket watches the descriptor from here on (two read notifiers on one descriptor
    // would compete).
    m_rawNotifier->setEnabled(false);
    m_socket = new QSslSocket(this);
    m_socket->setSslConfiguration(m_configuration);
    m_socket->setReadBufferSize(ReadBufferBytes);
    connect(m_socket, &QSslSocket::encrypted, this, &TlsClientSocket::onEncrypted);
    connect(m_socket, &QSslSocket::readyRead, this, &TlsClientSocket::onSocketReadyRead);
    connect(m_socket, &QSslSocket::encryptedBytesWritten, this, &TlsClientSocket::onEncryptedBytesWritten);
    connect(m_socket, &QSslSocket::disconnected, this, &TlsClientSocket::onSocketDisconnected);
    connect(m_socket, &QSslSocket::errorOccurred, this, &TlsClientSocket::onSocketError);
    if (!m_socket->setSocketDescriptor(m_fd)) {
        abort();
        return;
    }
    m_fd = -1;
    m_phase = Phase::Handshaking;
    m_socket->startServerEncryption();
}

void TlsClientSocket::onEncrypted()
{
    m_phase = Phase::Encrypted;
    if (m_reading && m_socket->bytesAvailable() > 0) {
        emit readyRead();
    }
}

void TlsClientSocket::onSocketReadyRead()
{
    if (m_phase != Phase::Encrypted) {
        return;
    }
    if (m_lingering) {
        m_socket->skip(m_socket->bytesAvailable());
        return;
    }
    if (m_reading) {
        emit readyRead();
    }
}

qint64 TlsClientSocket::read(char* data, qint64 max)
{
    if (m_phase != Phase::Encrypted) {
        return m_phase == Phase::Closed ? qint64(Failed) : 0;
    }
    const qint64 n = m_socket->bytesAvailable() > 0 ? m_socket->read(data, max) : 0;
    if (n > 0) {
        return n;
    }
    if (m_peerGone) {
        return PeerClosed;
    }
    return n == 0 ? 0 : qint64(Failed);
}

void TlsClientSocket::stopReading()
{
    // What arrives meanwhile waits in QSslSocket's buffer (bounded, see ReadBufferBytes).
    m_reading = false;
}

void TlsClientSocket::resumeReading()
{
    if (m_reading || m_phase == Phase::Closed) {
        return;
    }
    m_reading = true;
    // Input may have been buffered (or the peer gone) while we were not reading: say so, but
    // later, not inside the caller's own handling of the answers.
    QTimer::singleShot(0, this, [this] {
        if (m_reading && m_phase == Phase::Encrypted && (m_socket->bytesAvailable() > 0 || m_peerGone)) {
            emit readyRead();
        }
    });
}

void TlsClientSocket::write(const QByteArray& bytes)
{
    if (m_phase != Phase::Encrypted || m_socket->state() != QAbstractSocket::ConnectedState) {
        abort(); // the peer is gone: what it didn't take can't be delivered
        return;
    }
    m_socket->write(bytes);
}

qint64 TlsClientSocket::pendingOutput() const
{
    return m_socket ? m_socket->bytesToWrite() + m_socket->encryptedBytesToWrite() : 0;
}

void TlsClientSocket::onEncryptedBytesWritten()
{
    if (pendingOutput() > 0) {
        return;
    }
    if (m_closeWhenSent) {
        finishClose();
    } else {
        emit drained();
    }
}

void TlsClientSocket::closeAfterWrite(bool linger)
{
    m_closeWhenSent = true;
    m_linger = linger;
    if (pendingOutput() == 0) {
        finishClose();
    }
}

void TlsClientSocket::finishClose()
{
    if (m_phase != Phase::Encrypted || m_lingering) {
        abort();
        return;
    }
    if (m_linger) {
        // QSslSocket can't half-close: keep the connection and drop what the client still sends
        // until it closes; Connection's linger timeout ends it otherwise.
        m_lingering = true;
        m_socket->skip(m_socket->bytesAvailable());
        if (m_peerGone) {
            abort();
        }
        return;
    }
    // Sends close_notify; disconnected() follows once it is out.
    m_socket->disconnectFromHost();
}

void TlsClientSocket::onSocketDisconnected()
{
    m_peerGone = true;
    if (m_closeWhenSent || m_phase != Phase::Encrypted) {
        abort();
    } else if (m_reading) {
        emit readyRead(); // the rest of the input, then PeerClosed
    }
    // Not reading: answers are due; writing them finds the peer gone.
}

void TlsClientSocket::onSocketError(QAbstractSocket::SocketError error)
{
    if (error == QAbstractSocket::RemoteHostClosedError && m_phase == Phase::Encrypted) {
        return; // disconnected() follows, and input may still wait in the buffer
    }
    // A failed handshake (the client refused our certificate, or spoke no TLS after all) or a broken
    // connection. Not closed from inside QSslSocket's own signal: it goes on using itself after it.
    if (m_phase == Phase::Handshaking && !std::exchange(m_handshakeFailed, true)) {
        emit refused(0, "TLS handshake failed: " + m_socket->errorString().toUtf8());
    }
    QTimer::singleShot(0, this, &TlsClientSocket::abort);
}

void TlsClientSocket::abort()
{
    if (m_phase == Phase::Closed) {
        return;
    }
    m_phase = Phase::Closed;
    m_rawNotifier->setEnabled(false);
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    } else if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    emit disconnected();
}
