// Differential check: the same bytes sent to `hookscope serve` and to nginx (nginx-light, run
// unprivileged from a temporary folder) must get the same verdict, accepted (2xx) or refused (any other
// answer, or none). nginx proxies every request, fully read, to a backend of its own that answers 200, so
// its verdict is its parser's. A mismatch fails the test unless knownMismatches() explains it, and an
// explanation that no longer matches a mismatch fails too. The table in tests/fuzz/README.md is what
// this test prints (qInfo) when run.

#include "ChildServer.h"
#include "TestSupport.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <memory>

namespace {

constexpr int AnswerTimeoutMs = 3000;

QByteArray host(const QByteArray& requestLine, const QByteArray& fields = {})
{
    return requestLine + "\r\nHost: h\r\n" + fields + "\r\n";
}

/// What a server made of a request.
enum class Verdict {
    Accepted, ///< a 2xx answer (or, from nginx, an HTTP/0.9 answer: the body alone)
    Refused, ///< any other final status
    Silent ///< no answer in time: still waiting for more, or closed without a word
};

constexpr int Http09Answer = -9;

/// The first final status answered to @p request on a fresh connection to @p port; 0: none came,
/// Http09Answer: bytes came without a status line.
int statusOf(quint16 port, const QByteArray& request)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(AnswerTimeoutMs)) {
        return 0;
    }
    socket.write(request);
    QByteArray received;
    const QDeadlineTimer deadline(AnswerTimeoutMs);
    while (!deadline.hasExpired()) {
        const qsizetype headEnd = received.indexOf("\r\n\r\n");
        if (headEnd >= 0 && received.startsWith("HTTP/1.")) {
            const int status = received.mid(9, 3).toInt();
            if (status >= 200) {
                return status;
            }
            received.remove(0, headEnd + 4); // 100 Continue: the final answer follows
            continue;
        }
        if (received.size() >= 5 && !received.startsWith("HTTP/")) {
            return Http09Answer;
        }
        if (!socket.waitForReadyRead(static_cast<int>(qMax<qint64>(1, deadline.remainingTime())))) {
            break;
        }
        received += socket.readAll();
    }
    return received.isEmpty() || received.startsWith("HTTP/") ? 0 : Http09Answer;
}

Verdict verdictOf(int status)
{
    if (status == Http09Answer || (status >= 200 && status < 300)) {
        return Verdict::Accepted;
    }
    return status == 0 ? Verdict::Silent : Verdict::Refused;
}

QByteArray shown(int status)
{
    if (status == Http09Answer) {
        return "HTTP/0.9 answer";
    }
    return status == 0 ? QByteArray("no answer") : QByteArray::number(status);
}

