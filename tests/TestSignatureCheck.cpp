#include "CaptureServer.h"
#include "ChildRun.h"
#include "ChildServer.h"
#include "EventStore.h"
#include "RawHttpClient.h"
#include "SignatureCheck.h"
#include "TestSupport.h"

#include <QMessageAuthenticationCode>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <memory>

namespace {

QString binary()
{
    return QString::fromUtf8(HOOKSCOPE_BINARY);
}

CapturedRequest request(const QByteArray& body, const HttpHeaders& headers, const QByteArray& target = "/hooks")
{
    CapturedRequest r;
    r.method = "POST";
    r.target = target;
    r.httpVersion = "HTTP/1.1";
    r.headers = headers;
    r.body = body;
    return r;
}

// RFC 4231, test case 2.
const QByteArray RfcKey = "Jefe";
const QByteArray RfcBody = "what do ya want for nothing?";
const QByteArray RfcDigest = QByteArray::fromHex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");

// The Standard Webhooks specification's example (standard-webhooks/standard-webhooks, spec/).
const QByteArray SwSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const QByteArray SwId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const QByteArray SwTimestamp = "1614265330";
const QByteArray SwBody = R"({"test": 2432232314})";
const QByteArray SwSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
const qint64 SwNowMs = 1614265330LL * 1000 + 20000;

} // namespace

class TestSignatureCheck : public QObject
{
    Q_OBJECT

private slots:
    void failure_data();
    void failure();
    void ruleIsChecked_data();
    void ruleIsChecked();
    void unverifiedWebhooksAreStoredAndAnswered401();
    void answerAsUsualWhenAsked();
    void onlyThePathsOfTheRule();
    void commandLine();
    void commandLineNeedsASecret();
};

void TestSignatureCheck::failure_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<int>("encoding");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<HttpHeaders>("headers");
    QTest::addColumn<qint64>("nowMs");
    QTest::addColumn<QString>("problem"); // empty: verified

    const int token = int(SignatureRule::Kind::Token);
    const int hmac = int(SignatureRule::Kind::HmacSha256);
    const int sw = int(SignatureRule::Kind::StandardWebhooks);
    const int hex = int(TargetAuth::Encoding::Hex);
    const int b64 = int(TargetAuth::Encoding::Base64);
    const qint64 now = 1795917180000;
    const QByteArray h = "X-Signature";

    QTest::newRow("token: right") << token << QByteArray("t0k") << QByteArray("X-Token") << hex << QByteArray("{}")
                                  << HttpHeaders {{"x-token", "t0k"}} << now << QString();
    QTest::newRow("token: wrong") << token << QByteArray("t0k") << QByteArray("X-Token") << hex << QByteArray("{}")
                                  << HttpHeaders {{"X-Token", "t0K"}} << now
                                  << QStringLiteral("wrong token in X-Token");
    QTest::newRow("token: missing") << token << QByteArray("t0k") << QByteArray("X-Token") << hex << QByteArray("{}")
                                    << HttpHeaders() << now << QStringLiteral("missing header X-Token");
    QTest::newRow("hmac hex: RFC 4231") << hmac << RfcKey << h << hex << RfcBody << HttpHeaders {{h, RfcDigest.toHex()}}
                                        << now << QString();
    QTest::newRow("hmac hex: upper case")
        << hmac << RfcKey << h << hex << RfcBody << HttpHeaders {{h, RfcDigest.toHex().toUpper()}} << now << QString();
    QTest::newRow("hmac hex: sha256= prefix") << hmac << RfcKey << h << hex << RfcBody
                                              << HttpHeaders {{h, "sha256=" + RfcDigest.toHex()}} << now << QString();
    QTest::newRow("hmac hex: body changed")
        << hmac << RfcKey << h << hex << QByteArray(RfcBody + ' ') << HttpHeaders {{h, RfcDigest.toHex()}} << now
        << QStringLiteral("signature in X-Signature does not match the body");
    QTest::newRow("hmac hex: other key") << hmac << QByteArray("jefe") << h << hex << RfcBody
                                         << HttpHeaders {{h, RfcDigest.toHex()}} << now
                                         << QStringLiteral("signature in X-Signature does not match the body");
    QTest::newRow("hmac: missing header") << hmac << RfcKey << h << hex << RfcBody << HttpHeaders() << now
                                          << QStringLiteral("missing header X-Signature");
    QTest::newRow("hmac base64: right") << hmac << RfcKey << h << b64 << RfcBody
                                        << HttpHeaders {{h, RfcDigest.toBase64()}} << now << QString();
    QTest::newRow("hmac base64: hex given")
        << hmac << RfcKey << h << b64 << RfcBody << HttpHeaders {{h, RfcDigest.toHex()}} << now
        << QStringLiteral("signature in X-Signature does not match the body");
    const HttpHeaders sw3
        = {{"webhook-id", SwId}, {"webhook-timestamp", SwTimestamp}, {"webhook-signature", SwSignature}};
    QTest::newRow("standard webhooks: the spec's example")
        << sw << SwSecret << QByteArray() << hex << SwBody << sw3 << SwNowMs << QString();
    QTest::newRow("standard webhooks: one of several signatures")
        << sw << SwSecret << QByteArray() << hex << SwBody
        << HttpHeaders {{"webhook-id", SwId}, {"webhook-timestamp", SwTimestamp},
               {"webhook-signature", "v1,Zm9yZ2VkCg== " + SwSignature}}
        << SwNowMs << QString();
    QTest::newRow("standard webhooks: body changed")
        << sw << SwSecret << QByteArray() << hex << QByteArray(R"({"test": 2432232315})") << sw3 << SwNowMs
        << QStringLiteral("no signature in webhook-signature matches the body");
    QTest::newRow("standard webhooks: too old")
        << sw << SwSecret << QByteArray() << hex << SwBody << sw3 << now << QStringLiteral("more than 300 s");
    QTest::newRow("standard webhooks: missing id")
        << sw << SwSecret << QByteArray() << hex << SwBody
        << HttpHeaders {{"webhook-timestamp", SwTimestamp}, {"webhook-signature", SwSignature}} << SwNowMs
        << QStringLiteral("missing header webhook-id");
}

