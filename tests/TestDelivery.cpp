#include "CaptureServer.h"
#include "Deliverer.h"
#include "Envelope.h"
#include "EventStore.h"
#include "OutgoingRequest.h"
#include "StoredEvent.h"
#include "TestSupport.h"

#include <QMessageAuthenticationCode>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

#include <memory>

Q_DECLARE_METATYPE(Delivery)

namespace {

const QString OldKey = QStringLiteral("26053e97-f78a-4d25-a519-4eed22ba5c41");

StoredEvent capturedWebhook()
{
    StoredEvent e;
    e.id = 42;
    e.method = "POST";
    e.target = "/hooks/provider?attempt=1";
    e.path = "/hooks/provider";
    e.httpVersion = "HTTP/1.1";
    e.headers = {{"Host", "127.0.0.1:8787"}, {"User-Agent", "Provider-Webhooks/1.0"},
        {"Content-Type", "application/json"}, {"Content-Length", "190"}, {"Connection", "keep-alive, X-Hop"},
        {"X-Hop", "hop"}, {"Keep-Alive", "timeout=5"}, {"Accept-Encoding", "gzip"}, {"X-Provider-Trace", "a"},
        {"X-Provider-Trace", "b"}, {"Transfer-Encoding", "chunked"}};
    e.body = providerWebhook("invoices.created", OldKey.toLatin1(), "production");
    e.idempotencyKey = OldKey;
    return e;
}

/// A target that answers every request with the bytes it was given, then closes (or never answers).
class ScriptedTarget : public QTcpServer
{
public:
    explicit ScriptedTarget(QByteArray answer)
        : m_answer(std::move(answer))
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    m_received += socket->readAll();
                    if (!m_answer.isEmpty() && m_received.contains("\r\n\r\n") && !m_answered) {
                        m_answered = true;
                        socket->write(m_answer);
                        socket->disconnectFromHost();
                    }
                });
            }
        });
    }
    QByteArray received() const { return m_received; }

private:
    QByteArray m_answer;
    QByteArray m_received;
    bool m_answered = false;
};

} // namespace

class TestDelivery : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void headersThatTravel();
    void freshKeyChangesOnlyTheKey_data();
    void freshKeyChangesOnlyTheKey();
    void bearerAndHmac_data();
    void bearerAndHmac();
    void resendReachesARealCapture();
    void answerIsRecorded();
    void longAnswerIsCut();
    void redirectIsNotFollowed();
    void refusedConnectionIsAnError();
    void silentTargetTimesOut();
    void cancelReportsEveryRequest();

private:
    Delivery deliver(const OutgoingRequest& request, int timeoutMs = 10000);
};

void TestDelivery::initTestCase()
{
    qRegisterMetaType<Delivery>();
}

Delivery TestDelivery::deliver(const OutgoingRequest& request, int timeoutMs)
{
    Deliverer deliverer;
    deliverer.setTimeout(timeoutMs);
    QSignalSpy finished(&deliverer, &Deliverer::finished);
    const quint64 ticket = deliverer.send(request, 42);
    if (!finished.wait(timeoutMs + 5000) || finished.size() != 1) {
        qWarning("no delivery reported");
        return {};
    }
    if (finished.at(0).at(0).toULongLong() != ticket) {
        qWarning("wrong ticket");
    }
    return finished.at(0).at(1).value<Delivery>();
}

void TestDelivery::headersThatTravel()
{
    const OutgoingRequest r = OutgoingRequest::fromEvent(
        capturedWebhook(), QUrl(QStringLiteral("http://localhost:3000/in")), OutgoingRequest::Key::Keep);
    QCOMPARE(r.method, QByteArray("POST"));
    QCOMPARE(r.url, QUrl(QStringLiteral("http://localhost:3000/in")));
    QCOMPARE(r.body, capturedWebhook().body);
    QCOMPARE(r.idempotencyKey, OldKey);
    // Hop-by-hop fields, those Connection names, Host, Content-Length and Accept-Encoding stay behind;
    // the rest keep their order and repeats.
    QCOMPARE(flatten(r.headers),
        (QByteArrayList {"User-Agent", "Provider-Webhooks/1.0", "Content-Type", "application/json", "X-Provider-Trace",
            "a", "X-Provider-Trace", "b"}));
}

