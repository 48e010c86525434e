#include "EventWriter.h"

#include "EventStore.h"

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
    QList<IngestItem> batch;
    for (;;) {
        {
            QMutexLocker lock(&m_mutex);
            while (m_queue.isEmpty() && !m_stopping) {
                m_wake.wait(&m_mutex);
            }
            if (m_queue.isEmpty()) {
                break;
            }
            batch.swap(m_queue);
        }
        writeBatch(store, batch);
        batch.clear();
    }
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
