#include "Catalog.h"
#include "Envelope.h"
#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

namespace {

const QByteArray exampleKey = "26053e97-f78a-4d25-a519-4eed22ba5c41";

/// The provider's example with the member called @p name set to @p value.
QByteArray with(const char* name, const QJsonValue& value)
{
    QJsonObject o = QJsonDocument::fromJson(providerWebhook()).object();
    o.insert(QLatin1String(name), value);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

/// The provider's example without the member called @p name.
QByteArray without(const char* name)
{
    QJsonObject o = QJsonDocument::fromJson(providerWebhook()).object();
    o.remove(QLatin1String(name));
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QStringList texts(std::initializer_list<const char*> list)
{
    QStringList out;
    for (const char* s : list) {
        out.append(QString::fromUtf8(s));
    }
    return out;
}

} // namespace

class TestEnvelope : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void providerExample();
    void catalogEvents_data();
    void catalogEvents();
    void problems_data();
    void problems();
    void resourceId_data();
    void resourceId();
    void isUuid_data();
    void isUuid();
};

void TestEnvelope::initTestCase()
{
    QCOMPARE(Catalog::builtIn().eventCount(), 77); // catalogEvents_data makes one row per event
}

void TestEnvelope::providerExample()
{
    const Envelope e = Envelope::parse("POST", "application/json", providerWebhook(), Catalog::builtIn());
    QCOMPARE(e.problems, QStringList());
    QCOMPARE(e.event, QStringLiteral("business_loans.deleted"));
    QCOMPARE(e.channel, QStringLiteral("business_loans"));
    QCOMPARE(e.action, QStringLiteral("deleted"));
    QCOMPARE(e.environment, QStringLiteral("staging"));
    QCOMPARE(e.idempotencyKey, QString::fromLatin1(exampleKey));
    QCOMPARE(e.message, QStringLiteral("Business_Loan deleted successfully."));
}

void TestEnvelope::catalogEvents_data()
{
    QTest::addColumn<QString>("channel");
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("environment");
    int n = 0;
    for (const Catalog::Channel& c : Catalog::builtIn().channels()) {
        for (const QString& action : c.actions) {
            const QString event = c.channel + QLatin1Char('.') + action;
            // alternate the environments so both appear
            const QString environment = (n++ % 2 == 0) ? QStringLiteral("staging") : QStringLiteral("production");
            QTest::newRow(qPrintable(event)) << c.channel << action << environment;
        }
    }
}

void TestEnvelope::catalogEvents()
{
    QFETCH(QString, channel);
    QFETCH(QString, action);
    QFETCH(QString, environment);
    const QString event = channel + QLatin1Char('.') + action;
    const QByteArray key = newKey();
    const Envelope e = Envelope::parse(
        "POST", "application/json", providerWebhook(event.toUtf8(), key, environment.toUtf8()), Catalog::builtIn());
    QCOMPARE(e.problems, QStringList());
    QCOMPARE(e.event, event);
    QCOMPARE(e.channel, channel);
    QCOMPARE(e.action, action);
    QCOMPARE(e.environment, environment);
    QCOMPARE(e.idempotencyKey, QString::fromLatin1(key));
}

void TestEnvelope::problems_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QStringList>("problems");
    QTest::addColumn<QString>("channel");
    QTest::addColumn<QString>("action");

    const QByteArray json = "application/json";
    const QString loans = QStringLiteral("business_loans");
    const QString deleted = QStringLiteral("deleted");
    const QString none; // a null string: the field was not read

    QTest::newRow("provider example") << QByteArray("POST") << json << providerWebhook() << QStringList() << loans
                                      << deleted;
    QTest::newRow("content type with parameters") << QByteArray("POST") << QByteArray("Application/JSON; charset=utf-8")
                                                  << providerWebhook() << QStringList() << loans << deleted;
    QTest::newRow("extra fields are fine")
        << QByteArray("POST") << json << with("extra", QJsonArray {1, 2}) << QStringList() << loans << deleted;

