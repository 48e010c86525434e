#include "Connection.h"

#include "Catalog.h"
#include "ClientStream.h"
#include "DriftCheck.h"
#include "EventWriter.h"
#include "HttpAnswer.h"
#include "MonotonicClock.h"
#include "SignatureCheck.h"
#include "SubscriptionCheck.h"

#include <QTimer>

#include <utility>

namespace {
constexpr qsizetype ReadChunk = 64 * 1024;
constexpr qint64 LingerMs = 2000;
// A client that pipelines without reading its answers is not read further until they drain:
// memory per connection stays bounded (one read chunk of requests past these marks at most).
constexpr std::size_t MaxPendingAnswers = 256;
constexpr qint64 MaxPendingOutput = 1024 * 1024;
// Bodies handed to the writer and not yet answered: pipelined 32 MiB bodies would otherwise pile
// up 256 deep (8 GiB) in front of a disk slower than the socket.
constexpr qint64 MaxPendingBodyBytes = 64 * 1024 * 1024;
// Enough of a request's start to name it (method and the start of its target) in a refusal.
constexpr qsizetype HeadBytes = 1024;

// Every connection of a capture thread reads through the same buffer (the reader copies what it
// keeps), so an idle connection costs no read buffer: 1,000 of them would otherwise hold 64 MB.
char* readBuffer()
{
    thread_local QByteArray buffer(ReadChunk, Qt::Uninitialized);
    return buffer.data();
}
} // namespace

Connection::Connection(
    ClientStream* socket, quint64 id, const ServerConfig& config, EventWriter* writer, QObject* parent)
    : QObject(parent)
    , m_socket(socket)
    , m_id(id)
    , m_config(config)
    , m_writer(writer)
    , m_reader(this, config.limits)
    , m_lastActivityMs(MonotonicClock::nowMs())
    , m_remote(socket->peer())
{
    m_socket->setParent(this);
    m_reader.setRemote(m_remote);
    connect(m_socket, &ClientStream::readyRead, this, &Connection::onReadyRead);
    connect(m_socket, &ClientStream::disconnected, this, [this] { emit finished(m_id); });
    connect(m_socket, &ClientStream::drained, this, &Connection::writeReady);
    connect(m_socket, &ClientStream::refused, this,
        [this](int status, const QByteArray& reason) { emit refused(Refusal(status, reason, m_remote)); });
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
        if (n == ClientStream::PeerClosed) {
            peerClosed();
            return;
        }
        if (n == ClientStream::Failed) {
            m_socket->abort();
            return;
        }
        const bool inBody = m_reader.state() == RequestReader::State::InBody;
        const bool startsHere = m_reader.state() == RequestReader::State::Idle;
        const quint64 completedBefore = m_completed;
        if (!m_reader.feed(buffer, n)) {
            // The failing request's start is known only if no other request ended in this read.
            QByteArray head;
            if (m_completed == completedBefore) {
                head = startsHere ? QByteArray(buffer, qMin<qint64>(n, HeadBytes)) : currentHead();
            }
            queueError(m_reader.errorStatus(), m_reader.errorReason(), head);
        } else if (m_reader.state() == RequestReader::State::Finished) {
            m_reading = false;
        } else {
            keepHead(buffer, n, startsHere, m_completed != completedBefore);
        }
        if (inBody) {
            m_bodyBytes += n;
        } else if (m_reader.state() == RequestReader::State::InBody) {
            m_bodyStartMs = now;
            m_bodyBytes = 0;
        }
    }
    m_socket->stopReading();
}

