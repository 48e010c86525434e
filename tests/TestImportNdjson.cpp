#include "Catalog.h"
#include "ImportedEvent.h"
#include "NdjsonRecord.h"
#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

namespace {

/// A valid record with @p change applied: keys set to its values, the value "(drop)" removes the key.
QByteArray record(const QJsonObject& change = {})
{
    QJsonObject o {
        {QStringLiteral("id"), 9},
        {QStringLiteral("received_at"), QStringLiteral("2026-11-29T01:53:00.123Z")},
        {QStringLiteral("method"), QStringLiteral("POST")},
        {QStringLiteral("target"), QStringLiteral("/webhook?a=1")},
        {QStringLiteral("path"), QStringLiteral("/ignored")},
        {QStringLiteral("http_version"), QStringLiteral("HTTP/1.1")},
        {QStringLiteral("remote"), QStringLiteral("192.0.2.7:4242")},
        {QStringLiteral("headers"),
            QJsonArray {QJsonArray {QStringLiteral("Content-Type"), QStringLiteral("text/plain")}}},
        {QStringLiteral("body"), QStringLiteral("hello")},
        {QStringLiteral("body_size"), 5},
        {QStringLiteral("response_status"), 200},
    };
    for (auto it = change.begin(); it != change.end(); ++it) {
        if (it.value() == QJsonValue(QStringLiteral("(drop)"))) {
            o.remove(it.key());
        } else {
            o.insert(it.key(), it.value());
        }
    }
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QString problemOf(const QByteArray& line)
{
    ImportedEvent imported;
    QString error;
    if (!NdjsonRecord::parse(line, &imported, &error)) {
        return error;
    }
    return imported.problem();
}

} // namespace

class TestImportNdjson : public QObject
{
    Q_OBJECT

private slots:
    void readsARecord();
    void defaultsForAbsentKeys();
    void refused_data();
    void refused();
    void envelopeFieldsCarriedOrRead_data();
    void envelopeFieldsCarriedOrRead();
    void exactBytesTravelBesideLossyText();
};

void TestImportNdjson::readsARecord()
{
    ImportedEvent imported;
    QString error;
    QVERIFY2(NdjsonRecord::parse(record(), &imported, &error), qPrintable(error));
    const StoredEvent& e = imported.event;
    QCOMPARE(e.receivedAtMs, 1795917180123);
    QCOMPARE(e.method, QByteArray("POST"));
    QCOMPARE(e.target, QByteArray("/webhook?a=1"));
    QCOMPARE(e.httpVersion, QByteArray("HTTP/1.1"));
    QCOMPARE(e.remote, QStringLiteral("192.0.2.7:4242"));
    QCOMPARE(flatten(e.headers), QByteArrayList({"Content-Type", "text/plain"}));
    QCOMPARE(e.body, QByteArray("hello"));
    QCOMPARE(e.responseStatus, 200);
    QCOMPARE(imported.carried, 0);
    QCOMPARE(imported.problem(), QString());
    imported.complete(Catalog::builtIn());
    QCOMPARE(e.path, QByteArray("/webhook")); // from the target, not the record's
    QCOMPARE(e.contentType, QByteArray("text/plain"));
    QCOMPARE(e.id, 0);
    QVERIFY(e.problems.contains(QStringLiteral("body is not JSON")));
}

void TestImportNdjson::defaultsForAbsentKeys()
{
    const QJsonValue drop(QStringLiteral("(drop)"));
    ImportedEvent imported;
    QString error;
    QVERIFY2(NdjsonRecord::parse(record({{QStringLiteral("http_version"), drop}, {QStringLiteral("remote"), drop},
                                     {QStringLiteral("headers"), drop}, {QStringLiteral("body"), drop},
                                     {QStringLiteral("body_size"), drop}, {QStringLiteral("response_status"), drop}}),
                 &imported, &error),
        qPrintable(error));
    QCOMPARE(imported.event.httpVersion, QByteArray("HTTP/1.1"));
    QCOMPARE(imported.event.remote, QString());
    QVERIFY(imported.event.headers.isEmpty());
    QVERIFY(imported.event.body.isEmpty());
    QCOMPARE(imported.event.responseStatus, 0);
}

void TestImportNdjson::refused_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("reason"); // the start of it
    const QJsonValue drop(QStringLiteral("(drop)"));
    const auto row = [](const char* name, const QByteArray& line, const char* reason) {
        QTest::newRow(name) << line << QString::fromUtf8(reason);
    };
    const auto with = [](const char* key, const QJsonValue& value) { return record({{QLatin1String(key), value}}); };
    row("not JSON", "{\"method\":", "not valid JSON");
    row("trailing garbage", record() + "x", "not valid JSON");
    row("an array", "[]", "not a JSON object");
    row("no received_at", with("received_at", drop), "missing received_at");
    row("received_at a number", with("received_at", 5), "received_at is not a string");
    row("received_at not a time", with("received_at", QStringLiteral("soon")), "received_at is not an ISO 8601 time");
    row("no method", with("method", drop), "missing method");
    row("method with a space", with("method", QStringLiteral("PO ST")), "method is not an HTTP token");
    row("empty method", with("method", QStringLiteral("")), "method is not an HTTP token");
    row("no target", with("target", drop), "missing target");
    row("empty target", with("target", QStringLiteral("")), "target is empty");
    row("target with a space", with("target", QStringLiteral("/a b")), "target holds a space");
    row("target with a control character", with("target", QStringLiteral("/a\u0001")), "target holds a space");
    row("target_base64 not base64", with("target_base64", QStringLiteral("!!")), "target_base64 is not base64");
    row("http_version wrong", with("http_version", QStringLiteral("HTTP/one")), "http_version is not HTTP/n.n");
    row("remote a number", with("remote", 7), "remote is not a string");
    row("headers an object", with("headers", QJsonObject()), "headers is not an array");
    row("header not a pair", with("headers", QJsonArray {QJsonArray {QStringLiteral("A")}}),
        "headers[0] is not a [name, value] pair");
    row("header value a number", with("headers", QJsonArray {QJsonArray {QStringLiteral("A"), 1}}),
        "headers[0] is not a [name, value] pair");
    row("header name with a colon",
        with("headers", QJsonArray {QJsonArray {QStringLiteral("A:B"), QStringLiteral("v")}}),
        "header 1: the name is not an HTTP token");
    row("header value with CR LF",
        with("headers",
            QJsonArray {QJsonArray {QStringLiteral("A"), QStringLiteral("v")},
                QJsonArray {QStringLiteral("B"), QStringLiteral("v\r\nX: y")}}),
        "header 2 (B): the value holds CR, LF or NUL");
    row("header value with NUL",
        with("headers", QJsonArray {QJsonArray {QStringLiteral("A"), QStringLiteral("a\u0000")}}),
        "header 1 (A): the value holds CR, LF or NUL");
    row("headers_base64 not base64",
        with("headers_base64", QJsonArray {QJsonArray {QStringLiteral("QQ=="), QStringLiteral("*")}}),
        "headers_base64 value is not base64");
    row("body and body_base64", with("body_base64", QStringLiteral("aGVsbG8=")), "both body and body_base64");
    row("body a number", with("body", 5), "body is not a string");
    row("body_base64 not base64",
        record({{QStringLiteral("body"), drop}, {QStringLiteral("body_base64"), QStringLiteral("a b")}}),
        "body_base64 is not base64");
    row("body_size wrong", with("body_size", 6), "body_size is 6 but the body has 5 bytes");
    row("body_size negative", with("body_size", -1), "body_size is not a byte count");
    row("response_status text", with("response_status", QStringLiteral("200")), "response_status is not a status code");
    row("response_status 1000", with("response_status", 1000), "response_status is not a status code");
    row("event a number", with("event", 1), "event is not a string or null");
    row("problems a string", with("problems", QStringLiteral("x")), "problems is not an array of strings");
    row("problems holding a number", with("problems", QJsonArray {1}), "problems is not an array of strings");
}

