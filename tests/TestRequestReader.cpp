#include "RequestReader.h"

#include <QDateTime>
#include <QtTest>

namespace {

/// Records what the reader reports, in order: "100-continue" and "request" events, and the requests.
class RecordingSink : public RequestSink
{
public:
    void continueRequested() override { m_events.append("100-continue"); }
    void requestComplete(CapturedRequest&& request) override
    {
        m_events.append("request");
        m_requests.append(std::move(request));
    }

    const QByteArrayList& events() const { return m_events; }
    const QList<CapturedRequest>& requests() const { return m_requests; }

private:
    QByteArrayList m_events;
    QList<CapturedRequest> m_requests;
};

/// One request as a line of text: request line, path, keep-alive, then the header fields and the body.
QByteArray describe(const CapturedRequest& r)
{
    QByteArray out = r.method + ' ' + r.target + ' ' + r.httpVersion + " path=" + r.path()
        + (r.keepAlive ? " keep-alive\n" : " close\n");
    for (const HttpHeader& h : r.headers) {
        out += h.name + ": " + h.value + '\n';
    }
    return out + '\n' + r.body;
}

/// What one way of feeding the bytes came to.
struct Outcome
{
    bool accepted = true; ///< every feed() returned true
    int status = 0;
    RequestReader::State state = RequestReader::State::Idle;
    QByteArrayList events;
    QByteArrayList requests; ///< describe() of each completed request

    QByteArray summary() const
    {
        return "accepted=" + QByteArray::number(accepted) + " status=" + QByteArray::number(status)
            + " state=" + QByteArray::number(static_cast<int>(state)) + " events=" + events.join(',') + "\n"
            + requests.join("\n----\n");
    }
};

/// Feeds @p input cut at each position in @p cuts (ascending): no cuts is one feed.
Outcome feedInPieces(const QByteArray& input, const ReaderLimits& limits, const QList<qsizetype>& cuts)
{
    RecordingSink sink;
    RequestReader reader(&sink, limits);
    Outcome o;
    qsizetype from = 0;
    QList<qsizetype> ends = cuts;
    ends.append(input.size());
    for (const qsizetype end : ends) {
        o.accepted = reader.feed(input.constData() + from, end - from) && o.accepted;
        from = end;
    }
    o.status = reader.errorStatus();
    o.state = reader.state();
    o.events = sink.events();
    for (const CapturedRequest& r : sink.requests()) {
        o.requests.append(describe(r));
    }
    return o;
}

ReaderLimits smallLimits()
{
    ReaderLimits limits;
    limits.maxBodyBytes = 64;
    limits.maxHeaderBytes = 1024;
    limits.maxTargetBytes = 256;
    return limits;
}

ReaderLimits limitsFor(bool defaultLimits)
{
    return defaultLimits ? ReaderLimits() : smallLimits();
}

QByteArray host(const QByteArray& requestLine, const QByteArray& fields = {})
{
    return requestLine + "\r\nHost: h\r\n" + fields + "\r\n";
}

} // namespace

class TestRequestReader : public QObject
{
    Q_OBJECT

private slots:
    void requests_data();
    void requests();
    void expectContinue_data();
    void expectContinue();
    void rejects_data();
    void rejects();
    void staysFailedAfterAnError();
    void stampsRemoteAndTime();
    void overlongMethodAfterARequest();
    void methodInProgressIsPartOfTheHeaders();

private:
    /// Feeds @p input whole, one byte at a time and split in two at every position; all must agree.
    Outcome feedEveryWay(const QByteArray& input, const ReaderLimits& limits);
};

Outcome TestRequestReader::feedEveryWay(const QByteArray& input, const ReaderLimits& limits)
{
    const Outcome whole = feedInPieces(input, limits, {});
    const QByteArray expected = whole.summary();

    QList<qsizetype> everyByte;
    for (qsizetype i = 1; i < input.size(); ++i) {
        everyByte.append(i);
    }
    const Outcome bytewise = feedInPieces(input, limits, everyByte);
    if (bytewise.summary() != expected) {
        QTest::qFail(qPrintable(QStringLiteral("one byte at a time differs from one feed:\n%1\nversus\n%2")
                                    .arg(QString::fromLatin1(bytewise.summary()), QString::fromLatin1(expected))),
            __FILE__, __LINE__);
        return whole;
    }

    // Every cut for small inputs; for the big ones (default limits) every cut near both ends and a stride between.
    const qsizetype stride = input.size() <= 4096 ? 1 : input.size() / 512;
    for (qsizetype cut = 1; cut < input.size(); ++cut) {
        if (stride > 1 && cut > 256 && cut < input.size() - 256 && cut % stride != 0) {
            continue;
        }
        const Outcome split = feedInPieces(input, limits, {cut});
        if (split.summary() != expected) {
            QTest::qFail(qPrintable(QStringLiteral("two feeds cut at %1 differ from one feed:\n%2\nversus\n%3")
                                        .arg(cut)
                                        .arg(QString::fromLatin1(split.summary()), QString::fromLatin1(expected))),
                __FILE__, __LINE__);
            return whole;
        }
    }
    return whole;
}

