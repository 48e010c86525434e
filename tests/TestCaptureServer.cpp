#include "CaptureServer.h"
#include "EventStore.h"
#include "RawHttpClient.h"
#include "TestSupport.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QtTest>

#include <memory>
#include <sys/socket.h>
#include <vector>

namespace {

constexpr int AnswerMs = 5000; ///< longest wait for an answer that must come
constexpr qint64 MaxBody = 1024 * 1024; ///< the suite's --max-body

/// The id of a {"ok":true,"id":N} answer with status 200; 0 when the answer is anything else.
qint64 storedId(const RawHttpClient::Response& r)
{
    const QJsonObject o = QJsonDocument::fromJson(r.body).object();
    if (r.status != 200 || o.value(QStringLiteral("ok")) != QJsonValue(true)) {
        return 0;
    }
    return o.value(QStringLiteral("id")).toInteger();
}

/// A provider webhook POST carrying idempotency key @p key.
QByteArray webhook(const QByteArray& key, const QByteArray& extraHeaders = {})
{
    return RawHttpClient::post(providerWebhook("business_loans.deleted", key), "/webhook", extraHeaders);
}

/// Header fields as "name: value" lines, for readable comparisons.
QByteArrayList lines(const HttpHeaders& headers)
{
    QByteArrayList out;
    for (const HttpHeader& h : headers) {
        out.append(h.name + ": " + h.value);
    }
    return out;
}

/// A set of connected clients, each a blocking RawHttpClient (they are not copyable).
using Clients = std::vector<std::unique_ptr<RawHttpClient>>;

Clients connectClients(int count, quint16 port)
{
    Clients clients;
    for (int i = 0; i < count; ++i) {
        auto client = std::make_unique<RawHttpClient>();
        if (!client->connectTo(port)) {
            return {};
        }
        clients.push_back(std::move(client));
    }
    return clients;
}

} // namespace

class TestCaptureServer : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void storesAWebhookBeforeAnsweringIt();
    void keepsTheConnectionAlive();
    void answersPipelinedRequestsInOrder();
    void closesAfterTheAnswer_data();
    void closesAfterTheAnswer();
    void storesAChunkedBodyDecoded();
    void answers100ContinueBeforeTheBody();
    void refusesMalformedRequests_data();
    void refusesMalformedRequests();
    void dropsARequestCutOffMidBody();
    void answers408ToAStalledRequest_data();
    void answers408ToAStalledRequest();
    void timesHeadersFromTheRequestsFirstByte();
    void closesIdleConnections();
    void answers503OverTheConnectionCap();
    void answersOnlyAfterTheCommit();
    void storesEveryRequestOfConcurrentConnections();
    void stopStoresEveryAnsweredRequest();
    void refusesAPortInUse();
    void refusesADatabaseThatIsNotAHistory();
    void storesACustomMethod();
    void answers501ToAnOverlongMethod();

private:
    static ServerConfig defaultConfig();
    bool restartServer(const ServerConfig& config);
    QList<StoredEvent> storedEvents() const;
    QHash<qint64, QString> storedKeys() const;
    bool isStored(qint64 id) const;
    /// A new, good request gets 200 and is the only event in the history (the server stayed up).
    void goodRequestIsTheOnlyOneStored();

    std::unique_ptr<TempHistory> m_history;
    std::unique_ptr<CaptureServer> m_server;
};

ServerConfig TestCaptureServer::defaultConfig()
{
    ServerConfig config;
    config.port = 0;
    config.limits.maxBodyBytes = MaxBody;
    return config;
}

void TestCaptureServer::init()
{
    m_history = std::make_unique<TempHistory>();
    QVERIFY(m_history->isValid());
    QVERIFY2(restartServer(defaultConfig()), qPrintable(m_server->errorString()));
}

void TestCaptureServer::cleanup()
{
    m_server.reset();
    m_history.reset();
}

