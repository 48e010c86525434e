// libFuzzer target for RequestReader: llhttp with our limits, Expect handling and request assembly.
//
// An input is one connection's byte stream, with a few bytes in front that say how it arrives:
//   byte 0:        bits 0-1 choose the limits (see limitsFor), bits 2-7 are n, the number of read sizes
//   bytes 1..n:    read sizes, each byte + 1 (1..256); the stream is cut into reads of these sizes in turn
//                  (n = 0: the whole stream in one read)
//   the rest:      the bytes the client sent
// The stream is fed as Connection feeds it: read after read until the reader fails or finishes. Then
// the same stream is fed again in one read, and both runs must come to the same requests and status.
// Every check that fails prints what broke and aborts, which libFuzzer reports as a crash.

#include "RequestReader.h"

#include <QByteArrayList>

#include <cstdio>
#include <cstdlib>

namespace {

const QString Remote = QStringLiteral("192.0.2.1:4242");

[[noreturn]] void broken(const char* what, const QByteArray& detail = {})
{
    std::fprintf(stderr, "invariant broken: %s\n%s\n", what, detail.constData());
    std::abort();
}

void check(bool holds, const char* what, const QByteArray& detail = {})
{
    if (!holds) {
        broken(what, detail);
    }
}

ReaderLimits limitsFor(unsigned char choice)
{
    ReaderLimits limits;
    switch (choice & 3) {
    case 1: // as in TestRequestReader
        limits.maxBodyBytes = 64;
        limits.maxHeaderBytes = 1024;
        limits.maxTargetBytes = 256;
        break;
    case 2: // small enough that most inputs reach a limit
        limits.maxBodyBytes = 8;
        limits.maxHeaderBytes = 96;
        limits.maxTargetBytes = 16;
        break;
    case 3:
        limits.maxBodyBytes = 0;
        limits.maxHeaderBytes = 4096;
        limits.maxTargetBytes = 1024;
        break;
    default: // the defaults Hookscope serves with
        break;
    }
    return limits;
}

bool isTokenChar(char c)
{
    // RFC 9110 5.6.2: tchar
    static const QByteArray specials = "!#$%&'*+-.^_`|~";
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || specials.contains(c);
}

bool isToken(const QByteArray& bytes)
{
    if (bytes.isEmpty()) {
        return false;
    }
    for (const char c : bytes) {
        if (!isTokenChar(c)) {
            return false;
        }
    }
    return true;
}

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

int fieldCount(const CapturedRequest& r, const char* name)
{
    int count = 0;
    for (const HttpHeader& h : r.headers) {
        count += h.name.compare(name, Qt::CaseInsensitive) == 0 ? 1 : 0;
    }
    return count;
}

QByteArray describe(const CapturedRequest& r)
{
    QByteArray out = r.method + ' ' + r.target + ' ' + r.httpVersion + (r.keepAlive ? " keep-alive\n" : " close\n");
    for (const HttpHeader& h : r.headers) {
        out += h.name + ": " + h.value + '\n';
    }
    return out + '\n' + r.body.toHex();
}

/// What a completed request must look like, whatever bytes made it.
void checkRequest(const CapturedRequest& r, const ReaderLimits& limits)
{
    const QByteArray d = describe(r);
    check(isToken(r.method), "method is not a token", d);
    check(r.method.size() <= RequestReader::MaxMethodBytes, "method over its limit", d);
    check(!r.target.isEmpty(), "empty request-target", d);
    check(r.target.size() <= limits.maxTargetBytes, "request-target over the limit", d);
    for (const char c : r.target) {
        check(static_cast<unsigned char>(c) > 0x20 && c != 0x7f, "control byte or space in the target", d);
    }
    check(r.httpVersion == "HTTP/1.1" || r.httpVersion == "HTTP/1.0", "version other than 1.0 or 1.1", d);
    for (const HttpHeader& h : r.headers) {
        check(isToken(h.name), "field name is not a token", d);
        check(!h.value.isNull(), "null field value", d);
        check(!h.value.contains('\r') && !h.value.contains('\n') && !h.value.contains('\0'),
            "CR, LF or NUL in a field value", d);
        check(h.value.isEmpty() || (!isBlank(h.value.front()) && !isBlank(h.value.back())),
            "blank around a field value", d);
    }
    if (r.httpVersion == "HTTP/1.1") {
        check(fieldCount(r, "host") >= 1, "HTTP/1.1 request without Host", d);
    }
    check(!r.body.isNull(), "null body", d);
    check(r.body.size() <= limits.maxBodyBytes, "body over the limit", d);
    if (r.method == "CONNECT") {
        // What follows a CONNECT's header section is tunnel data, never its body (RFC 9110 9.3.6),
        // whatever Content-Length it claims; the connection closes after its answer.
        check(r.body.isEmpty() && !r.keepAlive, "CONNECT with a body or kept alive", d);
    } else if (fieldCount(r, "transfer-encoding") == 0) {
        // Without chunked framing, Content-Length alone says how long the body is (RFC 9112 6.3).
        const QByteArray length = r.header("content-length");
        const qint64 expected = length.isNull() ? 0 : length.toLongLong();
        check(r.body.size() == expected, "body size differs from Content-Length", d);
    } else {
        // Only chunked is implemented (RFC 9112 6.1): anything else must have been refused with 501. The
        // first Transfer-Encoding is in the header section (trailers come only after a chunked body); the
        // trailer section may hold any field.
        for (const QByteArray& coding : r.header("transfer-encoding").split(',')) {
            check(coding.trimmed().compare("chunked", Qt::CaseInsensitive) == 0, "coding other than chunked", d);
        }
    }
    check(r.remote == Remote, "remote not stamped", d);
    check(r.receivedAtMs > 0, "time not stamped", d);
}

/// Records what the reader reports and checks each report as it comes.
class CheckingSink : public RequestSink
{
public:
    explicit CheckingSink(const ReaderLimits& limits)
        : m_limits(limits)
    {
    }

