#include "RawHttpClient.h"

#include <QDeadlineTimer>

QByteArray RawHttpClient::Response::header(const QByteArray& name) const
{
    const QList<QByteArray> lines = head.split('\n');
    for (const QByteArray& line : lines) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0) {
            return line.mid(colon + 1).trimmed();
        }
    }
    return {};
}

bool RawHttpClient::connectTo(quint16 port, const QHostAddress& address)
{
    m_socket.connectToHost(address, port);
    return m_socket.waitForConnected(5000);
}

void RawHttpClient::send(const QByteArray& bytes)
{
    m_socket.write(bytes);
    m_socket.waitForBytesWritten(5000);
}

bool RawHttpClient::fill(int timeoutMs)
{
    if (m_socket.bytesAvailable() == 0 && !m_socket.waitForReadyRead(timeoutMs)) {
        return false;
    }
    m_buffer.append(m_socket.readAll());
    return true;
}

RawHttpClient::Response RawHttpClient::readResponse(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    Response r;
    qsizetype headEnd = -1;
    while ((headEnd = m_buffer.indexOf("\r\n\r\n")) < 0) {
        if (!fill(static_cast<int>(deadline.remainingTime()))) {
            return r;
        }
    }
    r.head = m_buffer.left(headEnd);
    const qsizetype length = r.header("content-length").toLongLong();
    while (m_buffer.size() < headEnd + 4 + length) {
        if (!fill(static_cast<int>(deadline.remainingTime()))) {
            return r;
        }
    }
    r.body = m_buffer.mid(headEnd + 4, length);
    m_buffer.remove(0, headEnd + 4 + length);
    r.status = r.head.mid(9, 3).toInt();
    return r;
}

bool RawHttpClient::waitForClose(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (m_socket.state() != QAbstractSocket::UnconnectedState) {
        if (!m_socket.waitForReadyRead(static_cast<int>(qMax<qint64>(1, deadline.remainingTime())))) {
            return m_socket.state() == QAbstractSocket::UnconnectedState;
        }
        m_buffer.append(m_socket.readAll());
        if (deadline.hasExpired()) {
            return false;
        }
    }
    return true;
}

QByteArray RawHttpClient::post(const QByteArray& body, const QByteArray& path, const QByteArray& extraHeaders)
{
    return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n" + extraHeaders + "\r\n" + body;
}