bool TestCaptureServer::restartServer(const ServerConfig& config)
{
    m_server.reset();
    m_server = std::make_unique<CaptureServer>(config);
    return m_server->start(m_history->path()) && m_server->port() != 0;
}

QList<StoredEvent> TestCaptureServer::storedEvents() const
{
    return ::storedEvents(m_history->path());
}

QHash<qint64, QString> TestCaptureServer::storedKeys() const
{
    QHash<qint64, QString> keys;
    for (const StoredEvent& e : storedEvents()) {
        keys.insert(e.id, e.idempotencyKey);
    }
    return keys;
}

bool TestCaptureServer::isStored(qint64 id) const
{
    EventStore store;
    bool found = false;
    const bool read = store.open(m_history->path(), EventStore::OpenMode::MustExist)
        && store.forEach(
            [&found, id](const StoredEvent& e) {
                found = e.id == id;
                return false;
            },
            id - 1);
    return read && found;
}

void TestCaptureServer::storesAWebhookBeforeAnsweringIt()
{
    const QByteArray key = newKey();
    const QByteArray body = providerWebhook("invoices.created", key, "production");
    const QByteArrayList fields
        = {"Host: 127.0.0.1", "User-Agent: provider-webhooks/2.1", "Content-Type: application/json",
            "X-Signature: t=1,v1=abc", "Content-Length: " + QByteArray::number(body.size()), "x-signature: second"};
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server->port()));
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    client.send("POST /hooks/provider?attempt=1 HTTP/1.1\r\n" + fields.join("\r\n") + "\r\n\r\n" + body);
    const RawHttpClient::Response r = client.readResponse(AnswerMs);
    const qint64 after = QDateTime::currentMSecsSinceEpoch();

    QCOMPARE(r.status, 200);
    QVERIFY2(r.head.startsWith("HTTP/1.1 200 OK\r\n"), r.head.constData());
    QCOMPARE(r.header("content-type"), QByteArray("application/json"));
    QVERIFY(r.header("connection").isNull()); // HTTP/1.1 stays open without saying so
    const qint64 id = storedId(r);
    QVERIFY2(id > 0, r.body.constData());
    QCOMPARE(r.body, "{\"ok\":true,\"id\":" + QByteArray::number(id) + '}');

    const QList<StoredEvent> events = storedEvents();
    QCOMPARE(events.size(), 1);
    const StoredEvent& e = events.constFirst();
    QCOMPARE(e.id, id);
    QCOMPARE(e.method, QByteArray("POST"));
    QCOMPARE(e.target, QByteArray("/hooks/provider?attempt=1"));
    QCOMPARE(e.path, QByteArray("/hooks/provider"));
    QCOMPARE(e.httpVersion, QByteArray("HTTP/1.1"));
    QCOMPARE(lines(e.headers), fields);
    QCOMPARE(e.body, body);
    QCOMPARE(e.contentType, QByteArray("application/json"));
    QCOMPARE(e.remote, QStringLiteral("127.0.0.1:%1").arg(client.socket().localPort()));
    QVERIFY2(e.receivedAtMs >= before && e.receivedAtMs <= after,
        qPrintable(QStringLiteral("%1 not in [%2, %3]").arg(e.receivedAtMs).arg(before).arg(after)));
    QCOMPARE(e.responseStatus, 200);
    QCOMPARE(e.event, QStringLiteral("invoices.created"));
    QCOMPARE(e.channel, QStringLiteral("invoices"));
    QCOMPARE(e.action, QStringLiteral("created"));
    QCOMPARE(e.environment, QStringLiteral("production"));
    QCOMPARE(e.idempotencyKey, QString::fromLatin1(key));
    QCOMPARE(e.resourceId, QStringLiteral("1"));
    QCOMPARE(e.problems, QStringList());
    QCOMPARE(client.socket().state(), QAbstractSocket::ConnectedState);
}

