#include "Catalog.h"
#include "Envelope.h"
#include "EventStore.h"
#include "ExportWriter.h"
#include "HistoryImporter.h"
#include "TestSupport.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QtTest>

namespace {

constexpr qint64 BaseTime = 1795917180123; // 2026-11-29T01:53:00.123Z

/// An event as the capture would store it: the envelope read from the body.
StoredEvent captured(const QByteArray& method, const QByteArray& target, const HttpHeaders& headers,
    const QByteArray& body, const QByteArray& version = "HTTP/1.1")
{
    CapturedRequest r;
    r.method = method;
    r.target = target;
    r.httpVersion = version;
    r.headers = headers;
    r.body = body;
    r.remote = QStringLiteral("192.0.2.7:4242");
    r.receivedAtMs = BaseTime;
    const Envelope envelope = Envelope::parse(r.method, r.header("content-type"), r.body, Catalog::builtIn());
    return StoredEvent::fromCapture(std::move(r), envelope, 200);
}

QByteArray bigBinary(qsizetype size)
{
    QByteArray out(size, Qt::Uninitialized);
    quint32 x = 2463534242u;
    for (qsizetype i = 0; i < size; ++i) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        out[i] = static_cast<char>(x & 0xff);
    }
    return out;
}

/// Every stored field but the id, one per line, so that a difference names its field.
QByteArrayList fields(const StoredEvent& e)
{
    const auto text = [](const QString& s) { return s.isNull() ? QByteArray("(null)") : s.toUtf8(); };
    QByteArrayList out {"received_at " + QByteArray::number(e.receivedAtMs), "method " + e.method,
        "target " + e.target.toHex(), "path " + e.path.toHex(), "http_version " + e.httpVersion,
        "remote " + e.remote.toUtf8(), "body_size " + QByteArray::number(e.body.size()),
        "body_sha256 " + QCryptographicHash::hash(e.body, QCryptographicHash::Sha256).toHex(),
        "content_type " + (e.contentType.isNull() ? QByteArray("(null)") : e.contentType.toHex()),
        "event " + text(e.event), "channel " + text(e.channel), "action " + text(e.action),
        "environment " + text(e.environment), "idempotency_key " + text(e.idempotencyKey), "message " + text(e.message),
        "resource_id " + text(e.resourceId), "problems " + e.problems.join(QLatin1Char('|')).toUtf8(),
        "response_status " + QByteArray::number(e.responseStatus)};
    for (const HttpHeader& h : e.headers) {
        out << "header " + h.name.toHex() + ": " + h.value.toHex();
    }
    return out;
}

/// What a HAR can carry of @p e: no client address, header bytes as text (Latin-1 where they are
/// not UTF-8, back as UTF-8), a URL whose path and query come back as an origin-form target.
StoredEvent harView(StoredEvent e, const QByteArray& target)
{
    e.remote = QString();
    for (HttpHeader& h : e.headers) {
        h.name = QString::fromUtf8(h.name).toUtf8() == h.name ? h.name : QString::fromLatin1(h.name).toUtf8();
        h.value = QString::fromUtf8(h.value).toUtf8() == h.value ? h.value : QString::fromLatin1(h.value).toUtf8();
    }
    e.target = target;
    e.path = CapturedRequest::pathOf(target);
    if (!e.contentType.isNull()) {
        e.contentType = QString::fromUtf8(e.contentType).toUtf8() == e.contentType
            ? e.contentType
            : QString::fromLatin1(e.contentType).toUtf8();
    }
    return e;
}

bool store(const QString& path, QList<StoredEvent>& events)
{
    EventStore s;
    if (!s.open(path) || !s.begin()) {
        return false;
    }
    for (StoredEvent& e : events) {
        if (!s.insert(e)) {
            return false;
        }
    }
    return s.commit();
}

QList<StoredEvent> readAll(const QString& path)
{
    QList<StoredEvent> out;
    EventStore s;
    if (s.open(path, EventStore::OpenMode::MustExist)) {
        s.forEach([&out](const StoredEvent& e) {
            out.append(e);
            return true;
        });
    }
    return out;
}

QByteArray exportAll(const QString& path, ExportWriter::Format format)
{
    EventStore s;
    if (!s.open(path, EventStore::OpenMode::MustExist)) {
        return {};
    }
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    const std::unique_ptr<ExportWriter> writer = ExportWriter::toDevice(format, buffer);
    QString error;
    if (ExportWriter::writeAll(s, EventFilter(), *writer, {}, &error) < 0) {
        qWarning() << error;
        return {};
    }
    return buffer.data();
}