void TestRequestReader::requests_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("defaultLimits");
    QTest::addColumn<QByteArrayList>("expected");
    QTest::addColumn<bool>("closes");

    QTest::newRow("GET without body") << host("GET /hook HTTP/1.1") << false
                                      << QByteArrayList {"GET /hook HTTP/1.1 path=/hook keep-alive\nHost: h\n\n"}
                                      << false;
    QTest::newRow("POST with Content-Length")
        << host("POST /hook?x=1 HTTP/1.1", "Content-Length: 5\r\n") + "hello" << false
        << QByteArrayList {"POST /hook?x=1 HTTP/1.1 path=/hook keep-alive\nHost: h\nContent-Length: 5\n\nhello"}
        << false;
    QTest::newRow("body exactly at the limit")
        << host("POST / HTTP/1.1", "Content-Length: 64\r\n") + QByteArray(64, 'b') << false
        << QByteArrayList {"POST / HTTP/1.1 path=/ keep-alive\nHost: h\nContent-Length: 64\n\n" + QByteArray(64, 'b')}
        << false;
    QTest::newRow("HTTP/1.0 closes") << QByteArray("GET / HTTP/1.0\r\n\r\n") << false
                                     << QByteArrayList {"GET / HTTP/1.0 path=/ close\n\n"} << true;
    QTest::newRow("HTTP/1.0 with keep-alive")
        << QByteArray("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << false
        << QByteArrayList {"GET / HTTP/1.0 path=/ keep-alive\nConnection: keep-alive\n\n"} << false;
    QTest::newRow("Connection close on HTTP/1.1")
        << host("GET / HTTP/1.1", "Connection: close\r\n") << false
        << QByteArrayList {"GET / HTTP/1.1 path=/ close\nHost: h\nConnection: close\n\n"} << true;
    QTest::newRow("chunked body")
        << host("POST / HTTP/1.1", "Transfer-Encoding: chunked\r\n") + "5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n"
        << false
        << QByteArrayList {"POST / HTTP/1.1 path=/ keep-alive\nHost: h\nTransfer-Encoding: chunked\n\nhello, world"}
        << false;
    QTest::newRow("chunked with chunk extensions")
        << host("POST / HTTP/1.1", "Transfer-Encoding: chunked\r\n")
            + "5;name=value\r\nhello\r\n6;a;b=\"q\"\r\n world\r\n0;last\r\n\r\n"
        << false
        << QByteArrayList {"POST / HTTP/1.1 path=/ keep-alive\nHost: h\nTransfer-Encoding: chunked\n\nhello world"}
        << false;
    QTest::newRow("chunked with trailers")
        << host("POST / HTTP/1.1", "Transfer-Encoding: chunked\r\n")
            + "3\r\nabc\r\n0\r\nX-Checksum: 900150983cd24fb0\r\nX-Empty-Trailer:\r\n\r\n"
        << false
        << QByteArrayList {"POST / HTTP/1.1 path=/ keep-alive\nHost: h\nTransfer-Encoding: chunked\n"
                           "X-Checksum: 900150983cd24fb0\nX-Empty-Trailer: \n\nabc"}
        << false;
    QTest::newRow("two pipelined requests")
        << host("GET /one HTTP/1.1") + host("POST /two HTTP/1.1", "Content-Length: 3\r\n") + "two" << false
        << QByteArrayList {"GET /one HTTP/1.1 path=/one keep-alive\nHost: h\n\n",
               "POST /two HTTP/1.1 path=/two keep-alive\nHost: h\nContent-Length: 3\n\ntwo"}
        << false;
    QTest::newRow("three pipelined requests")
        << host("POST /one HTTP/1.1", "Content-Length: 3\r\n") + "one"
            + host("POST /two HTTP/1.1", "Transfer-Encoding: chunked\r\n") + "3\r\ntwo\r\n0\r\n\r\n"
            + host("GET /three HTTP/1.1", "Connection: close\r\n")
        << false
        << QByteArrayList {"POST /one HTTP/1.1 path=/one keep-alive\nHost: h\nContent-Length: 3\n\none",
               "POST /two HTTP/1.1 path=/two keep-alive\nHost: h\nTransfer-Encoding: chunked\n\ntwo",
               "GET /three HTTP/1.1 path=/three close\nHost: h\nConnection: close\n\n"}
        << true;
    QTest::newRow("header order and repeated fields kept")
        << host("GET / HTTP/1.1", "X-B: 1\r\nX-A: 2\r\nX-B: 3\r\nx-b: 4\r\n") << false
        << QByteArrayList {"GET / HTTP/1.1 path=/ keep-alive\nHost: h\nX-B: 1\nX-A: 2\nX-B: 3\nx-b: 4\n\n"} << false;
    QTest::newRow("empty header value")
        << host("GET / HTTP/1.1", "X-Empty:\r\nX-Blank:    \r\nX-After: v\r\n") << false
        << QByteArrayList {"GET / HTTP/1.1 path=/ keep-alive\nHost: h\nX-Empty: \nX-Blank: \nX-After: v\n\n"} << false;
    QTest::newRow("whitespace around a value is not part of it")
        << host("GET / HTTP/1.1", "X-Padded: \t a  b \t \r\n") << false
        << QByteArrayList {"GET / HTTP/1.1 path=/ keep-alive\nHost: h\nX-Padded: a  b\n\n"} << false;
    QTest::newRow("absolute-form target")
        << host("GET http://h/p?q HTTP/1.1") << false
        << QByteArrayList {"GET http://h/p?q HTTP/1.1 path=/p keep-alive\nHost: h\n\n"} << false;
    QTest::newRow("PUT with body") << host("PUT /r HTTP/1.1", "Content-Length: 2\r\n")
            + "{}" << false << QByteArrayList {"PUT /r HTTP/1.1 path=/r keep-alive\nHost: h\nContent-Length: 2\n\n{}"}
                                   << false;
    QTest::newRow("DELETE") << host("DELETE /r/1 HTTP/1.1") << false
                            << QByteArrayList {"DELETE /r/1 HTTP/1.1 path=/r/1 keep-alive\nHost: h\n\n"} << false;
    QTest::newRow("PATCH")
        << host("PATCH /r/1 HTTP/1.1", "Content-Length: 1\r\n") + "x" << false
        << QByteArrayList {"PATCH /r/1 HTTP/1.1 path=/r/1 keep-alive\nHost: h\nContent-Length: 1\n\nx"} << false;
    QTest::newRow("OPTIONS asterisk") << host("OPTIONS * HTTP/1.1") << false
                                      << QByteArrayList {"OPTIONS * HTTP/1.1 path=* keep-alive\nHost: h\n\n"} << false;
    QTest::newRow("custom method PROPFIND")
        << host("PROPFIND /dav HTTP/1.1") << false
        << QByteArrayList {"PROPFIND /dav HTTP/1.1 path=/dav keep-alive\nHost: h\n\n"} << false;
    // RFC 9110 9.1: any token is a method, case-sensitive; llhttp 8 parses only those it knows (the reader
    // hands it a stand-in for the others). feedEveryWay() also feeds each of them one byte at a time.
    QTest::newRow("custom method with Content-Length")
        << host("FOO /hook HTTP/1.1", "Content-Length: 5\r\n") + "hello" << false
        << QByteArrayList {"FOO /hook HTTP/1.1 path=/hook keep-alive\nHost: h\nContent-Length: 5\n\nhello"} << false;
    QTest::newRow("custom method with a chunked body")
        << host("X-CUSTOM /hook HTTP/1.1", "Transfer-Encoding: chunked\r\n") + "5\r\nhello\r\n0\r\n\r\n"
        << false
        << QByteArrayList {"X-CUSTOM /hook HTTP/1.1 path=/hook keep-alive\nHost: h\nTransfer-Encoding: "
                           "chunked\n\nhello"}
        << false;
    QTest::newRow("custom method of every tchar")
        << host("!#$%&'*+-.^_`|~09azAZ /t HTTP/1.1") << false
        << QByteArrayList {"!#$%&'*+-.^_`|~09azAZ /t HTTP/1.1 path=/t keep-alive\nHost: h\n\n"} << false;
    QTest::newRow("lowercase method is a method of its own")
        << host("foo /x HTTP/1.1") + host("get /y HTTP/1.1") << false
        << QByteArrayList {"foo /x HTTP/1.1 path=/x keep-alive\nHost: h\n\n",
               "get /y HTTP/1.1 path=/y keep-alive\nHost: h\n\n"}
        << false;
    QTest::newRow("one-letter method") << host("A / HTTP/1.1") << false
                                       << QByteArrayList {"A / HTTP/1.1 path=/ keep-alive\nHost: h\n\n"} << false;
    QTest::newRow("method of 64 bytes") << host(QByteArray(RequestReader::MaxMethodBytes, 'M') + " / HTTP/1.1") << false
                                        << QByteArrayList {QByteArray(RequestReader::MaxMethodBytes, 'M')
                                               + " / HTTP/1.1 path=/ keep-alive\nHost: h\n\n"}
                                        << false;
    QTest::newRow("known method prefix as a custom method")
        << host("GETX / HTTP/1.1") << false << QByteArrayList {"GETX / HTTP/1.1 path=/ keep-alive\nHost: h\n\n"}
        << false;
    QTest::newRow("RTSP-only method over HTTP")
        << host("DESCRIBE / HTTP/1.1") << false << QByteArrayList {"DESCRIBE / HTTP/1.1 path=/ keep-alive\nHost: h\n\n"}
        << false;
    QTest::newRow("custom method with asterisk-form")
        << host("FOO * HTTP/1.1") << false << QByteArrayList {"FOO * HTTP/1.1 path=* keep-alive\nHost: h\n\n"} << false;
    QTest::newRow("custom method on HTTP/1.0")
        << QByteArray("FOO / HTTP/1.0\r\n\r\n") << false << QByteArrayList {"FOO / HTTP/1.0 path=/ close\n\n"} << true;
    QTest::newRow("custom method after an empty line")
        << "\r\n" + host("FOO / HTTP/1.1") << false << QByteArrayList {"FOO / HTTP/1.1 path=/ keep-alive\nHost: h\n\n"}
        << false;
    QTest::newRow("custom method pipelined between known ones")
        << host("GET /one HTTP/1.1") + host("FOO /two HTTP/1.1", "Content-Length: 3\r\n") + "two"
            + host("POST /three HTTP/1.1", "Content-Length: 5\r\n") + "three"
        << false
        << QByteArrayList {"GET /one HTTP/1.1 path=/one keep-alive\nHost: h\n\n",
               "FOO /two HTTP/1.1 path=/two keep-alive\nHost: h\nContent-Length: 3\n\ntwo",
               "POST /three HTTP/1.1 path=/three keep-alive\nHost: h\nContent-Length: 5\n\nthree"}
        << false;
    QTest::newRow("custom methods pipelined after a chunked body and a blank line")
        << host("BAR /a HTTP/1.1", "Transfer-Encoding: chunked\r\n") + "1\r\na\r\n0\r\n\r\n\r\n"
            + host("BAZ /b HTTP/1.1", "Connection: close\r\n") + host("QUX /c HTTP/1.1")
        << false
        << QByteArrayList {"BAR /a HTTP/1.1 path=/a keep-alive\nHost: h\nTransfer-Encoding: chunked\n\na",
               "BAZ /b HTTP/1.1 path=/b close\nHost: h\nConnection: close\n\n"}
        << true;
    QTest::newRow("custom method with Upgrade is answered, never switched")
        << host("FOO /ws HTTP/1.1", "Connection: Upgrade\r\nUpgrade: websocket\r\n") + "tunnel bytes" << false
        << QByteArrayList {"FOO /ws HTTP/1.1 path=/ws close\nHost: h\nConnection: Upgrade\nUpgrade: websocket\n\n"}
        << true;
    QTest::newRow("HEAD") << host("HEAD /hook HTTP/1.1") << false
                          << QByteArrayList {"HEAD /hook HTTP/1.1 path=/hook keep-alive\nHost: h\n\n"} << false;
    QTest::newRow("empty line before the request")
        << "\r\n" + host("GET / HTTP/1.1") << false << QByteArrayList {"GET / HTTP/1.1 path=/ keep-alive\nHost: h\n\n"}
        << false;
    QTest::newRow("request after Connection close is not parsed")
        << host("GET /first HTTP/1.1", "Connection: close\r\n") + host("GET /second HTTP/1.1") << false
        << QByteArrayList {"GET /first HTTP/1.1 path=/first close\nHost: h\nConnection: close\n\n"} << true;
    QTest::newRow("garbage after Connection close is not parsed")
        << host("GET / HTTP/1.1", "Connection: close\r\n") + "\x01garbage\r\n\r\n"
        << false << QByteArrayList {"GET / HTTP/1.1 path=/ close\nHost: h\nConnection: close\n\n"} << true;
    QTest::newRow("request after HTTP/1.0 is not parsed")
        << QByteArray("GET /first HTTP/1.0\r\n\r\nGET /second HTTP/1.0\r\n\r\n") << false
        << QByteArrayList {"GET /first HTTP/1.0 path=/first close\n\n"} << true;
    // 16 + 9 + 3 + 996 bytes: exactly the small limit; the CRLF CRLF that ends the section is not counted,
    // however the reads cut it.
    QTest::newRow("header section at the limit")
        << host("GET / HTTP/1.1", "X: " + QByteArray(996, 'v') + "\r\n") << false
        << QByteArrayList {"GET / HTTP/1.1 path=/ keep-alive\nHost: h\nX: " + QByteArray(996, 'v') + "\n\n"} << false;
    const QByteArray big(60 * 1024, 'v');
    QTest::newRow("60 KiB header section with default limits")
        << host("GET / HTTP/1.1", "X-Big: " + big + "\r\n") << true
        << QByteArrayList {"GET / HTTP/1.1 path=/ keep-alive\nHost: h\nX-Big: " + big + "\n\n"} << false;
}