void TestCaptureServer::keepsTheConnectionAlive()
{
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server->port()));
    qint64 last = 0;
    for (int i = 0; i < 100; ++i) {
        client.send(webhook(newKey()));
        const RawHttpClient::Response r = client.readResponse(AnswerMs);
        QCOMPARE(r.status, 200);
        QVERIFY(r.header("connection").isNull());
        const qint64 id = storedId(r);
        QVERIFY2(id > last, qPrintable(QStringLiteral("request %1: id %2 after %3").arg(i).arg(id).arg(last)));
        last = id;
    }
    QCOMPARE(client.socket().state(), QAbstractSocket::ConnectedState);
    const QList<StoredEvent> events = storedEvents();
    QCOMPARE(events.size(), 100);
    const QString remote = QStringLiteral("127.0.0.1:%1").arg(client.socket().localPort());
    for (const StoredEvent& e : events) {
        QCOMPARE(e.remote, remote); // all on the one connection
    }
}

void TestCaptureServer::answersPipelinedRequestsInOrder()
{
    QByteArrayList keys;
    QByteArray all;
    for (int i = 0; i < 20; ++i) {
        keys.append(newKey());
        all += webhook(keys.constLast());
    }
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server->port()));
    client.send(all); // one write: the server finds all 20 in its first reads
    QList<qint64> ids;
    for (int i = 0; i < keys.size(); ++i) {
        const RawHttpClient::Response r = client.readResponse(AnswerMs);
        QCOMPARE(r.status, 200);
        ids.append(storedId(r));
        QVERIFY(ids.constLast() > 0);
        if (i > 0) {
            QVERIFY2(ids.at(i) > ids.at(i - 1),
                qPrintable(QStringLiteral("answer %1: id %2 after %3").arg(i).arg(ids.at(i)).arg(ids.at(i - 1))));
        }
    }
    const QHash<qint64, QString> stored = storedKeys();
    QCOMPARE(stored.size(), keys.size());
    for (int i = 0; i < keys.size(); ++i) {
        QCOMPARE(stored.value(ids.at(i)), QString::fromLatin1(keys.at(i)));
    }
}

void TestCaptureServer::closesAfterTheAnswer_data()
{
    QTest::addColumn<QByteArray>("version");
    QTest::addColumn<QByteArray>("fields");
    QTest::addColumn<QByteArray>("after"); ///< sent with the request, in the same write
    const QByteArray close = "Host: 127.0.0.1\r\nConnection: close\r\n";
    QTest::newRow("HTTP/1.0") << QByteArray("HTTP/1.0") << QByteArray() << QByteArray();
    QTest::newRow("HTTP/1.0 with a Host")
        << QByteArray("HTTP/1.0") << QByteArray("Host: 127.0.0.1\r\n") << QByteArray();
    QTest::newRow("Connection: close") << QByteArray("HTTP/1.1") << close << QByteArray();
    // RFC 9112 2.2: some old clients send an extra CRLF after a POST body.
    QTest::newRow("HTTP/1.0, then a stray CRLF") << QByteArray("HTTP/1.0") << QByteArray() << QByteArray("\r\n");
    // Bytes after a request that ends the connection are not read, so not stored.
    QTest::newRow("Connection: close, then another request") << QByteArray("HTTP/1.1") << close << webhook(newKey());
}

void TestCaptureServer::closesAfterTheAnswer()
{
    QFETCH(QByteArray, version);
    QFETCH(QByteArray, fields);
    QFETCH(QByteArray, after);
    const QByteArray key = newKey();
    const QByteArray body = providerWebhook("business_loans.deleted", key);
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server->port()));
    client.send("POST /webhook " + version + "\r\n" + fields + "Content-Type: application/json\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body + after);
    const RawHttpClient::Response r = client.readResponse(AnswerMs);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("connection"), QByteArray("close"));
    const qint64 id = storedId(r);
    QVERIFY(id > 0);
    QVERIFY(client.waitForClose(AnswerMs));
    const QList<StoredEvent> events = storedEvents();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.constFirst().id, id);
    QCOMPARE(events.constFirst().httpVersion, version);
    QCOMPARE(events.constFirst().idempotencyKey, QString::fromLatin1(key));
}

