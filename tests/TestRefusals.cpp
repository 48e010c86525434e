#include "CaptureServer.h"
#include "ChildServer.h"
#include "RawHttpClient.h"
#include "RefusalLog.h"
#include "RefusalPrinter.h"
#include "TestSupport.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QtTest>

#include <csignal>
#include <memory>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace {

constexpr int AnswerMs = 5000;

const QByteArray GoodHead = "POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\n";

/// "127.0.0.1:PORT" of @p client's end, as the server names its peer.
QString remoteOf(RawHttpClient& client)
{
    return QStringLiteral("127.0.0.1:%1").arg(client.socket().localPort());
}

/// A connected loopback descriptor, or -1.
int connectRaw(quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address = {};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0) {
        if (fd >= 0) {
            ::close(fd);
        }
        return -1;
    }
    return fd;
}

/// Reads @p fd until the server closes it; false on an error.
bool drain(int fd)
{
    char buffer[4096];
    ssize_t n = 0;
    while ((n = ::read(fd, buffer, sizeof(buffer))) > 0) { }
    return n == 0;
}

} // namespace

/// Requests refused without being stored: counted with their status, reason and sender, bounded
/// under a flood, and printed for `hookscope serve`.
class TestRefusals : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void malformedRequestIsRefusedNotStored_data();
    void malformedRequestIsRefusedNotStored();
    void stalledRequestIsRefusedWithItsRequestLine();
    void connectionOverTheCapIsRefused();
    void goodRequestsAreNotRefusals();
    void floodStaysBounded();
    void logKeepsTheNewest();
    void printableEscapesControls();
    void printerWritesOneLinePerRefusal();
    void printerLimitsItsRate();
    void servePrintsRefusals();

private:
    bool restartServer(const ServerConfig& config);
    static ServerConfig defaultConfig();

    std::unique_ptr<TempHistory> m_history;
    std::unique_ptr<CaptureServer> m_server;
};

ServerConfig TestRefusals::defaultConfig()
{
    ServerConfig config;
    config.port = 0;
    return config;
}

bool TestRefusals::restartServer(const ServerConfig& config)
{
    m_server.reset();
    m_server = std::make_unique<CaptureServer>(config);
    return m_server->start(m_history->path()) && m_server->port() != 0;
}

void TestRefusals::init()
{
    m_history = std::make_unique<TempHistory>();
    QVERIFY(m_history->isValid());
    QVERIFY2(restartServer(defaultConfig()), qPrintable(m_server->errorString()));
}

void TestRefusals::cleanup()
{
    m_server.reset();
    m_history.reset();
}

void TestRefusals::malformedRequestIsRefusedNotStored_data()
{
    // Method and target as shown (UTF-8), empty when the request line never got that far.
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    const QByteArray longTarget = "GET /" + QByteArray(16 * 1024, 't') + " HTTP/1.1\r\nHost: a\r\n\r\n";
    const QByteArray longShown = "/" + QByteArray(Refusal::MaxTextChars - 1, 't') + "\xe2\x80\xa6";
    QTest::newRow("control byte in a header value") << GoodHead + "X-Bad: a\x01z\r\nContent-Length: 2\r\n\r\n{}" << 400
                                                    << QByteArray("POST") << QByteArray("/hook");
    QTest::newRow("HTML-looking target") << QByteArray("POST /<b>x</b> HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") << 400
                                         << QByteArray("POST") << QByteArray("/<b>x</b>");
    QTest::newRow("not HTTP") << QByteArray("\x16\x03\x01 hello\r\n\r\n") << 400 << QByteArray() << QByteArray();
    QTest::newRow("escape sequence in the target") << QByteArray("GET /\x1b[31mred HTTP/1.1\r\nHost: a\r\n\r\n") << 400
                                                   << QByteArray("GET") << QByteArray("/\\x1b[31mred");
    QTest::newRow("target over 16 KiB") << longTarget << 414 << QByteArray("GET") << longShown;
    QTest::newRow("unsupported transfer coding") << GoodHead + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"
                                                 << 501 << QByteArray("POST") << QByteArray("/hook");
}