void TestRequestReader::requests()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, defaultLimits);
    QFETCH(QByteArrayList, expected);
    QFETCH(bool, closes);

    const Outcome o = feedEveryWay(input, limitsFor(defaultLimits));
    if (QTest::currentTestFailed()) {
        return;
    }
    QVERIFY(o.accepted);
    QCOMPARE(o.status, 0);
    QCOMPARE(o.requests, expected);
    QCOMPARE(o.events, QByteArrayList(expected.size(), "request"));
    QCOMPARE(o.state, closes ? RequestReader::State::Finished : RequestReader::State::Idle);
}

void TestRequestReader::expectContinue_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("defaultLimits");
    QTest::addColumn<QByteArrayList>("events");
    QTest::addColumn<int>("status");

    const QByteArray post = "POST /hook HTTP/1.1";
    QTest::newRow("100-continue with a body") << host(post, "Expect: 100-continue\r\nContent-Length: 5\r\n") + "hello"
                                              << false << QByteArrayList {"100-continue", "request"} << 0;
    QTest::newRow("100-continue before the body arrived")
        << host(post, "Expect: 100-continue\r\nContent-Length: 5\r\n") << false << QByteArrayList {"100-continue"} << 0;
    QTest::newRow("100-continue with a chunked body")
        << host(post, "Expect: 100-continue\r\nTransfer-Encoding: chunked\r\n") + "2\r\nhi\r\n0\r\n\r\n"
        << false << QByteArrayList {"100-continue", "request"} << 0;
    QTest::newRow("100-continue in mixed case") << host(post, "Expect: 100-Continue\r\nContent-Length: 2\r\n") + "hi"
                                                << false << QByteArrayList {"100-continue", "request"} << 0;
    QTest::newRow("100-continue on two pipelined requests")
        << host(post, "Expect: 100-continue\r\nContent-Length: 1\r\n") + "a"
            + host(post, "Expect: 100-continue\r\nContent-Length: 1\r\n") + "b"
        << false << QByteArrayList {"100-continue", "request", "100-continue", "request"} << 0;
    QTest::newRow("100-continue on a custom method")
        << host("FOO /hook HTTP/1.1", "Expect: 100-continue\r\nContent-Length: 5\r\n") + "hello" << false
        << QByteArrayList {"100-continue", "request"} << 0;
    QTest::newRow("100-continue on a custom method with a chunked body")
        << host("FOO /hook HTTP/1.1", "Expect: 100-continue\r\nTransfer-Encoding: chunked\r\n") + "2\r\nhi\r\n0\r\n\r\n"
        << false << QByteArrayList {"100-continue", "request"} << 0;
    QTest::newRow("100-continue with Content-Length 0")
        << host(post, "Expect: 100-continue\r\nContent-Length: 0\r\n") << false << QByteArrayList {"request"} << 0;
    QTest::newRow("100-continue without a body")
        << host("GET / HTTP/1.1", "Expect: 100-continue\r\n") << false << QByteArrayList {"request"} << 0;
    QTest::newRow("100-continue on HTTP/1.0 is ignored")
        << QByteArray("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nhi") << false
        << QByteArrayList {"request"} << 0;
    QTest::newRow("other expectation") << host(post, "Expect: something-else\r\nContent-Length: 2\r\n") + "hi" << false
                                       << QByteArrayList() << 417;
    QTest::newRow("100-continue with a body over the limit")
        << host(post, "Expect: 100-continue\r\nContent-Length: 65\r\n") << false << QByteArrayList() << 413;
    QTest::newRow("100-continue with a body over the default limit")
        << host(post, "Expect: 100-continue\r\nContent-Length: 33554433\r\n") << true << QByteArrayList() << 413;
}

