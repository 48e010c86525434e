#include "Connection.h"

#include "Catalog.h"
#include "ClientSocket.h"
#include "EventWriter.h"
#include "HttpAnswer.h"
#include "MonotonicClock.h"
#include "SignatureCheck.h"

#include <QTimer>

namespace {
constexpr qsizetype ReadChunk = 64 * 1024;
constexpr qint64 LingerMs = 2000;
// A client that pipelines without reading its answers is not read further until they drain:
// memory per connection stays bounded (one read chunk of requests past these marks at most).
constexpr std::size_t MaxPendingAnswers = 256;
constexpr qint64 MaxPendingOutput = 1024 * 1024;

// Every connection of a capture thread reads through the same buffer (the reader copies what it
// keeps), so an idle connection costs no read buffer: 1,000 of them would otherwise hold 64 MB.
char* readBuffer()
{
    thread_local QByteArray buffer(ReadChunk, Qt::Uninitialized);
    return buffer.data();
}
} // namespace

Connection::Connection(
    qintptr socketDescriptor, quint64 id, const ServerConfig& config, EventWriter* writer, QObject* parent)
    : QObject(parent)
    , m_socket(new ClientSocket(socketDescriptor, this))
    , m_id(id)
    , m_config(config)
    , m_writer(writer)
    , m_reader(this, config.limits)
    , m_lastActivityMs(MonotonicClock::nowMs())
{
    m_reader.setRemote(m_socket->peer());
    connect(m_socket, &ClientSocket::readyRead, this, &Connection::onReadyRead);
    connect(m_socket, &ClientSocket::disconnected, this, [this] { emit finished(m_id); });
    connect(m_socket, &ClientSocket::drained, this, &Connection::writeReady);
}

Connection::~Connection() = default;

void Connection::onReadyRead()
{
    const qint64 now = MonotonicClock::nowMs();
    m_lastActivityMs = now;
    while (m_reading) {
        if (backlogged()) {
            m_paused = true;
            m_socket->stopReading();
            return;
        }
        if (m_reader.state() == RequestReader::State::Idle) {
            m_requestStartMs = now;
        }
        char* buffer = readBuffer();
        const qint64 n = m_socket->read(buffer, ReadChunk);
        if (n == 0) {
            return;
        }
        if (n == ClientSocket::PeerClosed) {
            peerClosed();
            return;
        }
        if (n == ClientSocket::Failed) {
            m_socket->abort();
            return;
        }
        if (!m_reader.feed(buffer, n)) {
            queueError(m_reader.errorStatus(), m_reader.errorReason());
        } else if (m_reader.state() == RequestReader::State::Finished) {
            m_reading = false;
        }
    }
    m_socket->stopReading();
}

void Connection::peerClosed()
{
    // The client finished sending. A request cut short is dropped (never stored); answers to
    // complete requests are still written, since a half-closed client can read them.
    m_reading = false;
    m_peerClosed = true;
    m_socket->stopReading();
    if (m_slots.empty()) {
        m_socket->abort();
    }
}

void Connection::continueRequested()
{
    Slot slot;
    slot.bytes = HttpAnswer::continueLine();
    slot.ready = true;
    m_slots.push_back(std::move(slot));
    writeReady();
}

void Connection::requestComplete(CapturedRequest&& request)
{
    Slot slot;
    slot.closeAfter = !request.keepAlive;
    slot.headOnly = request.method == "HEAD";
    slot.keepAliveHeader = request.keepAlive && request.httpVersion == "HTTP/1.0";
    if (m_config.script) {
        slot.scripted = m_config.script->decide(request.path());
        slot.isScripted = true;
    }
    IngestItem item;
    item.envelope = Envelope::parse(request.method, request.header("content-type"), request.body, Catalog::builtIn());
    if (m_config.signatures) {
        const SignatureCheck::Verdict verdict = m_config.signatures->verify(request, request.receivedAtMs);
        if (!verdict.problem.isEmpty()) {
            // Stored all the same: an unverified webhook is what the user needs to see.
            item.envelope.problems.append(QStringLiteral("unverified: ") + verdict.problem);
        }
        if (verdict.failStatus != 0) {
            slot.scripted = ScriptedAnswer {};
            slot.scripted.status = verdict.failStatus;
            slot.isScripted = true;
        }
    }
    const int planned = slot.scripted.status;
    m_slots.push_back(std::move(slot));
    // A pipelined request can begin in the read that ends this one, where onReadyRead() didn't see
    // the reader idle: start its header clock here, at this read, not when this request began.
    m_requestStartMs = m_lastActivityMs;
    item.request = std::move(request);
    item.connectionId = m_id;
    item.sequence = m_firstSequence + m_slots.size() - 1;
    item.responseStatus = planned;
    m_writer->submit(std::move(item));
}

