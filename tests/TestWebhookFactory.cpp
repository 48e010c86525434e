#include "CaptureServer.h"
#include "Catalog.h"
#include "ChildRun.h"
#include "Envelope.h"
#include "EventStore.h"
#include "TestEventSender.h"
#include "TestSupport.h"
#include "WebhookFactory.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

Q_DECLARE_METATYPE(Delivery)

namespace {

QString binary()
{
    return QString::fromUtf8(HOOKSCOPE_BINARY);
}

QList<TestEventSender::ChannelEvent> everyCatalogEvent()
{
    QList<TestEventSender::ChannelEvent> events;
    for (const Catalog::Channel& c : Catalog::builtIn().channels()) {
        for (const QString& action : c.actions) {
            events.append({c.channel, action});
        }
    }
    return events;
}

} // namespace

/// The provider's side, simulated: WebhookFactory's webhooks, TestEventSender and `hookscope send`.
class TestWebhookFactory : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everyCatalogEventIsAValidWebhook_data();
    void everyCatalogEventIsAValidWebhook();
    void resourcesHaveAHistory();
    void sameSeedSameWebhooks();
    void checkRefusesWhatTheProviderWouldNotSend_data();
    void checkRefusesWhatTheProviderWouldNotSend();
    void senderDeliversEveryCatalogEventWithoutProblems();
    void senderRepeatsKeysLikeTheProvidersRetries();
    void commandSends();
    void commandRefuses_data();
    void commandRefuses();
};

void TestWebhookFactory::initTestCase()
{
    qRegisterMetaType<Delivery>();
    QCOMPARE(everyCatalogEvent().size(), 77);
}

void TestWebhookFactory::everyCatalogEventIsAValidWebhook_data()
{
    QTest::addColumn<QString>("channel");
    QTest::addColumn<QString>("action");
    for (const TestEventSender::ChannelEvent& e : everyCatalogEvent()) {
        QTest::addRow("%s.%s", qPrintable(e.channel), qPrintable(e.action)) << e.channel << e.action;
    }
}

void TestWebhookFactory::everyCatalogEventIsAValidWebhook()
{
    QFETCH(QString, channel);
    QFETCH(QString, action);
    QRandomGenerator64 random(42);
    WebhookFactory factory(Catalog::builtIn(), random, 7, 1795917180000);
    const int index = factory.channelIndex(channel);
    QVERIFY(index >= 0);
    const QByteArray key = factory.uuid();
    for (const QByteArray& environment : {QByteArray("staging"), QByteArray("production")}) {
        const QByteArray body = factory.webhook(index, action, environment, key, 1795917180000);
        const Envelope e = Envelope::parse("POST", "application/json", body, Catalog::builtIn());
        QVERIFY2(e.problems.isEmpty(),
            qPrintable(e.problems.join(QLatin1String("; ")) + QLatin1Char('\n') + QString::fromUtf8(body)));
        QCOMPARE(e.event, channel + QLatin1Char('.') + action);
        QCOMPARE(e.environment, QString::fromLatin1(environment));
        QCOMPARE(e.idempotencyKey, QString::fromLatin1(key));
        QVERIFY(!e.resourceId.isEmpty());
        // The provider's style: "<Model> <action> successfully."
        QVERIFY2(e.message.endsWith(QStringLiteral(" %1 successfully.").arg(action)), qPrintable(e.message));
        const QJsonObject data = QJsonDocument::fromJson(body).object().value(QLatin1String("data")).toObject();
        QVERIFY(data.contains(QLatin1String("created_at")));
    }
}

void TestWebhookFactory::resourcesHaveAHistory()
{
    QRandomGenerator64 random(3);
    WebhookFactory factory(Catalog::builtIn(), random, 3, 1795917180000, 500);
    const int invoices = factory.channelIndex(QStringLiteral("invoices"));
    const auto dataOf = [&](const QString& action) {
        const QByteArray body = factory.webhook(invoices, action, "staging", factory.uuid(), 1795917190000);
        return QJsonDocument::fromJson(body).object().value(QLatin1String("data")).toObject();
    };
    const QJsonObject created = dataOf(QStringLiteral("created"));
    QCOMPARE(created.value(QLatin1String("id")).toInteger(), 500);
    const QJsonObject updated = dataOf(QStringLiteral("updated"));
    QCOMPARE(updated.value(QLatin1String("id")).toInteger(), 500); // the only resource there is
    QCOMPARE(updated.value(QLatin1String("number")), created.value(QLatin1String("number")));
    const QJsonObject deleted = dataOf(QStringLiteral("deleted"));
    QCOMPARE(deleted.value(QLatin1String("id")).toInteger(), 500);
    // Deleted, it is gone: the next update is about a resource from before.
    QVERIFY(dataOf(QStringLiteral("updated")).value(QLatin1String("id")).toInteger() != 500);
}