void TestRequestReader::expectContinue()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, defaultLimits);
    QFETCH(QByteArrayList, events);
    QFETCH(int, status);

    const Outcome o = feedEveryWay(input, limitsFor(defaultLimits));
    if (QTest::currentTestFailed()) {
        return;
    }
    QCOMPARE(o.events, events);
    QCOMPARE(o.status, status);
    QCOMPARE(o.accepted, status == 0);
}

void TestRequestReader::rejects_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("defaultLimits");
    QTest::addColumn<int>("status");

    const QByteArray post = "POST / HTTP/1.1";
    const QByteArray chunked = "Transfer-Encoding: chunked\r\n";
    const QByteArray smuggled = host("GET /smuggled HTTP/1.1");

    // request line (RFC 9112 3)
    QTest::newRow("garbage request line") << QByteArray("\x01\x02 nonsense\r\n\r\n") << false << 400;
    QTest::newRow("request line without version") << host("GET /") << false << 400;
    QTest::newRow("request line with two spaces after the method") << host("GET  / HTTP/1.1") << false << 400;
    QTest::newRow("request line with two spaces before the version") << host("GET /  HTTP/1.1") << false << 400;
    QTest::newRow("request line with a tab after the method") << host("GET\t/ HTTP/1.1") << false << 400;
    QTest::newRow("request line with a tab before the version") << host("GET /\tHTTP/1.1") << false << 400;
    QTest::newRow("request line with a space after the version") << host("GET / HTTP/1.1 ") << false << 400;
    QTest::newRow("space inside the target") << host("GET /a b HTTP/1.1") << false << 400;
    QTest::newRow("tab inside the target") << host("GET /a\tb HTTP/1.1") << false << 400;
    QTest::newRow("form feed inside the target") << host("GET /a\fb HTTP/1.1") << false << 400;
    QTest::newRow("control character before the target's limit, invalid byte after it")
        << host("GET /\t" + QByteArray(300, 'a') + "\x01 HTTP/1.1") << false << 400;
    // method (RFC 9110 9.1: a token; RFC 9112 3: 501 for one longer than any the server implements)
    QTest::newRow("non-token byte inside the method") << host("FO(O / HTTP/1.1") << false << 400;
    QTest::newRow("NUL inside the method") << host(QByteArray("FO\0O / HTTP/1.1", 15)) << false << 400;
    QTest::newRow("UTF-8 bytes in the method") << host("CAF\xc3\x89 / HTTP/1.1") << false << 400;
    QTest::newRow("custom method followed by a tab") << host("FOO\t/ HTTP/1.1") << false << 400;
    QTest::newRow("custom method followed by CRLF") << host("FOO") << false << 400;
    QTest::newRow("custom method with two spaces after it") << host("FOO  / HTTP/1.1") << false << 400;
    QTest::newRow("custom method without version") << host("FOO /") << false << 400;
    QTest::newRow("custom method over RTSP") << host("FOO / RTSP/1.0") << false << 400;
    QTest::newRow("status line sent as a request") << host("HTTP/1.1 200 OK") << false << 400;
    QTest::newRow("space before the method") << host(" GET / HTTP/1.1") << false << 400;
    QTest::newRow("method over 64 bytes")
        << host(QByteArray(RequestReader::MaxMethodBytes + 1, 'M') + " / HTTP/1.1") << false << 501;
    QTest::newRow("method over 64 bytes that never ends")
        << QByteArray(RequestReader::MaxMethodBytes + 1, 'M') << false << 501;
    QTest::newRow("bare LF line ends") << QByteArray("GET / HTTP/1.1\nHost: h\n\n") << false << 400;

    // field syntax (RFC 9112 5, RFC 9110 5.5)
    QTest::newRow("header without colon") << host("GET / HTTP/1.1", "X-No-Colon\r\n") << false << 400;
    QTest::newRow("header without name") << host("GET / HTTP/1.1", ": value\r\n") << false << 400;
    QTest::newRow("space before colon") << host("GET / HTTP/1.1", "X-Name : value\r\n") << false << 400;
    QTest::newRow("tab before colon") << host("GET / HTTP/1.1", "X-Name\t: value\r\n") << false << 400;
    QTest::newRow("space inside a field name") << host("GET / HTTP/1.1", "X-Na me: value\r\n") << false << 400;
    QTest::newRow("space inside a trailer field name") << host(post, chunked) + "1\r\na\r\n0\r\nX-Na me: value\r\n\r\n"
                                                       << false << 400;
    QTest::newRow("NUL in a field value") << host("GET / HTTP/1.1", QByteArray("X: a\0b\r\n", 8)) << false << 400;
    QTest::newRow("bare CR in a field value") << host("GET / HTTP/1.1", "X: a\rb\r\n") << false << 400;
    QTest::newRow("bare LF in a field value") << host("GET / HTTP/1.1", "X: a\nb\r\n") << false << 400;
    QTest::newRow("space before the first field line") << host("GET / HTTP/1.1\r\n X: a") << false << 400;
    QTest::newRow("obs-fold with a space") << host("GET / HTTP/1.1", "X: a\r\n b\r\n") << false << 400;
    QTest::newRow("obs-fold with a tab") << host("GET / HTTP/1.1", "X: a\r\n\tb\r\n") << false << 400;
    QTest::newRow("obs-fold of blanks only") << host("GET / HTTP/1.1", "X: a\r\n  \r\n") << false << 400;
    QTest::newRow("obs-fold after an empty value") << host("GET / HTTP/1.1", "X:\r\n b\r\n") << false << 400;
    QTest::newRow("obs-fold of blanks after an empty value") << host("GET / HTTP/1.1", "X:\r\n \r\n") << false << 400;
    QTest::newRow("obs-fold in a trailer") << host(post, chunked) + "1\r\na\r\n0\r\nT: a\r\n b\r\n\r\n" << false << 400;

    // Host (RFC 9112 3.2)
    QTest::newRow("two Host fields") << host("GET / HTTP/1.1", "Host: other\r\n") << false << 400;
    QTest::newRow("HTTP/1.1 without Host") << QByteArray("GET / HTTP/1.1\r\n\r\n") << false << 400;

    // framing (RFC 9112 6)
    QTest::newRow("non-numeric Content-Length") << host(post, "Content-Length: ten\r\n") << false << 400;
    QTest::newRow("negative Content-Length") << host(post, "Content-Length: -1\r\n") + "x" << false << 400;
    QTest::newRow("empty Content-Length") << host(post, "Content-Length:\r\n") << false << 400;
    QTest::newRow("conflicting Content-Length")
        << host(post, "Content-Length: 1\r\nContent-Length: 2\r\n") + "ab" << false << 400;
    QTest::newRow("two identical Content-Length")
        << host(post, "Content-Length: 2\r\nContent-Length: 2\r\n") + "ab" << false << 400;
    QTest::newRow("Content-Length list") << host(post, "Content-Length: 2, 2\r\n") + "ab" << false << 400;
    QTest::newRow("Content-Length then chunked")
        << host(post, "Content-Length: 5\r\n" + chunked) + "0\r\n\r\n" + smuggled << false << 400;
    QTest::newRow("chunked then Content-Length")
        << host(post, chunked + "Content-Length: 5\r\n") + "0\r\n\r\n" + smuggled << false << 400;
    QTest::newRow("chunked twice") << host(post, chunked + chunked) + "0\r\n\r\n" << false << 400;
    QTest::newRow("chunked not the final coding") << host(post, "Transfer-Encoding: chunked, gzip\r\n") + "0\r\n\r\n"
                                                  << false << 400;
    QTest::newRow("bad chunk size") << host(post, chunked) + "zz\r\n" << false << 400;
    QTest::newRow("Transfer-Encoding on HTTP/1.0")
        << QByteArray("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n") << false << 400;
    QTest::newRow("empty Transfer-Encoding") << host(post, "Transfer-Encoding:\r\n") + "0\r\n\r\n" << false << 501;
    QTest::newRow("Transfer-Encoding gzip") << host(post, "Transfer-Encoding: gzip\r\n") + "ab" << false << 501;
    QTest::newRow("Transfer-Encoding gzip, chunked") << host(post, "Transfer-Encoding: gzip, chunked\r\n") + "0\r\n\r\n"
                                                     << false << 501;

    // limits; only the header section is fed where the answer must come before any body byte
    QTest::newRow("body over the limit from Content-Length") << host(post, "Content-Length: 65\r\n") << false << 413;
    QTest::newRow("body over the default limit from Content-Length")
        << host(post, "Content-Length: 33554433\r\n") << true << 413;
    QTest::newRow("chunked body growing over the limit")
        << host(post, chunked) + "28\r\n" + QByteArray(40, 'a') + "\r\n28\r\n" + QByteArray(40, 'b') << false << 413;
    QTest::newRow("header section over the limit")
        << host("GET / HTTP/1.1", "X-Big: " + QByteArray(1100, 'a') + "\r\n") << false << 431;
    QTest::newRow("header section one byte over the limit")
        << host("GET / HTTP/1.1", "X: " + QByteArray(997, 'v') + "\r\n") << false << 431;
    QTest::newRow("header section over the limit in many fields")
        << host("GET / HTTP/1.1", QByteArray("X-Field: 0123456789\r\n").repeated(60)) << false << 431;
    QTest::newRow("header section padded with blanks")
        << host("GET / HTTP/1.1", "X-Pad:" + QByteArray(1100, ' ') + "a\r\n") << false << 431;
    QTest::newRow("header section padded with blanks only")
        << host("GET / HTTP/1.1", "X-Pad:" + QByteArray(1100, ' ') + "\r\n") << false << 431;
    QTest::newRow("trailer section over the limit")
        << host(post, chunked) + "1\r\na\r\n0\r\nX-Big: " + QByteArray(1100, 'a') + "\r\n\r\n"
        << false << 431;
    QTest::newRow("header section over the default limit")
        << host("GET / HTTP/1.1", "X-Big: " + QByteArray(64 * 1024, 'a') + "\r\n") << true << 431;
    // A fault llhttp finds after a limit was crossed: the limit, crossed first, decides (as with small reads).
    QTest::newRow("request-target over the limit, then an invalid byte")
        << host("GET /" + QByteArray(300, 'a') + "\x01 HTTP/1.1") << false << 414;
    QTest::newRow("header section over the limit, then an invalid byte")
        << host("GET / HTTP/1.1", "X-Big: " + QByteArray(1100, 'a') + QByteArray("\0\r\n", 3)) << false << 431;
    QTest::newRow("header section over the limit in blanks, then an invalid byte")
        << host("GET / HTTP/1.1", "X-Pad:" + QByteArray(1100, ' ') + QByteArray("\0\r\n", 3)) << false << 431;
    // Blanks llhttp skips without a callback: the second SP decides, not the limit the blanks cross later.
    QTest::newRow("spaces after the method past the header section's limit")
        << host("GET" + QByteArray(1100, ' ') + "/ HTTP/1.1") << false << 400;
    QTest::newRow("spaces after a custom method past the header section's limit")
        << host("FOO" + QByteArray(1100, ' ') + "/ HTTP/1.1") << false << 400;
    QTest::newRow("spaces before the version past the header section's limit")
        << host("GET /" + QByteArray(1100, ' ') + "HTTP/1.1") << false << 400;
    QTest::newRow("request-target over the limit")
        << host("GET /" + QByteArray(256, 'a') + " HTTP/1.1") << false << 414;
    QTest::newRow("request-target over the default limit")
        << host("GET /" + QByteArray(16 * 1024, 'a') + " HTTP/1.1") << true << 414;

    // other versions
    QTest::newRow("HTTP/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") << false << 505;
    QTest::newRow("HTTP/2.0 request line") << host("GET / HTTP/2.0") << false << 505;
    QTest::newRow("HTTP/3.0 request line") << host("GET / HTTP/3.0") << false << 505;
    QTest::newRow("HTTP/9.9 request line") << host("GET / HTTP/9.9") << false << 505;
    QTest::newRow("malformed minor version") << host("GET / HTTP/1.a") << false << 400;
    QTest::newRow("malformed major version") << host("GET / HTTP/a.1") << false << 400;
    QTest::newRow("HTTP/0.9 request line") << host("GET / HTTP/0.9") << false << 505;
    QTest::newRow("HTTP/1.2 request line") << host("GET / HTTP/1.2") << false << 400;
}