void TestDelivery::freshKeyChangesOnlyTheKey_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("replaced");

    const QByteArray key = OldKey.toLatin1();
    QTest::newRow("provider envelope") << providerWebhook("invoices.created", key) << true;
    QTest::newRow("spaces around the colon, odd member order") << QByteArray(
        "{ \"data\" : {\"idempotency_key\":\"nested\"}, \"idempotency_key\" :  \"" + key + "\" , \"amount\": 1.50 }")
                                                               << true;
    QTest::newRow("unicode elsewhere") << QByteArray("{\"message\":\"caf\xc3\xa9 \xe2\x9c\x93\",\"idempotency_key\":\""
        + key + "\",\"n\":1e3}") << true;
    QTest::newRow("key only in another member") << QByteArray("{\"other\":\"" + key + "\"}") << false;
    QTest::newRow("not JSON text") << QByteArray("\xff\xfe idempotency_key") << false;
}

void TestDelivery::freshKeyChangesOnlyTheKey()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, replaced);
    StoredEvent e = capturedWebhook();
    e.body = body;
    const OutgoingRequest r
        = OutgoingRequest::fromEvent(e, QUrl(QStringLiteral("http://localhost/")), OutgoingRequest::Key::Fresh);
    if (!replaced) {
        QCOMPARE(r.body, body);
        QCOMPARE(r.idempotencyKey, OldKey);
        return;
    }
    QVERIFY(r.idempotencyKey != OldKey);
    QVERIFY(Envelope::isUuid(r.idempotencyKey));
    // Byte for byte the same once the new key is put back to the old one.
    QByteArray back = r.body;
    QVERIFY(back.contains(r.idempotencyKey.toLatin1()));
    back.replace(r.idempotencyKey.toLatin1(), OldKey.toLatin1());
    QCOMPARE(back, body);
    QVERIFY(!r.body.contains(OldKey.toLatin1()) || body.count(OldKey.toLatin1()) > 1);
}

void TestDelivery::bearerAndHmac_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("headerName");
    QTest::addColumn<int>("encoding");
    QTest::addColumn<QByteArray>("expectedValue");

    const int bearer = int(TargetAuth::Kind::Bearer);
    const int hmac = int(TargetAuth::Kind::HmacSha256);
    const int hex = int(TargetAuth::Encoding::Hex);
    const int base64 = int(TargetAuth::Encoding::Base64);
    QTest::newRow("bearer") << bearer << QByteArray("tok_123") << QByteArray("{}") << QByteArray("Authorization") << hex
                            << QByteArray("Bearer tok_123");
    // RFC 4231 test case 2 (HMAC-SHA256 of "what do ya want for nothing?" with key "Jefe").
    const QByteArray rfc = QByteArray::fromHex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    QTest::newRow("hmac hex, RFC 4231 case 2")
        << hmac << QByteArray("Jefe") << QByteArray("what do ya want for nothing?") << QByteArray("X-Signature") << hex
        << rfc.toHex();
    QTest::newRow("hmac base64, own header name")
        << hmac << QByteArray("Jefe") << QByteArray("what do ya want for nothing?") << QByteArray("X-Hub-Signature")
        << base64 << rfc.toBase64();
}

