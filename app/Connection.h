#pragma once

#include "Refusal.h"
#include "RequestReader.h"
#include "ResponseScript.h"
#include "ServerConfig.h"

#include <QObject>

#include <deque>

class EventWriter;
class ClientStream;

/**
 * One client connection on the capture thread: reads requests, hands them to the writer and
 * writes the answers back in request order (pipelining), each 2xx only once its event is committed.
 */
class Connection : public QObject, private RequestSink
{
    Q_OBJECT

public:
    /// Reads and answers over @p socket (plain or TLS), which it takes over.
    Connection(ClientStream* socket, quint64 id, const ServerConfig& config, EventWriter* writer, QObject* parent);
    ~Connection() override;

    quint64 id() const { return m_id; }
    /// The writer's verdict on request @p sequence of this connection.
    void answer(quint64 sequence, qint64 eventId, int status);
    /// Closes the connection if a timeout ran out at @p nowMs (the server's monotonic clock).
    void checkTimeouts(qint64 nowMs);
    /// Stops reading new requests (server shutting down); answers still due are written.
    void stopReading();
    /// Pushes out whatever answers are ready, synchronously (shutdown).
    void flushNow();

signals:
    void finished(quint64 id);
    /// A request was answered with an error (or its storing failed) and is not in the history.
    void refused(const Refusal& refusal);

private:
    struct Slot
    {
        QByteArray bytes;
        bool ready = false;
        bool closeAfter = false;
        bool headOnly = false;
        bool keepAliveHeader = false;
        bool linger = false; ///< an error answer: input may still be arriving
        ScriptedAnswer scripted;
        bool isScripted = false;
        qint64 bodyBytes = 0; ///< held by the writer until the answer
        QByteArray method; ///< to name the request if storing it fails
        QByteArray target;
    };

    void continueRequested() override;
    void requestComplete(CapturedRequest&& request) override;
    void onReadyRead();
    void queueError(int status, const QByteArray& reason, const QByteArray& head);
    void keepHead(const char* data, qint64 size, bool startsHere, bool anotherEnded);
    void writeReady();
    void markReady(quint64 sequence);
    void closeNow();
    void peerClosed();
    bool backlogged() const;
    QByteArray currentHead() const { return m_headKnown ? m_head : QByteArray(); }
    bool bodyTooSlow(qint64 nowMs) const;

    ClientStream* m_socket;
    const quint64 m_id;
    const ServerConfig& m_config;
    EventWriter* m_writer;
    RequestReader m_reader;
    std::deque<Slot> m_slots;
    quint64 m_firstSequence = 0; ///< sequence number of m_slots.front()
    qint64 m_requestStartMs = 0;
    qint64 m_lastActivityMs = 0;
    qint64 m_pendingBodyBytes = 0; ///< bodies submitted to the writer, not answered yet
    qint64 m_bodyStartMs = 0; ///< when the current request's body began to arrive
    qint64 m_bodyBytes = 0; ///< bytes read since (about: the read that finished the headers is not counted)
    QString m_remote;
    // The first bytes of the request in progress, to name it in a refusal; kept only while that
    // request spans reads and its start is known (the reader doesn't say where a request began).
    QByteArray m_head;
    bool m_headKnown = false;
    quint64 m_completed = 0; ///< requests read whole so far
    bool m_refusedHere = false; ///< an error answer is queued (reported once)
    bool m_reading = true;
    bool m_closing = false;
    bool m_peerClosed = false;
    bool m_paused = false; ///< reading stopped until the answers due are written
    qint64 m_closingSinceMs = 0;
};