void TestRequestReader::rejects()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, defaultLimits);
    QFETCH(int, status);

    const Outcome o = feedEveryWay(input, limitsFor(defaultLimits));
    if (QTest::currentTestFailed()) {
        return;
    }
    QVERIFY(!o.accepted);
    QCOMPARE(o.status, status);
    QCOMPARE(o.state, RequestReader::State::Failed);
    QCOMPARE(o.events, QByteArrayList()); // no request, no 100-continue
}

void TestRequestReader::staysFailedAfterAnError()
{
    RecordingSink sink;
    RequestReader reader(&sink, smallLimits());
    const QByteArray bad = host("GET / HTTP/1.1", "Host: two\r\n");
    QVERIFY(!reader.feed(bad.constData(), bad.size()));
    QCOMPARE(reader.errorStatus(), 400);
    QVERIFY(!reader.errorReason().isEmpty());

    const QByteArray good = host("GET / HTTP/1.1");
    QVERIFY(!reader.feed(good.constData(), good.size()));
    QCOMPARE(reader.errorStatus(), 400);
    QCOMPARE(reader.state(), RequestReader::State::Failed);
    QVERIFY(sink.events().isEmpty());
}

void TestRequestReader::stampsRemoteAndTime()
{
    RecordingSink sink;
    RequestReader reader(&sink);
    reader.setRemote(QStringLiteral("192.0.2.7:4242"));
    const QByteArray input = host("GET /a HTTP/1.1") + host("GET /b HTTP/1.1");
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    QVERIFY(reader.feed(input.constData(), input.size()));
    const qint64 after = QDateTime::currentMSecsSinceEpoch();
    QCOMPARE(sink.requests().size(), 2);
    for (const CapturedRequest& r : sink.requests()) {
        QCOMPARE(r.remote, QStringLiteral("192.0.2.7:4242"));
        QVERIFY(r.receivedAtMs >= before);
        QVERIFY(r.receivedAtMs <= after);
        QVERIFY(!r.body.isNull()); // an empty body, not a missing one
        QVERIFY(r.body.isEmpty());
    }
}