void TestSignatureCheck::failure()
{
    QFETCH(int, kind);
    QFETCH(QByteArray, secret);
    QFETCH(QByteArray, header);
    QFETCH(int, encoding);
    QFETCH(QByteArray, body);
    QFETCH(HttpHeaders, headers);
    QFETCH(qint64, nowMs);
    QFETCH(QString, problem);
    SignatureRule rule;
    rule.kind = SignatureRule::Kind(kind);
    rule.secret = secret;
    rule.header = header;
    rule.encoding = TargetAuth::Encoding(encoding);
    const QString found = SignatureCheck::failure(rule, request(body, headers), nowMs);
    if (problem.isEmpty()) {
        QVERIFY2(found.isEmpty(), qPrintable(found));
    } else {
        QVERIFY2(found.contains(problem), qPrintable(found));
    }
}

void TestSignatureCheck::ruleIsChecked_data()
{
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<int>("failStatus");
    QTest::addColumn<bool>("ok");

    QTest::newRow("fine") << QByteArray("s") << QByteArray("X-Sig") << 401 << true;
    QTest::newRow("answer as usual") << QByteArray("s") << QByteArray("X-Sig") << 0 << true;
    QTest::newRow("no secret") << QByteArray() << QByteArray("X-Sig") << 401 << false;
    QTest::newRow("no header") << QByteArray("s") << QByteArray() << 401 << false;
    QTest::newRow("header with colon") << QByteArray("s") << QByteArray("X:Sig") << 401 << false;
    QTest::newRow("status 600") << QByteArray("s") << QByteArray("X-Sig") << 600 << false;
}

void TestSignatureCheck::ruleIsChecked()
{
    QFETCH(QByteArray, secret);
    QFETCH(QByteArray, header);
    QFETCH(int, failStatus);
    QFETCH(bool, ok);
    SignatureRule rule;
    rule.secret = secret;
    rule.header = header;
    rule.failStatus = failStatus;
    QCOMPARE(SignatureCheck::check(rule).isEmpty(), ok);
}

namespace {

/// A capture server that checks @p rule; the history in @p history.
std::unique_ptr<CaptureServer> checkingServer(const SignatureRule& rule, const TempHistory& history)
{
    ServerConfig config;
    config.port = 0;
    config.signatures = std::make_shared<SignatureCheck>();
    config.signatures->setRules({rule});
    auto server = std::make_unique<CaptureServer>(config);
    return server->start(history.path()) ? std::move(server) : nullptr;
}

QByteArray signedPost(const QByteArray& body, const QByteArray& secret, const QByteArray& path = "/webhook")
{
    const QByteArray digest = QMessageAuthenticationCode::hash(body, secret, QCryptographicHash::Sha256).toHex();
    return RawHttpClient::post(body, path, "X-Signature: " + digest + "\r\n");
}

} // namespace

