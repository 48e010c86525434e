#include "CaptureServer.h"
#include "ChildRun.h"
#include "ChildServer.h"
#include "EventStore.h"
#include "RawHttpClient.h"
#include "ResponseScript.h"
#include "TestSupport.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <memory>

namespace {

QString binary()
{
    return QString::fromUtf8(HOOKSCOPE_BINARY);
}

} // namespace

/// Scripted answers seen on the wire by a real client, and what is stored with each event.
class TestScriptedAnswers : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void ruleIsChecked_data();
    void ruleIsChecked();
    void statusBodyAndHeaders();
    void noRulesAnswers200();
    void failFirstThenRetriesAreDuplicates();
    void failPercentFailsAbout();
    void delayHoldsTheAnswerNotTheStore();
    void pipelinedAnswersKeepTheirOrder();
    void perPathRules();
    void noContentAndHead();
    void rulesChangeWhileCapturing();
    void commandLineFlags();
    void commandLineRefusesBadFlags();

private:
    void startServer(const QList<ResponseRule>& rules);
    QList<StoredEvent> stored() const;

    std::unique_ptr<TempHistory> m_history;
    std::shared_ptr<ResponseScript> m_script;
    std::unique_ptr<CaptureServer> m_server;
};

void TestScriptedAnswers::init()
{
    m_history = std::make_unique<TempHistory>();
}

void TestScriptedAnswers::cleanup()
{
    m_server.reset();
    m_history.reset();
}

void TestScriptedAnswers::startServer(const QList<ResponseRule>& rules)
{
    ServerConfig config;
    config.port = 0;
    m_script = std::make_shared<ResponseScript>();
    m_script->setRules(rules);
    config.script = m_script;
    m_server = std::make_unique<CaptureServer>(config);
    QVERIFY2(m_server->start(m_history->path()), qPrintable(m_server->errorString()));
}

QList<StoredEvent> TestScriptedAnswers::stored() const
{
    return storedEvents(m_history->path());
}

void TestScriptedAnswers::ruleIsChecked_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("failPercent");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<bool>("ok");

    QTest::newRow("fine") << 422 << 10 << QByteArray("X-A") << QByteArray("/hooks") << true;
    QTest::newRow("status 199") << 199 << 0 << QByteArray() << QByteArray() << false;
    QTest::newRow("status 600") << 600 << 0 << QByteArray() << QByteArray() << false;
    QTest::newRow("101 percent") << 200 << 101 << QByteArray() << QByteArray() << false;
    QTest::newRow("Content-Length") << 200 << 0 << QByteArray("content-length") << QByteArray() << false;
    QTest::newRow("Connection") << 200 << 0 << QByteArray("Connection") << QByteArray() << false;
    QTest::newRow("name with a colon") << 200 << 0 << QByteArray("X:Y") << QByteArray() << false;
    QTest::newRow("path without /") << 200 << 0 << QByteArray() << QByteArray("hooks") << false;
}

void TestScriptedAnswers::ruleIsChecked()
{
    QFETCH(int, status);
    QFETCH(int, failPercent);
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, path);
    QFETCH(bool, ok);
    ResponseRule rule;
    rule.status = status;
    rule.failPercent = failPercent;
    rule.pathPrefix = path;
    if (!header.isEmpty()) {
        rule.headers.append({header, "v"});
    }
    QCOMPARE(ResponseScript::check(rule).isEmpty(), ok);
}

void TestScriptedAnswers::statusBodyAndHeaders()
{
    ResponseRule rule;
    rule.status = 202;
    rule.body = "accepted, thanks";
    rule.headers = {{"Content-Type", "text/plain"}, {"X-Receiver", "hookscope-test"}};
    startServer({rule});
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server->port()));
    client.send(RawHttpClient::post(providerWebhook()));
    const RawHttpClient::Response r = client.readResponse();
    QCOMPARE(r.status, 202);
    QCOMPARE(r.body, QByteArray("accepted, thanks"));
    QCOMPARE(r.header("content-type"), QByteArray("text/plain"));
    QCOMPARE(r.header("x-receiver"), QByteArray("hookscope-test"));
    QCOMPARE(r.head.count("Content-Type"), 1);
    QTRY_COMPARE(stored().size(), 1);
    QCOMPARE(stored().first().responseStatus, 202);
}

