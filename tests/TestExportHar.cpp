#include "HarReader.h"
#include "HarWriter.h"
#include "StoredEvent.h"
#include "Version.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QtTest>

namespace {

StoredEvent makeEvent(const QByteArray& method, const QByteArray& target, const HttpHeaders& headers,
    const QByteArray& body, int status = 200)
{
    StoredEvent e;
    e.id = 7;
    e.receivedAtMs = 1795917180123;
    e.method = method;
    e.target = target;
    e.httpVersion = "HTTP/1.1";
    e.headers = headers;
    for (const HttpHeader& h : headers) {
        if (h.name.compare("content-type", Qt::CaseInsensitive) == 0 && e.contentType.isNull()) {
            e.contentType = h.value;
        }
    }
    e.body = body;
    e.responseStatus = status;
    return e;
}

QList<StoredEvent> sampleEvents()
{
    return {makeEvent("POST", "/webhook?a=1&b=x%20y+z&flag&=v&c=%E2%82%AC",
                {{"Host", "127.0.0.1:8787"}, {"Content-Type", "application/json"}}, "{\"event\":\"a.b\"}"),
        makeEvent("POST", "/bin", {{"Host", "h"}}, QByteArray("\xff\x00\xfe", 3)),
        makeEvent("GET", "/empty", {}, QByteArray(), 503)};
}

QJsonObject writeHar(const QList<StoredEvent>& events)
{
    QBuffer out;
    out.open(QIODevice::WriteOnly);
    HarWriter writer(out);
    bool ok = writer.begin();
    for (const StoredEvent& e : events) {
        ok = ok && writer.write(e);
    }
    ok = ok && writer.finish();
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(out.data(), &error);
    return ok && error.error == QJsonParseError::NoError ? doc.object() : QJsonObject();
}

bool hasType(const QJsonValue& v, const QString& type)
{
    return (type == QLatin1String("string") && v.isString()) || (type == QLatin1String("number") && v.isDouble())
        || (type == QLatin1String("object") && v.isObject()) || (type == QLatin1String("array") && v.isArray());
}

/// Checks @p path ("a.b[].c", "[]" for every element, a trailing "?" on a part for an optional
/// object) down from @p v; the problems found, empty when none.
QStringList check(const QJsonValue& v, QStringList parts, const QString& type, const QString& where)
{
    if (parts.isEmpty()) {
        return hasType(v, type) ? QStringList() : QStringList {where + QStringLiteral(" is not a ") + type};
    }
    QString part = parts.takeFirst();
    const bool optional = part.endsWith(QLatin1Char('?'));
    const bool each = part.endsWith(QLatin1String("[]"));
    part.remove(QLatin1Char('?')).remove(QLatin1String("[]"));
    const QJsonValue child = v.toObject().value(part);
    const QString here = where + QLatin1Char('.') + part;
    if (child.isUndefined()) {
        return optional ? QStringList() : QStringList {here + QStringLiteral(" is missing")};
    }
    if (!each) {
        return check(child, parts, type, here);
    }
    QStringList problems;
    const QJsonArray array = child.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        problems += check(array.at(i), parts, type, here + QStringLiteral("[%1]").arg(i));
    }
    return problems;
}

} // namespace

class TestExportHar : public QObject
{
    Q_OBJECT

private slots:
    void requiredFields_data();
    void requiredFields();
    void logAndEntries();
    void url_data();
    void url();
    void queryString();
    void bodies();
    void response();
    void readerTarget_data();
    void readerTarget();
    void readerHttpVersion_data();
    void readerHttpVersion();
};

