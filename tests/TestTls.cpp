#include "CaptureServer.h"
#include "ChildRun.h"
#include "ChildServer.h"
#include "EventStore.h"
#include "RawHttpClient.h"
#include "Refusal.h"
#include "TestSupport.h"
#include "TlsLocalCertificate.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <memory>
#include <sys/stat.h>

namespace {

constexpr int AnswerMs = 10000; ///< longest wait for an answer that must come

/// An HTTPS client on a QSslSocket that trusts @p caFile only (or the system's CAs when empty).
class TlsClient
{
public:
    explicit TlsClient(const QString& caFile = {})
    {
        QSslConfiguration c = QSslConfiguration::defaultConfiguration();
        if (!caFile.isEmpty()) {
            c.setCaCertificates(QSslCertificate::fromPath(caFile));
        }
        m_socket.setSslConfiguration(c);
    }

    bool connectTo(quint16 port, const QString& host = QStringLiteral("localhost"))
    {
        m_socket.connectToHostEncrypted(host, port);
        return m_socket.waitForEncrypted(AnswerMs);
    }
    QSslSocket& socket() { return m_socket; }

    void send(const QByteArray& bytes)
    {
        m_socket.write(bytes);
        const QDeadlineTimer deadline(AnswerMs);
        while (m_socket.bytesToWrite() + m_socket.encryptedBytesToWrite() > 0 && !deadline.hasExpired()) {
            m_socket.waitForBytesWritten(static_cast<int>(deadline.remainingTime()));
        }
    }

    /// The next answer's status and body; status -1 when none came.
    RawHttpClient::Response readResponse()
    {
        const QDeadlineTimer deadline(AnswerMs);
        RawHttpClient::Response r;
        qsizetype headEnd = -1;
        while ((headEnd = m_buffer.indexOf("\r\n\r\n")) < 0 || !complete(headEnd, r)) {
            if (deadline.hasExpired() || !fill(deadline)) {
                return r;
            }
        }
        r.status = r.head.mid(9, 3).toInt();
        return r;
    }

private:
    bool complete(qsizetype headEnd, RawHttpClient::Response& r)
    {
        r.head = m_buffer.left(headEnd);
        const qsizetype length = r.header("content-length").toLongLong();
        if (m_buffer.size() < headEnd + 4 + length) {
            return false;
        }
        r.body = m_buffer.mid(headEnd + 4, length);
        m_buffer.remove(0, headEnd + 4 + length);
        return true;
    }

    bool fill(const QDeadlineTimer& deadline)
    {
        if (m_socket.bytesAvailable() == 0
            && !m_socket.waitForReadyRead(static_cast<int>(qMax<qint64>(1, deadline.remainingTime())))) {
            return false;
        }
        m_buffer += m_socket.readAll();
        return true;
    }

    QSslSocket m_socket;
    QByteArray m_buffer;
};

qint64 storedId(const RawHttpClient::Response& r)
{
    const QJsonObject o = QJsonDocument::fromJson(r.body).object();
    return r.status == 200 && o.value(QStringLiteral("ok")).toBool() ? o.value(QStringLiteral("id")).toInteger() : 0;
}

/// Runs curl with @p arguments; its exit code, stdout in @p out.
int curl(const QStringList& arguments, QByteArray* out, QByteArray* err = nullptr)
{
    QProcess p;
    p.start(QStringLiteral("curl"), arguments);
    if (!p.waitForFinished(30000)) {
        p.kill();
        p.waitForFinished();
        return -1;
    }
    *out = p.readAllStandardOutput();
    if (err) {
        *err = p.readAllStandardError();
    }
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

} // namespace

class TestTls : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void generatesALocalCertificate();
    void curlWithTheCertificateStoresTheEvent_data();
    void curlWithTheCertificateStoresTheEvent();
    void answersPipelinedRequestsAndLargeBodiesOverTls();
    void answersALongPipelineOverTls();
    void verifyingClientsRefuseTheSelfSignedCertificate_data();
    void verifyingClientsRefuseTheSelfSignedCertificate();
    void answersPlainHttpOnTheTlsPortWith400();
    void closesAnUnfinishedHandshake_data();
    void closesAnUnfinishedHandshake();
    void serveSpeaksHttps();
    void serveRefusesUnusableTlsFiles_data();
    void serveRefusesUnusableTlsFiles();

private:
    bool startServer(ServerConfig config);
    QList<StoredEvent> storedEvents() const;