void TestScriptedAnswers::noRulesAnswers200()
{
    startServer({});
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server->port()));
    client.send(RawHttpClient::post(providerWebhook()));
    const RawHttpClient::Response r = client.readResponse();
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, QByteArray("{\"ok\":true,\"id\":1}"));
}

void TestScriptedAnswers::failFirstThenRetriesAreDuplicates()
{
    ResponseRule rule;
    rule.failFirst = 2;
    rule.failStatus = 503;
    startServer({rule});
    // A sender that retries the same delivery until it gets a 2xx, as the provider does.
    const QByteArray body = providerWebhook("invoices.created", newKey());
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server->port()));
    QList<int> statuses;
    for (int attempt = 0; attempt < 5; ++attempt) {
        client.send(RawHttpClient::post(body));
        const RawHttpClient::Response r = client.readResponse();
        statuses.append(r.status);
        if (r.status == 200) {
            break;
        }
        QVERIFY(r.body.contains("scripted; the event is stored"));
    }
    QCOMPARE(statuses, (QList<int> {503, 503, 200}));
    QTRY_COMPARE(stored().size(), 3);
    const QList<StoredEvent> events = stored();
    QCOMPARE(events.at(0).responseStatus, 503);
    QCOMPARE(events.at(0).duplicateOf, 0);
    QCOMPARE(events.at(1).responseStatus, 503);
    QCOMPARE(events.at(1).duplicateOf, events.at(0).id);
    QCOMPARE(events.at(2).responseStatus, 200);
    QCOMPARE(events.at(2).duplicateOf, events.at(0).id);
}

void TestScriptedAnswers::failPercentFailsAbout()
{
    ResponseRule rule;
    rule.failPercent = 30;
    startServer({rule});
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server->port()));
    int failed = 0;
    const int requests = 400;
    for (int i = 0; i < requests; ++i) {
        client.send(RawHttpClient::post(providerWebhook("invoices.created", newKey())));
        const int status = client.readResponse().status;
        QVERIFY(status == 200 || status == 500);
        failed += status == 500 ? 1 : 0;
    }
    // 30% of 400 = 120; six standard deviations (~55) either way would be a broken draw.
    QVERIFY2(failed > 65 && failed < 175, qPrintable(QString::number(failed)));
    QTRY_COMPARE(stored().size(), requests);
}

void TestScriptedAnswers::delayHoldsTheAnswerNotTheStore()
{
    ResponseRule rule;
    rule.delayMs = 600;
    startServer({rule});
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server->port()));
    QElapsedTimer clock;
    clock.start();
    client.send(RawHttpClient::post(providerWebhook()));
    // Stored long before the answer leaves.
    QTRY_COMPARE_WITH_TIMEOUT(stored().size(), 1, 5000);
    const RawHttpClient::Response r = client.readResponse(10000);
    QCOMPARE(r.status, 200);
    QVERIFY2(clock.elapsed() >= 590, qPrintable(QString::number(clock.elapsed())));
}

void TestScriptedAnswers::pipelinedAnswersKeepTheirOrder()
{
    ResponseRule slow;
    slow.pathPrefix = "/slow";
    slow.delayMs = 400;
    slow.status = 201;
    startServer({slow});
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server->port()));
    client.send(RawHttpClient::post(providerWebhook(), "/slow") + RawHttpClient::post(providerWebhook(), "/fast"));
    const RawHttpClient::Response first = client.readResponse(10000);
    const RawHttpClient::Response second = client.readResponse(10000);
    QCOMPARE(first.status, 201);
    QCOMPARE(first.body, QByteArray("{\"ok\":true,\"id\":1}"));
    QCOMPARE(second.status, 200);
    QCOMPARE(second.body, QByteArray("{\"ok\":true,\"id\":2}"));
}