void TestDelivery::bearerAndHmac()
{
    QFETCH(int, kind);
    QFETCH(QByteArray, secret);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, headerName);
    QFETCH(int, encoding);
    QFETCH(QByteArray, expectedValue);
    StoredEvent e = capturedWebhook();
    e.body = body;
    e.headers.append({headerName.toLower(), "stale value from the sender"});
    OutgoingRequest r
        = OutgoingRequest::fromEvent(e, QUrl(QStringLiteral("http://localhost/")), OutgoingRequest::Key::Keep);
    TargetAuth auth;
    auth.kind = TargetAuth::Kind(kind);
    auth.secret = secret;
    auth.headerName = headerName;
    auth.encoding = TargetAuth::Encoding(encoding);
    r.applyAuth(auth);
    QCOMPARE(r.header(headerName), expectedValue);
    int fields = 0;
    for (const HttpHeader& h : r.headers) {
        fields += h.name.compare(headerName, Qt::CaseInsensitive) == 0 ? 1 : 0;
    }
    QCOMPARE(fields, 1);
}

void TestDelivery::resendReachesARealCapture()
{
    TempHistory target;
    ServerConfig config;
    config.port = 0;
    CaptureServer server(config);
    QVERIFY2(server.start(target.path()), qPrintable(server.errorString()));
    const StoredEvent original = capturedWebhook();
    OutgoingRequest r = OutgoingRequest::fromEvent(
        original, QUrl(server.url() + QStringLiteral("replayed?x=1")), OutgoingRequest::Key::Fresh);
    TargetAuth auth;
    auth.kind = TargetAuth::Kind::HmacSha256;
    auth.secret = "s3cret";
    r.applyAuth(auth);
    const Delivery d = deliver(r);
    QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
    QCOMPARE(d.status, 200);
    QVERIFY(d.succeeded());
    QCOMPARE(d.eventId, 42);
    QCOMPARE(d.method, QByteArray("POST"));
    QCOMPARE(d.idempotencyKey, r.idempotencyKey);
    QVERIFY(d.responseBody.startsWith("{\"ok\":true,\"id\":1}"));

    EventStore store;
    QVERIFY2(store.open(target.path(), EventStore::OpenMode::MustExist), qPrintable(store.errorString()));
    const StoredEvent received = store.event(1);
    QCOMPARE(received.method, QByteArray("POST"));
    QCOMPARE(received.target, QByteArray("/replayed?x=1"));
    QCOMPARE(received.body, r.body);
    QCOMPARE(received.idempotencyKey, r.idempotencyKey);
    QCOMPARE(received.event, QStringLiteral("invoices.created"));
    QCOMPARE(received.problems, QStringList());
    QByteArray repeated;
    for (const HttpHeader& h : received.headers) {
        if (h.name.compare("x-provider-trace", Qt::CaseInsensitive) == 0) {
            repeated = h.value;
        }
        QVERIFY2(h.name.compare("x-hop", Qt::CaseInsensitive) != 0, "a field named by Connection travelled");
    }
    QCOMPARE(repeated, QByteArray("a, b"));
    QCOMPARE(received.headers.isEmpty(), false);
    const QByteArray signature = QMessageAuthenticationCode::hash(received.body, "s3cret", QCryptographicHash::Sha256);
    QByteArray sent;
    for (const HttpHeader& h : received.headers) {
        if (h.name.compare("x-signature", Qt::CaseInsensitive) == 0) {
            sent = h.value;
        }
    }
    QCOMPARE(sent, signature.toHex());
}

void TestDelivery::answerIsRecorded()
{
    ScriptedTarget target("HTTP/1.1 422 Unprocessable Content\r\nContent-Type: text/plain\r\nX-Trace: t1\r\n"
                          "Content-Length: 11\r\n\r\nbad payload");
    QVERIFY(target.listen(QHostAddress::LocalHost));
    const Delivery d = deliver(OutgoingRequest::fromEvent(capturedWebhook(),
        QUrl(QStringLiteral("http://127.0.0.1:%1/in").arg(target.serverPort())), OutgoingRequest::Key::Keep));
    QCOMPARE(d.status, 422);
    QCOMPARE(d.reason, QByteArray("Unprocessable Content"));
    QVERIFY(d.error.isEmpty());
    QVERIFY(!d.succeeded());
    QCOMPARE(d.responseBody, QByteArray("bad payload"));
    QVERIFY(!d.responseTruncated);
    QVERIFY(flatten(d.responseHeaders).contains("t1"));
    QVERIFY(d.latencyMs >= 0);
    QVERIFY(target.received().startsWith("POST /in HTTP/1.1\r\n"));
}