    QTemporaryDir m_certificates;
    QString m_certificate;
    QString m_key;
    std::unique_ptr<TempHistory> m_history;
    std::unique_ptr<CaptureServer> m_server;
};

void TestTls::initTestCase()
{
    QVERIFY2(QSslSocket::supportsSsl(), "Qt's TLS backend (OpenSSL) is missing");
    QVERIFY(m_certificates.isValid());
    m_certificate = m_certificates.filePath(QStringLiteral("localhost-cert.pem"));
    m_key = m_certificates.filePath(QStringLiteral("localhost-key.pem"));
    QString error;
    QVERIFY2(TlsLocalCertificate::generate(m_certificate, m_key, &error), qPrintable(error));
}

void TestTls::init()
{
    m_history = std::make_unique<TempHistory>();
    QVERIFY(m_history->isValid());
    ServerConfig config;
    config.port = 0;
    config.tlsCertificatePath = m_certificate;
    config.tlsKeyPath = m_key;
    QVERIFY2(startServer(config), qPrintable(m_server->errorString()));
}

void TestTls::cleanup()
{
    m_server.reset();
    m_history.reset();
}

bool TestTls::startServer(ServerConfig config)
{
    m_server.reset();
    m_server = std::make_unique<CaptureServer>(config);
    return m_server->start(m_history->path()) && m_server->port() != 0;
}

QList<StoredEvent> TestTls::storedEvents() const
{
    QList<StoredEvent> events;
    EventStore store;
    if (!store.open(m_history->path(), EventStore::OpenMode::MustExist)
        || !store.forEach([&events](const StoredEvent& e) {
               events.append(e);
               return true;
           })) {
        qWarning("%s", qPrintable(store.errorString()));
    }
    return events;
}

void TestTls::generatesALocalCertificate()
{
    // The pair made in initTestCase: the key for its owner only, a certificate for this machine.
    struct stat keyStat = {};
    QCOMPARE(::stat(QFile::encodeName(m_key).constData(), &keyStat), 0);
    QCOMPARE(keyStat.st_mode & 0777, 0600u);
    QVERIFY(QFile::permissions(m_certificate) & QFile::ReadOther);
    const QList<QSslCertificate> certificates = QSslCertificate::fromPath(m_certificate);
    QCOMPARE(certificates.size(), 1);
    const QSslCertificate& c = certificates.constFirst();
    QCOMPARE(c.subjectInfo(QSslCertificate::CommonName), QStringList {QStringLiteral("localhost")});
    const auto names = c.subjectAlternativeNames();
    QVERIFY(names.values(QSsl::DnsEntry).contains(QStringLiteral("localhost")));
    QVERIFY(names.values(QSsl::IpAddressEntry).contains(QStringLiteral("127.0.0.1")));
    // Self-signed (QSslCertificate::isSelfSigned() also wants the key usage to allow signing
    // certificates, which a server certificate leaves out).
    QCOMPARE(c.issuerInfo(QSslCertificate::CommonName), c.subjectInfo(QSslCertificate::CommonName));
    QVERIFY(c.effectiveDate() <= QDateTime::currentDateTimeUtc());
    QVERIFY(c.expiryDate() > QDateTime::currentDateTimeUtc().addDays(TlsLocalCertificate::ValidDays - 2));

    // Next to the history; made again, it replaces the pair whole.
    const QString certificate = TlsLocalCertificate::certificatePathFor(m_history->path());
    const QString key = TlsLocalCertificate::keyPathFor(m_history->path());
    QCOMPARE(QFileInfo(certificate).absolutePath(), QFileInfo(m_history->path()).absolutePath());
    QString error;
    QVERIFY2(TlsLocalCertificate::generate(certificate, key, &error), qPrintable(error));
    const QByteArray first = QSslCertificate::fromPath(certificate).value(0).toDer();
    QVERIFY2(TlsLocalCertificate::generate(certificate, key, &error), qPrintable(error));
    const QByteArray second = QSslCertificate::fromPath(certificate).value(0).toDer();
    QVERIFY(!first.isEmpty() && !second.isEmpty() && first != second);
    QVERIFY(!QFile::exists(certificate + QStringLiteral(".new")));
    QVERIFY(!QFile::exists(key + QStringLiteral(".new")));
}