void TestRefusals::malformedRequestIsRefusedNotStored()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QSignalSpy refused(m_server.get(), &CaptureServer::requestsRefused);
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server->port()));
    const QString remote = remoteOf(client); // 0 once the server has closed the connection
    client.send(request);
    const RawHttpClient::Response answer = client.readResponse(AnswerMs);
    QCOMPARE(answer.status, status);
    QVERIFY(client.waitForClose(AnswerMs));

    QTRY_COMPARE_WITH_TIMEOUT(refused.size(), 1, AnswerMs);
    const RefusalLog latest = refused.constFirst().constFirst().value<RefusalLog>();
    QCOMPARE(latest.total(), quint64(1));
    QCOMPARE(m_server->refusals().total(), quint64(1));
    const Refusal r = m_server->refusals().recent().constLast();
    QCOMPARE(r.status, status);
    // The reason is the one the sender was told.
    QCOMPARE(r.reason, QJsonDocument::fromJson(answer.body).object().value(QStringLiteral("error")).toString());
    QVERIFY(!r.reason.isEmpty());
    QCOMPARE(r.remote, remote);
    QCOMPARE(r.method.toUtf8(), method);
    QCOMPARE(r.target.toUtf8(), target);
    QVERIFY(qAbs(r.atMs - QDateTime::currentMSecsSinceEpoch()) < 10000);
    QCOMPARE(storedEvents(m_history->path()).size(), 0);
}

void TestRefusals::stalledRequestIsRefusedWithItsRequestLine()
{
    ServerConfig config = defaultConfig();
    config.headerTimeoutMs = 200;
    QVERIFY2(restartServer(config), qPrintable(m_server->errorString()));
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server->port()));
    const QString remote = remoteOf(client);
    client.send(GoodHead); // no end of the header section
    QCOMPARE(client.readResponse(AnswerMs).status, 408);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->refusals().total(), quint64(1), AnswerMs);
    const Refusal r = m_server->refusals().recent().constLast();
    QCOMPARE(r.status, 408);
    QCOMPARE(r.reason, QStringLiteral("Headers not received in time"));
    QCOMPARE(r.toLine(), QStringLiteral("refused 408 from %1 (POST /hook): Headers not received in time").arg(remote));
}

void TestRefusals::connectionOverTheCapIsRefused()
{
    ServerConfig config = defaultConfig();
    config.maxConnections = 1;
    QVERIFY2(restartServer(config), qPrintable(m_server->errorString()));
    RawHttpClient first;
    QVERIFY(first.connectTo(m_server->port()));
    first.send(RawHttpClient::post("{}", "/hook"));
    QCOMPARE(first.readResponse(AnswerMs).status, 200); // accepted: the cap is reached
    RawHttpClient second;
    QVERIFY(second.connectTo(m_server->port()));
    const QString remote = remoteOf(second);
    second.send(RawHttpClient::post("{}", "/hook"));
    QCOMPARE(second.readResponse(AnswerMs).status, 503);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->refusals().total(), quint64(1), AnswerMs);
    const Refusal r = m_server->refusals().recent().constLast();
    QCOMPARE(r.status, 503);
    QCOMPARE(r.reason, QStringLiteral("Too many open connections"));
    QCOMPARE(r.remote, remote);
    QVERIFY(r.method.isEmpty()); // refused before anything was read
    QCOMPARE(storedEvents(m_history->path()).size(), 1);
}

void TestRefusals::goodRequestsAreNotRefusals()
{
    QSignalSpy refused(m_server.get(), &CaptureServer::requestsRefused);
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server->port()));
    for (int i = 0; i < 3; ++i) {
        client.send(RawHttpClient::post("{}", "/hook"));
        QCOMPARE(client.readResponse(AnswerMs).status, 200);
    }
    // An idle connection closed, and a connection that never sent a byte, are no refusals either.
    RawHttpClient silent;
    QVERIFY(silent.connectTo(m_server->port()));
    silent.socket().close();
    QTest::qWait(300);
    QCOMPARE(refused.size(), 0);
    QCOMPARE(m_server->refusals().total(), quint64(0));
}