void Connection::queueError(int status, const QByteArray& reason)
{
    m_reading = false;
    Slot slot;
    slot.bytes = HttpAnswer::error(status, reason);
    slot.ready = true;
    slot.closeAfter = true;
    slot.linger = !m_peerClosed;
    m_slots.push_back(std::move(slot));
    writeReady();
}

void Connection::answer(quint64 sequence, qint64 eventId, int status)
{
    if (sequence < m_firstSequence || sequence - m_firstSequence >= m_slots.size()) {
        return;
    }
    Slot& slot = m_slots[sequence - m_firstSequence];
    if (status / 100 != 2) {
        slot.bytes = HttpAnswer::error(status, "The event could not be stored: " + HttpAnswer::reasonPhrase(status));
        slot.closeAfter = true;
    } else if (slot.isScripted) {
        slot.bytes = HttpAnswer::scripted(slot.scripted, eventId, slot.closeAfter, slot.keepAliveHeader, slot.headOnly);
        if (slot.scripted.delayMs > 0) {
            // Stored already; only the answer waits. Later answers wait behind it (request order).
            QTimer::singleShot(slot.scripted.delayMs, this, [this, sequence] { markReady(sequence); });
            return;
        }
    } else {
        slot.bytes = HttpAnswer::stored(eventId, slot.closeAfter, slot.keepAliveHeader, slot.headOnly);
    }
    slot.ready = true;
    writeReady();
}

void Connection::markReady(quint64 sequence)
{
    if (sequence < m_firstSequence || sequence - m_firstSequence >= m_slots.size()) {
        return;
    }
    m_slots[sequence - m_firstSequence].ready = true;
    writeReady();
}

void Connection::writeReady()
{
    // Answers leave in request order: a ready answer waits behind an earlier one still being stored.
    while (!m_slots.empty() && m_slots.front().ready && !m_closing) {
        Slot slot = std::move(m_slots.front());
        m_slots.pop_front();
        ++m_firstSequence;
        m_socket->write(slot.bytes);
        if (slot.closeAfter) {
            m_reading = false;
            m_closing = true;
            m_closingSinceMs = MonotonicClock::nowMs();
            m_socket->stopReading();
            m_socket->closeAfterWrite(slot.linger);
            return;
        }
    }
    m_lastActivityMs = MonotonicClock::nowMs();
    if (m_peerClosed && m_slots.empty() && !m_closing) {
        m_socket->abort();
    } else if (m_paused && m_reading && !backlogged()) {
        m_paused = false;
        m_socket->resumeReading();
    }
}

bool Connection::backlogged() const
{
    return m_slots.size() >= MaxPendingAnswers || m_socket->pendingOutput() > MaxPendingOutput;
}

void Connection::checkTimeouts(qint64 nowMs)
{
    if (m_closing) {
        // A lingering close gets a little time to let the client read its answer.
        if (nowMs - m_closingSinceMs > LingerMs) {
            m_socket->abort();
        }
        return;
    }
    switch (m_reader.state()) {
    case RequestReader::State::InHeaders:
        if (nowMs - m_requestStartMs > m_config.headerTimeoutMs) {
            queueError(408, "Headers not received in time");
        }
        break;
    case RequestReader::State::InBody:
        if (nowMs - m_lastActivityMs > m_config.bodyTimeoutMs) {
            queueError(408, "Body not received in time");
        }
        break;
    default:
        if (m_slots.empty() && nowMs - m_lastActivityMs > m_config.idleTimeoutMs) {
            closeNow();
        }
        break;
    }
}

void Connection::stopReading()
{
    m_reading = false;
    m_socket->stopReading();
}

void Connection::flushNow()
{
    writeReady();
}

void Connection::closeNow()
{
    m_closing = true;
    m_reading = false;
    m_socket->abort();
}