void TestImportNdjson::refused()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, reason);
    const QString got = problemOf(line);
    QVERIFY2(got.startsWith(reason), qPrintable(got));
}

void TestImportNdjson::envelopeFieldsCarriedOrRead_data()
{
    QTest::addColumn<QJsonObject>("change");
    QTest::addColumn<QString>("channel");
    QTest::addColumn<QString>("environment");
    QTest::addColumn<QStringList>("problems");
    QTest::addColumn<QString>("resourceId");
    const QString body = QString::fromUtf8(providerWebhook("invoices.created"));
    const QJsonObject json {{QStringLiteral("body"), body}, {QStringLiteral("body_size"), body.size()},
        {QStringLiteral("headers"),
            QJsonArray {QJsonArray {QStringLiteral("Content-Type"), QStringLiteral("application/json")}}}};
    QTest::newRow("none carried: read from the body") << json << "invoices"
                                                      << "staging" << QStringList() << "1";
    QJsonObject carried = json;
    carried.insert(QStringLiteral("channel"), QStringLiteral("old_channel"));
    carried.insert(QStringLiteral("environment"), QJsonValue(QJsonValue::Null));
    carried.insert(QStringLiteral("problems"), QJsonArray {QStringLiteral("as seen then")});
    QTest::newRow("carried, null included: kept as the record says")
        << carried << "old_channel" << QString() << QStringList {QStringLiteral("as seen then")} << QString();
}