void TestExportHar::requiredFields_data()
{
    // HAR 1.2 (W3C draft, "HTTP Archive (HAR) format"): every field it requires, with its type.
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("type");
    const char* const fields[][2] = {
        {"log", "object"},
        {"log.version", "string"},
        {"log.creator", "object"},
        {"log.creator.name", "string"},
        {"log.creator.version", "string"},
        {"log.entries", "array"},
        {"log.entries[].startedDateTime", "string"},
        {"log.entries[].time", "number"},
        {"log.entries[].request", "object"},
        {"log.entries[].request.method", "string"},
        {"log.entries[].request.url", "string"},
        {"log.entries[].request.httpVersion", "string"},
        {"log.entries[].request.cookies", "array"},
        {"log.entries[].request.headers", "array"},
        {"log.entries[].request.headers[].name", "string"},
        {"log.entries[].request.headers[].value", "string"},
        {"log.entries[].request.queryString", "array"},
        {"log.entries[].request.queryString[].name", "string"},
        {"log.entries[].request.queryString[].value", "string"},
        {"log.entries[].request.postData?.mimeType", "string"},
        {"log.entries[].request.postData?.text", "string"},
        {"log.entries[].request.headersSize", "number"},
        {"log.entries[].request.bodySize", "number"},
        {"log.entries[].response", "object"},
        {"log.entries[].response.status", "number"},
        {"log.entries[].response.statusText", "string"},
        {"log.entries[].response.httpVersion", "string"},
        {"log.entries[].response.cookies", "array"},
        {"log.entries[].response.headers", "array"},
        {"log.entries[].response.content", "object"},
        {"log.entries[].response.content.size", "number"},
        {"log.entries[].response.content.mimeType", "string"},
        {"log.entries[].response.redirectURL", "string"},
        {"log.entries[].response.headersSize", "number"},
        {"log.entries[].response.bodySize", "number"},
        {"log.entries[].cache", "object"},
        {"log.entries[].timings", "object"},
        {"log.entries[].timings.send", "number"},
        {"log.entries[].timings.wait", "number"},
        {"log.entries[].timings.receive", "number"},
    };
    for (const auto& f : fields) {
        QTest::newRow(f[0]) << QString::fromLatin1(f[0]) << QString::fromLatin1(f[1]);
    }
}

void TestExportHar::requiredFields()
{
    QFETCH(QString, path);
    QFETCH(QString, type);
    const QJsonObject har = writeHar(sampleEvents());
    QVERIFY(!har.isEmpty());
    const QStringList problems = check(har, path.split(QLatin1Char('.')), type, QStringLiteral("har"));
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1String("; "))));
}

void TestExportHar::logAndEntries()
{
    const QJsonObject log = writeHar(sampleEvents()).value(QLatin1String("log")).toObject();
    QCOMPARE(log.value(QLatin1String("version")).toString(), QStringLiteral("1.2"));
    QCOMPARE(log.value(QLatin1String("creator")).toObject().value(QLatin1String("name")).toString(),
        QStringLiteral("Hookscope"));
    QCOMPARE(log.value(QLatin1String("creator")).toObject().value(QLatin1String("version")).toString(),
        QStringLiteral(HOOKSCOPE_VERSION));
    const QJsonArray entries = log.value(QLatin1String("entries")).toArray();
    QCOMPARE(entries.size(), 3);
    // har-schema's pattern for startedDateTime (ISO 8601 with an offset or Z).
    static const QRegularExpression iso(QStringLiteral("^(\\d{4})(-)?(\\d\\d)(-)?(\\d\\d)(T)?(\\d\\d)(:)?(\\d\\d)(:)?("
                                                       "\\d\\d)(\\.\\d+)?(Z|([+-])(\\d\\d)(:)?(\\d\\d))$"));
    for (const QJsonValue& entry : entries) {
        const QJsonObject o = entry.toObject();
        QCOMPARE(o.value(QLatin1String("startedDateTime")).toString(), QStringLiteral("2026-11-29T01:53:00.123Z"));
        QVERIFY(iso.match(o.value(QLatin1String("startedDateTime")).toString()).hasMatch());
        QVERIFY(o.value(QLatin1String("time")).toDouble() >= 0);
        for (const char* t : {"send", "wait", "receive"}) {
            QVERIFY(o.value(QLatin1String("timings")).toObject().value(QLatin1String(t)).toDouble() >= 0);
        }
    }
    QCOMPARE(writeHar({}).value(QLatin1String("log")).toObject().value(QLatin1String("entries")).toArray().size(), 0);
}

