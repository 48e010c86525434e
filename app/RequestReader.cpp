#include "RequestReader.h"

#include <QByteArrayList>
#include <QDateTime>

#include <algorithm>

namespace {

bool isToken(const QByteArray& value, const char* token)
{
    return value.trimmed().compare(token, Qt::CaseInsensitive) == 0;
}

/// RFC 9110 5.6.2: tchar.
bool isTokenChar(char c)
{
    static const QByteArray specials = "!#$%&'*+-.^_`|~";
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || specials.contains(c);
}

/// RFC 9110 5.6.2: token = 1*tchar.
bool isTokenText(const QByteArray& value)
{
    return std::all_of(value.begin(), value.end(), isTokenChar);
}

/// The methods llhttp 8 parses in an HTTP/1.x request line (its METHODS_HTTP).
bool llhttpKnows(const QByteArray& method)
{
    static const QByteArrayList known = {"DELETE", "GET", "HEAD", "POST", "PUT", "CONNECT", "OPTIONS", "TRACE", "COPY",
        "LOCK", "MKCOL", "MOVE", "PROPFIND", "PROPPATCH", "SEARCH", "UNLOCK", "BIND", "REBIND", "UNBIND", "ACL",
        "REPORT", "MKACTIVITY", "CHECKOUT", "MERGE", "M-SEARCH", "NOTIFY", "SUBSCRIBE", "UNSUBSCRIBE", "PATCH", "PURGE",
        "MKCALENDAR", "LINK", "UNLINK", "PRI", "SOURCE"};
    return known.contains(method);
}

/// What llhttp parses in place of a method it doesn't know. llhttp frames every request's body from its
/// header fields alone, whatever the method, except CONNECT (a tunnel) and PRI (the HTTP/2 preface); PUT
/// has no path of its own either, and unlike GET, POST and OPTIONS it is no RTSP method, so a stand-in
/// never makes "FOO / RTSP/1.0" pass.
constexpr char StandInMethod[] = "PUT";

} // namespace

RequestReader::RequestReader(RequestSink* sink, const ReaderLimits& limits)
    : m_sink(sink)
    , m_limits(limits)
{
    llhttp_init(&m_parser, HTTP_REQUEST, &settings());
    m_parser.data = this;
}

RequestReader::~RequestReader() = default;

const llhttp_settings_t& RequestReader::settings()
{
    static const llhttp_settings_t s = [] {
        llhttp_settings_t init;
        llhttp_settings_init(&init);
        init.on_message_begin = &RequestReader::onMessageBegin;
        init.on_method = &RequestReader::onMethod;
        init.on_url = &RequestReader::onUrl;
        init.on_version = &RequestReader::onVersion;
        init.on_header_field = &RequestReader::onHeaderField;
        init.on_header_field_complete = &RequestReader::onHeaderFieldComplete;
        init.on_header_value = &RequestReader::onHeaderValue;
        init.on_header_value_complete = &RequestReader::onHeaderValueComplete;
        init.on_headers_complete = &RequestReader::onHeadersComplete;
        init.on_chunk_header = &RequestReader::onChunkHeader;
        init.on_body = &RequestReader::onBody;
        init.on_message_complete = &RequestReader::onMessageComplete;
        return init;
    }();
    return s;
}

bool RequestReader::feed(const char* data, qsizetype size)
{
    qsizetype from = 0;
    while (from < size && m_state != State::Failed && m_state != State::Finished) {
        from = m_awaitingMethod ? readMethod(data, size, from)
                                : from + parse(data + from, size - from, m_readOffset + from);
    }
    m_readOffset += size;
    return m_state != State::Failed;
}

qsizetype RequestReader::readMethod(const char* data, qsizetype size, qsizetype from)
{
    // llhttp 8 refuses a method it has no name for, so the method is gathered here (across reads) up to
    // the byte that ends it, and llhttp gets it, or a stand-in, in one piece. The byte that ends it is
    // llhttp's to judge: SP goes on to the target, anything else is refused as before.
    if (m_method.isEmpty()) {
        const char* blank = std::find_if(data + from, data + size, [](char c) { return c != '\r' && c != '\n'; });
        if (blank != data + from) {
            // Line breaks before a request (RFC 9112 2.2): llhttp skips them.
            return from + parse(data + from, blank - (data + from), m_readOffset + from);
        }
        m_methodStart = m_readOffset + from;
    }
    qsizetype end = from;
    for (; end < size && isTokenChar(data[end]); ++end) {
        m_method.append(data[end]);
        m_state = State::InHeaders;
        // The method is part of the header section: whichever limit it crosses first decides.
        if (m_method.size() > m_limits.maxHeaderBytes) {
            fail(431, "Header section too large");
            return size;
        }
        if (m_method.size() > MaxMethodBytes) {
            static_assert(MaxMethodBytes == 64, "the reason below names the limit");
            fail(501, "Method longer than 64 bytes");
            return size;
        }
    }
    if (end < size) {
        m_awaitingMethod = false;
        parseMethod();
    }
    return end;
}

