#include "EventWriter.h"

#include "EventStore.h"

#include <QDeadlineTimer>

namespace {

// The text index's share of the writer's time. Tokenizing costs ~40 us per event (trigram
// tokenizer, provider webhooks of ~1 KiB), more than everything capture does per event at 36k
// requests/s: indexing inline would halve ingest, so it only runs under light load. Measured:
// neither a small batch nor a wait for one tells light load (under wrk -c32 most batches hold one
// or two events, and indexing with those took keep-alive ingest from 30k to 17k requests/s; on a
// machine busy with other work the writer waits for a starved capture thread). The rate does.

/// Light load: fewer events than this stored in the last second or two. Each batch then also
/// indexes up to LightIndexBytes (~0.5 ms), so a trickle of events is found through the index at
/// once, for at most a few percent of the writer's time.
constexpr int LightRate = 100;
constexpr qint64 LightIndexBytes = 16 * 1024;
/// Idle: nothing arrived for IdleAfterMs, under light load. Indexing then runs in transactions of
/// IdleIndexBytes (~5 ms), the most a request arriving meanwhile waits for before its batch starts.
constexpr int IdleAfterMs = 50;
constexpr qint64 IdleIndexBytes = 128 * 1024;

} // namespace

EventWriter::EventWriter(const QString& dbPath, ResultHandler handler, QObject* parent)
    : QThread(parent)
    , m_dbPath(dbPath)
    , m_handler(std::move(handler))
{
    setObjectName(QStringLiteral("hookscope-writer"));
}

EventWriter::~EventWriter()
{
    stopAndDrain();
}

bool EventWriter::startAndOpen()
{
    start();
    QMutexLocker lock(&m_mutex);
    while (m_openState == 0) {
        m_opened.wait(&m_mutex);
    }
    return m_openState == 1;
}

void EventWriter::submit(IngestItem&& item)
{
    QMutexLocker lock(&m_mutex);
    m_queue.append(std::move(item));
    if (m_queue.size() == 1) {
        m_wake.wakeOne();
    }
}

void EventWriter::stopAndDrain()
{
    {
        QMutexLocker lock(&m_mutex);
        m_stopping = true;
        m_wake.wakeOne();
    }
    wait();
}

void EventWriter::run()
{
    EventStore store;
    const bool ok = store.open(m_dbPath);
    {
        QMutexLocker lock(&m_mutex);
        m_openState = ok ? 1 : -1;
        m_error = store.errorString();
        m_opened.wakeAll();
    }
    if (!ok) {
        return;
    }
    m_clock.start();
    QList<IngestItem> batch;
    bool justIndexed = false;
    for (;;) {
        if (nextBatch(batch, justIndexed)) {
            writeBatch(store, batch);
            batch.clear();
            justIndexed = false;
            continue;
        }
        {
            QMutexLocker lock(&m_mutex);
            if (!m_queue.isEmpty()) {
                continue;
            }
            if (m_stopping) {
                break;
            }
        }
        // Quiet for a moment, but the last second was busy (a pause in a burst, or a capture thread
        // short of CPU): look again after the next moment.
        if (!lightLoad()) {
            justIndexed = false;
            continue;
        }
        // Idle. A failure (the disk full, the window's delete holding the lock) waits for the next
        // batch before the next try instead of retrying in a loop.
        bool complete = false;
        m_textBehind = store.catchUpTextIndex(IdleIndexBytes, &complete) && !complete;
        justIndexed = true;
    }
}

bool EventWriter::nextBatch(QList<IngestItem>& batch, bool justIndexed)
{
    QMutexLocker lock(&m_mutex);
    // Right after idle work, only a look at the queue: indexing goes on while nothing arrives.
    const QDeadlineTimer idle = !m_textBehind ? QDeadlineTimer(QDeadlineTimer::Forever)
        : justIndexed                         ? QDeadlineTimer(0)
                                              : QDeadlineTimer(IdleAfterMs);
    while (m_queue.isEmpty() && !m_stopping) {
        if (!m_wake.wait(&m_mutex, idle)) {
            break;
        }
    }
    if (m_queue.isEmpty()) {
        return false;
    }
    batch.swap(m_queue);
    return true;
}

bool EventWriter::lightLoad()
{
    const qint64 now = m_clock.elapsed();
    if (now - m_secondStartMs >= 2000) {
        m_eventsLastSecond = 0;
        m_eventsThisSecond = 0;
        m_secondStartMs = now;
    } else if (now - m_secondStartMs >= 1000) {
        m_eventsLastSecond = m_eventsThisSecond;
        m_eventsThisSecond = 0;
        m_secondStartMs += 1000;
    }
    return m_eventsLastSecond + m_eventsThisSecond < LightRate;
}

void EventWriter::writeBatch(EventStore& store, QList<IngestItem>& batch)
{
    IngestResults results;
    results.reserve(batch.size());
    QList<qint64> ids;
    ids.reserve(batch.size());
    bool ok = store.begin();
    for (IngestItem& item : batch) {
        StoredEvent event = StoredEvent::fromCapture(std::move(item.request), item.envelope, item.responseStatus);
        ok = ok && store.insert(event);
        results.append({item.connectionId, item.sequence, event.id, 200});
        ids.append(event.id);
    }
    m_textBehind = true;
    const bool light = lightLoad();
    m_eventsThisSecond += int(batch.size());
    bool complete = false;
    // Under light load the same commit indexes a little; a failure there leaves the batch as it
    // was (indexText uses a savepoint) and is retried when the writer is idle.
    if (ok && light && store.indexText(LightIndexBytes, false, &complete)) {
        m_textBehind = !complete;
    }
    ok = ok && store.commit();
    if (!ok) {
        // Nothing of this batch is on disk: no one gets a 2xx for it.
        store.rollback();
        for (IngestResult& result : results) {
            result.eventId = 0;
            result.status = 503;
        }
        emit storeFailed(store.errorString());
    }
    m_handler(std::move(results));
    if (ok) {
        emit eventsStored(ids);
    }
}