struct ImportRun
{
    bool ok = false;
    qint64 imported = 0;
    QList<HistoryImporter::Refusal> refusals;
    QString error;
    HistoryImporter::Format format = HistoryImporter::Format::Ndjson;
};

ImportRun importInto(const QString& path, const QByteArray& data)
{
    ImportRun run;
    EventStore s;
    if (!s.open(path)) {
        run.error = s.errorString();
        return run;
    }
    QBuffer buffer;
    buffer.setData(data);
    buffer.open(QIODevice::ReadOnly);
    if (!HistoryImporter::detect(buffer, &run.format, &run.error)) {
        return run;
    }
    HistoryImporter importer(s, Catalog::builtIn());
    run.ok = importer.run(buffer, run.format, [&run](const HistoryImporter::Refusal& r) { run.refusals.append(r); });
    run.imported = importer.imported();
    run.error = importer.errorString();
    return run;
}

} // namespace

class TestImportRoundTrip : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
    void detect_data();
    void detect();
    void badLinesAreRefusedAndTheRestImported();
    void importAddsToAHistoryAndMarksRetries();
    void batchesCommitEveryEvent();
    void harFromABrowser();
    void brokenHarIsOneError();
};

void TestImportRoundTrip::roundTrip_data()
{
    QTest::addColumn<StoredEvent>("event");
    QTest::addColumn<QByteArray>("harTarget"); // the target a HAR brings back
    const HttpHeaders json {{"Host", "127.0.0.1:8787"}, {"Content-Type", "application/json"}};
    const auto row = [](const char* name, const StoredEvent& e, const QByteArray& harTarget = {}) {
        QTest::newRow(name) << e << (harTarget.isNull() ? e.target : harTarget);
    };
    row("provider envelope", captured("POST", "/webhook?source=provider", json, providerWebhook()));
    row("binary body",
        captured("POST", "/bin", {{"Content-Type", "application/octet-stream"}},
            QByteArray("\xff\x00\xfe\x80 binary \x00", 14)));
    row("NUL inside a UTF-8 body", captured("POST", "/nul", json, QByteArray("{\"a\":\"x\x00y\"}", 11)));
    row("body led by a BOM", captured("POST", "/bom", json, "\xef\xbb\xbf{\"event\":\"x.y\"}"));
    row("U+FFFF and U+10FFFF in the body", captured("POST", "/nonchar", json, "\xef\xbf\xbf \xf4\x8f\xbf\xbf"));
    row("overlong UTF-8 (binary)", captured("POST", "/overlong", json, "\xc0\xaf"));
    row("empty body, GET", captured("GET", "/health", {{"Host", "localhost"}}, QByteArray()));
    row("huge body, 5 MB binary",
        captured("POST", "/huge", {{"Content-Type", "application/octet-stream"}}, bigBinary(5 * 1024 * 1024)));
    row("huge body, 5 MB JSON text",
        captured("POST", "/huge-json", json,
            "{\"event\":\"invoices.created\",\"pad\":\"" + QByteArray(5 * 1024 * 1024, 'x') + "\"}"));
    row("non-UTF-8 header values",
        captured("POST", "/latin1",
            {{"Host", "h"}, {"X-Latin1", "caf\xe9"}, {"X-Bytes", "\x80\xff\x01"},
                {"Content-Type", "text/plain; x=\xe9"}},
            "body"));
    row("UTF-8 header value that reads like Latin-1", captured("POST", "/utf8", {{"X-Name", "caf\xc3\xa9"}}, "b"));
    row("repeated headers, in order and case",
        captured("POST", "/repeat",
            {{"X-Sig", "one"}, {"x-sig", "two"}, {"Accept", "a"}, {"X-SIG", "three"}, {"X-Empty", ""},
                {"X-Inner", "a  b\tc"}},
            "{}"));
    row("non-UTF-8 target", captured("POST", "/caf\xe9?q=\xff", json, "{}"), "/caf%E9?q=%FF");
    row("absolute-form target", captured("POST", "http://example.test:9/p?q=1", json, "{}"), "/p?q=1");
    row("HTTP/1.0 without Host", captured("POST", "/old", {}, "x", "HTTP/1.0"));
    row("PUT, percent-encoded query", captured("PUT", "/a%20b?x=%7B%7D&y", json, "[1,2]"));
    StoredEvent answered503 = captured("POST", "/503", json, "{}");
    answered503.responseStatus = 503;
    row("another answered status", answered503);
}

