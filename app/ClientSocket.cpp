#include "ClientSocket.h"

#include <QSocketNotifier>

#include <cerrno>
#include <sys/socket.h>
#include <unistd.h>

ClientSocket::ClientSocket(qintptr fd, QObject* parent)
    : ClientStream(parent)
    , m_fd(static_cast<int>(fd))
    , m_readNotifier(new QSocketNotifier(fd, QSocketNotifier::Read, this))
    , m_writeNotifier(new QSocketNotifier(fd, QSocketNotifier::Write, this))
{
    m_writeNotifier->setEnabled(false);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &ClientSocket::onReadable);
    connect(m_writeNotifier, &QSocketNotifier::activated, this, &ClientSocket::onWritable);
}

ClientSocket::~ClientSocket()
{
    if (m_fd >= 0) {
        m_readNotifier->setEnabled(false);
        m_writeNotifier->setEnabled(false);
        ::close(m_fd);
    }
}

qint64 ClientSocket::read(char* data, qint64 max)
{
    if (m_fd < 0) {
        return Failed;
    }
    for (;;) {
        const ssize_t n = ::read(m_fd, data, static_cast<size_t>(max));
        if (n > 0) {
            return n;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return 0;
        }
        return n == 0 ? PeerClosed : Failed;
    }
}

void ClientSocket::stopReading()
{
    if (!m_lingering) {
        m_readNotifier->setEnabled(false);
    }
}

void ClientSocket::resumeReading()
{
    if (m_fd >= 0 && !m_lingering) {
        m_readNotifier->setEnabled(true);
    }
}

void ClientSocket::onReadable()
{
    if (!m_lingering) {
        emit readyRead();
        return;
    }
    char discard[4096];
    qint64 n = 0;
    while ((n = read(discard, sizeof(discard))) > 0) { }
    if (n < 0) {
        abort();
    }
}

void ClientSocket::write(const QByteArray& bytes)
{
    if (m_fd < 0) {
        return;
    }
    if (pendingOutput() == 0) {
        m_output = bytes;
        m_outputSent = 0;
    } else {
        m_output.append(bytes);
    }
    flushOutput();
}

void ClientSocket::flushOutput()
{
    while (m_fd >= 0 && pendingOutput() > 0) {
        const ssize_t n
            = ::send(m_fd, m_output.constData() + m_outputSent, static_cast<size_t>(pendingOutput()), MSG_NOSIGNAL);
        if (n > 0) {
            m_outputSent += n;
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            m_writeNotifier->setEnabled(true);
            return;
        }
        abort(); // the peer is gone: what it didn't take can't be delivered
        return;
    }
    if (m_fd < 0) {
        return;
    }
    m_output.clear();
    m_outputSent = 0;
    m_writeNotifier->setEnabled(false);
    if (m_closeWhenSent) {
        finishClose();
    }
}

void ClientSocket::onWritable()
{
    flushOutput();
    if (m_fd >= 0 && pendingOutput() == 0) {
        emit drained();
    }
}

void ClientSocket::closeAfterWrite(bool linger)
{
    m_closeWhenSent = true;
    m_linger = linger;
    if (pendingOutput() == 0) {
        finishClose();
    }
}

void ClientSocket::finishClose()
{
    if (!m_linger) {
        abort();
        return;
    }
    // RFC 9112 9.6: close the sending half first, so the answer is not lost to a reset caused
    // by input the client is still sending; the capture thread's sweep ends a lingering socket.
    ::shutdown(m_fd, SHUT_WR);
    m_lingering = true;
    m_readNotifier->setEnabled(true);
}

void ClientSocket::abort()
{
    if (m_fd < 0) {
        return;
    }
    m_readNotifier->setEnabled(false);
    m_writeNotifier->setEnabled(false);
    // Closing with unread input makes the kernel send a reset that discards answers still queued
    // for the peer: read what has arrived first (bounded, the socket is non-blocking).
    char discard[16384];
    for (int i = 0; i < 16 && ::read(m_fd, discard, sizeof(discard)) > 0; ++i) { }
    ::close(m_fd);
    m_fd = -1;
    emit disconnected();
}
