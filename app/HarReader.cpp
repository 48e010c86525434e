#include "HarReader.h"

#include "FilterOptions.h"
#include "ImportedEvent.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace {

/// Decodes strict base64; false when @p text is not.
bool fromBase64(const QJsonValue& text, QByteArray* bytes)
{
    const auto decoded
        = QByteArray::fromBase64Encoding(text.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!text.isString() || !decoded) {
        return false;
    }
    *bytes = *decoded;
    return true;
}

bool fail(QString* error, const QString& why)
{
    *error = why;
    return false;
}

/// The headers, in order; HTTP/2's pseudo-headers are left out, and ":authority" becomes the Host
/// an HTTP/1.1 request would have carried when the entry has none.
HttpHeaders readHeaders(const QJsonArray& array, bool* ok)
{
    HttpHeaders headers;
    QByteArray authority;
    bool hasHost = false;
    *ok = true;
    for (const QJsonValue& v : array) {
        const QJsonObject h = v.toObject();
        if (!h.value(QLatin1String("name")).isString() || !h.value(QLatin1String("value")).isString()) {
            *ok = false;
            return {};
        }
        const QByteArray name = h.value(QLatin1String("name")).toString().toUtf8();
        const QByteArray value = h.value(QLatin1String("value")).toString().toUtf8();
        if (name.startsWith(':')) {
            authority = name == ":authority" ? value : authority;
            continue;
        }
        hasHost = hasHost || name.compare("host", Qt::CaseInsensitive) == 0;
        headers.append({name, value});
    }
    if (!hasHost && !authority.isEmpty()) {
        headers.prepend({QByteArrayLiteral("Host"), authority});
    }
    return headers;
}

/// The body: HTTP Toolkit's "_content" (binary bodies), else postData's text (base64 where its
/// "encoding" says so).
bool readBody(const QJsonObject& request, QByteArray* body, QString* error)
{
    const QJsonObject content = request.value(QLatin1String("_content")).toObject();
    if (content.contains(QLatin1String("text"))) {
        if (content.value(QLatin1String("encoding")).toString() != QLatin1String("base64")
            || !fromBase64(content.value(QLatin1String("text")), body)) {
            return fail(error, QStringLiteral("request._content is not base64"));
        }
        return true;
    }
    const QJsonValue postData = request.value(QLatin1String("postData"));
    if (postData.isUndefined() || postData.isNull()) {
        const qint64 size = request.value(QLatin1String("bodySize")).toInteger(0);
        return size <= 0 || fail(error, QStringLiteral("the body (%1 bytes) was left out of the HAR").arg(size));
    }
    const QJsonObject data = postData.toObject();
    const QJsonValue text = data.value(QLatin1String("text"));
    if (!text.isString()) {
        return data.value(QLatin1String("params")).toArray().isEmpty()
            || fail(error, QStringLiteral("postData has params but no text: the body can't be rebuilt"));
    }
    const QJsonValue encoding = data.value(QLatin1String("encoding"));
    if (encoding.isUndefined() || encoding.toString().isEmpty()) {
        *body = text.toString().toUtf8();
        return true;
    }
    if (encoding.toString() != QLatin1String("base64") || !fromBase64(text, body)) {
        return fail(error, QStringLiteral("postData is not base64 as its encoding says"));
    }
    return true;
}

} // namespace

bool HarReader::open(const QByteArray& document, QString* error, qint64* line)
{
    *line = 0;
    m_entries = {};
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(document, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const QByteArray before = document.left(parseError.offset);
        *line = before.count('\n') + 1;
        *error = QStringLiteral("not valid JSON: %1 (column %2)")
                     .arg(parseError.errorString())
                     .arg(parseError.offset - before.lastIndexOf('\n'));
        return false;
    }
    const QJsonValue entries = doc.object().value(QLatin1String("log")).toObject().value(QLatin1String("entries"));
    if (!entries.isArray()) {
        *error = QStringLiteral("not a HAR: no log.entries array");
        return false;
    }
    m_entries = entries.toArray();
    return true;
}

QByteArray HarReader::targetOf(const QString& url)
{
    QByteArray target = url.toUtf8();
    const qsizetype scheme = target.indexOf("://");
    if (!target.startsWith('/') && scheme > 0) {
        const qsizetype from = scheme + 3;
        qsizetype end = from;
        while (end < target.size() && target.at(end) != '/' && target.at(end) != '?' && target.at(end) != '#') {
            ++end;
        }
        target = target.mid(end);
        if (!target.startsWith('/')) {
            target.prepend('/');
        }
    }
    const qsizetype fragment = target.indexOf('#');
    return fragment < 0 ? target : target.left(fragment);
}

QByteArray HarReader::httpVersionOf(const QString& version)
{
    const QByteArray v = version.trimmed().toUpper().toUtf8();
    if (v.isEmpty()) {
        return QByteArrayLiteral("HTTP/1.1");
    }
    if (v == "H2" || v == "H3") {
        return "HTTP/" + v.mid(1);
    }
    return v;
}

bool HarReader::entry(qsizetype index, ImportedEvent* imported, QString* error) const
{
    *imported = ImportedEvent();
    StoredEvent& e = imported->event;
    const QJsonObject entry = m_entries.at(index).toObject();
    const QJsonValue started = entry.value(QLatin1String("startedDateTime"));
    if (!started.isString()) {
        return fail(error, QStringLiteral("missing startedDateTime"));
    }
    if (!FilterOptions::parseTime(started.toString(), &e.receivedAtMs)) {
        return fail(error, QStringLiteral("startedDateTime is not an ISO 8601 time: %1").arg(started.toString()));
    }
    const QJsonObject request = entry.value(QLatin1String("request")).toObject();
    const QJsonValue method = request.value(QLatin1String("method"));
    const QJsonValue url = request.value(QLatin1String("url"));
    if (!method.isString() || !url.isString()) {
        return fail(error, QStringLiteral("request has no method or url"));
    }
    e.method = method.toString().toUtf8();
    e.target = targetOf(url.toString());
    e.httpVersion = httpVersionOf(request.value(QLatin1String("httpVersion")).toString());
    bool headersOk = false;
    e.headers = readHeaders(request.value(QLatin1String("headers")).toArray(), &headersOk);
    if (!headersOk) {
        return fail(error, QStringLiteral("request.headers is not a list of name and value strings"));
    }
    if (!readBody(request, &e.body, error)) {
        return false;
    }
    const qint64 status = entry.value(QLatin1String("response")).toObject().value(QLatin1String("status")).toInteger(0);
    if (status < 0 || status > 999) {
        return fail(error, QStringLiteral("response.status is not a status code"));
    }
    e.responseStatus = static_cast<int>(status);
    return true;
}