void RequestReader::parseMethod()
{
    if (m_method.isEmpty()) {
        return; // no token at all: llhttp refuses the first byte as before
    }
    const QByteArray parsed = llhttpKnows(m_method) ? m_method : QByteArray(StandInMethod);
    // Placed so that it ends where the method did: the section size and the single-SP check count from there.
    parse(parsed.constData(), parsed.size(), m_methodStart + m_method.size() - parsed.size());
}

qsizetype RequestReader::parse(const char* data, qsizetype size, qint64 offset)
{
    m_feedData = data;
    m_feedOffset = offset;
    const llhttp_errno_t error = llhttp_execute(&m_parser, data, static_cast<size_t>(size));
    const char* end = data + size;
    if (error == HPE_PAUSED && m_state == State::Idle) {
        // onMessageComplete paused a kept-alive connection: the next request's method is ours to read.
        end = llhttp_get_error_pos(&m_parser);
        llhttp_resume(&m_parser);
        m_awaitingMethod = true;
        m_method.clear();
    } else if (error == HPE_OK) {
        // llhttp skips blanks and line breaks without a callback: account here for what it consumed.
        if (m_nameEnd >= 0 && m_valueEnd < 0) {
            m_gapLineBreaks += lineBreaksInGap(end);
        }
        if (checkSingleSpaces(end) != HPE_OK) {
            return size;
        }
        const bool inSection = m_state == State::InHeaders || (m_state == State::InBody && m_sectionStart >= 0);
        if (inSection && checkSectionSize(position(end) - lineBreaksBefore(end)) != HPE_OK) {
            return size;
        }
    }
    const bool broken = error != HPE_OK && error != HPE_PAUSED && error != HPE_PAUSED_UPGRADE;
    if (broken && m_errorStatus == 0) {
        failFromParser(error); // before the offset moves on: it places llhttp's error in the stream
    }
    m_breakRun = lineBreaksBefore(end);
    if (error == HPE_PAUSED_UPGRADE) {
        // Upgrade or CONNECT: the request was delivered; we never switch protocols, so the
        // connection ends with its answer.
        m_state = State::Finished;
    } else if (broken) {
        m_state = State::Failed;
    }
    return end - data;
}

RequestReader* RequestReader::self(llhttp_t* parser)
{
    return static_cast<RequestReader*>(parser->data);
}

int RequestReader::fail(int status, const char* reason)
{
    m_errorStatus = status;
    m_errorReason = reason;
    m_state = State::Failed;
    llhttp_set_error_reason(&m_parser, reason);
    return HPE_USER;
}

bool RequestReader::faultBeforeParserError()
{
    // llhttp hands a target, name or value over only when it ends or a read does, and our checks run
    // then. In one large read, a fault before the byte llhttp refuses (a control character in the target,
    // a limit crossed) would go unseen, while smaller reads would have caught it. So the open span is
    // handed over as a read ending just before that byte would: the first fault in the stream decides,
    // however the stream was split. (_span_pos0/_span_cb0 are llhttp's own record of the open span.)
    const char* errorPos = llhttp_get_error_pos(&m_parser);
    const auto* spanStart = static_cast<const char*>(m_parser._span_pos0);
    if (spanStart != nullptr && errorPos != nullptr && spanStart <= errorPos) {
        using SpanCallback = int (*)(llhttp_t*, const char*, const char*);
        m_parser._span_pos0 = nullptr;
        reinterpret_cast<SpanCallback>(m_parser._span_cb0)(&m_parser, spanStart, errorPos);
        if (m_errorStatus != 0) {
            return true;
        }
    }
    // As at the end of a read (blanks are in no span).
    if (errorPos != nullptr && checkSingleSpaces(errorPos) != HPE_OK) {
        return true;
    }
    const bool inSection = m_state == State::InHeaders || (m_state == State::InBody && m_sectionStart >= 0);
    return errorPos != nullptr && inSection
        && checkSectionSize(position(errorPos) - lineBreaksBefore(errorPos)) != HPE_OK;
}

