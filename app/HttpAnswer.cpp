#include "HttpAnswer.h"

#include <QJsonDocument>
#include <QJsonObject>

QByteArray HttpAnswer::reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 408:
        return "Request Timeout";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 417:
        return "Expectation Failed";
    case 431:
        return "Request Header Fields Too Large";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Unknown";
    }
}

QByteArray HttpAnswer::build(int status, const QByteArray& jsonBody, bool close, bool keepAliveHeader, bool headOnly)
{
    QByteArray out;
    out.reserve(128 + jsonBody.size());
    out.append("HTTP/1.1 ").append(QByteArray::number(status)).append(' ').append(reasonPhrase(status));
    out.append("\r\nContent-Type: application/json\r\nContent-Length: ").append(QByteArray::number(jsonBody.size()));
    if (close) {
        out.append("\r\nConnection: close");
    } else if (keepAliveHeader) {
        out.append("\r\nConnection: keep-alive");
    }
    out.append("\r\n\r\n");
    if (!headOnly) {
        out.append(jsonBody);
    }
    return out;
}

QByteArray HttpAnswer::stored(qint64 id, bool close, bool keepAliveHeader, bool headOnly)
{
    const QByteArray body = "{\"ok\":true,\"id\":" + QByteArray::number(id) + '}';
    return build(200, body, close, keepAliveHeader, headOnly);
}

QByteArray HttpAnswer::error(int status, const QByteArray& reason)
{
    const QJsonObject o {{QStringLiteral("ok"), false}, {QStringLiteral("error"), QString::fromUtf8(reason)}};
    return build(status, QJsonDocument(o).toJson(QJsonDocument::Compact), true);
}
