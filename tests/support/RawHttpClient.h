#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QTcpSocket>

/// A blocking HTTP/1.1 client on a real socket that sends raw bytes and reads raw answers, for tests.
class RawHttpClient
{
public:
    struct Response
    {
        int status = -1; ///< -1: no (complete) answer before the timeout or the close
        QByteArray head; ///< status line and header fields
        QByteArray body;
        QByteArray header(const QByteArray& name) const;
    };

    bool connectTo(quint16 port, const QHostAddress& address = QHostAddress(QHostAddress::LocalHost));
    void send(const QByteArray& bytes);
    /// Reads the next answer (status line, fields, Content-Length body) from the stream.
    Response readResponse(int timeoutMs = 5000);
    /// True when the server closed the connection within @p timeoutMs (and sent nothing more).
    bool waitForClose(int timeoutMs = 5000);
    QTcpSocket& socket() { return m_socket; }

    /// A POST of @p body to @p path with Content-Length, HTTP/1.1.
    static QByteArray post(
        const QByteArray& body, const QByteArray& path = "/webhook", const QByteArray& extraHeaders = {});

private:
    bool fill(int timeoutMs);

    QTcpSocket m_socket;
    QByteArray m_buffer;
};
