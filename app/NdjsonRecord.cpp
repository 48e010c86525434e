#include "NdjsonRecord.h"

#include "FilterOptions.h"
#include "ImportedEvent.h"
#include "StoredEvent.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStringDecoder>

namespace {

QJsonValue textOrNull(const QString& s)
{
    return s.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

QString base64(const QByteArray& bytes)
{
    return QString::fromLatin1(bytes.toBase64());
}

/// Reads one record object into an ImportedEvent; each step returns false with m_error set.
class RecordReader
{
public:
    explicit RecordReader(const QJsonObject& o)
        : m_o(o)
    {
    }

    bool read(ImportedEvent* imported)
    {
        StoredEvent& e = imported->event;
        return readTime(&e.receivedAtMs) && readMethod(&e.method) && readTarget(&e.target)
            && readText("http_version", QStringLiteral("HTTP/1.1"), &e.httpVersion) && readRemote(&e.remote)
            && readHeaders(&e.headers) && readBody(&e.body) && readStatus(&e.responseStatus) && readEnvelope(imported);
    }

    QString error() const { return m_error; }

private:
    bool fail(const QString& error)
    {
        m_error = error;
        return false;
    }

    QJsonValue value(const char* key) const { return m_o.value(QLatin1String(key)); }
    bool has(const char* key) const { return m_o.contains(QLatin1String(key)); }

    bool readTime(qint64* ms)
    {
        const QJsonValue v = value("received_at");
        if (!v.isString()) {
            return fail(has("received_at") ? QStringLiteral("received_at is not a string")
                                           : QStringLiteral("missing received_at"));
        }
        if (!FilterOptions::parseTime(v.toString(), ms)) {
            return fail(QStringLiteral("received_at is not an ISO 8601 time: %1").arg(v.toString()));
        }
        return true;
    }

    bool readMethod(QByteArray* method)
    {
        const QJsonValue v = value("method");
        if (!v.isString()) {
            return fail(has("method") ? QStringLiteral("method is not a string") : QStringLiteral("missing method"));
        }
        *method = v.toString().toUtf8();
        return true;
    }

    /// A text field whose exact bytes may come as "<key>_base64" (written where the text is not UTF-8).
    bool readBytes(const char* key, QByteArray* bytes, bool* present)
    {
        const QByteArray rawKey = QByteArray(key) + "_base64";
        if (has(rawKey.constData())) {
            *present = true;
            return decodeBase64(value(rawKey.constData()), rawKey, bytes);
        }
        *present = has(key);
        const QJsonValue v = value(key);
        if (*present && !v.isString()) {
            return fail(QStringLiteral("%1 is not a string").arg(QLatin1String(key)));
        }
        *bytes = v.toString().toUtf8();
        return true;
    }

    bool decodeBase64(const QJsonValue& v, const QByteArray& key, QByteArray* bytes)
    {
        const auto decoded
            = QByteArray::fromBase64Encoding(v.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!v.isString() || !decoded) {
            return fail(QStringLiteral("%1 is not base64").arg(QLatin1String(key)));
        }
        *bytes = *decoded;
        return true;
    }

    bool readTarget(QByteArray* target)
    {
        bool present = false;
        if (!readBytes("target", target, &present)) {
            return false;
        }
        return present || fail(QStringLiteral("missing target"));
    }

    bool readText(const char* key, const QString& absent, QByteArray* text)
    {
        const QJsonValue v = value(key);
        if (has(key) && !v.isString()) {
            return fail(QStringLiteral("%1 is not a string").arg(QLatin1String(key)));
        }
        *text = (has(key) ? v.toString() : absent).toUtf8();
        return true;
    }

    bool readRemote(QString* remote)
    {
        const QJsonValue v = value("remote");
        if (!v.isString() && !v.isNull() && !v.isUndefined()) {
            return fail(QStringLiteral("remote is not a string"));
        }
        *remote = v.toString();
        return true;
    }

    bool readHeaders(HttpHeaders* headers)
    {
        const bool raw = has("headers_base64");
        const char* key = raw ? "headers_base64" : "headers";
        const QJsonValue v = value(key);
        if (v.isUndefined()) {
            return true;
        }
        const QJsonArray pairs = v.toArray();
        if (!v.isArray()) {
            return fail(QStringLiteral("%1 is not an array").arg(QLatin1String(key)));
        }
        for (qsizetype i = 0; i < pairs.size(); ++i) {
            const QJsonArray pair = pairs.at(i).toArray();
            if (pair.size() != 2 || !pair.at(0).isString() || !pair.at(1).isString()) {
                return fail(
                    QStringLiteral("%1[%2] is not a [name, value] pair of strings").arg(QLatin1String(key)).arg(i));
            }
            HttpHeader h;
            if (!raw) {
                h = {pair.at(0).toString().toUtf8(), pair.at(1).toString().toUtf8()};
            } else if (!decodeBase64(pair.at(0), "headers_base64 name", &h.name)
                || !decodeBase64(pair.at(1), "headers_base64 value", &h.value)) {
                return false;
            }
            headers->append(h);
        }
        return true;
    }

    bool readBody(QByteArray* body)
    {
        if (has("body") && has("body_base64")) {
            return fail(QStringLiteral("both body and body_base64"));
        }
        bool present = false;
        if (!readBytes("body", body, &present)) {
            return false;
        }
        const QJsonValue size = value("body_size");
        if (size.isUndefined() || size.isNull()) {
            return true;
        }
        if (!size.isDouble() || size.toInteger(-1) < 0) {
            return fail(QStringLiteral("body_size is not a byte count"));
        }
        if (size.toInteger() != body->size()) {
            return fail(
                QStringLiteral("body_size is %1 but the body has %2 bytes").arg(size.toInteger()).arg(body->size()));
        }
        return true;
    }

    bool readStatus(int* status)
    {
        const QJsonValue v = value("response_status");
        if (v.isUndefined() || v.isNull()) {
            return true;
        }
        const qint64 n = v.toInteger(-1);
        if (!v.isDouble() || n < 0 || n > 999) {
            return fail(QStringLiteral("response_status is not a status code"));
        }
        *status = static_cast<int>(n);
        return true;
    }

    bool readEnvelope(ImportedEvent* imported)
    {
        StoredEvent& e = imported->event;
        const struct
        {
            const char* key;
            QString* field;
            int flag;
        } fields[] = {
            {"event", &e.event, ImportedEvent::Event},
            {"channel", &e.channel, ImportedEvent::Channel},
            {"action", &e.action, ImportedEvent::Action},
            {"environment", &e.environment, ImportedEvent::Environment},
            {"idempotency_key", &e.idempotencyKey, ImportedEvent::IdempotencyKey},
            {"message", &e.message, ImportedEvent::Message},
        };
        for (const auto& f : fields) {
            if (!has(f.key)) {
                continue;
            }
            const QJsonValue v = value(f.key);
            if (!v.isString() && !v.isNull()) {
                return fail(QStringLiteral("%1 is not a string or null").arg(QLatin1String(f.key)));
            }
            *f.field = v.toString(QString());
            imported->carried |= f.flag;
        }
        if (has("problems")) {
            const QJsonValue v = value("problems");
            const QJsonArray problems = v.toArray();
            for (const QJsonValue& p : problems) {
                if (!p.isString()) {
                    return fail(QStringLiteral("problems is not an array of strings"));
                }
                e.problems.append(p.toString());
            }
            if (!v.isArray()) {
                return fail(QStringLiteral("problems is not an array of strings"));
            }
            imported->carried |= ImportedEvent::Problems;
        }
        return true;
    }

    const QJsonObject& m_o;
    QString m_error;
};

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

QJsonObject NdjsonRecord::object(const StoredEvent& e)
{
    QJsonArray headers;
    bool headersAreText = true;
    for (const HttpHeader& h : e.headers) {
        headers.append(QJsonArray {NdjsonRecord::bytesAsText(h.name), NdjsonRecord::bytesAsText(h.value)});
        headersAreText = headersAreText && !utf8OrNull(h.name).isNull() && !utf8OrNull(h.value).isNull();
    }
    QJsonObject o;
    o.insert(QLatin1String("id"), e.id);
    o.insert(QLatin1String("received_at"), isoTime(e.receivedAtMs));
    o.insert(QLatin1String("method"), QString::fromLatin1(e.method));
    o.insert(QLatin1String("target"), NdjsonRecord::bytesAsText(e.target));
    // Bytes that are not UTF-8 read as Latin-1 above, which another UTF-8 text could also produce:
    // the exact bytes travel beside them, so that an import gets them back.
    if (utf8OrNull(e.target).isNull()) {
        o.insert(QLatin1String("target_base64"), base64(e.target));
    }
    o.insert(QLatin1String("path"), NdjsonRecord::bytesAsText(e.path));
    o.insert(QLatin1String("http_version"), QString::fromLatin1(e.httpVersion));
    o.insert(QLatin1String("remote"), e.remote);
    o.insert(QLatin1String("headers"), headers);
    if (!headersAreText) {
        QJsonArray raw;
        for (const HttpHeader& h : e.headers) {
            raw.append(QJsonArray {base64(h.name), base64(h.value)});
        }
        o.insert(QLatin1String("headers_base64"), raw);
    }
    const QString body = utf8OrNull(e.body);
    if (body.isNull()) {
        o.insert(QLatin1String("body_base64"), base64(e.body));
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
    return o;
}

QByteArray NdjsonRecord::compact(const QJsonObject& object)
{
    QByteArray out = QJsonDocument(object).toJson(QJsonDocument::Compact);
    // Qt 6.4's JSON reader drops a raw U+FEFF at the start of an unescaped string: write it
    // escaped, so a body that starts with a BOM reads back byte for byte (it can only be in a string).
    out.replace("\xef\xbb\xbf", "\\ufeff");
    return out;
}

QByteArray NdjsonRecord::line(const StoredEvent& e)
{
    QByteArray out = compact(object(e));
    out.append('\n');
    return out;
}

bool NdjsonRecord::parse(const QByteArray& line, ImportedEvent* imported, QString* error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error
            = QStringLiteral("not valid JSON: %1 (column %2)").arg(parseError.errorString()).arg(parseError.offset + 1);
        return false;
    }
    if (!doc.isObject()) {
        *error = QStringLiteral("not a JSON object");
        return false;
    }
    *imported = ImportedEvent();
    const QJsonObject o = doc.object();
    RecordReader reader(o);
    if (!reader.read(imported)) {
        *error = reader.error();
        return false;
    }
    return true;
}
