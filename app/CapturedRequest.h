#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

/// One header field as received: name and value bytes, in arrival order, repeats kept.
struct HttpHeader
{
    QByteArray name;
    QByteArray value;
};

using HttpHeaders = QList<HttpHeader>;

/// A complete HTTP request as it came off the wire, before it is stored.
struct CapturedRequest
{
    QByteArray method;
    QByteArray target; ///< the request-target exactly as sent
    QByteArray httpVersion; ///< "HTTP/1.1"
    HttpHeaders headers; ///< header fields, then any chunked trailer fields
    QByteArray body; ///< decoded from chunked framing where it was chunked
    QString remote; ///< "address:port" of the peer
    qint64 receivedAtMs = 0; ///< UTC milliseconds since the epoch, when the request was complete
    bool keepAlive = true; ///< false when the connection ends after this request's answer

    /// The first value of the header called @p name (case-insensitive), or a null array.
    QByteArray header(const QByteArray& name) const;

    /// The path of the request-target: without query or fragment; "/p" for "http://host/p?q".
    QByteArray path() const;
    static QByteArray pathOf(const QByteArray& target);
};