void RequestReader::failFromParser(llhttp_errno_t error)
{
    const QByteArray parserReason = llhttp_get_error_reason(&m_parser);
    if (faultBeforeParserError()) {
        return;
    }
    m_errorReason = parserReason;
    switch (error) {
    case HPE_PAUSED_H2_UPGRADE:
        m_errorStatus = 505;
        m_errorReason = "HTTP/2 is not supported; send HTTP/1.1";
        break;
    case HPE_INVALID_VERSION:
        // A well-formed version llhttp doesn't know: 505 for another major version (RFC 9110 15.6.6),
        // 400 for a malformed one or an unknown HTTP/1 minor.
        m_errorStatus = m_parser.http_major >= 2 ? 505 : 400;
        break;
    default:
        m_errorStatus = 400;
        break;
    }
}

int RequestReader::checkSingleSpaces(const char* end)
{
    // RFC 9112 3: one SP after the method and one before the version. llhttp skips more without a callback,
    // so onUrl() and onVersion() see them only once the next part begins; a read that ends among them would
    // first be judged on the header section's size. So the byte after each SP is looked at as soon as it
    // arrived: the fault at the second SP decides, however the stream was split.
    const auto isSpaceAt = [this, end](qint64 streamPos) {
        const qint64 i = streamPos - m_feedOffset;
        return i >= 0 && i < end - m_feedData && m_feedData[i] == ' ';
    };
    if (m_methodEnd >= 0 && m_targetEnd < 0 && isSpaceAt(m_methodEnd + 1)) {
        return fail(400, "More than one space after the method");
    }
    if (m_targetEnd >= 0 && !m_sawVersion && isSpaceAt(m_targetEnd + 1)) {
        return fail(400, "More than one space before the HTTP version");
    }
    return HPE_OK;
}

int RequestReader::checkSectionSize(qint64 end)
{
    // RFC 9110 15.5.21 / RFC 6585 5: a header (or trailer) section over the limit gets 431.
    if (m_sectionStart >= 0 && end - m_sectionStart > m_limits.maxHeaderBytes) {
        return fail(431, "Header section too large");
    }
    return HPE_OK;
}

qint64 RequestReader::lineBreaksBefore(const char* end) const
{
    // The CR and LF bytes right before @p end, in this read and in the run that ended the previous one.
    // A section's size doesn't count the line breaks that may end it: whether a read stops inside the
    // final CRLF CRLF or past it must not change the verdict.
    const char* from = end;
    while (from > m_feedData && (from[-1] == '\r' || from[-1] == '\n')) {
        --from;
    }
    return (end - from) + (from == m_feedData ? m_breakRun : 0);
}

qint64 RequestReader::lineBreaksInGap(const char* end) const
{
    // The bytes of this feed between the current field name and @p end.
    const char* from = m_feedData + (qMax(m_nameEnd, m_feedOffset) - m_feedOffset);
    return std::count(from, end, '\n');
}

int RequestReader::onMessageBegin(llhttp_t* parser)
{
    RequestReader* r = self(parser);
    r->m_request = CapturedRequest();
    r->m_sectionStart = -1;
    r->m_methodEnd = -1;
    r->m_targetEnd = -1;
    r->m_sawVersion = false;
    r->m_nameEnd = -1;
    r->m_valueEnd = -1;
    r->m_gapLineBreaks = 0;
    r->m_hostFields = 0;
    r->m_fieldOpen = false;
    r->m_headersDone = false;
    r->m_state = State::InHeaders;
    return HPE_OK;
}

int RequestReader::onMethod(llhttp_t* parser, const char*, size_t)
{
    RequestReader* r = self(parser);
    // llhttp may have parsed a stand-in: the method as sent, and where it was, come from readMethod().
    r->m_request.method = r->m_method;
    r->m_sectionStart = r->m_methodStart;
    r->m_methodEnd = r->m_methodStart + r->m_method.size();
    return r->checkSectionSize(r->m_methodEnd);
}

int RequestReader::onUrl(llhttp_t* parser, const char* at, size_t length)
{
    RequestReader* r = self(parser);
    // RFC 9112 3: request-line = method SP request-target SP HTTP-version, one SP each (llhttp takes several).
    if (r->m_targetEnd < 0 && r->position(at) != r->m_methodEnd + 1) {
        return r->fail(400, "More than one space after the method");
    }
    // RFC 9112 3.2: no control character or blank in a request-target (llhttp lets HTAB and FF through).
    // Whichever comes first in the stream, a control character or the limit, decides the answer.
    const char* control = std::find_if(at, at + length, [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte < 0x21 || byte == 0x7f;
    });
    const qint64 sizeBefore = r->m_request.target.size() + (control - at);
    if (sizeBefore > r->m_limits.maxTargetBytes) {
        return r->fail(414, "Request-target too long");
    }
    if (control != at + length) {
        return r->fail(400, "Control character in the request-target");
    }
    r->m_request.target.append(at, static_cast<qsizetype>(length));
    r->m_targetEnd = r->position(at + length);
    return r->checkSectionSize(r->m_targetEnd);
}