void TestImportRoundTrip::roundTrip()
{
    QFETCH(StoredEvent, event);
    QFETCH(QByteArray, harTarget);
    TempHistory dir;
    QList<StoredEvent> source {event};
    QVERIFY(store(dir.path(), source));
    const StoredEvent original = readAll(dir.path()).value(0);
    QVERIFY(original.id > 0);

    const QByteArray ndjson = exportAll(dir.path(), ExportWriter::Format::Ndjson);
    QVERIFY(!ndjson.isEmpty());
    const ImportRun fromNdjson = importInto(dir.path(QStringLiteral("ndjson.sqlite")), ndjson);
    QVERIFY2(fromNdjson.ok, qPrintable(fromNdjson.error));
    QCOMPARE(fromNdjson.format, HistoryImporter::Format::Ndjson);
    QCOMPARE(fromNdjson.refusals.size(), 0);
    QCOMPARE(fromNdjson.imported, 1);
    const StoredEvent viaNdjson = readAll(dir.path(QStringLiteral("ndjson.sqlite"))).value(0);
    QCOMPARE(fields(viaNdjson), fields(original));
    QVERIFY(viaNdjson.body == original.body); // byte for byte, NULs included
    // An export of the imported history is the same file.
    QCOMPARE(exportAll(dir.path(QStringLiteral("ndjson.sqlite")), ExportWriter::Format::Ndjson), ndjson);

    const QByteArray har = exportAll(dir.path(), ExportWriter::Format::Har);
    const ImportRun fromHar = importInto(dir.path(QStringLiteral("har.sqlite")), har);
    QVERIFY2(fromHar.ok, qPrintable(fromHar.error));
    QCOMPARE(fromHar.format, HistoryImporter::Format::Har);
    QCOMPARE(fromHar.refusals.size(), 0);
    QCOMPARE(fromHar.imported, 1);
    const StoredEvent viaHar = readAll(dir.path(QStringLiteral("har.sqlite"))).value(0);
    QCOMPARE(fields(viaHar), fields(harView(original, harTarget)));
    QVERIFY(viaHar.body == original.body);
}

void TestImportRoundTrip::detect_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<int>("format");
    const int ndjson = int(HistoryImporter::Format::Ndjson);
    const int har = int(HistoryImporter::Format::Har);
    QTest::newRow("NDJSON record") << QByteArray("{\"id\":1,\"method\":\"POST\"}\n{\"id\":2}\n") << true << ndjson;
    QTest::newRow("NDJSON with a BOM and blank lines") << QByteArray("\xef\xbb\xbf\n\n{\"id\":1}\n") << true << ndjson;
    QTest::newRow("an empty export") << QByteArray() << true << ndjson;
    QTest::newRow("only blank lines") << QByteArray("\n \r\n") << true << ndjson;
    QTest::newRow("HAR, compact") << QByteArray("{\"log\":{\"version\":\"1.2\",\"entries\":[]}}") << true << har;
    QTest::newRow("HAR, indented") << QByteArray("{\n  \"log\": {\n    \"version\": \"1.2\",") << true << har;
    QTest::newRow("HAR, log not first, one line") << QByteArray("{\"_x\":1,\"log\":{\"entries\":[]}}\n") << true << har;
    QTest::newRow("a JSON array") << QByteArray("[\n{\"id\":1}\n]\n") << false << 0;
    QTest::newRow("CSV") << QByteArray("id,received_at\r\n1,2026\r\n") << false << 0;
    QTest::newRow("SQLite") << QByteArray("SQLite format 3\0", 16) << false << 0;
}

void TestImportRoundTrip::detect()
{
    QFETCH(QByteArray, head);
    QFETCH(bool, ok);
    QFETCH(int, format);
    QBuffer buffer;
    buffer.setData(head);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    HistoryImporter::Format detected = HistoryImporter::Format::Ndjson;
    QString error;
    QCOMPARE(HistoryImporter::detect(buffer, &detected, &error), ok);
    QCOMPARE(buffer.pos(), 0); // nothing consumed
    if (ok) {
        QCOMPARE(int(detected), format);
    } else {
        QVERIFY(!error.isEmpty());
    }
}