void TestCaptureServer::storesAChunkedBodyDecoded()
{
    const QByteArray key = newKey();
    const QByteArray body = providerWebhook("business_loans.deleted", key);
    const QByteArray first = body.left(40);
    const QByteArray second = body.mid(40);
    const QByteArray request = "POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                               "Transfer-Encoding: chunked\r\n\r\n"
        + QByteArray::number(first.size(), 16) + ";signature=\"abc\"\r\n" + first + "\r\n"
        + QByteArray::number(second.size(), 16) + "\r\n" + second + "\r\n0\r\nX-Checksum: 42\r\n\r\n";
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server->port()));
    client.send(request);
    const RawHttpClient::Response r = client.readResponse(AnswerMs);
    QCOMPARE(r.status, 200);
    const qint64 id = storedId(r);
    const QList<StoredEvent> events = storedEvents();
    QCOMPARE(events.size(), 1);
    const StoredEvent& e = events.constFirst();
    QCOMPARE(e.id, id);
    QCOMPARE(e.body, body);
    QCOMPARE(e.idempotencyKey, QString::fromLatin1(key)); // the envelope was read from the decoded bytes
    QCOMPARE(lines(e.headers),
        QByteArrayList(
            {"Host: 127.0.0.1", "Content-Type: application/json", "Transfer-Encoding: chunked", "X-Checksum: 42"}));
}

void TestCaptureServer::answers100ContinueBeforeTheBody()
{
    const QByteArray key = newKey();
    const QByteArray body = providerWebhook("business_loans.deleted", key);
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server->port()));
    client.send("POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\nExpect: 100-continue\r\n\r\n");
    // curl waits 1 s for the interim answer before sending the body anyway: it must come sooner.
    const RawHttpClient::Response interim = client.readResponse(1000);
    QCOMPARE(interim.status, 100);
    QCOMPARE(interim.head, QByteArray("HTTP/1.1 100 Continue"));
    QVERIFY(interim.body.isEmpty());
    client.send(body);
    const RawHttpClient::Response r = client.readResponse(AnswerMs);
    QCOMPARE(r.status, 200);
    const qint64 id = storedId(r);
    const QList<StoredEvent> events = storedEvents();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.constFirst().id, id);
    QCOMPARE(events.constFirst().body, body);
}

void TestCaptureServer::refusesMalformedRequests_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    const QByteArray head = "POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
    QTest::newRow("bad request line") << QByteArray("THIS IS NOT HTTP\r\n\r\n") << 400;
    QTest::newRow("two Host fields") << head + "Host: elsewhere\r\nContent-Length: 2\r\n\r\n{}" << 400;
    QTest::newRow("Content-Length and Transfer-Encoding")
        << head + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
        << 400;
    QTest::newRow("Transfer-Encoding gzip") << head + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n" << 501;
    QTest::newRow("body over --max-body") << head + "Content-Length: " + QByteArray::number(MaxBody + 1) + "\r\n\r\n"
                                          << 413;
    QTest::newRow("header section over 64 KiB")
        << head + "X-Padding: " + QByteArray(64 * 1024, 'p') + "\r\nContent-Length: 2\r\n\r\n{}" << 431;
    QTest::newRow("target over 16 KiB") << "GET /" + QByteArray(16 * 1024, 't') + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                                        << 414;
}

void TestCaptureServer::refusesMalformedRequests()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    RawHttpClient bad;
    QVERIFY(bad.connectTo(m_server->port()));
    bad.send(request);
    const RawHttpClient::Response r = bad.readResponse(AnswerMs);
    QCOMPARE(r.status, status);
    QCOMPARE(r.header("connection"), QByteArray("close"));
    const QJsonObject answer = QJsonDocument::fromJson(r.body).object();
    QCOMPARE(answer.value(QStringLiteral("ok")), QJsonValue(false));
    QVERIFY(!answer.value(QStringLiteral("error")).toString().isEmpty());
    QVERIFY(bad.waitForClose(AnswerMs));

    // The server stays up; the good request is the only one stored (the bad one, had it been
    // submitted, would have been so before the error answer, so before this request).
    goodRequestIsTheOnlyOneStored();
}