void TestRequestReader::overlongMethodAfterARequest()
{
    // The method limit holds for every request on a kept-alive connection, not only the first.
    const QByteArray input
        = host("GET / HTTP/1.1") + QByteArray(RequestReader::MaxMethodBytes + 1, 'M') + " / HTTP/1.1";
    const Outcome o = feedEveryWay(input, smallLimits());
    if (QTest::currentTestFailed()) {
        return;
    }
    QCOMPARE(o.requests, QByteArrayList {"GET / HTTP/1.1 path=/ keep-alive\nHost: h\n\n"});
    QCOMPARE(o.status, 501);
    QCOMPARE(o.state, RequestReader::State::Failed);
}

void TestRequestReader::methodInProgressIsPartOfTheHeaders()
{
    // Connection times a request's header section from its first byte: a method still arriving counts.
    RecordingSink sink;
    RequestReader reader(&sink, smallLimits());
    QVERIFY(reader.feed("\r\n", 2));
    QCOMPARE(reader.state(), RequestReader::State::Idle);
    QVERIFY(reader.feed("FO", 2));
    QCOMPARE(reader.state(), RequestReader::State::InHeaders);
    const QByteArray rest = host("O / HTTP/1.1");
    QVERIFY(reader.feed(rest.constData(), rest.size()));
    QCOMPARE(reader.state(), RequestReader::State::Idle);
    QCOMPARE(sink.requests().size(), 1);
    QCOMPARE(sink.requests().first().method, QByteArray("FOO"));
}

QTEST_GUILESS_MAIN(TestRequestReader)
#include "TestRequestReader.moc"