void TestImportRoundTrip::badLinesAreRefusedAndTheRestImported()
{
    TempHistory dir;
    QList<StoredEvent> source {captured("POST", "/a", {}, "one"), captured("POST", "/b", {}, "two")};
    QVERIFY(store(dir.path(), source));
    const QByteArrayList good = exportAll(dir.path(), ExportWriter::Format::Ndjson).split('\n');
    const QByteArray input = good.at(0) + "\n" // 1
        + "{\"broken\n" // 2
        + "\n" // 3: blank, skipped silently
        + "[1,2]\n" // 4
        + "{\"received_at\":\"2026-11-29T01:53:00.123Z\",\"method\":\"POST\"}\n" // 5: no target
        + "{\"received_at\":\"yesterday\",\"method\":\"POST\",\"target\":\"/\"}\r\n" // 6
        + "{\"received_at\":\"2026-11-29T01:53:00Z\",\"method\":\"PO ST\",\"target\":\"/\"}\n" // 7
        + good.at(1); // 8, without a final line end
    const ImportRun run = importInto(dir.path(QStringLiteral("into.sqlite")), input);
    QVERIFY2(run.ok, qPrintable(run.error));
    QCOMPARE(run.imported, 2);
    QList<qint64> lines;
    for (const HistoryImporter::Refusal& r : run.refusals) {
        lines.append(r.where);
        QVERIFY(!r.reason.isEmpty());
    }
    QCOMPARE(lines, QList<qint64>({2, 4, 5, 6, 7}));
    QVERIFY2(
        run.refusals.at(0).reason.startsWith(QLatin1String("not valid JSON")), qPrintable(run.refusals.at(0).reason));
    QCOMPARE(run.refusals.at(1).reason, QStringLiteral("not a JSON object"));
    QCOMPARE(run.refusals.at(2).reason, QStringLiteral("missing target"));
    QVERIFY(run.refusals.at(3).reason.contains(QLatin1String("yesterday")));
    QVERIFY(run.refusals.at(4).reason.startsWith(QLatin1String("method is not an HTTP token")));
    const QList<StoredEvent> imported = readAll(dir.path(QStringLiteral("into.sqlite")));
    QCOMPARE(imported.size(), 2);
    QCOMPARE(imported.at(0).body, QByteArray("one"));
    QCOMPARE(imported.at(1).body, QByteArray("two"));
}

void TestImportRoundTrip::importAddsToAHistoryAndMarksRetries()
{
    TempHistory dir;
    const QByteArray key = newKey();
    QList<StoredEvent> existing {
        captured("POST", "/x", {{"Content-Type", "application/json"}}, providerWebhook("invoices.created", key)),
        captured("POST", "/y", {}, "other")};
    QVERIFY(store(dir.path(), existing));
    const QList<StoredEvent> before = readAll(dir.path());
    const QByteArray exported = exportAll(dir.path(), ExportWriter::Format::Ndjson);

    // The history's own export, imported into it: new ids, retries of the first copies, old rows untouched.
    const ImportRun run = importInto(dir.path(), exported);
    QVERIFY2(run.ok, qPrintable(run.error));
    QCOMPARE(run.imported, 2);
    const QList<StoredEvent> after = readAll(dir.path());
    QCOMPARE(after.size(), 4);
    for (int i = 0; i < 2; ++i) {
        QCOMPARE(after.at(i).id, before.at(i).id);
        QCOMPARE(fields(after.at(i)), fields(before.at(i)));
        QCOMPARE(after.at(i).duplicateOf, before.at(i).duplicateOf);
    }
    QCOMPARE(after.at(2).id, 3);
    QCOMPARE(after.at(2).duplicateOf, 1); // the key was already there
    QCOMPARE(after.at(3).duplicateOf, 0); // no key, no retry
}

void TestImportRoundTrip::batchesCommitEveryEvent()
{
    TempHistory dir;
    QList<StoredEvent> many;
    const int count = HistoryImporter::BatchEvents * 2 + 7;
    for (int i = 0; i < count; ++i) {
        StoredEvent e = captured("POST", "/n", {}, QByteArray::number(i));
        e.receivedAtMs = BaseTime + i;
        many.append(e);
    }
    QVERIFY(store(dir.path(), many));
    const ImportRun run
        = importInto(dir.path(QStringLiteral("into.sqlite")), exportAll(dir.path(), ExportWriter::Format::Ndjson));
    QVERIFY2(run.ok, qPrintable(run.error));
    QCOMPARE(run.imported, count);
    const QList<StoredEvent> imported = readAll(dir.path(QStringLiteral("into.sqlite")));
    QCOMPARE(imported.size(), count);
    QCOMPARE(imported.constLast().body, QByteArray::number(count - 1));
    QCOMPARE(imported.constLast().receivedAtMs, BaseTime + count - 1);
}

void TestImportRoundTrip::harFromABrowser()
{
    // The shape Chrome writes for HTTP/2: pseudo-headers, "h2", a microsecond time, an offset.
    const QByteArray har = R"({"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},
