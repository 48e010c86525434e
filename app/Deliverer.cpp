#include "Deliverer.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace {

qint64 monotonicMs()
{
    static QElapsedTimer clock;
    if (!clock.isValid()) {
        clock.start();
    }
    return clock.elapsed();
}

/// @p headers with repeated names joined into one field (RFC 9110 5.3): QNetworkRequest keeps one
/// value per name.
QList<std::pair<QByteArray, QByteArray>> joined(const HttpHeaders& headers)
{
    QList<std::pair<QByteArray, QByteArray>> fields;
    for (const HttpHeader& h : headers) {
        auto same = std::find_if(fields.begin(), fields.end(),
            [&](const auto& field) { return field.first.compare(h.name, Qt::CaseInsensitive) == 0; });
        if (same == fields.end()) {
            fields.append({h.name, h.value});
        } else {
            same->second += ", " + h.value;
        }
    }
    return fields;
}

} // namespace

Deliverer::Deliverer(QObject* parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{
    // Each target is asked for exactly what the user sends: no cookies carried between resends.
    m_network->setCookieJar(nullptr);
}

Deliverer::~Deliverer()
{
    for (auto it = m_pending.keyBegin(); it != m_pending.keyEnd(); ++it) {
        (*it)->disconnect(this);
        (*it)->abort();
    }
}

quint64 Deliverer::send(const OutgoingRequest& request, qint64 eventId)
{
    QNetworkRequest r(request.url);
    r.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    r.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    r.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    r.setTransferTimeout(m_timeoutMs);
    for (const auto& [name, value] : joined(request.headers)) {
        r.setRawHeader(name, value);
    }
    Pending pending;
    pending.ticket = m_nextTicket++;
    pending.delivery.eventId = eventId;
    pending.delivery.target = request.url.toString();
    pending.delivery.method = request.method;
    pending.delivery.idempotencyKey = request.idempotencyKey;
    pending.delivery.sentAtMs = QDateTime::currentMSecsSinceEpoch();
    pending.startedMs = monotonicMs();
    QNetworkReply* reply = m_network->sendCustomRequest(r, request.method, request.body);
    m_pending.insert(reply, pending);
    connect(reply, &QNetworkReply::readyRead, this, [this, reply] { readSome(reply); });
    connect(reply, &QNetworkReply::finished, this, [this, reply] { complete(reply); });
    return pending.ticket;
}

void Deliverer::cancelAll()
{
    const QList<QNetworkReply*> replies = m_pending.keys();
    for (QNetworkReply* reply : replies) {
        reply->abort(); // finished() follows, synchronously, with OperationCanceledError
    }
}

void Deliverer::readSome(QNetworkReply* reply)
{
    const auto it = m_pending.find(reply);
    if (it == m_pending.end() || !reply->isOpen()) { // an aborted reply is closed
        return;
    }
    Delivery& d = it->delivery;
    const qsizetype room = Delivery::MaxResponseBody - d.responseBody.size();
    if (room > 0) {
        d.responseBody += reply->read(room);
    }
    // The rest is read and dropped: a huge answer must not grow memory, nor stall the connection.
    while (reply->bytesAvailable() > 0) {
        d.responseTruncated = !reply->read(64 * 1024).isEmpty() || d.responseTruncated;
    }
}

void Deliverer::complete(QNetworkReply* reply)
{
    readSome(reply);
    Pending pending = m_pending.take(reply);
    Delivery& d = pending.delivery;
    d.latencyMs = monotonicMs() - pending.startedMs;
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    d.status = status.isValid() ? status.toInt() : 0;
    d.reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray();
    for (const auto& [name, value] : reply->rawHeaderPairs()) {
        d.responseHeaders.append({name, value});
    }
    if (d.status == 0) {
        d.error = reply->error() == QNetworkReply::OperationCanceledError ? tr("cancelled") : reply->errorString();
    }
    reply->deleteLater();
    emit finished(pending.ticket, d);
}
