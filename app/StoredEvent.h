#pragma once

#include "CapturedRequest.h"

#include <QStringList>

class Envelope;

/// One row of the history: the request as captured, what its envelope says, and how it was answered.
struct StoredEvent
{
    qint64 id = 0;
    qint64 receivedAtMs = 0;
    QByteArray method;
    QByteArray target;
    QByteArray path;
    QByteArray httpVersion;
    QString remote;
    HttpHeaders headers;
    QByteArray body;
    QByteArray contentType;
    QString event;
    QString channel;
    QString action;
    QString environment;
    QString idempotencyKey;
    QString message;
    QString resourceId; ///< see Envelope::resourceId
    qint64 duplicateOf = 0; ///< id of the first event with the same idempotency key, 0 when none
    QStringList problems;
    int responseStatus = 0;

    static StoredEvent fromCapture(CapturedRequest&& request, const Envelope& envelope, int responseStatus);

    /// Header fields as stored: "name: value\r\n" lines (names can't hold ':', values can't hold CR/LF).
    static QByteArray encodeHeaders(const HttpHeaders& headers);
    static HttpHeaders decodeHeaders(const QByteArray& encoded);
};