void TestDelivery::longAnswerIsCut()
{
    const QByteArray body(Delivery::MaxResponseBody * 3, 'x');
    ScriptedTarget target(
        "HTTP/1.1 500 Internal Server Error\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    QVERIFY(target.listen(QHostAddress::LocalHost));
    const Delivery d = deliver(OutgoingRequest::fromEvent(capturedWebhook(),
        QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(target.serverPort())), OutgoingRequest::Key::Keep));
    QCOMPARE(d.status, 500);
    QCOMPARE(d.responseBody.size(), Delivery::MaxResponseBody);
    QVERIFY(d.responseTruncated);
}

void TestDelivery::redirectIsNotFollowed()
{
    ScriptedTarget target("HTTP/1.1 308 Permanent Redirect\r\nLocation: http://127.0.0.1:1/elsewhere\r\n"
                          "Content-Length: 0\r\n\r\n");
    QVERIFY(target.listen(QHostAddress::LocalHost));
    const Delivery d = deliver(OutgoingRequest::fromEvent(capturedWebhook(),
        QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(target.serverPort())), OutgoingRequest::Key::Keep));
    QCOMPARE(d.status, 308);
    QVERIFY(d.error.isEmpty());
    QVERIFY(!d.succeeded());
}

void TestDelivery::refusedConnectionIsAnError()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close();
    const Delivery d = deliver(OutgoingRequest::fromEvent(
        capturedWebhook(), QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port)), OutgoingRequest::Key::Keep));
    QCOMPARE(d.status, 0);
    QVERIFY2(d.error.contains(QLatin1String("refused"), Qt::CaseInsensitive), qPrintable(d.error));
    QVERIFY(!d.succeeded());
}

void TestDelivery::silentTargetTimesOut()
{
    ScriptedTarget target {QByteArray()}; // reads, never answers
    QVERIFY(target.listen(QHostAddress::LocalHost));
    const Delivery d = deliver(
        OutgoingRequest::fromEvent(capturedWebhook(),
            QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(target.serverPort())), OutgoingRequest::Key::Keep),
        300);
    QCOMPARE(d.status, 0);
    QVERIFY(!d.error.isEmpty());
    QVERIFY(d.latencyMs >= 250);
    QVERIFY(target.received().contains(capturedWebhook().body));
}

void TestDelivery::cancelReportsEveryRequest()
{
    ScriptedTarget target {QByteArray()};
    QVERIFY(target.listen(QHostAddress::LocalHost));
    Deliverer deliverer;
    QSignalSpy finished(&deliverer, &Deliverer::finished);
    const QUrl url(QStringLiteral("http://127.0.0.1:%1/").arg(target.serverPort()));
    for (int i = 0; i < 3; ++i) {
        deliverer.send(OutgoingRequest::fromEvent(capturedWebhook(), url, OutgoingRequest::Key::Keep), i + 1);
    }
    QCOMPARE(deliverer.inFlight(), 3);
    QTest::qWait(100);
    deliverer.cancelAll();
    QTRY_COMPARE(finished.size(), 3);
    QCOMPARE(deliverer.inFlight(), 0);
    for (const QList<QVariant>& report : std::as_const(finished)) {
        const Delivery d = report.at(1).value<Delivery>();
        QCOMPARE(d.status, 0);
        QCOMPARE(d.error, QStringLiteral("cancelled"));
    }
}

QTEST_GUILESS_MAIN(TestDelivery)
#include "TestDelivery.moc"