void TestWebhookFactory::sameSeedSameWebhooks()
{
    QList<QByteArray> runs[2];
    for (QList<QByteArray>& run : runs) {
        QRandomGenerator64 random(11);
        WebhookFactory factory(Catalog::builtIn(), random, 11, 1795917180000);
        for (const TestEventSender::ChannelEvent& e : everyCatalogEvent()) {
            run.append(factory.webhook(factory.channelIndex(e.channel), e.action, "production", factory.uuid(), 1));
        }
    }
    QCOMPARE(runs[0], runs[1]);
}

void TestWebhookFactory::checkRefusesWhatTheProviderWouldNotSend_data()
{
    QTest::addColumn<QStringList>("events");
    QTest::addColumn<QByteArray>("environment");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("problem"); // empty: fine

    const QByteArray none;
    QTest::newRow("fine") << QStringList {QStringLiteral("invoices.created")} << QByteArray("staging") << none
                          << QString();
    QTest::newRow("ledgers alone") << QStringList {QStringLiteral("ledgers.created"), QStringLiteral("ledgers.deleted")}
                                   << QByteArray("production") << none << QString();
    QTest::newRow("unknown channel") << QStringList {QStringLiteral("refunds.created")} << QByteArray("staging") << none
                                     << QStringLiteral("the catalog has no channel 'refunds' (it has: business,");
    QTest::newRow("action not offered") << QStringList {QStringLiteral("business.created")} << QByteArray("staging")
                                        << none
                                        << QStringLiteral(
                                               "channel business does not offer 'created' (it offers: updated)");
    QTest::newRow("ledgers with another channel")
        << QStringList {QStringLiteral("ledgers.created"), QStringLiteral("journals.created")} << QByteArray("staging")
        << none << QStringLiteral("You cannot subscribe to the Ledger channel and other channels");
    QTest::newRow("unknown environment") << QStringList {QStringLiteral("invoices.created")} << QByteArray("dev")
                                         << none << QStringLiteral("environment 'dev' is not staging or production");
    QTest::newRow("data not an object") << QStringList {QStringLiteral("invoices.created")} << QByteArray("staging")
                                        << QByteArray("[1,2]") << QStringLiteral("the data is not a JSON object");
}

void TestWebhookFactory::checkRefusesWhatTheProviderWouldNotSend()
{
    QFETCH(QStringList, events);
    QFETCH(QByteArray, environment);
    QFETCH(QByteArray, data);
    QFETCH(QString, problem);
    TestEventSender::Plan plan;
    for (const QString& e : events) {
        plan.events.append({e.section(QLatin1Char('.'), 0, 0), e.section(QLatin1Char('.'), 1)});
    }
    plan.environment = environment;
    plan.data = data;
    const QString found = TestEventSender::check(plan);
    if (problem.isEmpty()) {
        QVERIFY2(found.isEmpty(), qPrintable(found));
    } else {
        QVERIFY2(found.contains(problem), qPrintable(found));
    }
}

void TestWebhookFactory::senderDeliversEveryCatalogEventWithoutProblems()
{
    TempHistory history;
    ServerConfig config;
    config.port = 0;
    CaptureServer server(config);
    QVERIFY2(server.start(history.path()), qPrintable(server.errorString()));
    TestEventSender::Plan plan;
    plan.target = QUrl(server.url());
    plan.events = everyCatalogEvent();
    plan.count = int(plan.events.size());
    plan.environment = "production";
    TestEventSender sender(plan);
    QSignalSpy finished(&sender, &TestEventSender::finished);
    QSignalSpy sent(&sender, &TestEventSender::sent);
    sender.start();
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.first().first().toInt(), 0);
    QCOMPARE(sent.size(), 77);

    EventStore store;
    QVERIFY(store.open(history.path(), EventStore::OpenMode::MustExist));
    QTRY_COMPARE(store.count(), 77);
    QSet<QString> seen;
    store.forEach([&](const StoredEvent& e) {
        if (!e.problems.isEmpty()) {
            qWarning("%s: %s", qPrintable(e.event), qPrintable(e.problems.join(QLatin1String("; "))));
        }
        seen.insert(e.event);
        return true;
    });
    QCOMPARE(seen.size(), 77);
    EventFilter withProblems;
    withProblems.problemsOnly = true;
    QCOMPARE(store.count(withProblems), 0);
}