    // the body as a whole
    QTest::newRow("body with a UTF-8 BOM")
        << QByteArray("POST") << json << "\xef\xbb\xbf" + providerWebhook() << QStringList() << loans << deleted;
    QTest::newRow("body not JSON") << QByteArray("POST") << json << QByteArray("{\"event\": ")
                                   << texts({"body is not JSON"}) << none << none;
    QTest::newRow("JSON array") << QByteArray("POST") << json << QByteArray("[" + providerWebhook() + "]")
                                << texts({"body is not a JSON object"}) << none << none;
    QTest::newRow("empty body") << QByteArray("POST") << json << QByteArray() << texts({"body is empty"}) << none
                                << none;
    QTest::newRow("empty body on GET") << QByteArray("GET") << QByteArray() << QByteArray()
                                       << texts({"method is not POST: GET", "body is empty"}) << none << none;
    QTest::newRow("empty object") << QByteArray("POST") << json << QByteArray("{}")
                                  << texts({"missing field: event", "missing field: message",
                                         "missing field: idempotency_key", "missing field: environment",
                                         "missing field: data"})
                                  << none << none;

    // each required field missing
    QTest::newRow("missing event") << QByteArray("POST") << json << without("event") << texts({"missing field: event"})
                                   << none << none;
    QTest::newRow("missing message") << QByteArray("POST") << json << without("message")
                                     << texts({"missing field: message"}) << loans << deleted;
    QTest::newRow("missing idempotency_key") << QByteArray("POST") << json << without("idempotency_key")
                                             << texts({"missing field: idempotency_key"}) << loans << deleted;
    QTest::newRow("missing environment") << QByteArray("POST") << json << without("environment")
                                         << texts({"missing field: environment"}) << loans << deleted;
    QTest::newRow("missing data") << QByteArray("POST") << json << without("data") << texts({"missing field: data"})
                                  << loans << deleted;

    // wrong types (later members replace the example's)
    QTest::newRow("event is a number") << QByteArray("POST") << json << with("event", 1)
                                       << texts({"event is not a string"}) << none << none;
    QTest::newRow("message is null") << QByteArray("POST") << json << with("message", QJsonValue::Null)
                                     << texts({"message is not a string"}) << loans << deleted;
    QTest::newRow("idempotency_key is an object")
        << QByteArray("POST") << json << with("idempotency_key", QJsonObject())
        << texts({"idempotency_key is not a string"}) << loans << deleted;
    QTest::newRow("environment is an array")
        << QByteArray("POST") << json << with("environment", QJsonArray {QStringLiteral("staging")})
        << texts({"environment is not a string"}) << loans << deleted;
    QTest::newRow("data is a string") << QByteArray("POST") << json << with("data", QStringLiteral("x"))
                                      << texts({"data is not an object"}) << loans << deleted;
    QTest::newRow("data is an array") << QByteArray("POST") << json << with("data", QJsonArray())
                                      << texts({"data is not an object"}) << loans << deleted;
    QTest::newRow("data is null") << QByteArray("POST") << json << with("data", QJsonValue::Null)
                                  << texts({"data is not an object"}) << loans << deleted;