/// Rows where the verdicts differ on purpose (or where nginx is the one that is wrong), and why.
const QHash<QByteArray, QByteArray>& knownMismatches()
{
    static const QHash<QByteArray, QByteArray> known = {
        // Where Hookscope accepts what nginx refuses.
        {"OPTIONS asterisk",
            "nginx doesn't take the asterisk-form; RFC 9112 3.2.4 defines it for OPTIONS, and a capture tool "
            "should record it"},
        {"CONNECT",
            "Hookscope captures every method nginx knows, answers and closes (it never opens a tunnel); nginx is "
            "no forward proxy. Note RFC 9110 9.3.6: a 2xx to CONNECT means \"tunnel established\""},
        {"seed connect", "as CONNECT below"},
        {"TRACE", "nginx refuses TRACE by policy (405, against cross-site tracing); Hookscope captures it"},
        {"one header field over 16 KiB",
            "configuration, not parsing: nginx's line buffer (set to 16 KiB to match our request-target "
            "limit) also bounds each field line; Hookscope bounds the whole header section (64 KiB)"},
        // Where Hookscope is stricter on purpose.
        {"other expectation",
            "RFC 9110 10.1.1 lets a server answer 417 to an expectation it doesn't know; nginx ignores it"},
        {"request line without version",
            "nginx still speaks HTTP/0.9 (answers the bare body); RFC 9112 3 requires the version, and a "
            "webhook never comes as HTTP/0.9"},
        {"two spaces after the method",
            "RFC 9112 3: one SP between the parts; it allows parsing on whitespace but warns that this "
            "leniency enables request smuggling"},
        {"two spaces before the version", "as above (RFC 9112 3)"},
        {"space after the version", "as above (RFC 9112 3): nothing may follow the version"},
        {"lowercase method",
            "RFC 9110 9.1: any token is a method, and methods are case-sensitive, so \"get\" is a method of its "
            "own (stored as sent); nginx takes only upper-case letters, \"_\" and \"-\""},
        {"custom method with a digit and a dot", "as above: nginx refuses tchars other than A-Z, \"_\" and \"-\""},
        {"method over 64 bytes",
            "RFC 9112 3: a server SHOULD answer 501 to a method longer than any it implements; Hookscope "
            "stores any method up to 64 bytes, nginx has no limit of its own"},
        {"bare LF line ends",
            "RFC 9112 2.2 only allows (MAY) a bare LF as a line end; llhttp is strict, and lone-LF framing is "
            "a smuggling vector"},
        {"header without colon",
            "nginx skips the invalid line (ignore_invalid_headers); RFC 9112 5 has no field line without a "
            "colon, so 400"},
        {"bare LF in a field value",
            "nginx ends the line at the LF and skips the rest as above; 400 (RFC 9112 2.2, 5)"},
        {"DEL in a field value",
            "RFC 9110 5.5: DEL is neither VCHAR nor obs-text, so the value is invalid; recipients MAY keep "
            "it, llhttp refuses it"},
        {"obs-fold in a trailer",
            "nginx reads and discards trailer fields without checking them; Hookscope stores trailers, and "
            "RFC 9112 5.2 obs-fold must be refused (or replaced) wherever it is"},
        {"space inside a trailer field name", "as above: a trailer field name must be a token (RFC 9110 5.1)"},
        {"trailer line without a colon", "as above (RFC 9112 7.1.2: trailer-section = *( field-line CRLF ))"},
        {"chunk size followed by a space",
            "RFC 9112 7.1: whitespace may only come before a chunk extension's \";\"; llhttp is strict "
            "about chunk framing, which is where smuggling happens"},
        // Where nginx follows the RFC more closely: llhttp 8 has no switch for it.
        {"HTTP/1.2 request line",
            "RFC 9110 2.5 says to process HTTP/1.2 as HTTP/1.1 (SHOULD); llhttp 8 refuses a version it "
            "doesn't know. No client sends 1.2"},
    };
    return known;
}

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace

class TestDifferential : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void sameVerdict_data();
    void sameVerdict();

private:
    bool startNginx();

    QTemporaryDir m_dir;
    QProcess m_nginx;
    quint16 m_nginxPort = 0;
    std::unique_ptr<ChildServer> m_hookscope;
    QByteArrayList m_table;
    QSet<QByteArray> m_mismatches;
};

bool TestDifferential::startNginx()
{
    const QString nginx = QStandardPaths::findExecutable(QStringLiteral("nginx"),
        {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin"), QStringLiteral("/usr/local/sbin")});
    if (nginx.isEmpty()) {
        qWarning("nginx not found: install nginx-light (packaging/dev.sh does)");
        return false;
    }
    m_nginxPort = freePort();
    const QByteArray dir = QFile::encodeName(m_dir.path());
    // One process, no daemon, everything in the temporary folder: runs as whoever runs the test. The
    // limits are Hookscope's: a 16 KiB request line, 64 KiB of header section, a 32 MiB body.
    const QByteArray config = "daemon off;\nmaster_process off;\nworker_processes 1;\npid " + dir
        + "/nginx.pid;\nerror_log " + dir + "/error.log info;\nevents { worker_connections 64; }\nhttp {\n"
        + "  access_log off;\n  client_body_temp_path " + dir + "/body;\n  proxy_temp_path " + dir
        + "/proxy;\n  fastcgi_temp_path " + dir + "/fastcgi;\n  uwsgi_temp_path " + dir + "/uwsgi;\n"
        + "  scgi_temp_path " + dir + "/scgi;\n  client_max_body_size 32m;\n" + "  large_client_header_buffers 4 16k;\n"
        + "  server {\n    listen unix:" + dir + "/backend.sock;\n    location / { return 200 \"ok\\n\"; }\n  }\n"
        + "  server {\n    listen 127.0.0.1:" + QByteArray::number(m_nginxPort) + ";\n"
        + "    location / { proxy_pass http://unix:" + dir + "/backend.sock; }\n  }\n}\n";
    QFile file(m_dir.filePath(QStringLiteral("nginx.conf")));
    if (!file.open(QIODevice::WriteOnly) || file.write(config) != config.size()) {
        return false;
    }
    file.close();
    m_nginx.setProcessChannelMode(QProcess::ForwardedChannels);
    m_nginx.start(nginx,
        {QStringLiteral("-p"), m_dir.path(), QStringLiteral("-e"), m_dir.filePath(QStringLiteral("error.log")),
            QStringLiteral("-c"), file.fileName()});
    if (!m_nginx.waitForStarted(5000)) {
        return false;
    }
    const QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired() && m_nginx.state() == QProcess::Running) {
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, m_nginxPort);
        if (probe.waitForConnected(200)) {
            return true;
        }
        QTest::qWait(50);
    }
    return false;
}

