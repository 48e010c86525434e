#pragma once

#include <QByteArray>

/// The bytes of the answers Hookscope writes (always HTTP/1.1, always with a Content-Length).
class HttpAnswer
{
public:
    static QByteArray reasonPhrase(int status);
    static QByteArray build(
        int status, const QByteArray& jsonBody, bool close, bool keepAliveHeader = false, bool headOnly = false);
    /// {"ok":true,"id":N}
    static QByteArray stored(qint64 id, bool close, bool keepAliveHeader, bool headOnly);
    /// A scripted answer for stored event @p id: its status, its headers, and its body, or
    /// Hookscope's own for the status when it has none. 1xx-less: 204 and 304 go without a body.
    static QByteArray scripted(
        const struct ScriptedAnswer& answer, qint64 id, bool close, bool keepAliveHeader, bool headOnly);
    /// {"ok":false,"error":"..."} with Connection: close
    static QByteArray error(int status, const QByteArray& reason);
    static QByteArray continueLine() { return QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n"); }
};
