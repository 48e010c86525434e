#include "StoredEvent.h"

#include "Envelope.h"

StoredEvent StoredEvent::fromCapture(CapturedRequest&& request, const Envelope& envelope, int responseStatus)
{
    StoredEvent e;
    e.receivedAtMs = request.receivedAtMs;
    e.path = request.path();
    e.contentType = request.header("content-type");
    e.method = std::move(request.method);
    e.target = std::move(request.target);
    e.httpVersion = std::move(request.httpVersion);
    e.remote = std::move(request.remote);
    e.headers = std::move(request.headers);
    e.body = std::move(request.body);
    e.event = envelope.event;
    e.channel = envelope.channel;
    e.action = envelope.action;
    e.environment = envelope.environment;
    e.idempotencyKey = envelope.idempotencyKey;
    e.message = envelope.message;
    e.resourceId = envelope.resourceId;
    e.problems = envelope.problems;
    e.responseStatus = responseStatus;
    return e;
}

QByteArray StoredEvent::encodeHeaders(const HttpHeaders& headers)
{
    QByteArray out;
    qsizetype size = 0;
    for (const HttpHeader& h : headers) {
        size += h.name.size() + h.value.size() + 4;
    }
    out.reserve(size);
    for (const HttpHeader& h : headers) {
        out.append(h.name).append(": ", 2).append(h.value).append("\r\n", 2);
    }
    return out;
}

HttpHeaders StoredEvent::decodeHeaders(const QByteArray& encoded)
{
    HttpHeaders headers;
    qsizetype from = 0;
    while (from < encoded.size()) {
        qsizetype end = encoded.indexOf("\r\n", from);
        if (end < 0) {
            end = encoded.size();
        }
        const qsizetype colon = encoded.indexOf(':', from);
        if (colon >= from && colon < end) {
            const qsizetype valueFrom = qMin(colon + 2, end);
            headers.append({encoded.mid(from, colon - from), encoded.mid(valueFrom, end - valueFrom)});
        }
        from = end + 2;
    }
    return headers;
}