void TestDifferential::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(startNginx(), "nginx did not start (see its error.log above)");
    m_hookscope = std::make_unique<ChildServer>(m_dir.path());
    QVERIFY(m_hookscope->start(QStringLiteral(HOOKSCOPE_BINARY),
        {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--db"),
            m_dir.filePath(QStringLiteral("history.sqlite"))}));
    QVERIFY2(m_hookscope->port() != 0, m_hookscope->firstLine().constData());
    m_table.append("| Request | Hookscope | nginx | Why they differ |");
    m_table.append("| --- | --- | --- | --- |");
}

void TestDifferential::cleanupTestCase()
{
    if (m_hookscope) {
        QVERIFY(m_hookscope->stop(SIGTERM));
    }
    if (m_nginx.state() == QProcess::Running) {
        m_nginx.terminate();
        m_nginx.waitForFinished(5000);
    }
    qInfo().noquote() << QString::fromUtf8("\n" + m_table.join('\n'));
    // Every explanation must still be needed.
    for (auto it = knownMismatches().cbegin(); it != knownMismatches().cend(); ++it) {
        QVERIFY2(m_mismatches.contains(it.key()), ("explained mismatch no longer differs: " + it.key()).constData());
    }
}

void TestDifferential::sameVerdict_data()
{
    QTest::addColumn<QByteArray>("request");

    // The seed corpus of the fuzzer: what real clients send (its first bytes say how to split it).
    const QDir corpus(QStringLiteral(HOOKSCOPE_SOURCE_DIR "/tests/fuzz/corpus"));
    for (const QString& name : corpus.entryList(QDir::Files, QDir::Name)) {
        if (name.endsWith(QLatin1String("-split"))) {
            continue;
        }
        QFile file(corpus.filePath(name));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray seed = file.readAll();
        const int sizes = static_cast<unsigned char>(seed.at(0)) >> 2;
        QTest::newRow(qPrintable(QStringLiteral("seed ") + name)) << seed.mid(1 + sizes);
    }

    // TestRequestReader's rows (those written for its small limits at Hookscope's default limits).
    const QByteArray post = "POST / HTTP/1.1";
    const QByteArray chunked = "Transfer-Encoding: chunked\r\n";
    const QByteArray smuggled = host("GET /smuggled HTTP/1.1");
    QTest::newRow("GET without body") << host("GET /hook HTTP/1.1");
    QTest::newRow("POST with Content-Length") << host("POST /hook?x=1 HTTP/1.1", "Content-Length: 5\r\n") + "hello";
    QTest::newRow("HTTP/1.0 without Host") << QByteArray("GET / HTTP/1.0\r\n\r\n");
    QTest::newRow("HTTP/1.0 with keep-alive") << QByteArray("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    QTest::newRow("chunked body") << host(post, chunked) + "5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n";
    QTest::newRow("chunked with chunk extensions")
        << host(post, chunked) + "5;name=value\r\nhello\r\n6;a;b=\"q\"\r\n world\r\n0;last\r\n\r\n";
    QTest::newRow("chunked with trailers")
        << host(post, chunked) + "3\r\nabc\r\n0\r\nX-Checksum: 900150983cd24fb0\r\nX-Empty-Trailer:\r\n\r\n";
    QTest::newRow("header order and repeated fields") << host("GET / HTTP/1.1", "X-B: 1\r\nX-A: 2\r\nX-B: 3\r\n");
    QTest::newRow("empty header value") << host("GET / HTTP/1.1", "X-Empty:\r\nX-Blank:    \r\n");
    QTest::newRow("whitespace around a value") << host("GET / HTTP/1.1", "X-Padded: \t a  b \t \r\n");
    QTest::newRow("absolute-form target") << host("GET http://h/p?q HTTP/1.1");
    QTest::newRow("PUT with body") << host("PUT /r HTTP/1.1", "Content-Length: 2\r\n") + "{}";
    QTest::newRow("DELETE") << host("DELETE /r/1 HTTP/1.1");
    QTest::newRow("PATCH") << host("PATCH /r/1 HTTP/1.1", "Content-Length: 1\r\n") + "x";
    QTest::newRow("OPTIONS asterisk") << host("OPTIONS * HTTP/1.1");
    QTest::newRow("custom method PROPFIND") << host("PROPFIND /dav HTTP/1.1");
    QTest::newRow("HEAD") << host("HEAD /hook HTTP/1.1");
    QTest::newRow("empty line before the request") << "\r\n" + host("GET / HTTP/1.1");
    QTest::newRow("60 KiB header section") << host("GET / HTTP/1.1",
        "X-Big: " + QByteArray(15 * 1024, 'v') + "\r\n" + "X-Big2: " + QByteArray(15 * 1024, 'v')
            + "\r\nX-Big3: " + QByteArray(15 * 1024, 'v') + "\r\n");
    QTest::newRow("100-continue with a body") << host(post, "Expect: 100-continue\r\nContent-Length: 5\r\n") + "hello";
    QTest::newRow("100-continue with a chunked body")
        << host(post, "Expect: 100-continue\r\n" + chunked) + "2\r\nhi\r\n0\r\n\r\n";
    QTest::newRow("100-continue in mixed case") << host(post, "Expect: 100-Continue\r\nContent-Length: 2\r\n") + "hi";
    QTest::newRow("100-continue with Content-Length 0") << host(post, "Expect: 100-continue\r\nContent-Length: 0\r\n");
    QTest::newRow("100-continue on HTTP/1.0")
        << QByteArray("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nhi");
    QTest::newRow("other expectation") << host(post, "Expect: something-else\r\nContent-Length: 2\r\n") + "hi";

    // request line (RFC 9112 3)
    QTest::newRow("garbage request line") << QByteArray("\x01\x02 nonsense\r\n\r\n");
    QTest::newRow("request line without version") << host("GET /");
    QTest::newRow("two spaces after the method") << host("GET  / HTTP/1.1");
    QTest::newRow("two spaces before the version") << host("GET /  HTTP/1.1");
    QTest::newRow("tab after the method") << host("GET\t/ HTTP/1.1");
    QTest::newRow("tab before the version") << host("GET /\tHTTP/1.1");
    QTest::newRow("space after the version") << host("GET / HTTP/1.1 ");
    QTest::newRow("space inside the target") << host("GET /a b HTTP/1.1");
    QTest::newRow("tab inside the target") << host("GET /a\tb HTTP/1.1");
    QTest::newRow("form feed inside the target") << host("GET /a\fb HTTP/1.1");
    QTest::newRow("DEL inside the target") << host("GET /a\x7f"
                                                   "b HTTP/1.1");
    QTest::newRow("UTF-8 bytes in the target") << host("GET /caf\xc3\xa9 HTTP/1.1");
    QTest::newRow("lowercase method") << host("get / HTTP/1.1");
    QTest::newRow("unknown method") << host("FOO / HTTP/1.1");
    QTest::newRow("custom method with a body") << host("X-CUSTOM /hook HTTP/1.1", "Content-Length: 5\r\n") + "hello";
    QTest::newRow("custom method with a chunked body")
        << host("FOO /hook HTTP/1.1", chunked) + "5\r\nhello\r\n0\r\n\r\n";
    QTest::newRow("custom method with 100-continue")
        << host("FOO /hook HTTP/1.1", "Expect: 100-continue\r\nContent-Length: 5\r\n") + "hello";
    QTest::newRow("RTSP-only method over HTTP") << host("DESCRIBE / HTTP/1.1");
    QTest::newRow("custom method with a digit and a dot") << host("V2.SYNC / HTTP/1.1");
    QTest::newRow("non-token byte in the method") << host("FO(O / HTTP/1.1");
    QTest::newRow("method over 64 bytes") << host(QByteArray(65, 'M') + " / HTTP/1.1");
    QTest::newRow("bare LF line ends") << QByteArray("GET / HTTP/1.1\nHost: h\n\n");

    // field syntax (RFC 9112 5, RFC 9110 5.5)
    QTest::newRow("header without colon") << host("GET / HTTP/1.1", "X-No-Colon\r\n");
    QTest::newRow("header without name") << host("GET / HTTP/1.1", ": value\r\n");
    QTest::newRow("space before colon") << host("GET / HTTP/1.1", "X-Name : value\r\n");
    QTest::newRow("tab before colon") << host("GET / HTTP/1.1", "X-Name\t: value\r\n");
    QTest::newRow("space inside a field name") << host("GET / HTTP/1.1", "X-Na me: value\r\n");
    QTest::newRow("NUL in a field value") << host("GET / HTTP/1.1", QByteArray("X: a\0b\r\n", 8));
    QTest::newRow("bare CR in a field value") << host("GET / HTTP/1.1", "X: a\rb\r\n");
    QTest::newRow("bare LF in a field value") << host("GET / HTTP/1.1", "X: a\nb\r\n");
    QTest::newRow("space before the first field line") << host("GET / HTTP/1.1\r\n X: a");
    QTest::newRow("obs-fold with a space") << host("GET / HTTP/1.1", "X: a\r\n b\r\n");
    QTest::newRow("obs-fold with a tab") << host("GET / HTTP/1.1", "X: a\r\n\tb\r\n");
    QTest::newRow("obs-fold after an empty value") << host("GET / HTTP/1.1", "X:\r\n b\r\n");
    QTest::newRow("obs-fold in a trailer") << host(post, chunked) + "1\r\na\r\n0\r\nT: a\r\n b\r\n\r\n";
    QTest::newRow("space inside a trailer field name") << host(post, chunked) + "1\r\na\r\n0\r\nX-Na me: v\r\n\r\n";

    QTest::newRow("UTF-8 bytes in a field value") << host("GET / HTTP/1.1", "X-Name: caf\xc3\xa9\r\n");
    QTest::newRow("DEL in a field value") << host("GET / HTTP/1.1",
        "X: a\x7f"
        "b\r\n");
    QTest::newRow("Upgrade to websocket") << host("GET /ws HTTP/1.1",
        "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
    QTest::newRow("CONNECT") << host("CONNECT h:443 HTTP/1.1");
    QTest::newRow("TRACE") << host("TRACE / HTTP/1.1");

    // Host (RFC 9112 3.2)
    QTest::newRow("two Host fields") << host("GET / HTTP/1.1", "Host: other\r\n");
    QTest::newRow("HTTP/1.1 without Host") << QByteArray("GET / HTTP/1.1\r\n\r\n");

    // framing (RFC 9112 6)
    QTest::newRow("non-numeric Content-Length") << host(post, "Content-Length: ten\r\n");
    QTest::newRow("negative Content-Length") << host(post, "Content-Length: -1\r\n") + "x";
    QTest::newRow("empty Content-Length") << host(post, "Content-Length:\r\n");
    QTest::newRow("conflicting Content-Length") << host(post, "Content-Length: 1\r\nContent-Length: 2\r\n") + "ab";
    QTest::newRow("two identical Content-Length") << host(post, "Content-Length: 2\r\nContent-Length: 2\r\n") + "ab";
    QTest::newRow("Content-Length list") << host(post, "Content-Length: 2, 2\r\n") + "ab";
    QTest::newRow("Content-Length then chunked")
        << host(post, "Content-Length: 5\r\n" + chunked) + "0\r\n\r\n" + smuggled;
    QTest::newRow("chunked then Content-Length")
        << host(post, chunked + "Content-Length: 5\r\n") + "0\r\n\r\n" + smuggled;
    QTest::newRow("chunked twice") << host(post, chunked + chunked) + "0\r\n\r\n";
    QTest::newRow("chunked not the final coding") << host(post, "Transfer-Encoding: chunked, gzip\r\n") + "0\r\n\r\n";
    QTest::newRow("bad chunk size") << host(post, chunked) + "zz\r\n";
    QTest::newRow("chunk without its CRLF") << host(post, chunked) + "3\r\nabcX\r\n0\r\n\r\n";
    QTest::newRow("Content-Length with a plus sign") << host(post, "Content-Length: +2\r\n") + "ab";
    QTest::newRow("Content-Length with leading zeros") << host(post, "Content-Length: 002\r\n") + "ab";
    QTest::newRow("chunked in capitals") << host(post, "Transfer-Encoding: CHUNKED\r\n") + "2\r\nhi\r\n0\r\n\r\n";
    QTest::newRow("chunk size with leading zeros") << host(post, chunked) + "002\r\nhi\r\n0\r\n\r\n";
    QTest::newRow("chunk size followed by a space") << host(post, chunked) + "2 \r\nhi\r\n0\r\n\r\n";
    QTest::newRow("chunk size with 0x") << host(post, chunked) + "0x2\r\nhi\r\n0\r\n\r\n";
    QTest::newRow("trailer line without a colon") << host(post, chunked) + "2\r\nhi\r\n0\r\nX\r\n\r\n";
    QTest::newRow("empty Transfer-Encoding") << host(post, "Transfer-Encoding:\r\n") + "0\r\n\r\n";
    QTest::newRow("Transfer-Encoding gzip") << host(post, "Transfer-Encoding: gzip\r\n") + "ab";
    QTest::newRow("Transfer-Encoding gzip, chunked")
        << host(post, "Transfer-Encoding: gzip, chunked\r\n") + "0\r\n\r\n";
    QTest::newRow("Transfer-Encoding on HTTP/1.0")
        << QByteArray("POST / HTTP/1.0\r\n" + chunked + "\r\n2\r\nhi\r\n0\r\n\r\n");

    // limits (Hookscope's defaults: 32 MiB body, 64 KiB header section, 16 KiB target)
    QTest::newRow("body over the limit from Content-Length") << host(post, "Content-Length: 33554433\r\n");
    QTest::newRow("chunked body over the limit") << host(post, chunked) + "2000001\r\n" + QByteArray(1024, 'a');
    QTest::newRow("one header field over 16 KiB")
        << host("GET / HTTP/1.1", "X-Big: " + QByteArray(17 * 1024, 'a') + "\r\n");
    QTest::newRow("header section over 64 KiB")
        << host("GET / HTTP/1.1", QByteArray("X-Field: " + QByteArray(1000, 'a') + "\r\n").repeated(70));
    QTest::newRow("request-target over 16 KiB") << host("GET /" + QByteArray(16 * 1024, 'a') + " HTTP/1.1");

    // other versions
    QTest::newRow("HTTP/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    QTest::newRow("HTTP/2.0 request line") << host("GET / HTTP/2.0");
    QTest::newRow("HTTP/9.9 request line") << host("GET / HTTP/9.9");
    QTest::newRow("malformed minor version") << host("GET / HTTP/1.a");
    QTest::newRow("HTTP/0.9 request line") << host("GET / HTTP/0.9");
    QTest::newRow("HTTP/1.2 request line") << host("GET / HTTP/1.2");
    QTest::newRow("lowercase http version") << host("GET / http/1.1");
}

void TestDifferential::sameVerdict()
{
    QFETCH(QByteArray, request);
    const QByteArray name = QTest::currentDataTag();
    const int ours = statusOf(m_hookscope->port(), request);
    const int theirs = statusOf(m_nginxPort, request);
    const bool mismatch = verdictOf(ours) != verdictOf(theirs);
    const QByteArray explanation = knownMismatches().value(name);
    m_table.append("| " + name + " | " + shown(ours) + " | " + shown(theirs) + " | "
        + (mismatch ? explanation : QByteArray()) + " |");
    QVERIFY2(ours != 0, "Hookscope did not answer");
    if (mismatch) {
        m_mismatches.insert(name);
        const QByteArray message
            = "Hookscope " + shown(ours) + ", nginx " + shown(theirs) + ": an unexplained mismatch";
        QVERIFY2(!explanation.isEmpty(), message.constData());
    }
}

QTEST_GUILESS_MAIN(TestDifferential)
#include "TestDifferential.moc"