void TestWebhookFactory::senderRepeatsKeysLikeTheProvidersRetries()
{
    TempHistory history;
    ServerConfig config;
    config.port = 0;
    CaptureServer server(config);
    QVERIFY2(server.start(history.path()), qPrintable(server.errorString()));
    TestEventSender::Plan plan;
    plan.target = QUrl(server.url());
    plan.events = {{QStringLiteral("invoices"), QStringLiteral("created")}};
    plan.count = 3;
    plan.copies = 3;
    plan.retryDelayMs = 50;
    plan.rate = 100;
    TestEventSender sender(plan);
    QSignalSpy finished(&sender, &TestEventSender::finished);
    sender.start();
    QVERIFY(finished.wait(30000));
    EventStore store;
    QVERIFY(store.open(history.path(), EventStore::OpenMode::MustExist));
    QTRY_COMPARE(store.count(), 9);
    EventFilter retries;
    retries.duplicatesOnly = true;
    QCOMPARE(store.count(retries), 6); // two retries of each of three keys
    QHash<QString, QList<QByteArray>> bodies;
    store.forEach([&](const StoredEvent& e) {
        bodies[e.idempotencyKey].append(e.body);
        return true;
    });
    QCOMPARE(bodies.size(), 3);
    for (const QList<QByteArray>& copies : std::as_const(bodies)) {
        QCOMPARE(copies.size(), 3);
        QCOMPARE(copies.at(1), copies.at(0)); // a retry, not a conflict
        QCOMPARE(copies.at(2), copies.at(0));
    }
}

void TestWebhookFactory::commandSends()
{
    TempHistory history;
    ServerConfig config;
    config.port = 0;
    CaptureServer server(config);
    QVERIFY2(server.start(history.path()), qPrintable(server.errorString()));
    QTemporaryDir home;
    QFile data(home.filePath(QStringLiteral("data.json")));
    QVERIFY(data.open(QIODevice::WriteOnly));
    data.write(R"({"id": 9001, "amount": "12.50", "currency": "GHS"})");
    data.close();
    const ChildRun r = ChildRun::run(binary(),
        {QStringLiteral("send"), QStringLiteral("--to"), server.url(), QStringLiteral("--channel"),
            QStringLiteral("sales"), QStringLiteral("--action"), QStringLiteral("updated"),
            QStringLiteral("--environment"), QStringLiteral("production"), QStringLiteral("--count"),
            QStringLiteral("2"), QStringLiteral("--data-file"), data.fileName()},
        home.path());
    QVERIFY2(r.finished && r.exitCode == 0, r.describe().constData());
    const QList<QByteArray> lines = r.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    for (const QByteArray& line : lines) {
        QVERIFY2(QRegularExpression(QStringLiteral("^sales\\.updated [0-9a-f-]{36} -> 200 OK in \\d+ ms$"))
                     .match(QString::fromUtf8(line))
                     .hasMatch(),
            line.constData());
    }
    EventStore store;
    QVERIFY(store.open(history.path(), EventStore::OpenMode::MustExist));
    QTRY_COMPARE(store.count(), 2);
    const StoredEvent e = store.event(1);
    QCOMPARE(e.event, QStringLiteral("sales.updated"));
    QCOMPARE(e.environment, QStringLiteral("production"));
    QCOMPARE(e.message, QStringLiteral("Sale updated successfully."));
    QCOMPARE(e.resourceId, QStringLiteral("9001"));
    QCOMPARE(e.problems, QStringList());
}

void TestWebhookFactory::commandRefuses_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");

    QTest::newRow("no channel") << QStringList() << QStringLiteral("--channel is needed");
    QTest::newRow("action not offered") << QStringList {QStringLiteral("--channel"),
        QStringLiteral("wallet_transactions"), QStringLiteral("--action"),
        QStringLiteral(
            "deleted")} << QStringLiteral("channel wallet_transactions does not offer 'deleted' (it offers: created)");
    QTest::newRow("unknown channel") << QStringList {QStringLiteral("--channel"), QStringLiteral("payouts")}
                                     << QStringLiteral("the catalog has no channel 'payouts'");
    QTest::newRow("ledgers and more") << QStringList {QStringLiteral("--channel"), QStringLiteral("invoices,ledgers")}
                                      << QStringLiteral("ledgers can't be sent together with other channels");
    QTest::newRow("bad count") << QStringList {QStringLiteral("--channel"), QStringLiteral("invoices"),
        QStringLiteral("--count"), QStringLiteral("0")}
                               << QStringLiteral("--count '0' is not a number");
    QTest::newRow("bad URL") << QStringList {QStringLiteral("--channel"), QStringLiteral("invoices"),
        QStringLiteral("--to"), QStringLiteral("localhost:8787")}
                             << QStringLiteral("is not an http:// or https:// URL");
    QTest::newRow("missing data file") << QStringList {QStringLiteral("--channel"), QStringLiteral("invoices"),
        QStringLiteral("--data-file"), QStringLiteral("/nonexistent/data.json")}
                                       << QStringLiteral("--data-file");
}

void TestWebhookFactory::commandRefuses()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QTemporaryDir home;
    const ChildRun r = ChildRun::run(binary(), QStringList {QStringLiteral("send")} + arguments, home.path());
    QVERIFY2(r.finished && r.exitCode == 2, r.describe().constData());
    QVERIFY(r.out.isEmpty());
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY2(r.err.contains(message.toUtf8()), r.describe().constData());
}

QTEST_GUILESS_MAIN(TestWebhookFactory)
#include "TestWebhookFactory.moc"