"pages":[],"entries":[
{"startedDateTime":"2026-11-29T02:53:00.123456+01:00","time":12.5,"request":{"method":"POST",
"url":"https://api.example.test/hooks/in?x=1#frag","httpVersion":"h2","headers":[
{"name":":method","value":"POST"},{"name":":authority","value":"api.example.test"},
{"name":"content-type","value":"application/json"}],"queryString":[],"cookies":[],"headersSize":-1,
"bodySize":2,"postData":{"mimeType":"application/json","text":"{}"}},
"response":{"status":201,"statusText":"","httpVersion":"h2","headers":[],"cookies":[],
"content":{"size":0,"mimeType":"x-unknown"},"redirectURL":"","headersSize":-1,"bodySize":-1},
"cache":{},"timings":{"send":0,"wait":0,"receive":0}},
{"startedDateTime":"2026-11-29T01:53:01.000Z","request":{"method":"POST","url":"http://h/big",
"httpVersion":"HTTP/1.1","headers":[],"bodySize":100},"response":{"status":200}},
{"startedDateTime":"2026-11-29T01:53:02.000Z","request":{"method":"POST","url":"http://h/form",
"httpVersion":"HTTP/1.1","headers":[],"postData":{"mimeType":"multipart/form-data","params":[{"name":"a"}]}},
"response":{"status":200}},
{"startedDateTime":"2026-11-29T01:53:03.000Z","request":{"method":"POST","url":"http://h/bin",
"httpVersion":"HTTP/1.1","headers":[],"postData":{"mimeType":"x","text":"!!","encoding":"base64"}},
"response":{"status":200}},
{"request":{"method":"GET","url":"http://h/"}},
{"startedDateTime":"2026-11-29T01:53:04.000Z","request":{"method":"GET","url":"http://h/",
"httpVersion":"HTTP/1.1","headers":[{"name":"X-Bad","value":"a\r\nb"}]},"response":{"status":200}}
]}})";
    TempHistory dir;
    const ImportRun run = importInto(dir.path(), har);
    QVERIFY2(run.ok, qPrintable(run.error));
    QCOMPARE(run.format, HistoryImporter::Format::Har);
    QCOMPARE(run.imported, 1);
    QList<qint64> entries;
    for (const HistoryImporter::Refusal& r : run.refusals) {
        entries.append(r.where);
    }
    QCOMPARE(entries, QList<qint64>({2, 3, 4, 5, 6}));
    QVERIFY(run.refusals.at(0).reason.contains(QLatin1String("left out")));
    QVERIFY(run.refusals.at(1).reason.contains(QLatin1String("params")));
    QVERIFY(run.refusals.at(2).reason.contains(QLatin1String("base64")));
    QVERIFY(run.refusals.at(3).reason.contains(QLatin1String("startedDateTime")));
    QVERIFY(run.refusals.at(4).reason.contains(QLatin1String("CR, LF")));

    const StoredEvent e = readAll(dir.path()).value(0);
    QCOMPARE(e.receivedAtMs, BaseTime);
    QCOMPARE(e.method, QByteArray("POST"));
    QCOMPARE(e.target, QByteArray("/hooks/in?x=1"));
    QCOMPARE(e.path, QByteArray("/hooks/in"));
    QCOMPARE(e.httpVersion, QByteArray("HTTP/2"));
    QCOMPARE(flatten(e.headers), QByteArrayList({"Host", "api.example.test", "content-type", "application/json"}));
    QCOMPARE(e.contentType, QByteArray("application/json"));
    QCOMPARE(e.body, QByteArray("{}"));
    QCOMPARE(e.responseStatus, 201);
    QVERIFY(e.problems.contains(QStringLiteral("missing field: event")));
}

void TestImportRoundTrip::brokenHarIsOneError()
{
    TempHistory dir;
    const ImportRun run = importInto(dir.path(), "{\n  \"log\": {\n    \"entries\": [\n      {,\n");
    QVERIFY(!run.ok);
    QVERIFY2(run.error.startsWith(QLatin1String("line 4: not valid JSON")), qPrintable(run.error));
    QCOMPARE(run.imported, 0);
    const ImportRun noEntries = importInto(dir.path(), "{\"log\":{\"version\":\"1.2\"}}");
    QVERIFY(!noEntries.ok);
    QVERIFY2(noEntries.error.contains(QLatin1String("log.entries")), qPrintable(noEntries.error));
    QCOMPARE(readAll(dir.path()).size(), 0);
}

QTEST_GUILESS_MAIN(TestImportRoundTrip)
#include "TestImportRoundTrip.moc"