void TestCaptureServer::goodRequestIsTheOnlyOneStored()
{
    RawHttpClient good;
    QVERIFY(good.connectTo(m_server->port()));
    const QByteArray key = newKey();
    good.send(webhook(key));
    const RawHttpClient::Response ok = good.readResponse(AnswerMs);
    QCOMPARE(ok.status, 200);
    const QList<StoredEvent> events = storedEvents();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.constFirst().id, storedId(ok));
    QCOMPARE(events.constFirst().idempotencyKey, QString::fromLatin1(key));
}

void TestCaptureServer::dropsARequestCutOffMidBody()
{
    const QByteArray request = webhook(newKey());
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server->port()));
    client.send(request.left(request.size() - 20));
    // The client stops sending: shutting down our sending half lets us see the server's reaction,
    // a close without any answer.
    QCOMPARE(::shutdown(static_cast<int>(client.socket().socketDescriptor()), SHUT_WR), 0);
    QVERIFY(client.waitForClose(AnswerMs));
    const RawHttpClient::Response nothing = client.readResponse(100);
    QCOMPARE(nothing.status, -1);
    QVERIFY2(nothing.head.isEmpty(), nothing.head.constData());

    goodRequestIsTheOnlyOneStored();
}

void TestCaptureServer::answers408ToAStalledRequest_data()
{
    QTest::addColumn<QByteArray>("sent");
    QTest::addColumn<int>("headerTimeoutMs");
    QTest::addColumn<int>("bodyTimeoutMs");
    const QByteArray request = webhook(newKey());
    QTest::newRow("half a request line") << QByteArray("POST /webh") << 250 << 30000;
    QTest::newRow("headers without their end") << request.left(request.indexOf("\r\n\r\n")) << 250 << 30000;
    QTest::newRow("half a body") << request.left(request.size() - 30) << 30000 << 250;
}

void TestCaptureServer::answers408ToAStalledRequest()
{
    QFETCH(QByteArray, sent);
    QFETCH(int, headerTimeoutMs);
    QFETCH(int, bodyTimeoutMs);
    ServerConfig config = defaultConfig();
    config.headerTimeoutMs = headerTimeoutMs;
    config.bodyTimeoutMs = bodyTimeoutMs;
    config.idleTimeoutMs = 30000;
    QVERIFY2(restartServer(config), qPrintable(m_server->errorString()));
    const int timeoutMs = qMin(headerTimeoutMs, bodyTimeoutMs);

    RawHttpClient client;
    QVERIFY(client.connectTo(m_server->port()));
    QElapsedTimer waited;
    waited.start();
    client.send(sent);
    const RawHttpClient::Response r = client.readResponse(timeoutMs + 3000);
    QCOMPARE(r.status, 408);
    QVERIFY2(waited.elapsed() >= timeoutMs, qPrintable(QStringLiteral("after %1 ms").arg(waited.elapsed())));
    QCOMPARE(r.header("connection"), QByteArray("close"));
    QVERIFY(client.waitForClose(AnswerMs));
    QCOMPARE(storedEvents().size(), 0);
}

