#include "HttpAnswer.h"

#include "ResponseScript.h"

#include <QJsonDocument>
#include <QJsonObject>

QByteArray HttpAnswer::reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 304:
        return "Not Modified";
    case 307:
        return "Temporary Redirect";
    case 308:
        return "Permanent Redirect";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 409:
        return "Conflict";
    case 410:
        return "Gone";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 504:
        return "Gateway Timeout";
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

QByteArray HttpAnswer::scripted(
    const ScriptedAnswer& answer, qint64 id, bool close, bool keepAliveHeader, bool headOnly)
{
    const bool bodyless = answer.status == 204 || answer.status == 304;
    QByteArray body = answer.body;
    bool hasContentType = false;
    for (const HttpHeader& h : answer.headers) {
        hasContentType = hasContentType || h.name.compare("content-type", Qt::CaseInsensitive) == 0;
    }
    if (body.isEmpty() && !bodyless) {
        body = answer.status / 100 == 2 ? "{\"ok\":true,\"id\":" + QByteArray::number(id) + '}'
                                        : "{\"ok\":false,\"id\":" + QByteArray::number(id) + ",\"error\":\""
                + reasonPhrase(answer.status) + " (scripted; the event is stored)\"}";
        hasContentType = false;
    }
    QByteArray out;
    out.reserve(160 + body.size());
    out.append("HTTP/1.1 ").append(QByteArray::number(answer.status)).append(' ').append(reasonPhrase(answer.status));
    if (!hasContentType && !bodyless) {
        out.append("\r\nContent-Type: application/json");
    }
    for (const HttpHeader& h : answer.headers) {
        out.append("\r\n").append(h.name).append(": ").append(h.value);
    }
    if (!bodyless) {
        out.append("\r\nContent-Length: ").append(QByteArray::number(body.size()));
    }
    if (close) {
        out.append("\r\nConnection: close");
    } else if (keepAliveHeader) {
        out.append("\r\nConnection: keep-alive");
    }
    out.append("\r\n\r\n");
    if (!headOnly && !bodyless) {
        out.append(body);
    }
    return out;
}

QByteArray HttpAnswer::error(int status, const QByteArray& reason)
{
    const QJsonObject o {{QStringLiteral("ok"), false}, {QStringLiteral("error"), QString::fromUtf8(reason)}};
    return build(status, QJsonDocument(o).toJson(QJsonDocument::Compact), true);
}