void TestRefusals::floodStaysBounded()
{
    constexpr int Requests = 10000;
    constexpr int Batch = 200;
    QSignalSpy refused(m_server.get(), &CaptureServer::requestsRefused);
    QElapsedTimer flood;
    flood.start();
    const QByteArray bad = "POST /flood HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n";
    for (int sent = 0; sent < Requests; sent += Batch) {
        std::vector<int> fds;
        for (int i = 0; i < Batch; ++i) {
            const int fd = connectRaw(m_server->port());
            QVERIFY(fd >= 0);
            QCOMPARE(::write(fd, bad.constData(), static_cast<size_t>(bad.size())), ssize_t(bad.size()));
            ::shutdown(fd, SHUT_WR);
            fds.push_back(fd);
        }
        for (const int fd : fds) {
            QVERIFY(drain(fd));
            ::close(fd);
        }
    }
    // This thread did not run its event loop during the flood: every batch published is waiting.
    QTRY_COMPARE_WITH_TIMEOUT(m_server->refusals().total(), quint64(Requests), AnswerMs);
    const qint64 elapsedMs = flood.elapsed();
    QCOMPARE(m_server->refusals().recent().size(), RefusalLog::Capacity);
    QCOMPARE(m_server->refusals().recent().constLast().target, QStringLiteral("/flood"));
    // At most five batches a second, plus the first one at once and a last one at the end.
    const qint64 allowed = elapsedMs / 200 + 2;
    QVERIFY2(refused.size() <= allowed,
        qPrintable(QStringLiteral("%1 batches in %2 ms").arg(refused.size()).arg(elapsedMs)));
    quint64 counted = 0;
    for (const QList<QVariant>& arguments : std::as_const(refused)) {
        const RefusalLog batch = arguments.constFirst().value<RefusalLog>();
        QVERIFY(batch.recent().size() <= RefusalLog::Capacity);
        counted += batch.total();
    }
    QCOMPARE(counted, quint64(Requests));
    QCOMPARE(storedEvents(m_history->path()).size(), 0);
    qInfo("%d refusals in %lld ms, %lld batches", Requests, elapsedMs, static_cast<qint64>(refused.size()));
}

void TestRefusals::logKeepsTheNewest()
{
    RefusalLog log;
    for (int i = 0; i < 3 * RefusalLog::Capacity; ++i) {
        log.add(Refusal(400, QByteArray::number(i), QStringLiteral("x")));
    }
    RefusalLog later;
    later.add(Refusal(408, "last", QStringLiteral("y")));
    log.append(later);
    QCOMPARE(log.total(), quint64(3 * RefusalLog::Capacity + 1));
    QCOMPARE(log.recent().size(), RefusalLog::Capacity);
    QCOMPARE(log.recent().constLast().reason, QStringLiteral("last"));
    QCOMPARE(log.recent().constFirst().reason, QString::number(2 * RefusalLog::Capacity + 1));
}

void TestRefusals::printableEscapesControls()
{
    QCOMPARE(Refusal::printable("/a\r\nb\x7f"), QStringLiteral("/a\\x0d\\x0ab\\x7f"));
    // C1 CSI (U+009B) and a right-to-left override (U+202E) would steer a terminal or the text's order.
    QCOMPARE(Refusal::printable("\xc2\x9b"
                                "2J\xe2\x80\xae"),
        QStringLiteral("\\u{009b}2J\\u{202e}"));
    QCOMPARE(Refusal::printable("/caf\xc3\xa9"), QStringLiteral("/caf\u00e9"));
    QCOMPARE(Refusal::printable("abcdef", 3), QStringLiteral("abc") + QChar(0x2026));
}