void TestCaptureServer::timesHeadersFromTheRequestsFirstByte()
{
    // A slow upload, then (in the same packet as its last bytes) the start of a pipelined request:
    // the second request's header clock starts there, not when the first request began.
    constexpr int HeaderMs = 300;
    ServerConfig config = defaultConfig();
    config.headerTimeoutMs = HeaderMs;
    config.bodyTimeoutMs = 10000;
    QVERIFY2(restartServer(config), qPrintable(m_server->errorString()));
    const QByteArray first = webhook(newKey());
    const QByteArray second = webhook(newKey());
    const qsizetype firstCut = first.size() - 30;
    const qsizetype secondCut = second.indexOf("\r\n") + 2;

    RawHttpClient client;
    QVERIFY(client.connectTo(m_server->port()));
    client.send(first.left(firstCut));
    // The body takes longer than the header timeout (but not the body timeout): no answer yet.
    QVERIFY(!client.socket().waitForReadyRead(HeaderMs + 150));
    client.send(first.mid(firstCut) + second.left(secondCut));
    QCOMPARE(client.readResponse(AnswerMs).status, 200);
    // The second request's headers are well within their time: nothing may come before the rest.
    QVERIFY2(!client.socket().waitForReadyRead(HeaderMs / 2), client.socket().peek(200).constData());
    client.send(second.mid(secondCut));
    QCOMPARE(client.readResponse(AnswerMs).status, 200);
    QCOMPARE(storedEvents().size(), 2);
}

void TestCaptureServer::closesIdleConnections()
{
    constexpr int IdleMs = 250;
    ServerConfig config = defaultConfig();
    config.idleTimeoutMs = IdleMs;
    QVERIFY2(restartServer(config), qPrintable(m_server->errorString()));

    // A keep-alive connection after its answer.
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server->port()));
    client.send(webhook(newKey()));
    QCOMPARE(client.readResponse(AnswerMs).status, 200);
    QElapsedTimer idle;
    idle.start();
    QVERIFY(client.waitForClose(IdleMs + 3000));
    // The server's idle clock started when it wrote the answer, a moment before we read it.
    QVERIFY2(idle.elapsed() >= IdleMs - 50, qPrintable(QStringLiteral("closed after %1 ms").arg(idle.elapsed())));
    QVERIFY(client.readResponse(100).head.isEmpty()); // closed without a word

    // A connection that never says anything.
    RawHttpClient silent;
    QVERIFY(silent.connectTo(m_server->port()));
    QVERIFY(silent.waitForClose(IdleMs + 3000));
    QVERIFY(silent.readResponse(100).head.isEmpty());
    QCOMPARE(storedEvents().size(), 1);
}

void TestCaptureServer::answers503OverTheConnectionCap()
{
    ServerConfig config = defaultConfig();
    config.maxConnections = 3;
    QVERIFY2(restartServer(config), qPrintable(m_server->errorString()));
    const quint16 port = m_server->port();

    Clients clients = connectClients(3, port);
    QCOMPARE(clients.size(), std::size_t(3));
    for (const auto& client : clients) { // each is accepted and served
        client->send(webhook(newKey()));
        QCOMPARE(client->readResponse(AnswerMs).status, 200);
    }
    RawHttpClient fourth;
    QVERIFY(fourth.connectTo(port));
    fourth.send(webhook(newKey())); // as any sender would, before it could see the refusal
    const RawHttpClient::Response refused = fourth.readResponse(AnswerMs);
    QCOMPARE(refused.status, 503);
    QCOMPARE(refused.header("connection"), QByteArray("close"));
    QVERIFY(fourth.waitForClose(AnswerMs));
    for (const auto& client : clients) {
        client->send(webhook(newKey()));
        QCOMPARE(client->readResponse(AnswerMs).status, 200);
    }
    QCOMPARE(storedEvents().size(), 6);

    // Once one of the three leaves, a newcomer is served again. Shutting down our sending half
    // and waiting for the server's close tells us when the server has let the connection go.
    RawHttpClient& leaving = *clients.front();
    QCOMPARE(::shutdown(static_cast<int>(leaving.socket().socketDescriptor()), SHUT_WR), 0);
    QVERIFY(leaving.waitForClose(AnswerMs));
    RawHttpClient newcomer;
    QVERIFY(newcomer.connectTo(port));
    newcomer.send(webhook(newKey()));
    QCOMPARE(newcomer.readResponse(AnswerMs).status, 200);
    QCOMPARE(storedEvents().size(), 7);
}