void Connection::keepHead(const char* data, qint64 size, bool startsHere, bool anotherEnded)
{
    const RequestReader::State state = m_reader.state();
    if (state != RequestReader::State::InHeaders && state != RequestReader::State::InBody) {
        m_headKnown = false; // between requests: nothing to keep, so the common case copies nothing
    } else if (anotherEnded) {
        m_headKnown = false; // this request began somewhere in this read, and only the reader knows where
    } else if (startsHere) {
        m_head = QByteArray(data, qMin<qint64>(size, HeadBytes));
        m_headKnown = true;
    } else if (m_headKnown && m_head.size() < HeadBytes) {
        m_head.append(data, qMin<qint64>(size, HeadBytes - m_head.size()));
    }
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
    ++m_completed;
    Slot slot;
    slot.method = request.method; // shared, not copied
    slot.target = request.target;
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
    // What the provider's webhooks should look like: the learned shape of data, the subscription
    // profile and the ledger rule. Like the envelope, read here so that the writer only writes.
    if (m_config.drift && !item.envelope.channel.isEmpty()) {
        const QString drift = m_config.drift->check(item.envelope.channel, item.envelope.action, request.body);
        if (!drift.isEmpty()) {
            item.envelope.problems.append(drift);
        }
    }
    if (m_config.subscriptions && !item.envelope.channel.isEmpty()) {
        item.envelope.problems.append(m_config.subscriptions->check(item.envelope.channel, item.envelope.environment));
    }
    const int planned = slot.scripted.status;
    slot.bodyBytes = request.body.size();
    m_pendingBodyBytes += slot.bodyBytes;
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

void Connection::queueError(int status, const QByteArray& reason, const QByteArray& head)
{
    // A timeout can queue its error again while earlier answers hold it back: one refusal each.
    if (!std::exchange(m_refusedHere, true)) {
        Refusal refusal(status, reason, m_remote);
        refusal.readRequestLine(head);
        emit refused(refusal);
    }
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
    m_pendingBodyBytes -= std::exchange(slot.bodyBytes, 0); // the writer is done with it
    if (status / 100 != 2) {
        slot.bytes = HttpAnswer::error(status, "The event could not be stored: " + HttpAnswer::reasonPhrase(status));
        slot.closeAfter = true;
        Refusal refusal(status, "The history could not be written", m_remote);
        refusal.method = Refusal::printable(slot.method);
        refusal.target = Refusal::printable(slot.target);
        emit refused(refusal);
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

bool Connection::bodyTooSlow(qint64 nowMs) const
{
    // A byte now and then keeps the silence timeout away for ever: after the same time, the body
    // must also have come at a minimum average rate (Apache's mod_reqtimeout does the same).
    const qint64 elapsedMs = nowMs - m_bodyStartMs;
    return m_config.minBodyBytesPerSecond > 0 && elapsedMs > m_config.bodyTimeoutMs
        && m_bodyBytes * 1000 < m_config.minBodyBytesPerSecond * elapsedMs;
}

bool Connection::backlogged() const
{
    return m_slots.size() >= MaxPendingAnswers || m_socket->pendingOutput() > MaxPendingOutput
        || m_pendingBodyBytes > MaxPendingBodyBytes;
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
            queueError(408, "Headers not received in time", currentHead());
        }
        break;
    case RequestReader::State::InBody:
        if (nowMs - m_lastActivityMs > m_config.bodyTimeoutMs) {
            queueError(408, "Body not received in time", currentHead());
        } else if (bodyTooSlow(nowMs)) {
            queueError(408, "Body arriving too slowly", currentHead());
        }
        break;
    default:
        if (!m_socket->isEstablished()) {
            // A TLS handshake is part of getting the first request's headers: the same deadline,
            // so a client that trickles its handshake is not kept for the whole idle timeout.
            if (nowMs - m_lastActivityMs > m_config.headerTimeoutMs) {
                // A client that connected and said nothing is idle, not refused (as over HTTP).
                if (m_socket->isHandshaking()) {
                    emit refused(Refusal(0, "TLS handshake not finished in time", m_remote));
                }
                closeNow();
            }
        } else if (m_slots.empty() && nowMs - m_lastActivityMs > m_config.idleTimeoutMs) {
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