void TestRefusals::printerWritesOneLinePerRefusal()
{
    QBuffer output; // outlives the printer, which the server owns
    QVERIFY(output.open(QIODevice::ReadWrite));
    auto server = std::make_unique<CaptureServer>(defaultConfig());
    QVERIFY(server->start(m_history->path() + QStringLiteral(".2")));
    new RefusalPrinter(server.get(), &output);
    RawHttpClient client;
    QVERIFY(client.connectTo(server->port()));
    const QString remote = remoteOf(client);
    client.send("POST /<b>x</b> HTTP/1.1\r\nHost: a\r\nX-Bad: \x01\r\n\r\n");
    const RawHttpClient::Response answer = client.readResponse(AnswerMs);
    QCOMPARE(answer.status, 400);
    const QString reason = QJsonDocument::fromJson(answer.body).object().value(QStringLiteral("error")).toString();
    const QByteArray expected
        = QStringLiteral("hookscope: refused 400 from %1 (POST /<b>x</b>): %2\n").arg(remote, reason).toUtf8();
    QTRY_COMPARE_WITH_TIMEOUT(output.data(), expected, AnswerMs);
}

void TestRefusals::printerLimitsItsRate()
{
    QBuffer output;
    QVERIFY(output.open(QIODevice::ReadWrite));
    CaptureServer server(defaultConfig()); // not started: the batches are handed to it here
    new RefusalPrinter(&server, &output);
    RefusalLog flood;
    for (int i = 0; i < 1000; ++i) {
        flood.add(Refusal(400, "Bad", QStringLiteral("10.0.0.1:%1").arg(i)));
    }
    emit server.requestsRefused(flood);
    QCOMPARE(output.data().count('\n'), RefusalPrinter::MaxLinesPerSecond);
    QVERIFY(output.data().startsWith("hookscope: refused 400 from 10.0.0.1:950: Bad\n"));
    QTRY_VERIFY_WITH_TIMEOUT(output.data().endsWith("hookscope: ... and 990 more refused requests\n"), 3000);
    // A new second prints again.
    output.buffer().clear();
    output.seek(0);
    RefusalLog one;
    one.add(Refusal(408, "Slow", QStringLiteral("10.0.0.2:1")));
    QTest::qWait(1100);
    emit server.requestsRefused(one);
    QCOMPARE(output.data(), QByteArray("hookscope: refused 408 from 10.0.0.2:1: Slow\n"));
}

void TestRefusals::servePrintsRefusals()
{
    QFile serveCommand(QStringLiteral(HOOKSCOPE_SOURCE_DIR "/app/ServeCommand.cpp"));
    if (serveCommand.open(QIODevice::ReadOnly) && !serveCommand.readAll().contains("RefusalPrinter")) {
        QSKIP("hookscope serve does not print refusals yet (app/ServeCommand.cpp makes no RefusalPrinter)");
    }
    ChildServer serve(QFileInfo(m_history->path()).absolutePath());
    QVERIFY(serve.start(QStringLiteral(HOOKSCOPE_BINARY),
        {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--db"),
            m_history->path() + QStringLiteral(".serve")}));
    QVERIFY2(serve.port() != 0, serve.firstLine().constData());
    RawHttpClient client;
    QVERIFY(client.connectTo(serve.port()));
    const QString remote = remoteOf(client);
    client.send("POST /<b>x</b> HTTP/1.1\r\nHost: a\r\nX-Bad: \x01\r\n\r\n");
    const RawHttpClient::Response answer = client.readResponse(AnswerMs);
    QCOMPARE(answer.status, 400);
    const QString reason = QJsonDocument::fromJson(answer.body).object().value(QStringLiteral("error")).toString();
    const QByteArray expected
        = QStringLiteral("hookscope: refused 400 from %1 (POST /<b>x</b>): %2\n").arg(remote, reason).toUtf8();
    QByteArray err;
    QTRY_VERIFY2_WITH_TIMEOUT(
        (err += serve.process().readAllStandardError()).contains(expected), err.constData(), AnswerMs);
    QVERIFY(serve.stop(SIGTERM));
}

QTEST_GUILESS_MAIN(TestRefusals)
#include "TestRefusals.moc"