void TestExportHar::url_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<HttpHeaders>("headers");
    QTest::addColumn<QString>("url");
    const HttpHeaders host {{"Host", "example.test:8787"}};
    QTest::newRow("origin-form") << QByteArray("/a/b?c=d") << host << "http://example.test:8787/a/b?c=d";
    QTest::newRow("no Host") << QByteArray("/a") << HttpHeaders() << "http://localhost/a";
    QTest::newRow("host header in another case") << QByteArray("/a") << HttpHeaders {{"hOsT", "h"}} << "http://h/a";
    QTest::newRow("a Host that can't be an authority")
        << QByteArray("/a") << HttpHeaders {{"Host", "bad host/x"}} << "http://localhost/a";
    QTest::newRow("IPv6 Host") << QByteArray("/a") << HttpHeaders {{"Host", "[::1]:80"}} << "http://[::1]:80/a";
    QTest::newRow("absolute-form") << QByteArray("http://other.test/p?q") << host << "http://other.test/p?q";
    QTest::newRow("absolute-form, IPv6, odd bytes")
        << QByteArray("http://[::1]:9/a b") << host << "http://[::1]:9/a%20b";
    QTest::newRow("asterisk") << QByteArray("*") << host << "http://example.test:8787/*";
    QTest::newRow("bytes that can't stand in a URL") << QByteArray(
        "/caf\xe9 x\"<>{}|^`\\") << host << "http://example.test:8787/caf%E9%20x%22%3C%3E%7B%7D%7C%5E%60%5C";
    QTest::newRow("percent-encodings kept, a bare % encoded")
        << QByteArray("/a%20b%zz%4") << host << "http://example.test:8787/a%20b%25zz%254";
    QTest::newRow("a second #") << QByteArray("/a#b#c") << host << "http://example.test:8787/a#b%23c";
}

void TestExportHar::url()
{
    QFETCH(QByteArray, target);
    QFETCH(HttpHeaders, headers);
    QFETCH(QString, url);
    QCOMPARE(HarWriter::url(makeEvent("POST", target, headers, {})), url);
}

void TestExportHar::queryString()
{
    const QJsonObject request = HarWriter::entry(sampleEvents().at(0)).value(QLatin1String("request")).toObject();
    QJsonArray expected;
    for (const auto& [name, value] : {std::pair {"a", "1"}, {"b", "x y z"}, {"flag", ""}, {"", "v"}, {"c", "\u20ac"}}) {
        expected.append(QJsonObject {
            {QStringLiteral("name"), QString::fromUtf8(name)}, {QStringLiteral("value"), QString::fromUtf8(value)}});
    }
    QCOMPARE(request.value(QLatin1String("queryString")).toArray(), expected);
    QCOMPARE(HarWriter::entry(makeEvent("POST", "/", {}, {}))
                 .value(QLatin1String("request"))
                 .toObject()
                 .value(QLatin1String("queryString"))
                 .toArray(),
        QJsonArray());
}