void TestCaptureServer::answersOnlyAfterTheCommit()
{
    // Each answer's id must already be readable by another connection when the answer arrives:
    // 25 rounds of one request on each of 8 connections, so commits overlap with answers.
    Clients clients = connectClients(8, m_server->port());
    QCOMPARE(clients.size(), std::size_t(8));
    int checked = 0;
    for (int round = 0; round < 25; ++round) {
        for (const auto& client : clients) {
            client->send(webhook(newKey()));
        }
        for (const auto& client : clients) {
            const RawHttpClient::Response r = client->readResponse(AnswerMs);
            QCOMPARE(r.status, 200);
            const qint64 id = storedId(r);
            QVERIFY2(isStored(id), qPrintable(QStringLiteral("id %1 answered but not in the history").arg(id)));
            ++checked;
        }
    }
    QCOMPARE(checked, 200);
    QCOMPARE(storedEvents().size(), 200);
}

void TestCaptureServer::storesEveryRequestOfConcurrentConnections()
{
    constexpr int Connections = 8;
    constexpr int PerConnection = 200;
    Clients clients = connectClients(Connections, m_server->port());
    QCOMPARE(clients.size(), std::size_t(Connections));
    QHash<qint64, QString> answered; // id -> key
    for (int round = 0; round < PerConnection; ++round) {
        QByteArrayList keys;
        for (const auto& client : clients) {
            keys.append(newKey());
            client->send(webhook(keys.constLast()));
        }
        for (int c = 0; c < Connections; ++c) {
            const RawHttpClient::Response r = clients.at(c)->readResponse(AnswerMs);
            QCOMPARE(r.status, 200);
            const qint64 id = storedId(r);
            QVERIFY2(!answered.contains(id), qPrintable(QStringLiteral("id %1 given twice").arg(id)));
            answered.insert(id, QString::fromLatin1(keys.at(c)));
        }
    }
    QCOMPARE(answered.size(), Connections * PerConnection);
    QCOMPARE(storedKeys(), answered);
}

void TestCaptureServer::stopStoresEveryAnsweredRequest()
{
    constexpr int Connections = 8;
    constexpr int PerConnection = 1000; // more than a connection reads ahead (256 answers due)
    Clients clients = connectClients(Connections, m_server->port());
    QCOMPARE(clients.size(), std::size_t(Connections));
    QList<QByteArrayList> keys(Connections);
    for (int c = 0; c < Connections; ++c) {
        QByteArray all;
        for (int i = 0; i < PerConnection; ++i) {
            keys[c].append(newKey());
            all += webhook(keys[c].constLast());
        }
        clients.at(c)->send(all);
    }
    // Requests are being stored: stop in their midst.
    const RawHttpClient::Response first = clients.front()->readResponse(AnswerMs);
    QCOMPARE(first.status, 200);
    m_server->stop();
    QVERIFY(!m_server->isRunning());

    QHash<qint64, QString> answered;
    answered.insert(storedId(first), QString::fromLatin1(keys.at(0).at(0)));
    for (int c = 0; c < Connections; ++c) {
        RawHttpClient& client = *clients.at(c);
        QVERIFY2(client.waitForClose(AnswerMs), "stop() leaves no connection open");
        // Answers come in request order: the i-th answer is for the i-th key.
        for (int i = c == 0 ? 1 : 0; i < PerConnection; ++i) {
            const RawHttpClient::Response r = client.readResponse(100);
            if (r.status == -1) {
                break;
            }
            QCOMPARE(r.status, 200);
            answered.insert(storedId(r), QString::fromLatin1(keys.at(c).at(i)));
        }
    }
    QVERIFY(!answered.contains(0));
    const QHash<qint64, QString> stored = storedKeys();
    for (auto it = answered.cbegin(); it != answered.cend(); ++it) {
        QVERIFY2(stored.contains(it.key()), qPrintable(QStringLiteral("id %1 answered, not stored").arg(it.key())));
        QCOMPARE(stored.value(it.key()), it.value());
    }
    qInfo("%lld of %d requests answered before the stop, %lld stored", static_cast<long long>(answered.size()),
        Connections * PerConnection, static_cast<long long>(stored.size()));
}