    // the event against the catalog
    QTest::newRow("unknown channel") << QByteArray("POST") << json << providerWebhook("ledger.created")
                                     << texts({"unknown channel: ledger"}) << QStringLiteral("ledger")
                                     << QStringLiteral("created");
    QTest::newRow("action not offered") << QByteArray("POST") << json << providerWebhook("business.created")
                                        << texts({"channel business does not offer created (it offers updated)"})
                                        << QStringLiteral("business") << QStringLiteral("created");
    QTest::newRow("action not offered by a two-action channel")
        << QByteArray("POST") << json << providerWebhook("income_tax_payments.updated")
        << texts({"channel income_tax_payments does not offer updated (it offers created, deleted)"})
        << QStringLiteral("income_tax_payments") << QStringLiteral("updated");
    QTest::newRow("event without a dot") << QByteArray("POST") << json << providerWebhook("invoices")
                                         << texts({"event is not <channel>.<action>: invoices"}) << none << none;
    QTest::newRow("event with two dots") << QByteArray("POST") << json << providerWebhook("invoices.created.again")
                                         << texts({"event is not <channel>.<action>: invoices.created.again"}) << none
                                         << none;
    QTest::newRow("event without a channel") << QByteArray("POST") << json << providerWebhook(".created")
                                             << texts({"event is not <channel>.<action>: .created"}) << none << none;
    QTest::newRow("event without an action") << QByteArray("POST") << json << providerWebhook("invoices.")
                                             << texts({"event is not <channel>.<action>: invoices."}) << none << none;
    QTest::newRow("event in upper case") << QByteArray("POST") << json << providerWebhook("INVOICES.CREATED")
                                         << texts({"unknown channel: INVOICES"}) << QStringLiteral("INVOICES")
                                         << QStringLiteral("CREATED");

    // environment and key
    QTest::newRow("environment dev") << QByteArray("POST") << json
                                     << providerWebhook("business_loans.deleted", exampleKey, "dev")
                                     << texts({"environment is not staging or production: dev"}) << loans << deleted;
    QTest::newRow("environment capitalised")
        << QByteArray("POST") << json << providerWebhook("business_loans.deleted", exampleKey, "Production")
        << texts({"environment is not staging or production: Production"}) << loans << deleted;
    QTest::newRow("key not a UUID") << QByteArray("POST") << json << providerWebhook("business_loans.deleted", "abc")
                                    << texts({"idempotency_key is not a UUID"}) << loans << deleted;
    QTest::newRow("key in braces") << QByteArray("POST") << json
                                   << providerWebhook("business_loans.deleted", '{' + exampleKey + '}')
                                   << texts({"idempotency_key is not a UUID"}) << loans << deleted;
    QTest::newRow("key empty") << QByteArray("POST") << json << providerWebhook("business_loans.deleted", "")
                               << texts({"idempotency_key is not a UUID"}) << loans << deleted;

    // the request around the body
    QTest::newRow("PUT") << QByteArray("PUT") << json << providerWebhook() << texts({"method is not POST: PUT"})
                         << loans << deleted;
    QTest::newRow("lower-case post") << QByteArray("post") << json << providerWebhook()
                                     << texts({"method is not POST: post"}) << loans << deleted;
    QTest::newRow("text/plain with a JSON body") << QByteArray("POST") << QByteArray("text/plain") << providerWebhook()
                                                 << texts({"content type is not application/json"}) << loans << deleted;
    QTest::newRow("no content type") << QByteArray("POST") << QByteArray() << providerWebhook()
                                     << texts({"content type is not application/json"}) << loans << deleted;
    QTest::newRow("every problem at once")
        << QByteArray("GET") << QByteArray("text/plain")
        << QByteArray("{\"event\":\"business.created\",\"message\":7,\"idempotency_key\":\"nope\","
                      "\"environment\":\"dev\"}")
        << texts({"method is not POST: GET", "content type is not application/json", "message is not a string",
               "missing field: data", "channel business does not offer created (it offers updated)",
               "environment is not staging or production: dev", "idempotency_key is not a UUID"})
        << QStringLiteral("business") << QStringLiteral("created");
}

void TestEnvelope::problems()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(QStringList, problems);
    QFETCH(QString, channel);
    QFETCH(QString, action);

    const Envelope e = Envelope::parse(method, contentType, body, Catalog::builtIn());
    QCOMPARE(e.problems, problems);
    QCOMPARE(e.channel, channel);
    QCOMPARE(e.channel.isNull(), channel.isNull());
    QCOMPARE(e.action, action);
    QCOMPARE(e.action.isNull(), action.isNull());
}