void TestScriptedAnswers::perPathRules()
{
    ResponseRule stripe;
    stripe.pathPrefix = "/stripe";
    stripe.status = 400;
    ResponseRule everything;
    everything.status = 204;
    startServer({stripe, everything});
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server->port()));
    client.send(RawHttpClient::post(providerWebhook(), "/stripe/events"));
    QCOMPARE(client.readResponse().status, 400);
    client.send(RawHttpClient::post(providerWebhook(), "/other"));
    QCOMPARE(client.readResponse().status, 204);
    QTRY_COMPARE(stored().size(), 2);
    QCOMPARE(stored().at(0).responseStatus, 400);
    QCOMPARE(stored().at(1).responseStatus, 204);
}

void TestScriptedAnswers::noContentAndHead()
{
    ResponseRule rule;
    rule.status = 204;
    rule.body = "ignored: 204 has no body";
    startServer({rule});
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server->port()));
    client.send(RawHttpClient::post(providerWebhook()));
    const RawHttpClient::Response r = client.readResponse();
    QCOMPARE(r.status, 204);
    QVERIFY(r.body.isEmpty());
    QVERIFY(!r.head.toLower().contains("content-length"));
    // The connection stays usable: the next answer is framed right.
    client.send("HEAD /x HTTP/1.1\r\nHost: h\r\n\r\n");
    const RawHttpClient::Response head = client.readResponse();
    QCOMPARE(head.status, 204);
    QVERIFY(head.body.isEmpty());
}

void TestScriptedAnswers::rulesChangeWhileCapturing()
{
    startServer({});
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server->port()));
    client.send(RawHttpClient::post(providerWebhook()));
    QCOMPARE(client.readResponse().status, 200);
    ResponseRule down;
    down.status = 503;
    m_script->setRules({down});
    client.send(RawHttpClient::post(providerWebhook()));
    QCOMPARE(client.readResponse().status, 503);
    m_script->setRules({});
    client.send(RawHttpClient::post(providerWebhook()));
    QCOMPARE(client.readResponse().status, 200);
}

void TestScriptedAnswers::commandLineFlags()
{
    QTemporaryDir home;
    ChildServer serve(home.path());
    QVERIFY(serve.start(binary(),
        {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--db"),
            m_history->path(), QStringLiteral("--fail-first"), QStringLiteral("1"), QStringLiteral("--fail-status"),
            QStringLiteral("429"), QStringLiteral("--respond-status"), QStringLiteral("201"),
            QStringLiteral("--respond-header"), QStringLiteral("Retry-After: 2"), QStringLiteral("--respond-body"),
            QStringLiteral("{\"received\":true}")}));
    QVERIFY2(serve.port() != 0, serve.firstLine().constData());
    RawHttpClient client;
    QVERIFY(client.connectTo(serve.port()));
    client.send(RawHttpClient::post(providerWebhook()));
    const RawHttpClient::Response failed = client.readResponse();
    QCOMPARE(failed.status, 429);
    QCOMPARE(failed.header("retry-after"), QByteArray("2"));
    client.send(RawHttpClient::post(providerWebhook()));
    const RawHttpClient::Response ok = client.readResponse();
    QCOMPARE(ok.status, 201);
    QCOMPARE(ok.body, QByteArray("{\"received\":true}"));
    QVERIFY(serve.stop(SIGTERM));
    QCOMPARE(serve.process().exitCode(), 0);
    QCOMPARE(stored().size(), 2);
    QCOMPARE(stored().at(0).responseStatus, 429);
}

void TestScriptedAnswers::commandLineRefusesBadFlags()
{
    QTemporaryDir home;
    for (const QStringList& flags : {QStringList {QStringLiteral("--respond-status"), QStringLiteral("99")},
             QStringList {QStringLiteral("--fail-percent"), QStringLiteral("x")},
             QStringList {QStringLiteral("--respond-header"), QStringLiteral("no colon")}}) {
        const ChildRun r = ChildRun::run(binary(),
            QStringList {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--db"),
                m_history->path()}
                + flags,
            home.path(), 10000);
        QVERIFY2(r.finished && r.exitCode == 2, r.describe().constData());
        QCOMPARE(r.err.count('\n'), 1);
    }
}

QTEST_GUILESS_MAIN(TestScriptedAnswers)
#include "TestScriptedAnswers.moc"