int RequestReader::onVersion(llhttp_t* parser, const char* at, size_t length)
{
    RequestReader* r = self(parser);
    // llhttp hands over the digits after "HTTP/": one SP and "HTTP/" must separate them from the target.
    if (!r->m_sawVersion && r->position(at) != r->m_targetEnd + 6) {
        return r->fail(400, "More than one space before the HTTP version");
    }
    r->m_sawVersion = true;
    return r->checkSectionSize(r->position(at + length));
}

int RequestReader::onHeaderField(llhttp_t* parser, const char* at, size_t length)
{
    RequestReader* r = self(parser);
    // llhttp may deliver one name in several spans when it straddles two reads.
    if (!r->m_fieldOpen) {
        r->m_request.headers.append(HttpHeader());
        r->m_fieldOpen = true;
        r->m_valueEnd = -1;
        r->m_gapLineBreaks = 0;
        if (r->m_sectionStart < 0) {
            r->m_sectionStart = r->position(at); // the first trailer field
        }
    }
    r->m_request.headers.last().name.append(at, static_cast<qsizetype>(length));
    r->m_nameEnd = r->position(at + length);
    return r->checkSectionSize(r->m_nameEnd);
}

int RequestReader::onHeaderFieldComplete(llhttp_t* parser)
{
    RequestReader* r = self(parser);
    if (!r->m_fieldOpen || r->m_request.headers.last().name.isEmpty()) {
        // RFC 9110 5.1: field-name = token, at least one character (llhttp lets ": value" through).
        return r->fail(400, "Header field without a name");
    }
    r->m_fieldOpen = false;
    const QByteArray& name = r->m_request.headers.last().name;
    if (name.endsWith(' ') || name.endsWith('\t')) {
        // RFC 9112 5.1: whitespace between a field name and its colon must be rejected with 400.
        return r->fail(400, "Whitespace between a header field name and its colon");
    }
    if (!isTokenText(name)) {
        // RFC 9110 5.1: field-name = token. llhttp 8 lets a space (or other non-tchar) inside a name through.
        return r->fail(400, "Header field name is not a token");
    }
    if (!r->m_headersDone && isToken(name, "host") && ++r->m_hostFields > 1) {
        // RFC 9112 3.2: a request with more than one Host field must be rejected.
        return r->fail(400, "More than one Host header field");
    }
    return HPE_OK;
}

int RequestReader::onHeaderValue(llhttp_t* parser, const char* at, size_t length)
{
    RequestReader* r = self(parser);
    const qint64 start = r->position(at);
    // RFC 9112 5.2: a server must reject obs-fold (a field line continued on a line that starts with SP or
    // HTAB) with 400. llhttp joins the lines into one value instead; we see it as value spans that are not
    // contiguous, or as a line break between name and value (an empty value's span follows its own CRLF).
    const bool folded = r->m_valueEnd >= 0 ? start != r->m_valueEnd
                                           : r->m_gapLineBreaks + r->lineBreaksInGap(at) > (length == 0 ? 1 : 0);
    if (folded) {
        return r->fail(400, "Obsolete line folding in a header field");
    }
    r->m_request.headers.last().value.append(at, static_cast<qsizetype>(length));
    r->m_valueEnd = start + static_cast<qint64>(length);
    return r->checkSectionSize(r->m_valueEnd);
}

int RequestReader::onHeaderValueComplete(llhttp_t* parser)
{
    RequestReader* r = self(parser);
    r->m_nameEnd = -1;
    r->m_valueEnd = -1;
    HttpHeader& header = r->m_request.headers.last();
    // RFC 9112 5: field-line = field-name ":" OWS field-value OWS. llhttp drops the leading OWS only.
    while (header.value.endsWith(' ') || header.value.endsWith('\t')) {
        header.value.chop(1);
    }
    if (header.value.isNull()) {
        header.value = QByteArray(""); // an empty value, not a missing one
    }
    return HPE_OK;
}