void TestSignatureCheck::unverifiedWebhooksAreStoredAndAnswered401()
{
    TempHistory history;
    SignatureRule rule;
    rule.secret = "whsec-test";
    const std::unique_ptr<CaptureServer> server = checkingServer(rule, history);
    QVERIFY(server);
    RawHttpClient client;
    QVERIFY(client.connectTo(server->port()));
    const QByteArray body = providerWebhook("invoices.created", newKey());
    client.send(signedPost(body, "whsec-test"));
    QCOMPARE(client.readResponse().status, 200);
    client.send(RawHttpClient::post(body));
    const RawHttpClient::Response unsigned_ = client.readResponse();
    QCOMPARE(unsigned_.status, 401);
    client.send(signedPost(body, "another secret"));
    QCOMPARE(client.readResponse().status, 401);
    QTRY_COMPARE(storedEvents(history.path()).size(), 3);
    const QList<StoredEvent> events = storedEvents(history.path());
    QCOMPARE(events.at(0).problems, QStringList());
    QCOMPARE(events.at(0).responseStatus, 200);
    QCOMPARE(events.at(1).problems, QStringList {QStringLiteral("unverified: missing header X-Signature")});
    QCOMPARE(events.at(1).responseStatus, 401);
    QCOMPARE(events.at(2).problems,
        QStringList {QStringLiteral("unverified: signature in X-Signature does not match the body")});
}

void TestSignatureCheck::answerAsUsualWhenAsked()
{
    TempHistory history;
    SignatureRule rule;
    rule.secret = "s";
    rule.failStatus = 0;
    const std::unique_ptr<CaptureServer> server = checkingServer(rule, history);
    QVERIFY(server);
    RawHttpClient client;
    QVERIFY(client.connectTo(server->port()));
    client.send(RawHttpClient::post(providerWebhook()));
    QCOMPARE(client.readResponse().status, 200);
    QTRY_COMPARE(storedEvents(history.path()).size(), 1);
    QVERIFY(storedEvents(history.path())
                .first()
                .problems.contains(QStringLiteral("unverified: missing header X-Signature")));
}

void TestSignatureCheck::onlyThePathsOfTheRule()
{
    TempHistory history;
    SignatureRule rule;
    rule.secret = "s";
    rule.pathPrefix = "/signed";
    const std::unique_ptr<CaptureServer> server = checkingServer(rule, history);
    QVERIFY(server);
    RawHttpClient client;
    QVERIFY(client.connectTo(server->port()));
    client.send(RawHttpClient::post(providerWebhook(), "/open"));
    QCOMPARE(client.readResponse().status, 200);
    client.send(RawHttpClient::post(providerWebhook(), "/signed/in"));
    QCOMPARE(client.readResponse().status, 401);
}

void TestSignatureCheck::commandLine()
{
    TempHistory history;
    QTemporaryDir home;
    ChildServer serve(home.path());
    QProcessEnvironment env = serve.process().processEnvironment();
    env.insert(QStringLiteral("HOOKSCOPE_VERIFY_SECRET"), QStringLiteral("cli-secret"));
    serve.process().setProcessEnvironment(env);
    QVERIFY(serve.start(binary(),
        {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--db"), history.path(),
            QStringLiteral("--verify"), QStringLiteral("hmac-sha256"), QStringLiteral("--verify-status"),
            QStringLiteral("403")}));
    QVERIFY2(serve.port() != 0, serve.firstLine().constData());
    RawHttpClient client;
    QVERIFY(client.connectTo(serve.port()));
    client.send(signedPost(providerWebhook(), "cli-secret"));
    QCOMPARE(client.readResponse().status, 200);
    client.send(signedPost(providerWebhook(), "guess"));
    QCOMPARE(client.readResponse().status, 403);
    QVERIFY(serve.stop(SIGTERM));
    QCOMPARE(storedEvents(history.path()).size(), 2);
    // The secret is nowhere in what was stored.
    for (const StoredEvent& e : storedEvents(history.path())) {
        QVERIFY(!e.body.contains("cli-secret"));
        for (const HttpHeader& h : e.headers) {
            QVERIFY(!h.value.contains("cli-secret"));
        }
    }
}

void TestSignatureCheck::commandLineNeedsASecret()
{
    TempHistory history;
    QTemporaryDir home;
    QProcess p;
    QProcessEnvironment env = ChildRun::environment(home.path());
    env.remove(QStringLiteral("HOOKSCOPE_VERIFY_SECRET"));
    // No session bus: no keychain to ask either.
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/nonexistent"));
    p.setProcessEnvironment(env);
    p.start(binary(),
        {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--db"), history.path(),
            QStringLiteral("--verify"), QStringLiteral("token")});
    QVERIFY(p.waitForFinished(20000));
    QCOMPARE(p.exitCode(), 2);
    const QByteArray err = p.readAllStandardError();
    QCOMPARE(err.count('\n'), 1);
    QVERIFY2(err.contains("--verify needs a secret"), err.constData());
    QVERIFY(p.readAllStandardOutput().isEmpty()); // never listened
}

QTEST_GUILESS_MAIN(TestSignatureCheck)
#include "TestSignatureCheck.moc"
