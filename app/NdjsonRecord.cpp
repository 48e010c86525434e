#include "NdjsonRecord.h"

#include "StoredEvent.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringDecoder>

namespace {

QJsonValue textOrNull(const QString& s)
{
    return s.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

} // namespace

QString NdjsonRecord::utf8OrNull(const QByteArray& bytes)
{
    QStringDecoder decoder(
        QStringDecoder::Utf8, QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
    QString text = decoder.decode(bytes);
    if (decoder.hasError()) {
        return {};
    }
    if (text.isNull()) {
        text = QLatin1String("");
    }
    return text;
}

QString NdjsonRecord::bytesAsText(const QByteArray& bytes)
{
    const QString text = utf8OrNull(bytes);
    return text.isNull() ? QString::fromLatin1(bytes) : text;
}

QString NdjsonRecord::isoTime(qint64 msSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch, Qt::UTC).toString(Qt::ISODateWithMs);
}

QByteArray NdjsonRecord::line(const StoredEvent& e)
{
    QJsonArray headers;
    for (const HttpHeader& h : e.headers) {
        headers.append(QJsonArray {NdjsonRecord::bytesAsText(h.name), NdjsonRecord::bytesAsText(h.value)});
    }
    QJsonObject o;
    o.insert(QLatin1String("id"), e.id);
    o.insert(QLatin1String("received_at"), isoTime(e.receivedAtMs));
    o.insert(QLatin1String("method"), QString::fromLatin1(e.method));
    o.insert(QLatin1String("target"), NdjsonRecord::bytesAsText(e.target));
    o.insert(QLatin1String("path"), NdjsonRecord::bytesAsText(e.path));
    o.insert(QLatin1String("http_version"), QString::fromLatin1(e.httpVersion));
    o.insert(QLatin1String("remote"), e.remote);
    o.insert(QLatin1String("headers"), headers);
    const QString body = utf8OrNull(e.body);
    if (body.isNull()) {
        o.insert(QLatin1String("body_base64"), QString::fromLatin1(e.body.toBase64()));
    } else {
        o.insert(QLatin1String("body"), body);
    }
    o.insert(QLatin1String("body_size"), e.body.size());
    o.insert(QLatin1String("content_type"),
        e.contentType.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(NdjsonRecord::bytesAsText(e.contentType)));
    o.insert(QLatin1String("event"), textOrNull(e.event));
    o.insert(QLatin1String("channel"), textOrNull(e.channel));
    o.insert(QLatin1String("action"), textOrNull(e.action));
    o.insert(QLatin1String("environment"), textOrNull(e.environment));
    o.insert(QLatin1String("idempotency_key"), textOrNull(e.idempotencyKey));
    o.insert(QLatin1String("message"), textOrNull(e.message));
    o.insert(
        QLatin1String("duplicate_of"), e.duplicateOf > 0 ? QJsonValue(e.duplicateOf) : QJsonValue(QJsonValue::Null));
    o.insert(QLatin1String("problems"), QJsonArray::fromStringList(e.problems));
    o.insert(QLatin1String("response_status"), e.responseStatus);
    QByteArray out = QJsonDocument(o).toJson(QJsonDocument::Compact);
    // Qt 6.4's JSON reader drops a raw U+FEFF at the start of an unescaped string: write it
    // escaped, so a body that starts with a BOM reads back byte for byte (it can only be in a string).
    out.replace("\xef\xbb\xbf", "\\ufeff");
    out.append('\n');
    return out;
}
