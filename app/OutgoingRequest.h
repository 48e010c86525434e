#pragma once

#include "CapturedRequest.h"
#include "TargetAuth.h"

#include <QUrl>

struct StoredEvent;

/**
 * @brief A stored event made ready to send again: method, target, the header fields that travel,
 * body, and optionally a fresh idempotency key and the target's auth.
 */
class OutgoingRequest
{
public:
    enum class Key { Keep, Fresh };

    /// @p event's method, travelling header fields (see ForwardedHeaders) and body, addressed to
    /// @p target. With Key::Fresh the envelope's idempotency_key is replaced by a new UUID in the
    /// body's own bytes (nothing else in the body changes); a body without one is sent as it is.
    static OutgoingRequest fromEvent(const StoredEvent& event, const QUrl& target, Key key);

    /// Replaces the string value of the first "idempotency_key" member holding @p oldKey in the
    /// JSON text @p body with @p newKey, leaving every other byte as it was; false when there is none.
    static bool replaceKey(QByteArray& body, const QString& oldKey, const QString& newKey);

    /// Signs the current body: "Authorization: Bearer ..." or the HMAC-SHA256 digest of the body in
    /// @p auth's header, replacing any field of that name. Call it after the last change to the body.
    void applyAuth(const TargetAuth& auth);
    /// Sets @p name to the one value @p value, dropping every other field of that name.
    void setHeader(const QByteArray& name, const QByteArray& value);
    /// The first value of @p name (case-insensitive), or a null array.
    QByteArray header(const QByteArray& name) const;

    QByteArray method;
    QUrl url;
    HttpHeaders headers;
    QByteArray body;
    QString idempotencyKey; ///< the key the request carries (null when it has none)
};