void TestCaptureServer::refusesAPortInUse()
{
    const quint16 port = m_server->port();
    QVERIFY(port != 0);
    ServerConfig config = defaultConfig();
    config.port = port;
    CaptureServer second(config);
    QVERIFY(!second.start(m_history->path(QStringLiteral("second.sqlite"))));
    QVERIFY(!second.isRunning());
    QVERIFY2(second.errorString().contains(QStringLiteral("127.0.0.1:%1").arg(port)), qPrintable(second.errorString()));

    // The first one is unharmed.
    RawHttpClient client;
    QVERIFY(client.connectTo(port));
    client.send(webhook(newKey()));
    QCOMPARE(client.readResponse(AnswerMs).status, 200);
}

void TestCaptureServer::refusesADatabaseThatIsNotAHistory()
{
    const QString path = m_history->path(QStringLiteral("notes.txt"));
    const QByteArray text = "These are my notes, not a database.\n";
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(text), qint64(text.size()));
    }
    ServerConfig config = defaultConfig();
    CaptureServer server(config);
    QVERIFY(!server.start(path));
    QVERIFY(!server.isRunning());
    QVERIFY2(server.errorString().contains(path), qPrintable(server.errorString()));
    QVERIFY2(
        server.errorString().contains(QStringLiteral("not a Hookscope history")), qPrintable(server.errorString()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), text);
    QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
    QVERIFY(!QFile::exists(path + QStringLiteral("-journal")));
}

void TestCaptureServer::storesACustomMethod()
{
    // RFC 9110 9.1: any token is a method, stored as sent (case-sensitive), body and all; the second
    // one arrives a byte at a time and right behind the first.
    const QByteArray first = "FOO /x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello";
    const QByteArray second = "purge-All /y HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n{}";
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server->port()));
    client.send(first);
    for (const char c : second) {
        client.send(QByteArray(1, c));
    }
    const RawHttpClient::Response r1 = client.readResponse(AnswerMs);
    const RawHttpClient::Response r2 = client.readResponse(AnswerMs);
    QCOMPARE(r1.status, 200);
    QCOMPARE(r2.status, 200);

    const QList<StoredEvent> events = storedEvents();
    QCOMPARE(events.size(), 2);
    QCOMPARE(events.at(0).id, storedId(r1));
    QCOMPARE(events.at(0).method, QByteArray("FOO"));
    QCOMPARE(events.at(0).target, QByteArray("/x"));
    QCOMPARE(events.at(0).body, QByteArray("hello"));
    QCOMPARE(events.at(0).responseStatus, 200);
    QCOMPARE(events.at(1).id, storedId(r2));
    QCOMPARE(events.at(1).method, QByteArray("purge-All"));
    QCOMPARE(events.at(1).body, QByteArray("{}"));
    QCOMPARE(client.socket().state(), QAbstractSocket::ConnectedState);
}

void TestCaptureServer::answers501ToAnOverlongMethod()
{
    // RFC 9112 3: a method longer than any the server implements gets 501; nothing is stored.
    RawHttpClient bad;
    QVERIFY(bad.connectTo(m_server->port()));
    bad.send(QByteArray(65, 'M') + " /x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    const RawHttpClient::Response r = bad.readResponse(AnswerMs);
    QCOMPARE(r.status, 501);
    QCOMPARE(r.header("connection"), QByteArray("close"));
    QVERIFY(bad.waitForClose(AnswerMs));
    goodRequestIsTheOnlyOneStored();
}

QTEST_GUILESS_MAIN(TestCaptureServer)
#include "TestCaptureServer.moc"