void TestTls::curlWithTheCertificateStoresTheEvent_data()
{
    QTest::addColumn<QString>("host");
    QTest::newRow("by address") << QStringLiteral("127.0.0.1");
    QTest::newRow("by name") << QStringLiteral("localhost");
}

void TestTls::curlWithTheCertificateStoresTheEvent()
{
    QFETCH(QString, host);
    QVERIFY(m_server->url().startsWith(QStringLiteral("https://127.0.0.1:")));
    const QByteArray key = newKey();
    const QByteArray body = providerWebhook("invoices.created", key, "production");
    const QString url = QStringLiteral("https://%1:%2/hooks/tls").arg(host).arg(m_server->port());
    QByteArray out;
    QByteArray err;
    const int exit = curl({QStringLiteral("-sS"), QStringLiteral("--cacert"), m_certificate, QStringLiteral("-H"),
                              QStringLiteral("Content-Type: application/json"), QStringLiteral("--data-binary"),
                              QString::fromUtf8(body), url},
        &out, &err);
    QVERIFY2(exit == 0, err.constData());
    QCOMPARE(out, QByteArray("{\"ok\":true,\"id\":1}"));
    const QList<StoredEvent> events = storedEvents();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.constFirst().idempotencyKey, QString::fromLatin1(key));
    QCOMPARE(events.constFirst().body, body);
    QCOMPARE(events.constFirst().target, QByteArray("/hooks/tls"));
}

void TestTls::answersPipelinedRequestsAndLargeBodiesOverTls()
{
    TlsClient client(m_certificate);
    QVERIFY2(client.connectTo(m_server->port()), qPrintable(client.socket().errorString()));
    // Three pipelined in one write, answered in order on the one connection.
    QByteArrayList keys;
    QByteArray burst;
    for (int i = 0; i < 3; ++i) {
        keys.append(newKey());
        burst += RawHttpClient::post(providerWebhook("business_loans.deleted", keys.constLast()));
    }
    client.send(burst);
    QList<qint64> ids;
    for (int i = 0; i < 3; ++i) {
        const RawHttpClient::Response r = client.readResponse();
        QVERIFY2(storedId(r) > 0, r.head.constData());
        ids.append(storedId(r));
    }
    QCOMPARE(ids, (QList<qint64> {1, 2, 3}));
    // A body that spans many TLS records and reads, byte for byte.
    QByteArray large(4 * 1024 * 1024, Qt::Uninitialized);
    for (qsizetype i = 0; i < large.size(); ++i) {
        large[i] = static_cast<char>((i * 131) % 251);
    }
    client.send(RawHttpClient::post(large, "/large", "Content-Type: application/octet-stream\r\n"));
    const RawHttpClient::Response r = client.readResponse();
    QCOMPARE(storedId(r), qint64(4));
    const QList<StoredEvent> events = storedEvents();
    QCOMPARE(events.size(), 4);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(events.at(i).idempotencyKey, QString::fromLatin1(keys.at(i)));
    }
    QVERIFY(events.at(3).body == large);
}

void TestTls::answersALongPipelineOverTls()
{
    // More requests in one go than a connection holds unanswered (256): reading stops, and starts
    // again from what QSslSocket kept decrypted meanwhile, as answers go out.
    constexpr int Requests = 2000;
    TlsClient client(m_certificate);
    QVERIFY2(client.connectTo(m_server->port()), qPrintable(client.socket().errorString()));
    QByteArray burst;
    for (int i = 0; i < Requests; ++i) {
        burst += RawHttpClient::post("{\"n\":" + QByteArray::number(i) + '}');
    }
    client.send(burst);
    for (int i = 1; i <= Requests; ++i) {
        const RawHttpClient::Response r = client.readResponse();
        QCOMPARE(storedId(r), qint64(i));
    }
    QCOMPARE(storedEvents().size(), Requests);
}

void TestTls::verifyingClientsRefuseTheSelfSignedCertificate_data()
{
    QTest::addColumn<bool>("useCurl");
    QTest::newRow("QSslSocket with the system's CAs") << false;
    QTest::newRow("curl without --cacert") << true;
}