int RequestReader::checkTransferEncoding() const
{
    // Only "chunked" is implemented (RFC 9112 6.1): any other coding gets 501.
    for (const HttpHeader& h : m_request.headers) {
        if (!isToken(h.name, "transfer-encoding")) {
            continue;
        }
        const QList<QByteArray> codings = h.value.split(',');
        for (const QByteArray& coding : codings) {
            if (!isToken(coding, "chunked")) {
                return 501;
            }
        }
    }
    return 0;
}

int RequestReader::checkHeaders()
{
    const bool hasLength = (m_parser.flags & F_CONTENT_LENGTH) != 0;
    const bool hasCoding = (m_parser.flags & F_TRANSFER_ENCODING) != 0;
    if (!m_sawVersion) {
        // llhttp reads "GET /" as an HTTP/0.9 request line; RFC 9112 3 requires the version.
        return fail(400, "Request line without an HTTP version");
    }
    if (m_parser.http_major != 1) {
        return fail(505, "Only HTTP/1.0 and HTTP/1.1 are supported");
    }
    if (m_parser.http_minor >= 1 && m_hostFields == 0) {
        return fail(400, "HTTP/1.1 request without a Host header field");
    }
    if (hasLength && hasCoding) {
        // RFC 9112 6.3: both framings at once is how requests get smuggled; refuse, never guess.
        return fail(400, "Content-Length together with Transfer-Encoding");
    }
    if (m_parser.http_minor == 0 && !m_request.header("transfer-encoding").isNull()) {
        // RFC 9112 6.1: Transfer-Encoding came with HTTP/1.1; in an HTTP/1.0 request the framing is
        // faulty (likely forwarded by something that didn't decode it): 400, as 6.3 says for faulty framing.
        return fail(400, "Transfer-Encoding in an HTTP/1.0 request");
    }
    // Not only when llhttp flagged a coding: it leaves an empty Transfer-Encoding unflagged, and unframed.
    if (checkTransferEncoding() == 501) {
        return fail(501, "Transfer-Encoding other than chunked is not implemented");
    }
    if (hasLength && m_parser.content_length > static_cast<quint64>(m_limits.maxBodyBytes)) {
        return fail(413, "Body larger than the limit");
    }
    const QByteArray expect = m_request.header("expect");
    if (!expect.isNull() && m_parser.http_minor >= 1) {
        if (!isToken(expect, "100-continue")) {
            return fail(417, "Only Expect: 100-continue is understood");
        }
        if (hasCoding || (hasLength && m_parser.content_length > 0)) {
            m_sink->continueRequested();
        }
    }
    return HPE_OK;
}

int RequestReader::onHeadersComplete(llhttp_t* parser)
{
    RequestReader* r = self(parser);
    r->m_headersDone = true;
    r->m_sectionStart = -1; // trailer fields, if any, are a section of their own
    r->m_request.httpVersion
        = "HTTP/" + QByteArray::number(parser->http_major) + '.' + QByteArray::number(parser->http_minor);
    if (r->checkHeaders() != HPE_OK) {
        return -1;
    }
    if ((parser->flags & F_CONTENT_LENGTH) != 0) {
        r->m_request.body.reserve(static_cast<qsizetype>(parser->content_length));
    }
    r->m_state = State::InBody;
    return HPE_OK;
}

int RequestReader::onChunkHeader(llhttp_t* parser)
{
    RequestReader* r = self(parser);
    // A chunked body's size is known only chunk by chunk: stop at the first chunk that overflows.
    if (static_cast<quint64>(r->m_request.body.size()) + parser->content_length
        > static_cast<quint64>(r->m_limits.maxBodyBytes)) {
        return r->fail(413, "Body larger than the limit");
    }
    return HPE_OK;
}

int RequestReader::onBody(llhttp_t* parser, const char* at, size_t length)
{
    self(parser)->m_request.body.append(at, static_cast<qsizetype>(length));
    return HPE_OK;
}

int RequestReader::onMessageComplete(llhttp_t* parser)
{
    RequestReader* r = self(parser);
    CapturedRequest& request = r->m_request;
    request.keepAlive = llhttp_should_keep_alive(parser) != 0 && parser->upgrade == 0;
    request.receivedAtMs = QDateTime::currentMSecsSinceEpoch();
    request.remote = r->m_remote;
    if (request.body.isNull()) {
        request.body = QByteArray("");
    }
    const bool keepAlive = request.keepAlive;
    r->m_hostFields = 0;
    r->m_state = keepAlive ? State::Idle : State::Finished;
    r->m_sink->requestComplete(std::move(request));
    r->m_request = CapturedRequest();
    // Either way llhttp stops here: bytes after a request that closes the connection are not ours to read,
    // and on a kept-alive one the next method is read by readMethod() first.
    return HPE_PAUSED;
}
