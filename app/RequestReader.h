#pragma once

#include "CapturedRequest.h"

#include <llhttp.h>

/// Receives what a RequestReader finds in the byte stream, in stream order.
class RequestSink
{
public:
    virtual ~RequestSink() = default;
    /// The request's headers asked for "Expect: 100-continue" and its body is still to come.
    virtual void continueRequested() = 0;
    /// A whole request arrived.
    virtual void requestComplete(CapturedRequest&& request) = 0;
};

/// Limits that llhttp leaves to the application.
struct ReaderLimits
{
    qint64 maxBodyBytes = 32 * 1024 * 1024;
    qint64 maxHeaderBytes = 64 * 1024;
    qint64 maxTargetBytes = 16 * 1024;
};

/**
 * @brief Turns the bytes of one connection into requests, with llhttp doing the HTTP/1.1 grammar.
 *
 * llhttp runs with its strict defaults (no lenient flags). This class adds what llhttp leaves to
 * its user: size limits, Expect, Host rules, transfer-coding support, and the status to answer
 * when the stream is broken. It also refuses what strict llhttp 8 still lets through: more than one
 * SP in the request line, a missing HTTP version, obs-fold, an empty field name and whitespace
 * before a field's colon (RFC 9112 3, 5.1, 5.2). After an error, or after a request that ends the
 * connection, further bytes are ignored.
 *
 * llhttp 8 parses only the methods it has a name for. RFC 9110 9.1 makes any token a method, and a
 * capture tool must take them all, so the reader reads each request's method itself before llhttp
 * sees it, and hands llhttp a stand-in for a method it doesn't know (see readMethod()).
 */
class RequestReader
{
public:
    enum class State {
        Idle, ///< between requests
        InHeaders, ///< a request began and its header section is not complete
        InBody, ///< headers done, body (or chunked trailers) still arriving
        Finished, ///< the connection is to close after the answers already due
        Failed ///< the stream is broken: answer errorStatus() and close
    };

    /// Longer methods get 501 (RFC 9112 3: "a method longer than any that it implements").
    static constexpr qsizetype MaxMethodBytes = 64;

    RequestReader(RequestSink* sink, const ReaderLimits& limits = {});
    ~RequestReader();
    RequestReader(const RequestReader&) = delete;
    RequestReader& operator=(const RequestReader&) = delete;

    void setRemote(const QString& remote) { m_remote = remote; }

    /// Parses @p size bytes; returns false once the stream is broken (see errorStatus()).
    bool feed(const char* data, qsizetype size);

    State state() const { return m_state; }
    int errorStatus() const { return m_errorStatus; }
    QByteArray errorReason() const { return m_errorReason; }

private:
    static const llhttp_settings_t& settings();
    static RequestReader* self(llhttp_t* parser);
    static int onMessageBegin(llhttp_t* parser);
    static int onMethod(llhttp_t* parser, const char* at, size_t length);
    static int onUrl(llhttp_t* parser, const char* at, size_t length);
    static int onVersion(llhttp_t* parser, const char* at, size_t length);
    static int onHeaderField(llhttp_t* parser, const char* at, size_t length);
    static int onHeaderFieldComplete(llhttp_t* parser);
    static int onHeaderValue(llhttp_t* parser, const char* at, size_t length);
    static int onHeaderValueComplete(llhttp_t* parser);
    static int onHeadersComplete(llhttp_t* parser);
    static int onChunkHeader(llhttp_t* parser);
    static int onBody(llhttp_t* parser, const char* at, size_t length);
    static int onMessageComplete(llhttp_t* parser);

    /// Gathers the method from @p from on; returns where llhttp is to go on (@p size: the read is used up).
    qsizetype readMethod(const char* data, qsizetype size, qsizetype from);
    void parseMethod();
    /// Runs llhttp over @p size bytes that sit at @p offset in the stream; returns how many it consumed
    /// (fewer when a kept-alive request ended among them).
    qsizetype parse(const char* data, qsizetype size, qint64 offset);
    int fail(int status, const char* reason);
    /// Position in the connection's byte stream of @p at, a pointer into the buffer being fed.
    qint64 position(const char* at) const { return m_feedOffset + (at - m_feedData); }
    qint64 lineBreaksInGap(const char* end) const;
    qint64 lineBreaksBefore(const char* end) const;
    int checkSingleSpaces(const char* end);
    int checkSectionSize(qint64 end);
    int checkHeaders();
    int checkTransferEncoding() const;
    void failFromParser(llhttp_errno_t error);
    bool faultBeforeParserError();

    RequestSink* m_sink;
    ReaderLimits m_limits;
    llhttp_t m_parser;
    State m_state = State::Idle;
    CapturedRequest m_request;
    QString m_remote;
    // Positions in the stream, so that checks hold however the bytes are split into feeds.
    qint64 m_readOffset = 0; ///< position of the read being fed
    qint64 m_feedOffset = 0; ///< position of m_feedData (for a stand-in method: as if it ended where the method did)
    const char* m_feedData = nullptr; ///< the buffer llhttp is running over
    bool m_awaitingMethod = true; ///< at the start of a request: its method is ours to read first
    QByteArray m_method; ///< the method as sent, so far
    qint64 m_methodStart = -1;
    qint64 m_sectionStart = -1; ///< where the header (or trailer) section began, -1 before it
    qint64 m_methodEnd = -1;
    qint64 m_targetEnd = -1; ///< -1 until the request-target began
    bool m_sawVersion = false;
    qint64 m_nameEnd = -1; ///< end of the current field name
    qint64 m_valueEnd = -1; ///< end of the current field value so far, -1 before its first span
    qint64 m_gapLineBreaks = 0; ///< LFs between the name and the value seen in earlier feeds
    qint64 m_breakRun = 0; ///< CR and LF bytes that ended the previous feed
    int m_hostFields = 0;
    bool m_fieldOpen = false;
    bool m_headersDone = false;
    int m_errorStatus = 0;
    QByteArray m_errorReason;
};
