#include "HarWriter.h"

#include "HttpAnswer.h"
#include "NdjsonRecord.h"
#include "StoredEvent.h"
#include "Version.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QUrl>

#include <cstring>

namespace {

const QLatin1String Base64Encoding("base64");

bool isHexDigit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/// RFC 3986 2.2-2.3: the characters a URI may hold outside percent-encodings ('#' apart).
bool isUriChar(char c)
{
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return alnum || (c != '\0' && std::strchr("-._~!$&'()*+,;=:@/?", c));
}

/// @p bytes with every byte that can't stand in a URI (and is not in @p alsoAllowed) percent-encoded;
/// a '%' stays only where it starts a percent-encoding, and only the first '#' (the fragment) stays.
QByteArray uriSafe(const QByteArray& bytes, const char* alsoAllowed = "")
{
    QByteArray out;
    out.reserve(bytes.size());
    bool fragment = false;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char c = bytes.at(i);
        const bool encoding
            = c == '%' && i + 2 < bytes.size() && isHexDigit(bytes.at(i + 1)) && isHexDigit(bytes.at(i + 2));
        const bool firstHash = c == '#' && !fragment;
        if (isUriChar(c) || (c != '\0' && std::strchr(alsoAllowed, c)) || encoding || firstHash) {
            fragment = fragment || firstHash;
            out.append(c);
        } else {
            out.append('%').append(
                QByteArray::number(static_cast<unsigned char>(c), 16).rightJustified(2, '0').toUpper());
        }
    }
    return out;
}

QByteArray firstHeader(const StoredEvent& e, const QByteArray& name)
{
    for (const HttpHeader& h : e.headers) {
        if (h.name.compare(name, Qt::CaseInsensitive) == 0) {
            return h.value;
        }
    }
    return {};
}

/// A Host value fit for a URL's authority (RFC 3986 3.2), else localhost.
QByteArray authority(const StoredEvent& e)
{
    const QByteArray host = firstHeader(e, "host").trimmed();
    for (const char c : host) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && !std::strchr("-._~!$&'()*+,;=:[]", c)) {
            return QByteArrayLiteral("localhost");
        }
    }
    return host.isEmpty() ? QByteArrayLiteral("localhost") : host;
}

QString decodeQueryPart(QByteArray part)
{
    part.replace('+', ' ');
    return QUrl::fromPercentEncoding(part);
}

/// The query of the request-target as HAR's name/value list, decoded like a browser's URLSearchParams.
QJsonArray queryString(const QByteArray& target)
{
    QJsonArray out;
    const qsizetype question = target.indexOf('?');
    if (question < 0) {
        return out;
    }
    QByteArray query = target.mid(question + 1);
    query.truncate(query.indexOf('#') < 0 ? query.size() : query.indexOf('#'));
    for (const QByteArray& pair : query.split('&')) {
        if (pair.isEmpty()) {
            continue;
        }
        const qsizetype equals = pair.indexOf('=');
        const QByteArray name = equals < 0 ? pair : pair.left(equals);
        const QByteArray value = equals < 0 ? QByteArray() : pair.mid(equals + 1);
        out.append(QJsonObject {
            {QStringLiteral("name"), decodeQueryPart(name)}, {QStringLiteral("value"), decodeQueryPart(value)}});
    }
    return out;
}

