#pragma once

#include "CapturedRequest.h"

#include <QString>

/// One attempt to send an event to a target, and what came back.
struct Delivery
{
    /// How much of the target's answer is kept: enough to read any error page, bounded for bulk resends.
    static constexpr qsizetype MaxResponseBody = 64 * 1024;

    qint64 id = 0; ///< in the history, 0 until stored
    qint64 eventId = 0; ///< the stored event that was sent (0 for one that was never stored)
    QString target; ///< the URL, as sent
    QByteArray method;
    QString idempotencyKey; ///< the key the request carried (a fresh one, or the event's)
    qint64 sentAtMs = 0; ///< UTC ms since the epoch
    qint64 latencyMs = 0; ///< from sending to the whole answer (or the error)
    int status = 0; ///< the answer's HTTP status; 0 when there was none
    QByteArray reason; ///< the answer's reason phrase, as the target wrote it
    HttpHeaders responseHeaders;
    QByteArray responseBody; ///< the first MaxResponseBody bytes of the answer's body
    bool responseTruncated = false; ///< the answer's body was longer
    QString error; ///< the network error in words; empty when an answer came

    /// An answer came and its status is 2xx.
    bool succeeded() const { return error.isEmpty() && status >= 200 && status < 300; }
    /// One line for the user: "#12 -> 200 OK in 35 ms", "#12 -> failed: Connection refused".
    QString outcome() const;
};