void TestTls::verifyingClientsRefuseTheSelfSignedCertificate()
{
    QFETCH(bool, useCurl);
    const QByteArray body = providerWebhook("business_loans.deleted", newKey());
    if (useCurl) {
        QByteArray out;
        const int exit = curl({QStringLiteral("-sS"), QStringLiteral("--data-binary"), QString::fromUtf8(body),
                                  QStringLiteral("https://localhost:%1/webhook").arg(m_server->port())},
            &out);
        QCOMPARE(exit, 60); // "SSL certificate problem: self-signed certificate"
    } else {
        TlsClient client;
        QVERIFY(!client.connectTo(m_server->port()));
        QCOMPARE(client.socket().error(), QAbstractSocket::SslHandshakeFailedError);
        bool selfSigned = false;
        for (const QSslError& e : client.socket().sslHandshakeErrors()) {
            selfSigned = selfSigned || e.error() == QSslError::SelfSignedCertificate;
        }
        QVERIFY2(selfSigned, qPrintable(client.socket().errorString()));
    }
    // The user hears of it: the sender doesn't trust the certificate (no HTTP status to give).
    QTRY_COMPARE_WITH_TIMEOUT(m_server->refusals().total(), quint64(1), AnswerMs);
    const Refusal refusal = m_server->refusals().recent().constFirst();
    QCOMPARE(refusal.status, 0);
    QVERIFY2(refusal.reason.startsWith(QStringLiteral("TLS handshake failed: ")), qPrintable(refusal.reason));
    QVERIFY2(refusal.remote.startsWith(QStringLiteral("127.0.0.1:")), qPrintable(refusal.remote));
    QVERIFY2(refusal.toLine().startsWith(QStringLiteral("refused connection from 127.0.0.1:")),
        qPrintable(refusal.toLine()));
    // Nothing got through, and the server still serves a client that trusts the certificate.
    TlsClient trusting(m_certificate);
    QVERIFY2(trusting.connectTo(m_server->port()), qPrintable(trusting.socket().errorString()));
    trusting.send(RawHttpClient::post(providerWebhook()));
    QCOMPARE(storedId(trusting.readResponse()), qint64(1));
    QCOMPARE(storedEvents().size(), 1);
}

void TestTls::answersPlainHttpOnTheTlsPortWith400()
{
    RawHttpClient plain;
    QVERIFY(plain.connectTo(m_server->port()));
    plain.send(RawHttpClient::post(providerWebhook()));
    const RawHttpClient::Response r = plain.readResponse(AnswerMs);
    QCOMPARE(r.status, 400);
    QVERIFY2(r.body.contains("HTTPS"), r.body.constData());
    QCOMPARE(r.header("connection"), QByteArray("close"));
    QVERIFY(plain.waitForClose(AnswerMs));
    QVERIFY(storedEvents().isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(m_server->refusals().total(), quint64(1), AnswerMs);
    const Refusal refusal = m_server->refusals().recent().constFirst();
    QCOMPARE(refusal.status, 400);
    QCOMPARE(refusal.reason, QStringLiteral("This port speaks HTTPS: use an https:// URL"));

    TlsClient client(m_certificate);
    QVERIFY(client.connectTo(m_server->port()));
    client.send(RawHttpClient::post(providerWebhook()));
    QCOMPARE(storedId(client.readResponse()), qint64(1));
}

void TestTls::closesAnUnfinishedHandshake_data()
{
    QTest::addColumn<QByteArray>("sent");
    QTest::newRow("silent") << QByteArray();
    QTest::newRow("half a ClientHello") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11);
}

void TestTls::closesAnUnfinishedHandshake()
{
    // The handshake has the headers' deadline, not the (longer) idle one.
    QFETCH(QByteArray, sent);
    ServerConfig config = m_server->config();
    config.headerTimeoutMs = 300;
    config.idleTimeoutMs = 600000;
    QVERIFY2(startServer(config), qPrintable(m_server->errorString()));
    RawHttpClient stalled;
    QVERIFY(stalled.connectTo(m_server->port()));
    if (!sent.isEmpty()) {
        stalled.send(sent);
    }
    QVERIFY(stalled.waitForClose(AnswerMs));
    QVERIFY(storedEvents().isEmpty());
    // A handshake begun and left unfinished is refused once (no HTTP status to give); a client
    // that sent nothing is only idle, as over plain HTTP.
    QTest::qWait(300); // past the last refusals' publishing (every 200 ms at most)
    if (sent.isEmpty()) {
        QCOMPARE(m_server->refusals().total(), quint64(0));
    } else {
        QCOMPARE(m_server->refusals().total(), quint64(1));
        const Refusal refusal = m_server->refusals().recent().constFirst();
        QCOMPARE(refusal.status, 0);
        QCOMPARE(refusal.reason, QStringLiteral("TLS handshake not finished in time"));
    }
}