void TestExportHar::bodies()
{
    const QList<StoredEvent> events = sampleEvents();
    const auto request
        = [](const StoredEvent& e) { return HarWriter::entry(e).value(QLatin1String("request")).toObject(); };
    const QJsonObject text = request(events.at(0));
    QCOMPARE(text.value(QLatin1String("bodySize")).toInt(), events.at(0).body.size());
    QCOMPARE(text.value(QLatin1String("postData")).toObject(),
        QJsonObject({{QStringLiteral("mimeType"), QStringLiteral("application/json")},
            {QStringLiteral("text"), QStringLiteral("{\"event\":\"a.b\"}")}}));
    QVERIFY(!text.contains(QLatin1String("_content")));

    const QJsonObject binary = request(events.at(1));
    QCOMPARE(binary.value(QLatin1String("postData")).toObject(),
        QJsonObject({{QStringLiteral("mimeType"), QStringLiteral("application/octet-stream")},
            {QStringLiteral("text"), QStringLiteral("/wD+")}, {QStringLiteral("encoding"), QStringLiteral("base64")}}));
    QCOMPARE(binary.value(QLatin1String("_content")).toObject(),
        QJsonObject({{QStringLiteral("text"), QStringLiteral("/wD+")}, {QStringLiteral("size"), 3},
            {QStringLiteral("encoding"), QStringLiteral("base64")}}));

    const QJsonObject empty = request(events.at(2));
    QVERIFY(!empty.contains(QLatin1String("postData")));
    QCOMPARE(empty.value(QLatin1String("bodySize")).toInt(), 0);
}

void TestExportHar::response()
{
    const QList<StoredEvent> events = sampleEvents();
    const QJsonObject ok = HarWriter::entry(events.at(0)).value(QLatin1String("response")).toObject();
    QCOMPARE(ok.value(QLatin1String("status")).toInt(), 200);
    QCOMPARE(ok.value(QLatin1String("statusText")).toString(), QStringLiteral("OK"));
    const QJsonObject unavailable = HarWriter::entry(events.at(2)).value(QLatin1String("response")).toObject();
    QCOMPARE(unavailable.value(QLatin1String("status")).toInt(), 503);
    QCOMPARE(unavailable.value(QLatin1String("statusText")).toString(), QStringLiteral("Service Unavailable"));
    StoredEvent other = events.at(0);
    other.responseStatus = 299;
    QCOMPARE(HarWriter::entry(other)
                 .value(QLatin1String("response"))
                 .toObject()
                 .value(QLatin1String("statusText"))
                 .toString(),
        QString());
}

void TestExportHar::readerTarget_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QByteArray>("target");
    QTest::newRow("path and query") << "http://h:1/a/b?c=d" << QByteArray("/a/b?c=d");
    QTest::newRow("no path") << "https://h" << QByteArray("/");
    QTest::newRow("query, no path") << "http://h?x=1" << QByteArray("/?x=1");
    QTest::newRow("fragment dropped") << "http://h/a?b#frag" << QByteArray("/a?b");
    QTest::newRow("percent-encodings kept") << "http://h/a%20b?%7B" << QByteArray("/a%20b?%7B");
    QTest::newRow("a path only") << "/p?q" << QByteArray("/p?q");
    QTest::newRow("user info and port") << "http://u:p@h:8/x" << QByteArray("/x");
}

void TestExportHar::readerTarget()
{
    QFETCH(QString, url);
    QFETCH(QByteArray, target);
    QCOMPARE(HarReader::targetOf(url), target);
}

void TestExportHar::readerHttpVersion_data()
{
    QTest::addColumn<QString>("version");
    QTest::addColumn<QByteArray>("stored");
    QTest::newRow("HTTP/1.1") << "HTTP/1.1" << QByteArray("HTTP/1.1");
    QTest::newRow("lower case") << "http/1.0" << QByteArray("HTTP/1.0");
    QTest::newRow("h2") << "h2" << QByteArray("HTTP/2");
    QTest::newRow("h3") << "h3" << QByteArray("HTTP/3");
    QTest::newRow("HTTP/2.0") << "HTTP/2.0" << QByteArray("HTTP/2.0");
    QTest::newRow("empty") << "" << QByteArray("HTTP/1.1");
}

void TestExportHar::readerHttpVersion()
{
    QFETCH(QString, version);
    QFETCH(QByteArray, stored);
    QCOMPARE(HarReader::httpVersionOf(version), stored);
}

QTEST_GUILESS_MAIN(TestExportHar)
#include "TestExportHar.moc"