void TestEnvelope::resourceId_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("resourceId"); // null: none

    const QByteArray head = R"({"event":"invoices.updated","message":"m","environment":"staging",)"
                            R"("idempotency_key":"26053e97-f78a-4d25-a519-4eed22ba5c41","data":)";
    QTest::newRow("integer") << head + R"({"id":1042}})" << QStringLiteral("1042");
    QTest::newRow("negative integer") << head + R"({"id":-7}})" << QStringLiteral("-7");
    QTest::newRow("2^53 - 1") << head + R"({"id":9007199254740991}})" << QStringLiteral("9007199254740991");
    QTest::newRow("2^53 (not exact in a double)") << head + R"({"id":9007199254740992}})" << QString();
    QTest::newRow("string") << head + R"({"id":"inv_01HZ"}})" << QStringLiteral("inv_01HZ");
    QTest::newRow("unicode string") << head + R"({"id":"caf\u00e9 \ud83d\ude00"}})"
                                    << QStringLiteral("caf\u00e9 \U0001F600");
    QTest::newRow("empty string") << head + R"({"id":""}})" << QStringLiteral("");
    QTest::newRow("fraction") << head + R"({"id":1.5}})" << QString();
    QTest::newRow("boolean") << head + R"({"id":true}})" << QString();
    QTest::newRow("null") << head + R"({"id":null}})" << QString();
    QTest::newRow("object") << head + R"({"id":{"n":1}}})" << QString();
    QTest::newRow("no id") << head + R"({"tag":"x"}})" << QString();
    QTest::newRow("data is an array") << head + R"([{"id":1}]})" << QString();
    QTest::newRow("nested id only") << head + R"({"customer":{"id":5}}})" << QString();
    QTest::newRow("no event, so no channel") << QByteArray(R"({"message":"m","data":{"id":3}})") << QString();
    QTest::newRow("malformed event, so no channel")
        << QByteArray(R"({"event":"invoices","data":{"id":3}})") << QString();
    QTest::newRow("unknown channel still has resources")
        << QByteArray(R"({"event":"business.created","data":{"id":3}})") << QStringLiteral("3");
}

void TestEnvelope::resourceId()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, resourceId);
    const Envelope e = Envelope::parse("POST", "application/json", body, Catalog::builtIn());
    QCOMPARE(e.resourceId.isNull(), resourceId.isNull());
    QCOMPARE(e.resourceId, resourceId);
}

void TestEnvelope::isUuid_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("uuid");
    QTest::newRow("provider example") << QString::fromLatin1(exampleKey) << true;
    QTest::newRow("upper case") << QString::fromLatin1(exampleKey.toUpper()) << true;
    QTest::newRow("nil UUID") << QStringLiteral("00000000-0000-0000-0000-000000000000") << true;
    QTest::newRow("in braces") << QStringLiteral("{26053e97-f78a-4d25-a519-4eed22ba5c41}") << false;
    QTest::newRow("without dashes") << QStringLiteral("26053e97f78a4d25a5194eed22ba5c41") << false;
    QTest::newRow("one digit short") << QStringLiteral("26053e97-f78a-4d25-a519-4eed22ba5c4") << false;
    QTest::newRow("not hex") << QStringLiteral("26053e97-f78a-4d25-a519-4eed22ba5c4g") << false;
    QTest::newRow("dashes in the wrong places") << QStringLiteral("26053e9-7f78a-4d25-a519-4eed22ba5c41") << false;
    QTest::newRow("empty") << QString() << false;
}

void TestEnvelope::isUuid()
{
    QFETCH(QString, key);
    QFETCH(bool, uuid);
    // QUuid::fromString answers a failure with the nil UUID, so isUuid() can't tell the nil UUID from garbage.
    QCOMPARE(Envelope::isUuid(key), uuid);
}

QTEST_GUILESS_MAIN(TestEnvelope)
#include "TestEnvelope.moc"