void TestTls::serveSpeaksHttps()
{
    const QString db = m_history->path(QStringLiteral("served.sqlite"));
    ChildServer child(m_certificates.path());
    QVERIFY(child.start(QStringLiteral(HOOKSCOPE_BINARY),
        {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--db"), db,
            QStringLiteral("--tls-cert"), m_certificate, QStringLiteral("--tls-key"), m_key}));
    static const QRegularExpression listening(QStringLiteral("^listening on https://127\\.0\\.0\\.1:(\\d+)/\\n$"));
    const QRegularExpressionMatch match = listening.match(QString::fromUtf8(child.firstLine()));
    QVERIFY2(match.hasMatch(), child.firstLine().constData());
    QByteArray out;
    QByteArray err;
    QCOMPARE(curl({QStringLiteral("-sS"), QStringLiteral("--cacert"), m_certificate, QStringLiteral("--data-binary"),
                      QStringLiteral("{}"), QStringLiteral("https://localhost:%1/").arg(match.captured(1))},
                 &out, &err),
        0);
    QCOMPARE(out, QByteArray("{\"ok\":true,\"id\":1}"));
    QVERIFY(child.stop(SIGTERM));
    QCOMPARE(child.process().exitCode(), 0);
}

void TestTls::serveRefusesUnusableTlsFiles_data()
{
    QTest::addColumn<QString>("certificate"); ///< "cert" and "key" stand for the good files
    QTest::addColumn<QString>("key");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("mentioned"); ///< the file the message names
    QTest::newRow("no certificate file") << "missing.pem"
                                         << "key" << 1 << "missing.pem";
    QTest::newRow("no key file") << "cert"
                                 << "missing.pem" << 1 << "missing.pem";
    QTest::newRow("not a certificate") << "garbage.pem"
                                       << "key" << 1 << "garbage.pem";
    QTest::newRow("the key as certificate") << "key"
                                            << "key" << 1 << "localhost-key.pem";
    QTest::newRow("not a key") << "cert"
                               << "garbage.pem" << 1 << "garbage.pem";
    QTest::newRow("another certificate's key") << "cert"
                                               << "other-key.pem" << 1 << "other-key.pem";
    QTest::newRow("only --tls-cert") << "cert" << QString() << 2 << "--tls-key";
    QTest::newRow("only --tls-key") << QString() << "key" << 2 << "--tls-cert";
}

void TestTls::serveRefusesUnusableTlsFiles()
{
    QFETCH(QString, certificate);
    QFETCH(QString, key);
    QFETCH(int, exitCode);
    QFETCH(QString, mentioned);
    const QString dir = m_certificates.path();
    {
        QFile garbage(dir + QStringLiteral("/garbage.pem"));
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write("-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
    }
    const QString otherKey = dir + QStringLiteral("/other-key.pem");
    QString error;
    if (!QFile::exists(otherKey)) {
        QVERIFY2(TlsLocalCertificate::generate(dir + QStringLiteral("/other-cert.pem"), otherKey, &error),
            qPrintable(error));
    }
    const auto path = [&](const QString& name) {
        return name == QLatin1String("cert") ? m_certificate
            : name == QLatin1String("key")   ? m_key
                                             : dir + QLatin1Char('/') + name;
    };
    const QString db = m_history->path(QStringLiteral("refused.sqlite"));
    QStringList arguments
        = {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--db"), db};
    if (!certificate.isEmpty()) {
        arguments << QStringLiteral("--tls-cert") << path(certificate);
    }
    if (!key.isEmpty()) {
        arguments << QStringLiteral("--tls-key") << path(key);
    }
    const ChildRun run = ChildRun::run(QStringLiteral(HOOKSCOPE_BINARY), arguments, dir);
    QVERIFY2(run.finished, run.describe().constData());
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY2(run.out.isEmpty(), run.describe().constData());
    QCOMPARE(run.err.count('\n'), 1);
    QVERIFY2(run.err.startsWith("hookscope: "), run.err.constData());
    QVERIFY2(run.err.contains(mentioned.toUtf8()), run.err.constData());
    QVERIFY2(!QFile::exists(db), "a history was created for a server that could not start");
}

QTEST_GUILESS_MAIN(TestTls)
#include "TestTls.moc"