void TestImportNdjson::envelopeFieldsCarriedOrRead()
{
    QFETCH(QJsonObject, change);
    QFETCH(QString, channel);
    QFETCH(QString, environment);
    QFETCH(QStringList, problems);
    QFETCH(QString, resourceId);
    ImportedEvent imported;
    QString error;
    QVERIFY2(NdjsonRecord::parse(record(change), &imported, &error), qPrintable(error));
    imported.complete(Catalog::builtIn());
    QCOMPARE(imported.event.channel, channel);
    QCOMPARE(imported.event.environment, environment);
    QCOMPARE(imported.event.environment.isNull(), environment.isNull());
    QCOMPARE(imported.event.problems, problems);
    QCOMPARE(imported.event.resourceId, resourceId);
    QCOMPARE(imported.event.event, QStringLiteral("invoices.created"));
}

void TestImportNdjson::exactBytesTravelBesideLossyText()
{
    StoredEvent e;
    e.method = "POST";
    e.target = "/ok";
    e.httpVersion = "HTTP/1.1";
    e.headers = {{"A", "text"}};
    QJsonObject o = QJsonDocument::fromJson(NdjsonRecord::line(e)).object();
    QVERIFY(!o.contains(QLatin1String("target_base64")));
    QVERIFY(!o.contains(QLatin1String("headers_base64")));

    e.target = "/caf\xe9";
    e.headers = {{"A", "text"}, {"B", "caf\xe9"}};
    o = QJsonDocument::fromJson(NdjsonRecord::line(e)).object();
    QCOMPARE(o.value(QLatin1String("target")).toString(), QStringLiteral("/caf\u00e9"));
    QCOMPARE(o.value(QLatin1String("target_base64")).toString(), QStringLiteral("L2NhZuk="));
    QCOMPARE(o.value(QLatin1String("headers")).toArray().at(1).toArray().at(1).toString(), QStringLiteral("caf\u00e9"));
    QCOMPARE(o.value(QLatin1String("headers_base64")).toArray(),
        QJsonArray({QJsonArray {QStringLiteral("QQ=="), QStringLiteral("dGV4dA==")},
            QJsonArray {QStringLiteral("Qg=="), QStringLiteral("Y2Fm6Q==")}}));
    ImportedEvent imported;
    QString error;
    QVERIFY(NdjsonRecord::parse(NdjsonRecord::line(e), &imported, &error));
    QCOMPARE(imported.event.target, e.target);
    QCOMPARE(flatten(imported.event.headers), flatten(e.headers));
}

QTEST_GUILESS_MAIN(TestImportNdjson)
#include "TestImportNdjson.moc"