QJsonObject request(const StoredEvent& e)
{
    QJsonArray headers;
    for (const HttpHeader& h : e.headers) {
        headers.append(QJsonObject {{QStringLiteral("name"), NdjsonRecord::bytesAsText(h.name)},
            {QStringLiteral("value"), NdjsonRecord::bytesAsText(h.value)}});
    }
    QJsonObject r {
        {QStringLiteral("method"), QString::fromLatin1(e.method)},
        {QStringLiteral("url"), HarWriter::url(e)},
        {QStringLiteral("httpVersion"), QString::fromLatin1(e.httpVersion)},
        {QStringLiteral("cookies"), QJsonArray()},
        {QStringLiteral("headers"), headers},
        {QStringLiteral("queryString"), queryString(e.target)},
        {QStringLiteral("headersSize"), -1},
        {QStringLiteral("bodySize"), e.body.size()},
    };
    if (e.body.isEmpty()) {
        return r;
    }
    const QString mimeType = e.contentType.isNull() ? QStringLiteral("application/octet-stream")
                                                    : NdjsonRecord::bytesAsText(e.contentType);
    const QString text = NdjsonRecord::utf8OrNull(e.body);
    if (!text.isNull()) {
        r.insert(QStringLiteral("postData"),
            QJsonObject {{QStringLiteral("mimeType"), mimeType}, {QStringLiteral("text"), text}});
        return r;
    }
    // HAR 1.2 only encodes a response's content: the same "encoding" on postData, and HTTP Toolkit's
    // "_content" (which it reads binary request bodies from), carry a binary body whole.
    const QString base64 = QString::fromLatin1(e.body.toBase64());
    r.insert(QStringLiteral("postData"),
        QJsonObject {{QStringLiteral("mimeType"), mimeType}, {QStringLiteral("text"), base64},
            {QStringLiteral("encoding"), Base64Encoding}});
    r.insert(QStringLiteral("_content"),
        QJsonObject {{QStringLiteral("text"), base64}, {QStringLiteral("size"), e.body.size()},
            {QStringLiteral("encoding"), Base64Encoding}});
    return r;
}

QJsonObject response(const StoredEvent& e)
{
    const QByteArray reason = HttpAnswer::reasonPhrase(e.responseStatus);
    return {
        {QStringLiteral("status"), e.responseStatus},
        {QStringLiteral("statusText"), reason == "Unknown" ? QString() : QString::fromLatin1(reason)},
        {QStringLiteral("httpVersion"), QStringLiteral("HTTP/1.1")},
        {QStringLiteral("cookies"), QJsonArray()},
        {QStringLiteral("headers"), QJsonArray()},
        {QStringLiteral("content"),
            QJsonObject {{QStringLiteral("size"), 0}, {QStringLiteral("mimeType"), QStringLiteral("x-unknown")}}},
        {QStringLiteral("redirectURL"), QString()},
        {QStringLiteral("headersSize"), -1},
        {QStringLiteral("bodySize"), -1},
    };
}

} // namespace

QString HarWriter::url(const StoredEvent& e)
{
    const QByteArray& target = e.target;
    const QByteArray scheme = target.left(8).toLower();
    if (scheme.startsWith("http://") || scheme.startsWith("https://")) {
        // absolute-form: the authority as sent (IPv6 brackets and all), the rest made URI-safe.
        qsizetype end = target.indexOf("://") + 3;
        while (end < target.size() && !std::strchr("/?#", target.at(end))) {
            ++end;
        }
        return QString::fromLatin1(uriSafe(target.left(end), "[]") + uriSafe(target.mid(end)));
    }
    const QByteArray path = target.startsWith('/') ? target : "/" + target;
    return QString::fromLatin1("http://" + authority(e) + uriSafe(path));
}

QJsonObject HarWriter::entry(const StoredEvent& e)
{
    return {
        {QStringLiteral("startedDateTime"), NdjsonRecord::isoTime(e.receivedAtMs)},
        {QStringLiteral("time"), 0},
        {QStringLiteral("request"), request(e)},
        {QStringLiteral("response"), response(e)},
        {QStringLiteral("cache"), QJsonObject()},
        {QStringLiteral("timings"),
            QJsonObject {{QStringLiteral("send"), 0}, {QStringLiteral("wait"), 0}, {QStringLiteral("receive"), 0}}},
    };
}

bool HarWriter::begin()
{
    const QJsonObject creator {{QStringLiteral("name"), QStringLiteral("Hookscope")},
        {QStringLiteral("version"), QStringLiteral(HOOKSCOPE_VERSION)}};
    return put(m_out,
        "{\"log\":{\"version\":\"1.2\",\"creator\":" + NdjsonRecord::compact(creator) + ",\"pages\":[],\"entries\":[");
}

bool HarWriter::write(const StoredEvent& event)
{
    QByteArray out = m_first ? QByteArrayLiteral("\n") : QByteArrayLiteral(",\n");
    m_first = false;
    out.append(NdjsonRecord::compact(entry(event)));
    return put(m_out, out);
}

bool HarWriter::finish()
{
    return put(m_out, m_first ? QByteArrayLiteral("]}}\n") : QByteArrayLiteral("\n]}}\n"));
}
