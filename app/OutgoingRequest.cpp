#include "OutgoingRequest.h"

#include "ForwardedHeaders.h"
#include "StoredEvent.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QRegularExpression>
#include <QUuid>

OutgoingRequest OutgoingRequest::fromEvent(const StoredEvent& event, const QUrl& target, Key key)
{
    OutgoingRequest r;
    r.method = event.method;
    r.url = target;
    r.body = event.body;
    r.idempotencyKey = event.idempotencyKey;
    for (const HttpHeader& h : ForwardedHeaders::endToEnd(event.headers)) {
        // The sender asks for the encodings it can decode itself; the target's answer is shown and
        // stored as text, so the network layer negotiates (and decodes) its own.
        if (h.name.compare("accept-encoding", Qt::CaseInsensitive) != 0) {
            r.headers.append(h);
        }
    }
    if (key == Key::Fresh && !event.idempotencyKey.isEmpty()) {
        const QString fresh = QUuid::createUuid().toString(QUuid::WithoutBraces);
        if (replaceKey(r.body, event.idempotencyKey, fresh)) {
            r.idempotencyKey = fresh;
        }
    }
    return r;
}

bool OutgoingRequest::replaceKey(QByteArray& body, const QString& oldKey, const QString& newKey)
{
    // Text-level, not parse-and-serialise: QJsonDocument would reorder members and respell numbers,
    // and the target must receive the original bytes but for the key.
    const QRegularExpression member(
        QStringLiteral("(\"idempotency_key\"\\s*:\\s*\")%1\"").arg(QRegularExpression::escape(oldKey)));
    const QString text = QString::fromUtf8(body);
    const QRegularExpressionMatch match = member.match(text);
    if (!match.hasMatch() || text.toUtf8() != body) {
        return false;
    }
    const qsizetype start = match.capturedEnd(1);
    QString replaced = text;
    replaced.replace(start, oldKey.size(), newKey);
    body = replaced.toUtf8();
    return true;
}

void OutgoingRequest::applyAuth(const TargetAuth& auth)
{
    switch (auth.kind) {
    case TargetAuth::Kind::None:
        return;
    case TargetAuth::Kind::Bearer:
        setHeader(QByteArrayLiteral("Authorization"), "Bearer " + auth.secret);
        return;
    case TargetAuth::Kind::HmacSha256: {
        const QByteArray digest = QMessageAuthenticationCode::hash(body, auth.secret, QCryptographicHash::Sha256);
        setHeader(auth.headerName, auth.encoding == TargetAuth::Encoding::Hex ? digest.toHex() : digest.toBase64());
        return;
    }
    }
}

void OutgoingRequest::setHeader(const QByteArray& name, const QByteArray& value)
{
    headers.removeIf([&](const HttpHeader& h) { return h.name.compare(name, Qt::CaseInsensitive) == 0; });
    headers.append({name, value});
}

QByteArray OutgoingRequest::header(const QByteArray& name) const
{
    for (const HttpHeader& h : headers) {
        if (h.name.compare(name, Qt::CaseInsensitive) == 0) {
            return h.value;
        }
    }
    return {};
}