    void continueRequested() override
    {
        check(!m_ended, "100-continue after the connection's last request");
        check(m_events.isEmpty() || m_events.last() != "100-continue", "two 100-continue for one request");
        m_events.append("100-continue");
    }

    void requestComplete(CapturedRequest&& request) override
    {
        check(!m_ended, "request after the connection's last request");
        checkRequest(request, m_limits);
        if (!m_events.isEmpty() && m_events.last() == "100-continue") {
            // Only a request that asked for it gets one: HTTP/1.1, Expect: 100-continue, a body to come.
            check(request.httpVersion == "HTTP/1.1"
                    && request.header("expect").trimmed().compare("100-continue", Qt::CaseInsensitive) == 0,
                "100-continue for a request that didn't ask", describe(request));
        }
        m_ended = !request.keepAlive;
        m_events.append(describe(request));
    }

    const QByteArrayList& events() const { return m_events; }
    bool ended() const { return m_ended; }

private:
    ReaderLimits m_limits;
    QByteArrayList m_events;
    bool m_ended = false;
};

struct Outcome
{
    QByteArrayList events;
    int status = 0;
    RequestReader::State state = RequestReader::State::Idle;

    QByteArray summary() const
    {
        return "status=" + QByteArray::number(status) + " state=" + QByteArray::number(static_cast<int>(state)) + "\n"
            + events.join("\n----\n");
    }
};

bool isStatusWeSend(int status)
{
    switch (status) {
    case 400: // malformed
    case 413: // body over the limit
    case 414: // target over the limit
    case 417: // an expectation other than 100-continue
    case 431: // header section over the limit
    case 501: // a transfer coding other than chunked, a method over 64 bytes
    case 505: // not HTTP/1.x
        return true;
    default:
        return false;
    }
}

/// Feeds @p stream in reads of @p sizes (in turn; empty: one read) as Connection does, and checks the reader.
Outcome run(const QByteArray& stream, const QByteArray& sizes, const ReaderLimits& limits)
{
    CheckingSink sink(limits);
    RequestReader reader(&sink, limits);
    reader.setRemote(Remote);
    qsizetype from = 0;
    qsizetype turn = 0;
    bool ok = true;
    // Connection's loop: read, feed, stop once the reader failed or the connection is to close.
    while (from < stream.size()) {
        const qsizetype size = sizes.isEmpty()
            ? stream.size()
            : qMin(stream.size() - from,
                static_cast<qsizetype>(static_cast<unsigned char>(sizes.at(turn++ % sizes.size()))) + 1);
        // A copy of exactly this read, so that ASan sees any access beyond it.
        const QByteArray read = stream.mid(from, size);
        from += size;
        ok = reader.feed(read.constData(), read.size());
        if (!ok || reader.state() == RequestReader::State::Finished) {
            break;
        }
    }

    const RequestReader::State state = reader.state();
    check(ok == (state != RequestReader::State::Failed), "feed() result disagrees with the state");
    check(sink.ended() == (state == RequestReader::State::Finished),
        "Finished state disagrees with the last request's keep-alive");
    if (state == RequestReader::State::Failed) {
        check(
            isStatusWeSend(reader.errorStatus()), "unexpected error status", QByteArray::number(reader.errorStatus()));
        check(!reader.errorReason().isEmpty(), "error without a reason");
    } else {
        check(reader.errorStatus() == 0, "error status without a failure", QByteArray::number(reader.errorStatus()));
    }

    Outcome outcome;
    outcome.events = sink.events();
    outcome.status = reader.errorStatus();
    outcome.state = state;

    // Whatever comes after a failure or the last request is ignored: no event, no change.
    const QByteArray rest = stream.mid(from) + QByteArray("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
    if (state == RequestReader::State::Failed || state == RequestReader::State::Finished) {
        check(reader.feed(rest.constData(), rest.size()) == ok, "feed() after the end changed its answer");
        check(reader.state() == state && reader.errorStatus() == outcome.status, "feed() after the end changed state");
        check(sink.events() == outcome.events, "feed() after the end produced an event");
    }
    return outcome;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, size_t size)
{
    if (size < 1) {
        return 0;
    }
    const unsigned char options = data[0];
    const size_t readSizes = options >> 2;
    if (size < 1 + readSizes) {
        return 0;
    }
    const ReaderLimits limits = limitsFor(options);
    const QByteArray sizes(reinterpret_cast<const char*>(data + 1), static_cast<qsizetype>(readSizes));
    const QByteArray stream(
        reinterpret_cast<const char*>(data + 1 + readSizes), static_cast<qsizetype>(size - 1 - readSizes));

    const Outcome split = run(stream, sizes, limits);
    if (!sizes.isEmpty()) {
        // The reader keeps positions in the stream so that its verdict doesn't depend on how the bytes
        // were split into reads: the same stream in one read must come to the same.
        const Outcome whole = run(stream, {}, limits);
        check(split.summary() == whole.summary(), "split reads and one read disagree",
            "split:\n" + split.summary() + "\n\nwhole:\n" + whole.summary());
    }
    return 0;
}
